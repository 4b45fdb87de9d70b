package org.jwtgate.internal.metrics;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateMetricsMXBean;

/**
 * A filter's {@link Metrics} as the operators see them: the MXBean registered in JMX, and what the
 * Micrometer binding reads. Every read sums the counters afresh; nothing is cached here.
 *
 * <p>Thread-safe.
 */
public final class MetricsView implements JwtGateMetricsMXBean {

    private static final Map<String, String> DESCRIPTIONS = descriptions();

    private final Metrics metrics;
    private final LongSupplier cacheSize;
    private final Supplier<Map<String, String>> keySources;
    private final RevocationControl revocations;

    /** @param cacheSize the verified tokens cached now (0 with the cache off) */
    public MetricsView(Metrics metrics, LongSupplier cacheSize) {
        this(metrics, cacheSize, Map::of);
    }

    /** @param keySources each trusted issuer's name to its key source's {@code health()}, read afresh */
    public MetricsView(Metrics metrics, LongSupplier cacheSize, Supplier<Map<String, String>> keySources) {
        this(metrics, cacheSize, keySources, null);
    }

    /** @param revocations the revocation list, or {@code null} without {@code revocation} */
    public MetricsView(Metrics metrics, LongSupplier cacheSize, Supplier<Map<String, String>> keySources,
            RevocationControl revocations) {
        this.metrics = metrics;
        this.cacheSize = cacheSize;
        this.keySources = keySources;
        this.revocations = revocations;
    }

    @Override
    public int getRevocationListSize() {
        return revocations == null ? 0 : revocations.size();
    }

    @Override
    public long getRevocationMirrorAgeSeconds() {
        return revocations == null ? -1 : revocations.mirrorAgeSeconds();
    }

    @Override
    public long getRevocationStoreErrors() {
        return revocations == null ? 0 : revocations.storeErrors();
    }

    @Override
    public long getRevocationHits() {
        return revocations == null ? 0 : revocations.revokedHits();
    }

    @Override
    public void revokeToken(String issuer, String jti, long expiresAtEpochSeconds) throws IOException {
        revocations().revokeToken(issuer, jti, expiresAtEpochSeconds);
    }

    @Override
    public void revokeSubject(String issuer, String subject) throws IOException {
        revocations().revokeSubject(issuer, subject);
    }

    @Override
    public void revokeIssuer(String issuer) throws IOException {
        revocations().revokeIssuer(issuer);
    }

    private RevocationControl revocations() {
        if (revocations == null) {
            throw new IllegalStateException("revocation is off: set the filter's revocation init-param");
        }
        return revocations;
    }

    @Override
    public Map<String, Long> getRequestsAcceptedByIssuer() {
        return Collections.unmodifiableMap(metrics.acceptedByIssuer());
    }

    @Override
    public Map<String, Long> getRequestsRejectedByIssuer() {
        return Collections.unmodifiableMap(metrics.rejectedByIssuer());
    }

