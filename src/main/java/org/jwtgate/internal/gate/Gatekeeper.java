package org.jwtgate.internal.gate;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.logging.RateLimitedLog;
import org.jwtgate.internal.metrics.JmxRegistration;
import org.jwtgate.internal.metrics.Metrics;
import org.jwtgate.internal.metrics.MetricsView;
import org.jwtgate.internal.metrics.MicrometerPresence;
import org.jwtgate.internal.request.AccessRules;
import org.jwtgate.internal.request.AccessRules.Selection;
import org.jwtgate.internal.request.ClaimHeaderView;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.internal.request.ExcludedPaths;
import org.jwtgate.internal.request.RequestView;
import org.jwtgate.internal.request.ResponseView;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.internal.verify.Decision;

/**
 * Decides every request, for any front that can show it a request: the servlet filters of both
 * namespaces today. Built once at start (from init-params or from settings given in code), it
 * holds the authenticator, the excluded paths, the prebuilt error responses, the claim headers to
 * show and hide, and the metrics with their MBean. A request is one call, {@link #decide}, and one
 * value back; a refusal is written by {@link #refuse}.
 *
 * <p>Thread-safe, and immutable but for its counters and caches.
 */
public final class Gatekeeper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    public static final String PRINCIPAL_ATTRIBUTE = "org.jwtgate.principal";
    public static final String CLAIMS_ATTRIBUTE = "org.jwtgate.claims";
    public static final String AUTH_TYPE = "Bearer";

    /** Servlet names come from the application's configuration, so few; this bounds them anyway. */
    private static final int MAX_SERVLET_NAMES = 256;

    private final Authenticator authenticator;
    private final ExcludedPaths excludedPaths;
    private final boolean excludesAny;
    /** {@code corsPreflight=pass}: a browser's preflight reaches the application unauthenticated. */
    private final boolean passesPreflights;
    private final boolean excludesExtensions;
    private final AccessPolicy access;
    private final boolean hasRules;
    private final ErrorResponse.Catalog errors;
    private final ClaimHeaderView claimHeaders;
    private final Metrics metrics;
    private final MetricsView metricsView;
    private final JmxRegistration jmx;
    private final AutoCloseable micrometer;
    private final RateLimitedLog warnings;
    private final Decision internalError = Decision.rejected(AuthenticationResult.Reason.INTERNAL_ERROR);
    private final ConcurrentMap<String, Boolean> staticServlets = new ConcurrentHashMap<>();

    /**
     * Publishes the metrics last (the MBean, and meters when the application has Micrometer), so
     * that nothing can fail after them and leave them behind; publishing itself never throws.
     */
    private Gatekeeper(Authenticator authenticator, Metrics metrics, String contextPath, String name,
            boolean authModule) {
        JwtGateSettings settings = authenticator.settings();
        this.authenticator = authenticator;
        this.excludedPaths = new ExcludedPaths(settings.excludePaths());
        this.excludesAny = !excludedPaths.isEmpty();
        this.passesPreflights = authenticator.settings().corsPreflight() == JwtGateSettings.CorsPreflight.PASS;
        this.excludesExtensions = excludedPaths.hasExtensionPatterns();
        this.access = new AccessPolicy(settings);
        this.hasRules = !access.isEmpty();
        this.errors = new ErrorResponse.Catalog(settings);
        this.claimHeaders = new ClaimHeaderView(settings.claimHeaders().keySet());
        this.metrics = metrics;
        this.warnings = new RateLimitedLog(LOG, settings.clock());
        this.metricsView = new MetricsView(metrics, authenticator::cachedTokens, authenticator::keySourceHealth,
                authenticator.revocations());
        boolean inContainer = contextPath != null;
        this.jmx = !inContainer ? JmxRegistration.none() : authModule
                ? JmxRegistration.registerAuthModule(metricsView, contextPath)
                : JmxRegistration.register(metricsView, contextPath, name);
        this.micrometer = inContainer ? MicrometerPresence.bindIfPresent(metricsView, contextPath, name)
                : MicrometerPresence.UNBOUND;
    }

    /**
     * A gatekeeper configured by init-params (web.xml): parses them, loads the keys, logs the
     * effective settings and publishes the metrics (see {@link #fromSettings}).
     *
     * @param name        the filter's name, for the log and the MBean
     * @param contextPath names the MBean; {@code null} outside a container: no MBean, no meters
     * @throws JwtGateConfigurationException naming the parameter at fault
     */
    public static Gatekeeper fromInitParameters(String name, String contextPath, Map<String, String> initParameters,
            Clock clock, ReferenceResolver resolver) {
        return start(name, contextPath, InitParameters.parse(initParameters, resolver, clock), resolver, false);
    }

    /**
     * The authentication module's gatekeeper, configured as a filter is by init-params (the
     * {@code jwtgate.} context-params without their prefix). The same as a filter's but for its
     * MBean, {@code org.jwtgate:type=JwtAuthModule,context=…}: one module per application, which
     * an operator can tell from a filter. Micrometer meters carry {@code filter=}{@code name}, so that
     * every JwtGate meter has the same tags.
     *
     * @param name        names the module in the log and its meters
     * @param contextPath names the MBean; {@code null} outside a container: no MBean, no meters
     * @throws JwtGateConfigurationException naming the parameter at fault
     */
    public static Gatekeeper forAuthModule(String name, String contextPath, Map<String, String> initParameters,
            Clock clock, ReferenceResolver resolver) {
        return start(name, contextPath, InitParameters.parse(initParameters, resolver, clock), resolver, true);
    }

    /**
     * A gatekeeper given its settings in code ({@code ServletContext.addFilter}); any init-param
     * would be ignored, so one is refused. Loads the keys (references resolved from the
     * environment, system properties and files), logs the effective settings and publishes the
     * metrics: an MBean, and Micrometer meters when Micrometer is there.
     *
     * @param contextPath names the MBean; {@code null} outside a container: no MBean, no meters
     * @throws JwtGateConfigurationException naming the parameter at fault
     */
    public static Gatekeeper fromSettings(String name, String contextPath, JwtGateSettings settings,
            Map<String, String> initParameters) {
        if (!initParameters.isEmpty()) {
            throw new JwtGateConfigurationException(initParameters.keySet().iterator().next(),
                    "this filter was given its settings in code; init-params would be ignored, so remove them");
        }
        return start(name, contextPath, settings, ReferenceResolver.system(), false);
    }

    private static Gatekeeper start(String name, String contextPath, JwtGateSettings settings,
            ReferenceResolver resolver, boolean authModule) {
        List<String> blocks = new ArrayList<>();
        settings.issuers().forEach(block -> blocks.add(block.name()));
        Metrics metrics = new Metrics(blocks);
        Authenticator authenticator = Authenticator.create(settings, resolver, metrics);
        Gatekeeper gatekeeper;
        try {
            gatekeeper = new Gatekeeper(authenticator, metrics, contextPath, name, authModule);
        } catch (RuntimeException | Error e) {
            authenticator.close(); // a JWK Set source has a fetch thread: a filter that fails to start keeps none
            throw e;
        }
        String who = authModule ? "JwtGate authentication module" : "JwtGate filter '" + name + "'";
        LOG.log(Level.INFO, "{0} protects this application: {1}", who, settings);
        if (settings.issuer().isEmpty() && settings.issuers().isEmpty()) {
            LOG.log(Level.WARNING, "{0}: issuer is not set, so the iss claim is not checked: any issuer trusted "
                    + "with these keys is accepted", who);
        }
        if (settings.issuers().isEmpty() ? settings.audience().isEmpty() : settings.issuers().stream()
                .anyMatch(block -> block.settings().audience().isEmpty())) {
            LOG.log(Level.WARNING, "{0}: audience is not set, so the aud claim is not checked: tokens meant for "
                    + "other services with these keys are accepted", who);
        }
        return gatekeeper;
    }

    /**
     * The request's one decision, counted in the metrics. Never throws: whatever fails (the
     * container included) is the fail-closed 401 of {@link #failClosed()}.
     * <ul>
     * <li>An excluded path passes anonymously, whatever it carries.</li>
     * <li>With {@code accessRules}, the rules the method and path select decide ({@link AccessPolicy}),
     * a {@code permit} as an excluded path, a {@code deny} before any token is read.</li>
     * <li>On an error dispatch nothing is refused: a request that authenticates is authenticated,
     * and any other (no token, a bad or insufficient one, keys unavailable) passes anonymously
     * whatever the mode. The request was decided on when it came in (an excluded path passes even a
     * bad token, say, and its error must reach the client as it is), or it never passed the filter
     * (an error the container raised itself): either way a 401 here would only replace the real
     * answer.</li>
     * </ul>
     *
     * @param view reads {@code request}; a stateless singleton, so nothing is allocated to ask
     */
    public <R> Decision decide(R request, RequestView<R> view) {
        try {
            if (excludesAny && isExcluded(request, view)) {
                metrics.recordExcluded();
                return Decision.ANONYMOUS;
            }
            if (passesPreflights && isPreflight(request, view)) {
                // Before the rules: a preflight carries no credentials by design (contract).
                metrics.recordPreflight();
                return Decision.ANONYMOUS;
            }
            Decision decision;
            int issuerBlock;
            if (hasRules) {
                Selection selection = access.rules().select(view.method(request), view.servletPath(request),
                        view.pathInfo(request), view.requestUri(request), view.contextPath(request));
                if (access.permits(selection)) {
                    metrics.recordExcluded();
                    return Decision.ANONYMOUS;
                }
                decision = access.denial(selection);
                issuerBlock = -1;
                if (decision == null) {
                    Decision token = authenticator.authenticate(request, view, view.queryString(request),
                            access.requiresToken(selection));
                    decision = access.decide(selection, token);
                    issuerBlock = token.issuerBlock(); // a rule's 403 counts against the block that verified the token
                }
            } else {
                decision = authenticator.authenticate(request, view, view.queryString(request));
                issuerBlock = decision.issuerBlock();
            }
            if (!decision.isAuthenticated() && view.isErrorDispatch(request)) {
                decision = Decision.ANONYMOUS;
                issuerBlock = -1;
            }
            metrics.record(decision.result());
            metrics.recordIssuer(issuerBlock, decision.isAuthenticated());
            return decision;
        } catch (RuntimeException | LinkageError e) {
            return failClosed();
        }
    }

    /**
     * Writes a refusal's prebuilt response ({@code Retry-After} with it for an outage). A response
     * an earlier filter already committed cannot be written: that is logged at most once a minute,
     * since a misordered filter chain does it on every refused request.
     */
    public <S> void refuse(S response, ResponseView<S> view, Decision refusal) throws IOException {
        ErrorResponse own = refusal.response();
        ErrorResponse answer = own != null ? own : errors.forResult(refusal.result());
        if (!answer.writeTo(response, view, refusal.retryAfterSeconds())) {
            warnings.warn("committed", () -> "JwtGate refused a request whose response an earlier filter had "
                    + "already committed; the refusal could not be written");
        }
    }

    /**
     * Counts an unexpected failure and gives the decision for it: a 401, never a 500. The adapter
     * calls it when the container fails it after {@link #decide} (which counted once already), so
     * such a request counts once more, as {@code INTERNAL_ERROR}.
     */
    public Decision failClosed() {
        metrics.record(internalError.result());
        return internalError;
    }

    /** The claim headers the application sees, and the client headers they hide. */
    public ClaimHeaderView claimHeaders() {
        return claimHeaders;
    }

    /** The response a refusal gets (for {@code jwtgate verify}, which explains it). */
    public ErrorResponse errorResponse(AuthenticationResult result) {
        return errors.forResult(result);
    }

    /** The response {@code refusal} gets: a rule's own, or the one for its reason (for {@code jwtgate verify}). */
    public ErrorResponse errorResponse(Decision refusal) {
        return refusal.response() != null ? refusal.response() : errors.forResult(refusal.result());
    }

    /** The parsed {@code accessRules} (for {@code jwtgate verify}, which says which rule decided). */
    public AccessRules accessRules() {
        return access.rules();
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /** This filter's counters. */
    public Metrics metrics() {
        return metrics;
    }

    /** The counters as the MBean shows them. */
    public MetricsView metricsView() {
        return metricsView;
    }

    /** Withdraws the metrics and stops background work; called from the filter's {@code destroy()}. */
    @Override
    public void close() {
        MicrometerPresence.unbind(micrometer);
        jmx.close();
        authenticator.close();
    }

    /**
     * Whether the path is excluded, by both views of it (the container's, and the normalisation of
     * the raw URI) and, for {@code *.ext} patterns, by how the container mapped the request. The
     * container getters, some of which build strings, are only called when paths are excluded.
     */
    /**
     * A real CORS preflight (Fetch standard: {@code OPTIONS} with {@code Origin} and
     * {@code Access-Control-Request-Method}), which browsers send without credentials, so a 401
     * would stop the real request from ever being sent. One that carries {@code Authorization} is
     * no preflight a browser sends: it is authenticated like any other request. The method is
     * compared first: every other request costs one string comparison here.
     */
    private static <R> boolean isPreflight(R request, RequestView<R> view) {
        return "OPTIONS".equals(view.method(request)) && isPresent(view.headers(request, "Origin"))
                && isPresent(view.headers(request, "Access-Control-Request-Method"))
                && !isPresent(view.headers(request, "Authorization"));
    }

    private static boolean isPresent(Enumeration<String> values) {
        return values != null && values.hasMoreElements();
    }

    private <R> boolean isExcluded(R request, RequestView<R> view) {
        return excludedPaths.matches(view.servletPath(request), view.pathInfo(request), view.requestUri(request),
                view.contextPath(request), excludesExtensions ? servedBy(request, view) : null);
    }

    /**
     * How the container mapped the request, for extension exclusions: by an extension pattern (that
     * pattern), to its own static-content servlet at {@code /} for GET and HEAD
     * ({@link ExcludedPaths#DEFAULT_SERVLET}), or {@code null} (any other mapping or method, an
     * application servlet at {@code /}, or a container too old to say).
     */
    private <R> String servedBy(R request, RequestView<R> view) {
        try {
            String pattern = view.extensionPattern(request);
            if (pattern != null) {
                return pattern;
            }
            // Static content is read, never written: a writable DefaultServlet (readonly=false) takes
            // PUT and DELETE, which an exclusion meant for stylesheets must not open.
            String method = view.method(request);
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                return null;
            }
            String servletName = view.defaultServletName(request);
            return servletName != null && servesStaticContent(request, view, servletName)
                    ? ExcludedPaths.DEFAULT_SERVLET : null;
        } catch (LinkageError | RuntimeException e) {
            return null; // a Servlet 3.1 container has no mapping to ask: the path stays protected
        }
    }

    /**
     * Whether the servlet of this name is a container's own static-content servlet (see
     * {@link ExcludedPaths#isStaticContentServlet}); asked of the container once per servlet name.
     * Names come from the application's configuration, never from a request, so the answers kept
     * are few; a lookup that fails is not kept, and counts as not static.
     */
    private <R> boolean servesStaticContent(R request, RequestView<R> view, String servletName) {
        Boolean known = staticServlets.get(servletName);
        if (known == null) {
            known = ExcludedPaths.isStaticContentServlet(view.servletClassName(request, servletName));
            if (staticServlets.size() < MAX_SERVLET_NAMES) {
                staticServlets.putIfAbsent(servletName, known);
            }
        }
        return known;
    }
}
