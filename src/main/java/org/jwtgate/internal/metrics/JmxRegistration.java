package org.jwtgate.internal.metrics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.jwtgate.JwtGateMetricsMXBean;

/**
 * One filter's metrics MBean in an MBeanServer, from the filter's start to its end. The name holds
 * the context path and the filter name, so two applications, or two filters in one application,
 * get one each: {@code org.jwtgate:type=JwtAuthenticationFilter,context=/app,filter=jwtgate}.
 * <ul>
 * <li>A name already taken (the same application on two virtual hosts, a registration left behind
 * by a filter that was never destroyed) gets {@code ,instance=2} (3, …) and an INFO line.</li>
 * <li>Any other failure (a SecurityManager, a runtime without JMX) is a WARN and no MBean:
 * metrics never stop authentication, so nothing here throws.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class JmxRegistration implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    static final String DOMAIN = "org.jwtgate";
    static final String TYPE = "JwtAuthenticationFilter";
    static final String MODULE_TYPE = "JwtAuthModule";
    /** Far more than any container deploys one application: past it something is wrong, so give up. */
    private static final int MAX_INSTANCES = 1000;
    private static final JmxRegistration NONE = new JmxRegistration(null, null);

    private final MBeanServer server;
    private final ObjectName name;

    private JmxRegistration(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** No MBean: for filters outside a container, and after a failed registration. */
    public static JmxRegistration none() {
        return NONE;
    }

    /** Registers a filter's {@code metrics} in the platform MBeanServer; never throws. */
    public static JmxRegistration register(JwtGateMetricsMXBean metrics, String contextPath, String filterName) {
        MBeanServer server = platformServer(filterName);
        return server == null ? NONE : register(server, metrics, contextPath, filterName);
    }

    /**
     * Registers the authentication module's {@code metrics} in the platform MBeanServer, as
     * {@code org.jwtgate:type=JwtAuthModule,context=…} (one module per application); never throws.
     */
    public static JmxRegistration registerAuthModule(JwtGateMetricsMXBean metrics, String contextPath) {
        MBeanServer server = platformServer(null);
        return server == null ? NONE : register(server, metrics, contextPath, null);
    }

    private static MBeanServer platformServer(String filterName) {
        try {
            return ManagementFactory.getPlatformMBeanServer();
        } catch (RuntimeException | LinkageError e) {
            warn(filterName, e);
            return null;
        }
    }

    /**
     * Registers {@code metrics} in {@code server}, under a name of its own: a filter's, or the
     * module's when {@code filterName} is {@code null}; never throws.
     */
    static JmxRegistration register(MBeanServer server, JwtGateMetricsMXBean metrics, String contextPath,
            String filterName) {
        try {
            ObjectName base = name(contextPath, filterName, 1);
            Described bean = new Described(metrics);
            for (int instance = 1; instance <= MAX_INSTANCES; instance++) {
                ObjectName candidate = instance == 1 ? base : name(contextPath, filterName, instance);
                try {
                    server.registerMBean(bean, candidate);
                } catch (InstanceAlreadyExistsException taken) {
                    if (!server.isRegistered(candidate)) {
                        throw taken; // not the name: this MXBean object is registered already, under another
                    }
                    continue;
                }
                if (instance > 1) {
                    LOG.log(Level.INFO, "{0}: the MBean name {1} is taken (the same application deployed "
                            + "twice, or a filter never destroyed); its metrics are {2}", owner(filterName), base,
                            candidate);
                } else {
                    LOG.log(Level.DEBUG, "{0}: metrics in MBean {1}", owner(filterName), candidate);
                }
                return new JmxRegistration(server, candidate);
            }
            throw new InstanceAlreadyExistsException(MAX_INSTANCES + " MBeans named " + base + " are registered");
        } catch (JMException | RuntimeException | LinkageError e) {
            warn(filterName, e);
            return NONE;
        }
    }

    /**
     * {@code org.jwtgate:type=JwtAuthenticationFilter,context=…,filter=…} for a filter, and
     * {@code org.jwtgate:type=JwtAuthModule,context=…} for the module ({@code filterName} {@code null}),
     * plus {@code ,instance=N} from 2 on. The root context ({@code ""}) is {@code /}; values with
     * characters that ObjectName reserves are quoted.
     */
    static ObjectName name(String contextPath, String filterName, int instance) throws MalformedObjectNameException {
        String context = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        String owner = filterName == null ? MODULE_TYPE + ",context=" + value(context)
                : TYPE + ",context=" + value(context) + ",filter=" + value(filterName);
        return new ObjectName(DOMAIN + ":type=" + owner + (instance > 1 ? ",instance=" + instance : ""));
    }

    /** As is when ObjectName allows it unquoted, so the usual names read plainly; quoted otherwise. */
    private static String value(String text) {
        boolean plain = !text.isEmpty();
        for (int i = 0; i < text.length() && plain; i++) {
            plain = ",=:\"*?\\\n".indexOf(text.charAt(i)) < 0;
        }
        return plain ? text : ObjectName.quote(text);
    }

    /** The name registered, or {@code null} when there is no MBean. */
    public ObjectName name() {
        return name;
    }

    /** Unregisters the MBean, if there is one; never throws. */
    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // Someone unregistered it already: the outcome wanted.
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "JwtGate could not unregister its metrics MBean " + name + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static void warn(String filterName, Throwable e) {
        LOG.log(Level.WARNING, "{0} runs without its metrics MBean: JMX registration failed ({1})",
                owner(filterName), e.getClass().getSimpleName());
    }

    /** Who the log lines are about: a filter by its name, or the module ({@code null}). */
    private static String owner(String filterName) {
        return filterName == null ? "JwtGate authentication module" : "JwtGate filter '" + filterName + "'";
    }

    /** The MXBean with a sentence per attribute, which jconsole shows and exporters use as help. */
    private static final class Described extends StandardMBean {

        Described(JwtGateMetricsMXBean metrics) {
            super(metrics, JwtGateMetricsMXBean.class, true);
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return "What one JwtGate filter counted since it started";
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return MetricsView.description(info.getName());
        }
    }
}
