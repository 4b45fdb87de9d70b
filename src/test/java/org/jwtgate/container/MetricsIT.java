package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * The metrics MBean of a filter deployed from a real web.xml, on every container: requests of each
 * outcome over HTTP, then the attributes read by name from the platform MBeanServer, as jconsole
 * would. The filter comes from the {@code -all} jar in {@code WEB-INF/lib}, so nothing here uses a
 * JwtGate type: names, attribute names and JDK open types only.
 */
class MetricsIT {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    /** The filter name WebXml gives. */
    private static final String FILTER = "jwtgate";

    @RegisterExtension
    static final CellServer server = new CellServer();
    static JwkSetServer idp;
    static JwkSetServer down;

    @BeforeAll
    static void start() {
        idp = JwkSetServer.start().serve(Jwks.set(Jwks.of("a", Keys.rsa().getPublic())));
        down = JwkSetServer.start().respond(exchange -> JwkSetServer.send(exchange, 500, "down"));
    }

    @AfterAll
    static void stop() {
        idp.close();
        down.close();
    }

    private static ObjectName mbean(Deployment app) {
        try {
            return new ObjectName("org.jwtgate:type=JwtAuthenticationFilter,context=" + app.contextPath()
                    + ",filter=" + FILTER);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(Deployment app, String attribute) {
        try {
            return JMX.getAttribute(mbean(app), attribute);
        } catch (JMException e) {
            throw new AssertionError("attribute " + attribute + " of " + mbean(app), e);
        }
    }

    private static long count(Deployment app, String attribute) {
        return ((Number) read(app, attribute)).longValue();
    }

    private static long rejected(Deployment app, String reason) {
        TabularData byReason = (TabularData) read(app, "RequestsRejectedByReason");
        return (Long) byReason.get(new Object[] {reason}).get("value");
    }

    private static Tokens token() {
        return Tokens.hs256(server.secret()).claim("jti", UUID.randomUUID().toString());
    }

    private static void assertStatus(int status, HttpReply reply) {
        assertEquals(status, reply.status(), reply::toString);
    }

    @Test
    void mbean_requestsOfEveryOutcome_countedByStatusReasonAndCache() {
        try (Deployment app = server.deploy(server.hs256("requiredRoles", "admin", "excludePaths", "/public/*"))) {
            String admin = token().roles(List.of("admin")).sign();
            assertStatus(200, app.bearer("/x", admin));
            assertStatus(200, app.bearer("/x", admin));
            assertStatus(403, app.bearer("/x", token().roles(List.of("user")).sign()));
            assertStatus(401, app.get("/x"));
            assertStatus(401, app.bearer("/x", token().roles(List.of("admin")).expiresAt(Tokens.NOW.minusSeconds(3600))
                    .sign()));
            assertStatus(401, app.bearer("/x", Tokens.hs256(Keys.secret(32)).roles(List.of("admin")).sign()));
            assertStatus(400, app.raw("/x", "Authorization: Bearer a.b.c", "Authorization: Bearer d.e.f"));
            assertStatus(200, app.get("/public/page"));

            assertEquals(2, count(app, "RequestsAccepted"));
            assertEquals(1, count(app, "RequestsForbidden"));
            assertEquals(3, count(app, "RequestsUnauthorized"));
            assertEquals(1, count(app, "RequestsBadRequest"));
            assertEquals(5, count(app, "RequestsRejected"));
            assertEquals(0, count(app, "RequestsUnavailable"));
            assertEquals(1, count(app, "RequestsExcluded"));
            assertEquals(0, count(app, "RequestsAnonymous"));
            assertEquals(1, rejected(app, "MISSING_ROLE"));
            assertEquals(1, rejected(app, "NO_TOKEN"));
            assertEquals(1, rejected(app, "EXPIRED"));
            assertEquals(1, rejected(app, "BAD_SIGNATURE"));
            assertEquals(1, rejected(app, "INVALID_REQUEST") + rejected(app, "MULTIPLE_TOKENS"));

            assertEquals(1, count(app, "CacheHits"), "the admin token's second request");
            assertEquals(4, count(app, "CacheMisses"), "admin, user, expired and forged tokens were verified");
            assertEquals(2, count(app, "CacheSize"), "the two valid tokens, the 403 one included");
            assertEquals(app.verifications(), count(app, "CacheMisses"));
        }
    }

    @Test
    void mbean_optionalModeWithoutToken_countedAnonymous() {
        try (Deployment app = server.deploy(server.hs256("mode", "optional"))) {
            assertStatus(200, app.get("/x"));
            assertEquals(1, count(app, "RequestsAnonymous"));
            assertEquals(0, count(app, "RequestsRejected"));
        }
    }

    @Test
    void mbean_twoApplicationsAtOnce_namedByContextAndCountingApart() {
        try (Deployment one = server.deploy(server.hs256()); Deployment two = server.deploy(server.hs256())) {
            assertNotEquals(mbean(one), mbean(two));
            assertStatus(200, one.bearer("/x", token().sign()));
            assertStatus(401, two.get("/x"));
            assertEquals(1, count(one, "RequestsAccepted"));
            assertEquals(0, count(one, "RequestsRejected"));
            assertEquals(0, count(two, "RequestsAccepted"));
            assertEquals(1, count(two, "RequestsRejected"));
        }
    }

    @Test
    void undeploy_running_mbeanGone() {
        Deployment app = server.deploy(server.hs256());
        ObjectName name = mbean(app);
        assertTrue(JMX.isRegistered(name));
        app.close();
        assertFalse(JMX.isRegistered(name), "the filter's destroy() unregisters it");
    }

    @Test
    void mbean_publicFilterClassOnTheSystemClock_registeredToo() {
        try (Deployment app = server.deployUnclocked(server.hs256(), List.of())) {
            assertStatus(401, app.get("/x"));
            assertEquals(1, rejected(app, "NO_TOKEN"));
        }
    }

    @Test
    void mbean_fileSecretRotated_reloadCounted() {
        byte[] first = Keys.secret(32);
        byte[] second = Keys.secret(32);
        String name = "secret-" + UUID.randomUUID();
        String reference = Keys.fileRef(server.dir(), name, Base64.getEncoder().encodeToString(first));
        try (Deployment app = server.deploy(server.hs256("secret", reference, "secretEncoding", "base64",
                "keysReloadInterval", "60"))) {
            Keys.fileRef(server.dir(), name, Base64.getEncoder().encodeToString(second));
            TestBridge.advanceClock(Duration.ofSeconds(60));
            assertStatus(200, app.bearer("/x", Tokens.hs256(second).sign()));
            assertEquals(1, count(app, "KeyReloads"));
            assertEquals(0, count(app, "KeyReloadFailures"));
        }
    }

    @Test
    void mbean_jwksServing_fetchTimeAndKeysShown() {
        try (Deployment app = server.deploy(jwks(idp))) {
            assertStatus(200, app.bearer("/x", Tokens.with("RS256", Keys.rsa().getPrivate()).keyId("a").sign()));
            assertEquals(1, count(app, "JwksFetches"));
            assertEquals(1, count(app, "JwksKeys"));
            assertEquals(Tokens.NOW.toString(), read(app, "JwksLastFetch"));
            assertEquals(Tokens.NOW.toEpochMilli(), count(app, "JwksLastFetchEpochMillis"));
        }
    }

    @Test
    void mbean_jwksUnreachable_503CountedAsUnavailableNotRejected() {
        try (Deployment app = server.deploy(jwks(down))) {
            HttpReply reply = app.bearer("/x", Tokens.with("RS256", Keys.rsa().getPrivate()).keyId("a").sign());
            assertStatus(503, reply);
            assertEquals(1, count(app, "RequestsUnavailable"));
            assertEquals(0, count(app, "RequestsRejected"));
            assertTrue(count(app, "JwksFetchFailures") >= 1);
            assertEquals(0, count(app, "JwksFetches"));
            assertEquals("", read(app, "JwksLastFetch"));
        }
    }

    private static java.util.Map<String, String> jwks(JwkSetServer jwks) {
        return WebXml.params("algorithms", "RS256", "jwksUri", jwks.uri().toString(), "jwksMinRefreshInterval", "1",
                "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE);
    }
}
