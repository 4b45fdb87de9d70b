package org.jwtgate.internal.verify;

import java.util.Map;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.VerificationKey;
import org.jwtgate.internal.revoke.RevocationKeys;
import org.jwtgate.internal.revoke.Revocations;

/**
 * A token whose signature and claims passed, with everything a later request needs precomputed:
 * the result to return, the claim headers, and until when and under which key it stays good.
 *
 * <p>Thread-safe. Immutable but for {@link #recordedAtMillis}, the cache's note of when a hit on it
 * was last shown to the eviction policy, which decides nothing about acceptance.
 */
final class VerifiedToken {

    private final AuthenticationResult result;
    private final Map<String, String> claimHeaders;
    private final long acceptUntilMillis;
    private final VerificationKey key;
    private final KeySet verifiedUnder;
    /** Its issuer's keys, for a hit with several issuers, where the request cannot read them beforehand. */
    private final KeySource source;
    private final Decision decision;
    /** What the revocation list is looked up by ({@link RevocationKeys}); {@link RevocationKeys#NONE} without revocation. */
    final long revocationToken;
    final long revocationSubject;
    final long revocationIssuer;
    /** The token's {@code iat} in epoch seconds, or {@link Revocations#NO_ISSUED_AT}. */
    final long issuedAt;
    /**
     * {@link VerifiedTokenCache}'s bookkeeping: when a hit on this entry was last recorded (epoch
     * millis; 0 until the first). A plain field: a lost or stale write only records one read more
     * or fewer, and it is written at most about once a second, so threads sharing a hot entry do
     * not pass its cache line back and forth.
     */
    long recordedAtMillis;

    VerifiedToken(AuthenticationResult result, Map<String, String> claimHeaders, long acceptUntilMillis,
            VerificationKey key, KeySet verifiedUnder) {
        this(result, claimHeaders, acceptUntilMillis, key, verifiedUnder, null, -1);
    }

    /**
     * @param source      the keys of the issuer that verified it
     * @param issuerBlock that issuer's {@code issuers} block index, or -1 without blocks
     */
    VerifiedToken(AuthenticationResult result, Map<String, String> claimHeaders, long acceptUntilMillis,
            VerificationKey key, KeySet verifiedUnder, KeySource source, int issuerBlock) {
        this(result, claimHeaders, acceptUntilMillis, key, verifiedUnder, source, issuerBlock, null);
    }

    /** @param payload the token's claims, for the revocation keys; {@code null} without revocation */
    VerifiedToken(AuthenticationResult result, Map<String, String> claimHeaders, long acceptUntilMillis,
            VerificationKey key, KeySet verifiedUnder, KeySource source, int issuerBlock, Map<String, Object> payload) {
        if (payload == null) {
            this.revocationToken = RevocationKeys.NONE;
            this.revocationSubject = RevocationKeys.NONE;
            this.revocationIssuer = RevocationKeys.NONE;
            this.issuedAt = Revocations.NO_ISSUED_AT;
        } else {
            String issuer = text(payload.get("iss"));
            this.revocationToken = RevocationKeys.token(issuer, text(payload.get("jti")));
            this.revocationSubject = RevocationKeys.subject(issuer, text(payload.get("sub")));
            this.revocationIssuer = RevocationKeys.issuer(issuer);
            Object iat = payload.get("iat");
            // TimePolicy has checked that a present iat is a number from 0 to 253402300799.
            this.issuedAt = iat instanceof Number ? (long) Math.floor(((Number) iat).doubleValue()) : Revocations.NO_ISSUED_AT;
        }
        this.result = result;
        this.claimHeaders = claimHeaders;
        this.acceptUntilMillis = acceptUntilMillis;
        this.key = key;
        this.verifiedUnder = verifiedUnder;
        this.source = source;
        this.decision = new Decision(result, claimHeaders, issuerBlock);
    }

    private static String text(Object claim) {
        return claim instanceof String ? (String) claim : null;
    }

    /** {@link Revocations#status} for this token at {@code nowMillis}. */
    int revocationStatus(Revocations revocations, long nowMillis) {
        return revocations.status(revocationToken, revocationSubject, revocationIssuer, issuedAt, nowMillis);
    }

    /** What every request with this token gets, built once: a cache hit allocates no decision. */
    Decision decision() {
        return decision;
    }

    /** Authenticated, or a 403 when a required role or scope is missing. */
    public AuthenticationResult result() {
        return result;
    }

    public JwtPrincipal principal() {
        return result.principal();
    }

    /** Configured header name to value, case-insensitive; absent claims are absent. */
    public Map<String, String> claimHeaders() {
        return claimHeaders;
    }

    /** The first instant (epoch millis) at which the token is no longer acceptable: {@code exp} + leeway. */
    public long acceptUntilMillis() {
        return acceptUntilMillis;
    }

    public VerificationKey key() {
        return key;
    }

    /**
     * Whether the token is still acceptable at {@code nowMillis} under {@code keys}: the very set
     * it was verified under (an identity check: sets from different sources can never be taken for
     * one another), or any set that still holds the very key that verified it.
     */
    boolean isValid(long nowMillis, KeySet keys) {
        return nowMillis < acceptUntilMillis && (keys == verifiedUnder || keys.contains(key));
    }

    /**
     * The keys to judge this token by: {@code requestKeys}, as the request read them once, or, with
     * several issuers ({@code null} there: a request cannot know its issuer before its entry is
     * found), the current keys of the issuer that verified it. Only that issuer's keys count, so an
     * outage of another issuer's source never touches this token. Those are read at {@code nowMillis},
     * the request's reading of the clock, which is not read again.
     */
    KeySet keysFor(KeySet requestKeys, long nowMillis) throws KeysUnavailableException {
        return requestKeys != null ? requestKeys : source.keys(nowMillis);
    }
}
