package org.jwtgate;

import java.io.IOException;
import java.util.Map;

/**
 * The management interface of one running JwtGate filter: what it counted since it started.
 * Each filter instance registers one in the platform MBeanServer while it runs, named
 * {@code org.jwtgate:type=JwtAuthenticationFilter,context=<context path>,filter=<filter name>}
 * (the README's "Metrics (JMX)" section has the details and what each attribute means).
 *
 * <p>Operators and monitoring tools read these attributes by name (jconsole, a JMX exporter), and
 * an application may read them through {@code JMX.newMXBeanProxy}; it is an MXBean, so every value
 * is a plain open type and no JwtGate class is needed to read it. All attributes are read-only.
 * Counters only grow, and start from zero when the filter starts (a redeploy starts again).
 * Attributes may be added in later releases: do not implement this interface.
 */
public interface JwtGateMetricsMXBean {

    /** Requests that carried a valid token and were passed on authenticated. */
    long getRequestsAccepted();

    /** Requests without a token passed on anonymous (mode {@code optional}). */
    long getRequestsAnonymous();

    /** Requests to an excluded path, passed on without authentication. */
    long getRequestsExcluded();

    /**
     * CORS preflights ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method},
     * no {@code Authorization}) passed on without authentication, with {@code corsPreflight=pass}.
     */
    long getRequestsPreflight();

    /** Requests refused with 400, 401 or 403: the sum of {@link #getRequestsRejectedByReason()}. */
    long getRequestsRejected();

    /** Requests refused with 400 {@code invalid_request}. */
    long getRequestsBadRequest();

    /** Requests refused with 401: no token, or a token that is not valid. */
    long getRequestsUnauthorized();

    /** Requests refused with 403: a valid token without a required role or scope. */
    long getRequestsForbidden();

    /**
     * Requests answered 503 because the keys could not be obtained (JWK Set unreachable), or the
     * revocation list could not be read for longer than {@code revocationMaxStale}.
     */
    long getRequestsUnavailable();

    /**
     * Requests refused with 400, 401 or 403, by reason (the names of
     * {@link AuthenticationResult.Reason}, as the DEBUG log shows them); every reason is present,
     * with 0 when it never happened.
     */
    Map<String, Long> getRequestsRejectedByReason();

    /**
     * With {@code issuers}: block name to the requests whose token that block verified and that were
     * accepted; empty without blocks.
     */
    Map<String, Long> getRequestsAcceptedByIssuer();

    /**
     * With {@code issuers}: block name to the requests whose token chose that block by its
     * {@code iss} and was refused (401, or 403 for a missing role or scope); empty without blocks. A
     * token whose {@code iss} names no block counts only in the totals, as {@code BAD_ISSUER}.
     */
    Map<String, Long> getRequestsRejectedByIssuer();

    /**
     * Trusted-issuer block name ({@code default} without {@code issuers}) to the health of its key
     * source: the keys in force, or why there are none (for example a JWK Set or metadata fetch
     * failing).
     */
    Map<String, String> getKeySourceByIssuer();

    /** Requests answered from the verified-token cache, without verifying the token again. */
    long getCacheHits();

    /** Tokens verified because the cache held no usable entry for them (0 with the cache off). */
    long getCacheMisses();

    /** Entries the cache dropped because it was full or they expired. */
    long getCacheEvictions();

    /** Verified tokens the cache holds now. */
    long getCacheSize();

    /** Checks of {@code file:} keys that found a change and put the new keys in force. */
    long getKeyReloads();

    /** Checks of {@code file:} keys that found a change they could not use; the old keys stayed. */
    long getKeyReloadFailures();

    /** Successful fetches of the JWK Set at {@code jwksUri}. */
    long getJwksFetches();

    /** Failed fetches of the JWK Set (unreachable, timeout, bad status or body, no usable key). */
    long getJwksFetchFailures();

    /** When the last successful JWK Set fetch finished, ISO-8601 in UTC; empty before any. */
    String getJwksLastFetch();

    /** The same moment in milliseconds since the epoch; 0 before any. */
    long getJwksLastFetchEpochMillis();

    /** Usable keys in the last JWK Set fetched; 0 before any. */
    int getJwksKeys();

    /** Entries in this node's copy of the revocation list (token ids, subjects and issuers); 0 without {@code revocation}. */
    int getRevocationListSize();

    /**
     * Seconds since the revocation store last answered: past {@code revocationMaxStale}, every
     * request gets 503. -1 before the first answer, and without {@code revocation}.
     */
    long getRevocationMirrorAgeSeconds();

    /** Failed reads of the revocation store (each also a rate-limited WARN). */
    long getRevocationStoreErrors();

    /** Requests refused because their token was revoked (also counted as {@code REVOKED} by reason). */
    long getRevocationHits();

    /**
     * Revokes one token, by its issuer and {@code jti}, on every node: the entry is stored, applied on
     * this node at once, and on the others within {@code revocationRefreshInterval}.
     *
     * @param expiresAtEpochSeconds the token's {@code exp}: the entry is dropped once the token has expired
     * @throws IOException when the store cannot take it: nothing was revoked
     * @throws IllegalStateException without {@code revocation}
     * @throws IllegalArgumentException for an empty issuer or jti, or a token expired for longer than the
     *         longest leeway (300 s)
     */
    void revokeToken(String issuer, String jti, long expiresAtEpochSeconds) throws IOException;

    /** Revokes every token of the issuer's subject ({@code sub}) issued up to now, on every node. */
    void revokeSubject(String issuer, String subject) throws IOException;

    /** Revokes every token of the issuer issued up to now, on every node (after rotating a leaked key). */
    void revokeIssuer(String issuer) throws IOException;
}
