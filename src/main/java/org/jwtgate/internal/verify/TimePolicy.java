package org.jwtgate.internal.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.jose.TokenRejection;

/**
 * The time claims: {@code exp}, {@code nbf} and {@code iat} with leeway, and the age by {@code iat}
 * under {@code maxTokenAge}. The leeway is applied here and nowhere else: the answer is the first
 * millisecond the token is no longer good, which a cache hit compares with the clock as it is.
 *
 * <p>Immutable and thread-safe.
 */
final class TimePolicy {

    /** The latest NumericDate accepted, 9999-12-31T23:59:59Z: later is a malformed time, not a long life. */
    static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    /** Marks a time claim the token does not have; every valid time is 0 or more. */
    private static final long ABSENT = Long.MIN_VALUE;

    private final long leewayMillis;
    /** maxTokenAge in millis, -1 for none. */
    private final long maxAgeMillis;
    private final boolean requireExp;

    /**
     * @param leeway      clock skew allowed on each of the three claims
     * @param maxTokenAge the oldest {@code iat} accepted, or {@code null} for no limit (and no need of {@code iat})
     * @param requireExp  whether a token without {@code exp} is refused
     */
    TimePolicy(Duration leeway, Duration maxTokenAge, boolean requireExp) {
        this.leewayMillis = leeway.toMillis();
        this.maxAgeMillis = maxTokenAge == null ? -1 : maxTokenAge.toMillis();
        this.requireExp = requireExp;
    }

    /**
     * Checks exp, nbf and iat with leeway, and the age by iat. The first millisecond the token is no
     * longer good is exp + leeway or, under maxTokenAge, the one after iat + maxTokenAge + leeway,
     * whichever comes first: a cached token is never served past either.
     *
     * @return that first millisecond, or {@link Long#MAX_VALUE} for a token good for ever
     */
    long acceptUntilMillis(Map<String, Object> claims, long nowMillis) throws TokenRejection {
        long exp = numericDateMillis(claims, "exp");
        long nbf = numericDateMillis(claims, "nbf");
        long iat = numericDateMillis(claims, "iat");
        // Valid times are bounded (MAX_NUMERIC_DATE), so none of the sums below can overflow.
        long acceptUntil = Long.MAX_VALUE;
        if (exp != ABSENT) {
            acceptUntil = exp + leewayMillis;
            if (nowMillis >= acceptUntil) {
                throw new TokenRejection(Reason.EXPIRED);
            }
        } else if (requireExp) {
            throw new TokenRejection(Reason.MISSING_EXPIRY);
        }
        if (nbf != ABSENT && nowMillis + leewayMillis < nbf) {
            throw new TokenRejection(Reason.NOT_YET_VALID);
        }
        if (iat != ABSENT && iat > nowMillis + leewayMillis) {
            throw new TokenRejection(Reason.NOT_YET_VALID);
        }
        if (maxAgeMillis >= 0) {
            if (iat == ABSENT) {
                throw new TokenRejection(Reason.MISSING_ISSUED_AT);
            }
            // An iat ahead of now (within the leeway, else refused above) is an age of 0: no special case.
            long tooOldFrom = iat + maxAgeMillis + leewayMillis + 1;
            if (nowMillis >= tooOldFrom) {
                throw new TokenRejection(Reason.TOO_OLD);
            }
            acceptUntil = Math.min(acceptUntil, tooOldFrom);
        }
        return acceptUntil;
    }

    /**
     * The token's {@code exp} as the principal shows it (no leeway), or {@code null} when it has
     * none. Read again rather than carried out of {@link #acceptUntilMillis}, whose one answer is
     * a primitive: a miss allocates no holder for the two.
     *
     * @throws TokenRejection only for claims that {@link #acceptUntilMillis} has not accepted
     */
    static Instant expiresAt(Map<String, Object> claims) throws TokenRejection {
        long exp = numericDateMillis(claims, "exp");
        return exp == ABSENT ? null : Instant.ofEpochMilli(exp);
    }

    /**
     * A NumericDate claim (seconds, possibly fractional) as epoch millis, or {@link #ABSENT}. A
     * present claim must be a JSON number from 0 to {@link #MAX_NUMERIC_DATE}: {@code null} is not a
     * time (it is not "never"), and neither is a year beyond 9999 or before 1970.
     */
    private static long numericDateMillis(Map<String, Object> claims, String name) throws TokenRejection {
        Object value = claims.get(name);
        if (value instanceof Long) {
            long seconds = (Long) value;
            if (seconds >= 0 && seconds <= MAX_NUMERIC_DATE) {
                return seconds * 1000;
            }
        } else if (value instanceof Double) {
            double seconds = (Double) value;
            if (seconds >= 0 && seconds <= MAX_NUMERIC_DATE) { // false for NaN too
                return (long) Math.floor(seconds * 1000);
            }
        } else if (value == null && !claims.containsKey(name)) {
            return ABSENT;
        }
        throw new TokenRejection(Reason.BAD_TIME_CLAIM);
    }
}
