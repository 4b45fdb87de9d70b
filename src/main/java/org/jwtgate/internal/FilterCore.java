package org.jwtgate.internal;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtGateSettings;

/**
 * Everything a filter adapter needs, built once in {@code init()}: the authenticator, the excluded
 * paths, the error responses and the header names to hide. The jakarta and javax filters are thin
 * twins over this.
 *
 * <p>Immutable and thread-safe.
 */
public final class FilterCore {

    public static final String PRINCIPAL_ATTRIBUTE = "org.jwtgate.principal";
    public static final String CLAIMS_ATTRIBUTE = "org.jwtgate.claims";
    public static final String AUTH_TYPE = "Bearer";

    private final Authenticator authenticator;
    private final ExcludedPaths excludedPaths;
    private final ErrorResponse.Catalog errors;
    private final Set<String> claimHeaderNames;

    private FilterCore(Authenticator authenticator) {
        JwtGateSettings settings = authenticator.settings();
        this.authenticator = authenticator;
        this.excludedPaths = new ExcludedPaths(settings.excludePaths());
        this.errors = new ErrorResponse.Catalog(settings);
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(settings.claimHeaders().keySet());
        this.claimHeaderNames = Collections.unmodifiableSet(names);
    }

    /**
     * Parses init-params (or takes {@code preset} settings, in which case there must be no
     * init-params), loads the keys and logs the effective settings.
     *
     * @throws org.jwtgate.JwtGateConfigurationException naming the parameter at fault
     */
    public static FilterCore create(String filterName, Map<String, String> initParameters, JwtGateSettings preset,
            Clock clock, ReferenceResolver resolver) {
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
        FilterCore core = new FilterCore(Authenticator.create(settings, resolver));
        Authenticator.LOG.log(Level.INFO, "JwtGate filter ''{0}'' protects this application: {1}", filterName,
                settings);
        if (settings.issuers().isEmpty()) {
            Authenticator.LOG.log(Level.WARNING, "JwtGate filter ''{0}'': issuer is not set, so the iss claim is not "
                    + "checked: any issuer trusted with these keys is accepted", filterName);
        }
        if (settings.audiences().isEmpty()) {
            Authenticator.LOG.log(Level.WARNING, "JwtGate filter ''{0}'': audience is not set, so the aud claim is not "
                    + "checked: tokens meant for other services with these keys are accepted", filterName);
        }
        return core;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public boolean isExcluded(String servletPath, String pathInfo, String requestUri, String contextPath) {
        return excludedPaths.matches(servletPath, pathInfo, requestUri, contextPath);
    }

    public ErrorResponse errorResponse(AuthenticationResult result) {
        return errors.forResult(result);
    }

    /** Header names that only JwtGate may set, compared without case. */
    public Set<String> claimHeaderNames() {
        return claimHeaderNames;
    }

    /** Stops background work; called from the filter's {@code destroy()}. */
    public void close() {
        authenticator.close();
    }

    /** Logs that a refusal could not be written because the response was already committed. */
    public static void warnCommitted() {
        Authenticator.LOG.log(Level.WARNING, "JwtGate refused a request whose response an earlier filter had "
                + "already committed; the refusal could not be written");
    }

    /** The response for an unexpected failure in the filter itself: a 401, never a 500. */
    public ErrorResponse internalError() {
        return errors.forResult(AuthenticationResult.rejected(AuthenticationResult.Reason.INTERNAL_ERROR));
    }
}
