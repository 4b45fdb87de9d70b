package org.jwtgate.javax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletRegistration;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.MappingMatch;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.FilterCore;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.internal.request.ExcludedPaths;
import org.jwtgate.internal.verify.Authenticator;

/**
 * Bearer-JWT authentication for a {@code javax.servlet} application, configured by web.xml
 * init-params (or by {@link JwtGateSettings} in code). It only orchestrates: extract and verify
 * (in {@code org.jwtgate.internal}), then continue with the wrapped request or write the error.
 * A filter that cannot be configured refuses to start, so the application does not serve.
 *
 * <p>Thread-safe after {@link #init}; each instance has its own cache, and its own metrics MBean
 * from {@code init()} to {@code destroy()}.
 */
public class JwtAuthenticationFilter implements Filter {

    /** Request attribute holding the {@link JwtPrincipal}. */
    public static final String PRINCIPAL_ATTRIBUTE = FilterCore.PRINCIPAL_ATTRIBUTE;
    /** Request attribute holding the token's claims as an unmodifiable {@code Map<String,Object>}. */
    public static final String CLAIMS_ATTRIBUTE = FilterCore.CLAIMS_ATTRIBUTE;

    private final Clock clock;
    private final JwtGateSettings preset;
    private volatile FilterCore core;

    /** The web.xml constructor: settings come from init-params. */
    public JwtAuthenticationFilter() {
        this(Clock.systemUTC());
    }

    /** For code-first registration ({@code ServletContext.addFilter}); no init-params then. */
    public JwtAuthenticationFilter(JwtGateSettings settings) {
        this.preset = Objects.requireNonNull(settings, "settings");
        this.clock = settings.clock();
    }

    /** For tests and subclasses that must control time while configured by init-params. */
    protected JwtAuthenticationFilter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.preset = null;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            parameters.put(name, config.getInitParameter(name));
        }
        try {
            core = FilterCore.create(config.getFilterName(), contextPath(config), parameters, preset, clock,
                    ReferenceResolver.system());
        } catch (JwtGateConfigurationException e) {
            throw new ServletException("JwtGate filter '" + config.getFilterName() + "' cannot start: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw new ServletException("JwtGate filter '" + config.getFilterName() + "' cannot start: unexpected "
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
        FilterCore gate = core;
        if (gate == null || !(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            throw new ServletException("JwtGate filter is not initialised or the request is not HTTP");
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        HttpServletRequest next;
        try {
            next = authenticate(gate, request, response);
        } catch (RuntimeException | LinkageError e) {
            // Fail closed with the contract's 401, never a 500: whatever broke, the app is not invoked.
            write(gate, response, gate.failClosed(), 0);
            return;
        }
        if (next != null) {
            chain.doFilter(next, response);
        }
    }

    /** The request to continue with, or {@code null} when an error response was written. */
    private static HttpServletRequest authenticate(FilterCore gate, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        // Four container getters, some of which build strings: only worth it when paths are excluded.
        if (gate.hasExcludedPaths() && gate.isExcluded(request.getServletPath(), request.getPathInfo(),
                request.getRequestURI(), request.getContextPath(),
                gate.hasExtensionExclusions() ? servedBy(gate, request) : null)) {
            gate.metrics().recordExcluded();
            return anonymous(gate, request, response);
        }
        Authenticator.Outcome outcome = gate.authenticate(request::getHeaders, request.getQueryString(),
                request.getDispatcherType() == DispatcherType.ERROR);
        AuthenticationResult result = outcome.result();
        switch (result.kind()) {
            case AUTHENTICATED:
                JwtPrincipal principal = result.principal();
                request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
                request.setAttribute(CLAIMS_ATTRIBUTE, principal.getClaims());
                return new JwtRequestWrapper(request, response, principal, gate.claimHeaderNames(),
                        outcome.claimHeaders());
            case ANONYMOUS:
                return anonymous(gate, request, response);
            default:
                write(gate, response, gate.errorResponse(result), result.retryAfterSeconds());
                return null;
        }
    }

    /**
     * How the container mapped the request, for extension exclusions: to its own static-content
     * servlet at {@code /} (for GET and HEAD), by an extension pattern, or {@code null} (any other
     * mapping or method, an application servlet at {@code /}, or a container too old to say).
     */
    private static String servedBy(FilterCore gate, HttpServletRequest request) {
        try {
            HttpServletMapping mapping = request.getHttpServletMapping();
            MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
            if (match == MappingMatch.EXTENSION) {
                return mapping.getPattern();
            }
            // Static content is read, never written: a writable DefaultServlet (readonly=false) takes
            // PUT and DELETE, which an exclusion meant for stylesheets must not open.
            String method = request.getMethod();
            boolean staticContent = match == MappingMatch.DEFAULT && ("GET".equals(method) || "HEAD".equals(method))
                    && gate.servesStaticContent(mapping.getServletName(),
                            name -> servletClass(request.getServletContext(), name));
            return staticContent ? ExcludedPaths.DEFAULT_SERVLET : null;
        } catch (LinkageError | RuntimeException e) {
            return null; // a Servlet 3.1 container has no mapping to ask: the path stays protected
        }
    }

    private static String servletClass(ServletContext context, String servletName) {
        ServletRegistration registration = context == null ? null : context.getServletRegistration(servletName);
        return registration == null ? null : registration.getClassName();
    }

    private static HttpServletRequest anonymous(FilterCore gate, HttpServletRequest request,
            HttpServletResponse response) {
        request.removeAttribute(PRINCIPAL_ATTRIBUTE);
        request.removeAttribute(CLAIMS_ATTRIBUTE);
        return gate.claimHeaderNames().isEmpty() ? request
                : new JwtRequestWrapper(request, response, null, gate.claimHeaderNames(), Map.of());
    }

    private static void write(FilterCore gate, HttpServletResponse response, ErrorResponse error,
            long retryAfterSeconds)
            throws IOException {
        if (response.isCommitted()) {
            // An earlier filter already sent the response: nothing can be written, and the
            // application is not invoked either way.
            gate.warnCommitted();
            return;
        }
        response.resetBuffer();
        response.setStatus(error.status());
        if (error.challenge() != null) {
            response.setHeader("WWW-Authenticate", error.challenge());
        }
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(ErrorResponse.CONTENT_TYPE);
        byte[] body = error.body();
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerAlreadyUsed) {
            // An earlier filter took the writer; the body is ASCII, so write it there instead.
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The running core, for tests in this package; {@code null} before init and after destroy. */
    FilterCore core() {
        return core;
    }

    @Override
    public void destroy() {
        FilterCore running = core;
        core = null;
        if (running != null) {
            running.close();
        }
    }
}