    @Override
    public Map<String, String> getKeySourceByIssuer() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(keySources.get()));
    }

    /** What an attribute (by its JMX name, {@code RequestsAccepted}) means, in one sentence. */
    static String description(String attribute) {
        return DESCRIPTIONS.getOrDefault(attribute, attribute);
    }

    @Override
    public long getRequestsAccepted() {
        return metrics.accepted();
    }

    @Override
    public long getRequestsAnonymous() {
        return metrics.anonymous();
    }

    @Override
    public long getRequestsExcluded() {
        return metrics.excluded();
    }

    @Override
    public long getRequestsPreflight() {
        return metrics.preflights();
    }

    @Override
    public long getRequestsRejected() {
        return metrics.refusedWithStatus(400) + metrics.refusedWithStatus(401) + metrics.refusedWithStatus(403);
    }

    @Override
    public long getRequestsBadRequest() {
        return metrics.refusedWithStatus(400);
    }

    @Override
    public long getRequestsUnauthorized() {
        return metrics.refusedWithStatus(401);
    }

    @Override
    public long getRequestsForbidden() {
        return metrics.refusedWithStatus(403);
    }

    @Override
    public long getRequestsUnavailable() {
        return metrics.refusedWithStatus(503);
    }

    @Override
    public Map<String, Long> getRequestsRejectedByReason() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (Reason reason : Reason.values()) {
            if (isRejection(reason)) {
                byReason.put(reason.name(), metrics.refused(reason));
            }
        }
        return Collections.unmodifiableMap(byReason);
    }

    /** Requests refused for {@code reason}, without building the map. */
    long refused(Reason reason) {
        return metrics.refused(reason);
    }

    /** The reasons {@link #getRequestsRejectedByReason()} lists: all but the 503. */
    static boolean isRejection(Reason reason) {
        return reason.httpStatus() != 503;
    }

    @Override
    public long getCacheHits() {
        return metrics.cacheHits();
    }

    @Override
    public long getCacheMisses() {
        return metrics.cacheMisses();
    }

    @Override
    public long getCacheEvictions() {
        return metrics.cacheEvictions();
    }

    @Override
    public long getCacheSize() {
        return cacheSize.getAsLong();
    }

    @Override
    public long getKeyReloads() {
        return metrics.keyReloads();
    }

    @Override
    public long getKeyReloadFailures() {
        return metrics.keyReloadFailures();
    }

    @Override
    public long getJwksFetches() {
        return metrics.jwksFetches();
    }

    @Override
    public long getJwksFetchFailures() {
        return metrics.jwksFetchFailures();
    }

    @Override
    public String getJwksLastFetch() {
        long millis = metrics.jwksLastFetchMillis();
        return millis == 0 ? "" : Instant.ofEpochMilli(millis).toString();
    }

    @Override
    public long getJwksLastFetchEpochMillis() {
        return metrics.jwksLastFetchMillis();
    }

    @Override
    public int getJwksKeys() {
        return metrics.jwksKeys();
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("RequestsAccepted", "Requests with a valid token, passed on authenticated");
        d.put("RequestsAnonymous", "Requests without a token, passed on anonymous (mode optional)");
        d.put("RequestsExcluded", "Requests to an excluded path, passed on without authentication");
        d.put("RequestsPreflight", "CORS preflights passed on without authentication (corsPreflight pass)");
        d.put("RequestsRejected", "Requests refused with 400, 401 or 403");
        d.put("RequestsBadRequest", "Requests refused with 400 invalid_request");
        d.put("RequestsUnauthorized", "Requests refused with 401: no token, or a token that is not valid");
        d.put("RequestsForbidden", "Requests refused with 403: a valid token without a required role or scope");
        d.put("RequestsUnavailable", "Requests answered 503: the keys, or the revocation list, could not be obtained");
        d.put("RequestsRejectedByReason", "Requests refused with 400, 401 or 403, by reason");
        d.put("RequestsAcceptedByIssuer", "Requests accepted, by the issuers block whose token they carried");
        d.put("RequestsRejectedByIssuer", "Requests refused (401, 403), by the issuers block their token's iss chose");
        d.put("KeySourceByIssuer", "Each trusted issuer's key source: the keys in force, or why there are none");
        d.put("RevocationListSize", "Entries in this node's copy of the revocation list");
        d.put("RevocationMirrorAgeSeconds", "Seconds since the revocation store last answered (-1: never, or off)");
        d.put("RevocationStoreErrors", "Failed reads of the revocation store");
        d.put("RevocationHits", "Requests refused because their token was revoked");
        d.put("CacheHits", "Requests answered from the verified-token cache");
        d.put("CacheMisses", "Tokens verified because the cache held no usable entry");
        d.put("CacheEvictions", "Cache entries dropped because the cache was full or they expired");
        d.put("CacheSize", "Verified tokens in the cache now");
        d.put("KeyReloads", "Checks of file: keys that put changed keys in force");
        d.put("KeyReloadFailures", "Checks of file: keys that found an unusable change; the old keys stayed");
        d.put("JwksFetches", "Successful fetches of the JWK Set");
        d.put("JwksFetchFailures", "Failed fetches of the JWK Set");
        d.put("JwksLastFetch", "When the last successful JWK Set fetch finished (ISO-8601, UTC); empty before any");
        d.put("JwksLastFetchEpochMillis", "When the last successful JWK Set fetch finished (epoch millis); 0 before any");
        d.put("JwksKeys", "Usable keys in the last JWK Set fetched");
        return Collections.unmodifiableMap(d);
    }
}
