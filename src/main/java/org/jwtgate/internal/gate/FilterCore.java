package org.jwtgate.internal.gate;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.logging.RateLimitedLog;
import org.jwtgate.internal.metrics.JmxRegistration;
import org.jwtgate.internal.metrics.Metrics;
import org.jwtgate.internal.metrics.MetricsView;
import org.jwtgate.internal.metrics.MicrometerPresence;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.internal.request.ExcludedPaths;
import org.jwtgate.internal.verify.Authenticator;

/**
 * Everything a filter adapter needs, built once in {@code init()}: the authenticator, the excluded
 * paths, the error responses, the header names to hide, and the metrics with their MBean. The
 * jakarta and javax filters are thin twins over this.
 *
 * <p>Thread-safe, and immutable but for its counters.
 */
public final class FilterCore {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    public static final String PRINCIPAL_ATTRIBUTE = "org.jwtgate.principal";
    public static final String CLAIMS_ATTRIBUTE = "org.jwtgate.claims";
    public static final String AUTH_TYPE = "Bearer";

    private final Authenticator authenticator;
    private final ExcludedPaths excludedPaths;
    private final ErrorResponse.Catalog errors;
    private final Set<String> claimHeaderNames;
    private final Metrics metrics;
    private final MetricsView metricsView;
    private final JmxRegistration jmx;
    private final AutoCloseable micrometer;
    private final RateLimitedLog warnings;
    private final ConcurrentMap<String, Boolean> staticServlets = new ConcurrentHashMap<>();
    private static final int MAX_SERVLET_NAMES = 256;

    /**
     * Publishes the metrics last (the MBean, and meters when the application has Micrometer), so
     * that nothing can fail after them and leave them behind; publishing itself never throws.
     */
    private FilterCore(Authenticator authenticator, Metrics metrics, String contextPath, String filterName) {
        JwtGateSettings settings = authenticator.settings();
        this.authenticator = authenticator;
        this.excludedPaths = new ExcludedPaths(settings.excludePaths());
        this.errors = new ErrorResponse.Catalog(settings);
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(settings.claimHeaders().keySet());
        this.claimHeaderNames = Collections.unmodifiableSet(names);
        this.metrics = metrics;
        this.warnings = new RateLimitedLog(LOG, settings.clock());
        this.metricsView = new MetricsView(metrics, authenticator::cachedTokens);
        boolean inContainer = contextPath != null;
        this.jmx = inContainer ? JmxRegistration.register(metricsView, contextPath, filterName)
                : JmxRegistration.none();
        this.micrometer = inContainer ? MicrometerPresence.bindIfPresent(metricsView, contextPath, filterName)
                : MicrometerPresence.UNBOUND;
    }

    /** As {@link #create(String, String, Map, JwtGateSettings, Clock, ReferenceResolver)}, with no MBean. */
    public static FilterCore create(String filterName, Map<String, String> initParameters, JwtGateSettings preset,
            Clock clock, ReferenceResolver resolver) {
        return create(filterName, null, initParameters, preset, clock, resolver);
    }

