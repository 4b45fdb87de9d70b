package org.jwtgate.javax;

import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.verify.Decision;

/**
 * Bearer-JWT authentication for a {@code javax.servlet} application, configured by web.xml
 * init-params (or by {@link JwtGateSettings} in code). An adapter and nothing more: the
 * {@code Gatekeeper} decides each request, and this continues with the wrapped request or has the
 * refusal written. A filter that cannot be configured refuses to start, so the application does
 * not serve.
 *
 * <p>Thread-safe after {@link #init}; each instance has its own cache, and its own metrics MBean
 * from {@code init()} to {@code destroy()}.
 */
public class JwtAuthenticationFilter implements Filter {

    /** Request attribute holding the {@link JwtPrincipal}. */
    public static final String PRINCIPAL_ATTRIBUTE = Gatekeeper.PRINCIPAL_ATTRIBUTE;
    /** Request attribute holding the token's claims as an unmodifiable {@code Map<String,Object>}. */
    public static final String CLAIMS_ATTRIBUTE = Gatekeeper.CLAIMS_ATTRIBUTE;

    private final Clock clock;
    private final JwtGateSettings preset;
    private volatile Gatekeeper gatekeeper;

    /** The web.xml constructor: settings come from init-params. */
    public JwtAuthenticationFilter() {
        this(Clock.systemUTC());
    }

    /** For code-first registration ({@code ServletContext.addFilter}); no init-params then. */
    public JwtAuthenticationFilter(JwtGateSettings settings) {
        this.preset = Objects.requireNonNull(settings, "settings");
        this.clock = settings.clock();
    }

    /** For tests in this package, which control time while configured by init-params. */
    JwtAuthenticationFilter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.preset = null;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            parameters.put(name, config.getInitParameter(name));
        }
        String name = config.getFilterName();
        try {
            String contextPath = contextPath(config);
            gatekeeper = preset == null
                    ? Gatekeeper.fromInitParameters(name, contextPath, parameters, clock, ReferenceResolver.system())
                    : Gatekeeper.fromSettings(name, contextPath, preset, parameters);
        } catch (JwtGateConfigurationException e) {
            throw new ServletException("JwtGate filter '" + name + "' cannot start: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ServletException("JwtGate filter '" + name + "' cannot start: unexpected "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Names the metrics MBean; {@code null} (no MBean) for a filter given no servlet context. */
    private static String contextPath(FilterConfig config) {
        ServletContext context = config.getServletContext();
        return context == null ? null : context.getContextPath();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Gatekeeper gate = gatekeeper;
        if (gate == null || !(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            throw new ServletException("JwtGate filter is not initialised or the request is not HTTP");
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        HttpServletRequest next;
        try {
            next = follow(gate, gate.decide(request, HttpRequestView.INSTANCE), request, response);
        } catch (RuntimeException | LinkageError e) {
            // The container failed a call made here: fail closed with the contract's 401, never a 500;
            // the application is not invoked.
            gate.refuse(response, HttpResponseView.INSTANCE, gate.failClosed());
            return;
        }
        if (next != null) {
            chain.doFilter(next, response);
        }
    }

    /** The request to continue with, or {@code null} when the refusal was written. */
    private static HttpServletRequest follow(Gatekeeper gate, Decision decision, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (decision.isAuthenticated()) {
            JwtPrincipal principal = decision.principal();
            request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
            request.setAttribute(CLAIMS_ATTRIBUTE, principal.getClaims());
            return new JwtRequestWrapper(request, response, principal, gate.claimHeaders(), decision.claimHeaders());
        }
        if (decision.isAnonymous()) {
            request.removeAttribute(PRINCIPAL_ATTRIBUTE);
            request.removeAttribute(CLAIMS_ATTRIBUTE);
            return gate.claimHeaders().isEmpty() ? request
                    : new JwtRequestWrapper(request, response, null, gate.claimHeaders(), Map.of());
        }
        gate.refuse(response, HttpResponseView.INSTANCE, decision);
        return null;
    }

    /** The running gatekeeper, for tests in this package; {@code null} before init and after destroy. */
    Gatekeeper gatekeeper() {
        return gatekeeper;
    }

    @Override
    public void destroy() {
        Gatekeeper running = gatekeeper;
        gatekeeper = null;
        if (running != null) {
            running.close();
        }
    }
}
