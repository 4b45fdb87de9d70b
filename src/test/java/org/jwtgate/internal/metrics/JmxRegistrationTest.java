package org.jwtgate.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Arrays;
import java.util.logging.Level;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateMetricsMXBean;
import org.jwtgate.testing.LogCapture;

/**
 * The MBean's name, its life in an MBeanServer of the test's own (not the platform's), and that no
 * JMX trouble ever escapes: a taken name gets a suffix, any other failure is a WARN and no MBean.
 */
class JmxRegistrationTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Metrics metrics = new Metrics();
    private final MetricsView view = new MetricsView(metrics, () -> 3);

    @RegisterExtension
    final LogCapture log = new LogCapture();

    /** Another filter's: an MXBean object is registered once per MBeanServer. */
    private static MetricsView anotherView() {
        return new MetricsView(new Metrics(), () -> 0);
    }

    // --- names ---

    @Test
    void name_plainContextAndFilter_unquoted() throws Exception {
        assertEquals("org.jwtgate:type=JwtAuthenticationFilter,context=/app,filter=jwt",
                JmxRegistration.name("/app", "jwt", 1).toString());
    }

    @Test
    void name_rootContext_slash() throws Exception {
        assertEquals("/", JmxRegistration.name("", "jwt", 1).getKeyProperty("context"));
        assertEquals("/", JmxRegistration.name(null, "jwt", 1).getKeyProperty("context"));
    }

    @Test
    void name_filterNameWithReservedCharacters_quotedAndReadBackExactly() throws Exception {
        String awkward = "jwt, \"main\"=*?:\\\nend";
        ObjectName name = JmxRegistration.name("/a,b=c", awkward, 1);
        assertEquals(awkward, ObjectName.unquote(name.getKeyProperty("filter")));
        assertEquals("/a,b=c", ObjectName.unquote(name.getKeyProperty("context")));
        assertFalse(name.isPattern());
    }

    @Test
    void name_secondInstance_instanceKeyAdded() throws Exception {
        assertEquals("org.jwtgate:type=JwtAuthenticationFilter,context=/app,filter=jwt,instance=2",
                JmxRegistration.name("/app", "jwt", 2).toString());
    }

    @Test
    void name_authModule_ownTypeAndContextOnly() throws Exception {
        assertEquals("org.jwtgate:type=JwtAuthModule,context=/app", JmxRegistration.name("/app", null, 1).toString());
        assertEquals("org.jwtgate:type=JwtAuthModule,context=/app,instance=2",
                JmxRegistration.name("/app", null, 2).toString());
    }

    // --- registration ---

    @Test
    void register_freeName_attributesReadableByName() throws Exception {
        metrics.record(AuthenticationResult.rejected(Reason.EXPIRED));
        metrics.recordExcluded();
        JmxRegistration registration = JmxRegistration.register(server, view, "/app", "jwt");
        ObjectName name = registration.name();
        assertEquals(JmxRegistration.name("/app", "jwt", 1), name);
        assertEquals(1L, server.getAttribute(name, "RequestsUnauthorized"));
        assertEquals(1L, server.getAttribute(name, "RequestsExcluded"));
        assertEquals(3L, server.getAttribute(name, "CacheSize"));
        assertEquals("", server.getAttribute(name, "JwksLastFetch"));
        TabularData byReason = (TabularData) server.getAttribute(name, "RequestsRejectedByReason");
        CompositeData expired = byReason.get(new Object[] {"EXPIRED"});
        assertEquals(1L, expired.get("value"));
        assertTrue(log.messages(Level.INFO).isEmpty() && log.messages(Level.WARNING).isEmpty());
    }

    @Test
    void register_everyAttribute_describedAndReadOnly() throws Exception {
        ObjectName name = JmxRegistration.register(server, view, "/app", "jwt").name();
        MBeanAttributeInfo[] attributes = server.getMBeanInfo(name).getAttributes();
        long getters = Arrays.stream(JwtGateMetricsMXBean.class.getMethods()).filter(m -> m.getName().startsWith("get"))
                .count();
        assertEquals(getters, attributes.length);
        for (MBeanAttributeInfo attribute : attributes) {
            assertNotEquals(attribute.getName(), attribute.getDescription(), "no description for " + attribute.getName());
            assertTrue(attribute.isReadable());
            assertFalse(attribute.isWritable(), attribute.getName());
        }
    }

    @Test
    void register_nameTaken_instanceTwoThenThreeAndInfoLogged() throws Exception {
        ObjectName first = JmxRegistration.register(server, view, "/app", "jwt").name();
        ObjectName second = JmxRegistration.register(server, anotherView(), "/app", "jwt").name();
        ObjectName third = JmxRegistration.register(server, anotherView(), "/app", "jwt").name();
        assertEquals(JmxRegistration.name("/app", "jwt", 2), second);
        assertEquals(JmxRegistration.name("/app", "jwt", 3), third);
        assertTrue(server.isRegistered(first) && server.isRegistered(second) && server.isRegistered(third));
        assertEquals(2, log.messages(Level.INFO).size());
    }

    @Test
    void register_twoFiltersInOneContext_distinctNamesWithoutSuffix() throws Exception {
        ObjectName a = JmxRegistration.register(server, view, "/app", "jwt-api").name();
        ObjectName b = JmxRegistration.register(server, anotherView(), "/app", "jwt-admin").name();
        assertNotEquals(a, b);
        assertNull(a.getKeyProperty("instance"));
        assertNull(b.getKeyProperty("instance"));
    }

    @Test
    void close_registered_unregisteredAndNameFreeAgain() throws Exception {
        JmxRegistration registration = JmxRegistration.register(server, view, "/app", "jwt");
        registration.close();
        assertFalse(server.isRegistered(registration.name()));
        assertEquals(registration.name(), JmxRegistration.register(server, anotherView(), "/app", "jwt").name(),
                "a redeploy gets the plain name back");
    }

    @Test
    void register_sameObjectTwice_secondWarnsWithoutTryingFurtherNames() throws Exception {
        JmxRegistration.register(server, view, "/app", "jwt");
        assertNull(JmxRegistration.register(server, view, "/other", "jwt").name());
        assertEquals(1, log.messages(Level.WARNING).size());
        assertEquals(1, server.queryNames(new ObjectName("org.jwtgate:*"), null).size());
    }

    @Test
    void close_alreadyUnregisteredBySomeoneElse_noThrowNoWarn() throws Exception {
        JmxRegistration registration = JmxRegistration.register(server, view, "/app", "jwt");
        server.unregisterMBean(registration.name());
        assertDoesNotThrow(registration::close);
        assertTrue(log.messages(Level.WARNING).isEmpty());
    }

    @Test
    void register_serverRefuses_warnLoggedNoMBeanNoThrow() throws Exception {
        MBeanServer refusing = mock(MBeanServer.class);
        when(refusing.registerMBean(any(), any())).thenThrow(new SecurityException("no MBeanPermission"));
        JmxRegistration registration = JmxRegistration.register(refusing, view, "/app", "jwt");
        assertNull(registration.name());
        assertDoesNotThrow(registration::close);
        assertEquals(1, log.messages(Level.WARNING).size());
    }

    @Test
    void close_serverRefuses_warnLoggedNoThrow() throws Exception {
        MBeanServer refusing = mock(MBeanServer.class);
        doThrow(new SecurityException("no MBeanPermission")).when(refusing).unregisterMBean(any());
        JmxRegistration registration = JmxRegistration.register(refusing, view, "/app", "jwt");
        assertDoesNotThrow(registration::close);
        assertEquals(1, log.messages(Level.WARNING).size());
    }

    @Test
    void close_instanceNotFound_quiet() throws Exception {
        MBeanServer forgetful = mock(MBeanServer.class);
        doThrow(new InstanceNotFoundException()).when(forgetful).unregisterMBean(any());
        assertDoesNotThrow(JmxRegistration.register(forgetful, view, "/app", "jwt")::close);
        assertTrue(log.messages(Level.WARNING).isEmpty());
    }
}