    /**
     * Parses init-params (or takes {@code preset} settings, in which case there must be no
     * init-params), loads the keys, logs the effective settings and publishes the metrics: an MBean,
     * and Micrometer meters when Micrometer is there (unless {@code contextPath} is {@code null}: a
     * filter outside a container publishes none).
     *
     * @throws org.jwtgate.JwtGateConfigurationException naming the parameter at fault
     */
    public static FilterCore create(String filterName, String contextPath, Map<String, String> initParameters,
            JwtGateSettings preset, Clock clock, ReferenceResolver resolver) {
        JwtGateSettings settings;
        if (preset != null) {
            if (!initParameters.isEmpty()) {
                throw new org.jwtgate.JwtGateConfigurationException(initParameters.keySet().iterator().next(),
                        "this filter was given its settings in code; init-params would be ignored, so remove them");
            }
            settings = preset;
        } else {
            settings = InitParameters.parse(initParameters, resolver, clock);
        }
        Metrics metrics = new Metrics();
        Authenticator authenticator = Authenticator.create(settings, resolver, metrics);
        FilterCore core;
        try {
            core = new FilterCore(authenticator, metrics, contextPath, filterName);
        } catch (RuntimeException | Error e) {
            authenticator.close(); // a JWK Set source has a fetch thread: a filter that fails to start keeps none
            throw e;
        }
        LOG.log(Level.INFO, "JwtGate filter ''{0}'' protects this application: {1}", filterName,
                settings);
        if (settings.issuer().isEmpty()) {
            LOG.log(Level.WARNING, "JwtGate filter ''{0}'': issuer is not set, so the iss claim is not "
                    + "checked: any issuer trusted with these keys is accepted", filterName);
        }
        if (settings.audience().isEmpty()) {
            LOG.log(Level.WARNING, "JwtGate filter ''{0}'': audience is not set, so the aud claim is not "
                    + "checked: tokens meant for other services with these keys are accepted", filterName);
        }
        return core;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /** Authenticates a request (see {@link Authenticator#authenticate}) and counts its outcome. */
    public Authenticator.Outcome authenticate(Function<String, Enumeration<String>> headers, String queryString) {
        return authenticate(headers, queryString, false);
    }

    /**
     * As {@link #authenticate(Function, String)}; on an error dispatch ({@code errorDispatch})
     * nothing is refused: a request that authenticates is authenticated, and any other (no token,
     * a bad or insufficient one, keys unavailable) passes anonymously whatever the mode. The
     * request was decided on when it came in (an excluded path passes even a bad token, say, and
     * its error must reach the client as it is), or it never passed the filter (an error the
     * container raised itself): either way a 401 here would only replace the real answer.
     */
    public Authenticator.Outcome authenticate(Function<String, Enumeration<String>> headers, String queryString,
            boolean errorDispatch) {
        Authenticator.Outcome outcome = authenticator.authenticate(headers, queryString);
        if (errorDispatch && outcome.result().kind() != AuthenticationResult.Kind.AUTHENTICATED) {
            outcome = Authenticator.ANONYMOUS;
        }
        metrics.record(outcome.result());
        return outcome;
    }

    /** This filter's counters; the adapters count excluded paths here. */
    public Metrics metrics() {
        return metrics;
    }

    /** The counters as the MBean shows them. */
    public MetricsView metricsView() {
        return metricsView;
    }

    /** Whether any path is excluded at all; when not, {@link #isExcluded} is always {@code false}. */
    public boolean hasExcludedPaths() {
        return !excludedPaths.isEmpty();
    }

    /**
     * Whether the servlet of this name is a container's own static-content servlet (see
     * {@link ExcludedPaths#isStaticContentServlet}); asked of the container once per servlet name.
     * Names come from the application's configuration, never from a request, so the answers kept
     * are few; a lookup that fails is not kept, and counts as not static.
     */
    public boolean servesStaticContent(String servletName, Function<String, String> classOfServlet) {
        if (servletName == null) {
            return false;
        }
        Boolean known = staticServlets.get(servletName);
        if (known == null) {
            known = ExcludedPaths.isStaticContentServlet(classOfServlet.apply(servletName));
            if (staticServlets.size() < MAX_SERVLET_NAMES) {
                staticServlets.putIfAbsent(servletName, known);
            }
        }
        return known;
    }

    /** Whether an extension pattern is excluded, so that the adapter must say how the container mapped the request. */
    public boolean hasExtensionExclusions() {
        return excludedPaths.hasExtensionPatterns();
    }

    /** @param servedBy see {@link ExcludedPaths#matches} */
    public boolean isExcluded(String servletPath, String pathInfo, String requestUri, String contextPath,
            String servedBy) {
        return excludedPaths.matches(servletPath, pathInfo, requestUri, contextPath, servedBy);
    }

    public ErrorResponse errorResponse(AuthenticationResult result) {
        return errors.forResult(result);
    }

    /** Header names that only JwtGate may set, compared without case. */
    public Set<String> claimHeaderNames() {
        return claimHeaderNames;
    }

    /** Withdraws the metrics and stops background work; called from the filter's {@code destroy()}. */
    public void close() {
        MicrometerPresence.unbind(micrometer);
        jmx.close();
        authenticator.close();
    }

    /**
     * Logs that a refusal could not be written because the response was already committed: at most
     * once a minute, since a misordered filter chain does it on every refused request.
     */
    public void warnCommitted() {
        warnings.warn("committed", () -> "JwtGate refused a request whose response an earlier filter had "
                + "already committed; the refusal could not be written");
    }

    /**
     * Counts an unexpected failure in the filter itself and gives the response for it: a 401, never
     * a 500. (A failure after the outcome was counted, say the container throwing from
     * {@code setAttribute}, counts once more, as {@code INTERNAL_ERROR}.)
     */
    public ErrorResponse failClosed() {
        AuthenticationResult failure = AuthenticationResult.rejected(AuthenticationResult.Reason.INTERNAL_ERROR);
        metrics.record(failure);
        return errors.forResult(failure);
    }
}
