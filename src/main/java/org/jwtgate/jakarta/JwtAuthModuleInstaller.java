package org.jwtgate.jakarta;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.internal.config.AuthModuleParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.Gatekeeper;

/**
 * Container-managed security with bearer tokens: declared as a {@code <listener>} in web.xml, it
 * registers JwtGate's Jakarta Authentication module for this application alone (layer
 * {@code HttpServlet}, the Servlet Container Profile's application context
 * {@code "virtual-server-name context-path"}), so the container authenticates every request with
 * the token and then enforces the application's {@code <security-constraint>}s, {@code @ServletSecurity}
 * and {@code isUserInRole} with the token's roles. On Tomcat nothing is installed in the server:
 * the jar in {@code WEB-INF/lib} is all (Jetty 12: see the README's "On Jetty 12").
 *
 * <p>Configured by {@code <context-param>}s named {@code jwtgate.} + an init-param of the filter
 * ({@code jwtgate.algorithms}, {@code jwtgate.secret}, …): the prefix is stripped and the rest is
 * parsed by the filter's own code, so each means exactly what the init-param means. Two
 * differences follow from the container deciding what is protected: {@code jwtgate.mode} is
 * {@code optional} unless set (a request without a token is anonymous, and gets the 401 challenge
 * where an {@code <auth-constraint>} needs a caller; {@code required} still refuses it everywhere),
 * and {@code jwtgate.claimHeaders} is refused (no request wrapper here to show and hide them). A
 * configuration error stops the application, as with the filter.
 *
 * <p>Thread-safe: the container calls it once to start and once to stop.
 */
public class JwtAuthModuleInstaller implements ServletContextListener {

    /** What names JwtGate's context-params. */
    public static final String PREFIX = AuthModuleParameters.PREFIX;
    /** The Servlet Container Profile's message layer. */
    static final String LAYER = "HttpServlet";
    /** What Jetty's {@code JaspiAuthenticatorFactory} names the server when the context has no virtual host. */
    static final String JETTY_SERVER_NAME = "server";

    private final Clock clock;
    private Gatekeeper gatekeeper;
    private String registration;

    /** The web.xml constructor. */
    public JwtAuthModuleInstaller() {
        this(Clock.systemUTC());
    }

    /** For tests in this package, which control time while configured by context-params. */
    JwtAuthModuleInstaller(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Parses the context-params, starts the gatekeeper and registers the module.
     *
     * @throws IllegalStateException naming the context-param at fault, so that the container does
     *                               not start the application
     */
    @Override
    public synchronized void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Gatekeeper gate;
        try {
            gate = Gatekeeper.forAuthModule(AuthModuleParameters.NAME, context.getContextPath(), parameters(context),
                    clock, ReferenceResolver.system());
        } catch (JwtGateConfigurationException e) {
            throw new IllegalStateException("JwtGate authentication module cannot start: " + PREFIX + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException("JwtGate authentication module cannot start: unexpected "
                    + e.getClass().getSimpleName(), e);
        }
        try {
            AuthConfigFactory factory = AuthConfigFactory.getFactory();
            if (factory == null) {
                throw new IllegalStateException("JwtGate authentication module cannot start: the container has no "
                        + "Jakarta Authentication (AuthConfigFactory.getFactory() is null); use the filter instead");
            }
            registration = factory.registerConfigProvider(new JwtAuthConfigProvider(gate), LAYER,
                    appContext(context), "JwtGate bearer-token authentication");
        } catch (RuntimeException | Error e) {
            gate.close(); // an application that fails to start keeps no MBean and no key-fetch thread
            throw e;
        }
        gatekeeper = gate;
    }

    /** Withdraws the module first, so no request reaches a closed gatekeeper; then stops it. */
    @Override
    public synchronized void contextDestroyed(ServletContextEvent event) {
        // Called even when contextInitialized threw (Tomcat stops every listener it created).
        if (registration != null) {
            AuthConfigFactory.getFactory().removeRegistration(registration);
            registration = null;
        }
        if (gatekeeper != null) {
            gatekeeper.close();
            gatekeeper = null;
        }
    }

    /**
     * The application context identifier the container asks for: the Servlet Container Profile's
     * {@code "virtual-server-name context-path"} (Tomcat's {@code "Catalina/localhost /orders"}). A
     * container that names no virtual server (Jetty 12 without virtual hosts: {@code null}) asks for
     * Jetty's own instead, {@code "server /orders"}, {@code "server /"} for the root context.
     */
    static String appContext(ServletContext context) {
        String virtualServer = context.getVirtualServerName();
        String contextPath = context.getContextPath();
        if (virtualServer == null) {
            return JETTY_SERVER_NAME + " " + (contextPath.isEmpty() ? "/" : contextPath);
        }
        return virtualServer + " " + contextPath;
    }

    /**
     * The {@code jwtgate.*} context-params without the prefix, as init-params: what the filter's
     * parser reads ({@link AuthModuleParameters}, which {@code jwtgate verify} reads a web.xml with too).
     */
    static Map<String, String> parameters(ServletContext context) {
        Map<String, String> contextParameters = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            contextParameters.put(name, context.getInitParameter(name));
        }
        return AuthModuleParameters.toInitParameters(contextParameters);
    }

    /** The running gatekeeper, for tests in this package; {@code null} before start and after stop. */
    synchronized Gatekeeper gatekeeper() {
        return gatekeeper;
    }
}
