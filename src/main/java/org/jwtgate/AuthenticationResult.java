package org.jwtgate;

import java.util.Objects;

/**
 * What JwtGate decided about one request. There are always more than two answers: a request is
 * authenticated, anonymous (no token, where that is allowed), rejected (400, 401 or 403), or cannot
 * be decided right now because the keys are unavailable (503). An outage is never a bad token.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthenticationResult {

    /** The four kinds of outcome. */
    public enum Kind {
        AUTHENTICATED, ANONYMOUS, REJECTED, UNAVAILABLE
    }

    /**
     * Why a request was not authenticated. Each reason has one HTTP status, one RFC 6750 error code
     * and one fixed description: descriptions never carry anything taken from the request.
     */
    public enum Reason {
        /** No token and mode {@code required}: 401 with a bare challenge. */
        NO_TOKEN(401, null, "An access token is required."),
        INVALID_REQUEST(400, "invalid_request", "The request's credentials are malformed."),
        MULTIPLE_TOKENS(400, "invalid_request", "The request carries more than one access token."),
        TOKEN_TOO_LONG(401, "invalid_token", "The access token is too long."),
        MALFORMED_TOKEN(401, "invalid_token", "The access token is malformed."),
        UNSUPPORTED_ALGORITHM(401, "invalid_token", "The access token is signed with an algorithm that is not accepted."),
        UNSUPPORTED_CRITICAL_HEADER(401, "invalid_token", "The access token requires an extension that is not supported."),
        /** The JOSE {@code typ} is not among {@code tokenTypes}: an ID, logout or DPoP token is no access token. */
        UNACCEPTED_TOKEN_TYPE(401, "invalid_token", "The access token is not of an accepted type."),
        /** No configured key fits the token's {@code kid} and algorithm; same description as a bad signature. */
        NO_MATCHING_KEY(401, "invalid_token", "The access token signature is invalid."),
        BAD_SIGNATURE(401, "invalid_token", "The access token signature is invalid."),
        /** No {@code exp}, and {@code requireExp} is true. */
        MISSING_EXPIRY(401, "invalid_token", "The access token has no valid expiry time."),
        /** {@code exp}, {@code nbf} or {@code iat} is present but not a JSON number from 0 to 253402300799. */
        BAD_TIME_CLAIM(401, "invalid_token", "The access token has a time claim that is not a valid time."),
        EXPIRED(401, "invalid_token", "The access token has expired."),
        NOT_YET_VALID(401, "invalid_token", "The access token is not valid yet."),
        /** {@code maxTokenAge} is set and the token has no {@code iat}. */
        MISSING_ISSUED_AT(401, "invalid_token", "The access token has no issue time."),
        /** {@code iat} lies further in the past than {@code maxTokenAge} plus the leeway. */
        TOO_OLD(401, "invalid_token", "The access token was issued too long ago."),
        /** A {@code cnf} claim (DPoP, mTLS) under {@code boundTokens=reject}: its binding cannot be checked here. */
        BOUND_TOKEN(401, "invalid_token", "The access token is bound to a key and cannot be used as a bearer token."),
        BAD_ISSUER(401, "invalid_token", "The access token was issued by an issuer that is not accepted."),
        BAD_AUDIENCE(401, "invalid_token", "The access token is not intended for this audience."),
        MISSING_CLAIM(401, "invalid_token", "The access token lacks a required claim."),
        /** A claim of {@code requiredClaimValues} is absent or has none of its configured values. */
        CLAIM_VALUE_MISMATCH(401, "invalid_token", "The access token lacks a required claim value."),
        BAD_CLAIM(401, "invalid_token", "The access token has a claim of the wrong type."),
        /** The principal's claim is empty or holds only white space (or invisible formatting characters). */
        BLANK_PRINCIPAL(401, "invalid_token", "The access token names no principal."),
        /** An unexpected failure while checking the token: fails closed. */
        INTERNAL_ERROR(401, "invalid_token", "The access token is invalid."),
        MISSING_ROLE(403, "insufficient_scope", "The access token does not grant a required role."),
        MISSING_SCOPE(403, "insufficient_scope", "The access token does not grant the required scope."),
        /** An {@code accessRules} rule with {@code deny} matched: refused for everyone, token or not. */
        ACCESS_DENIED(403, "insufficient_scope", "Access to this resource is denied."),
        /** The token's {@code jti}, subject or issuer is in the revocation list ({@code revocation}). */
        REVOKED(401, "invalid_token", "The access token has been revoked."),
        KEYS_UNAVAILABLE(503, "temporarily_unavailable", "The keys to verify the access token are unavailable; retry later."),
        /**
         * The revocation list could not be read for longer than {@code revocationMaxStale}, or not yet
         * since start: no token can be known not to be revoked.
         */
        REVOCATIONS_UNAVAILABLE(503, "temporarily_unavailable", "The revocation list is unavailable; retry later.");

        private final int httpStatus;
        private final String error;
        private final String description;

        Reason(int httpStatus, String error, String description) {
            this.httpStatus = httpStatus;
            this.error = error;
            this.description = description;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** The RFC 6750 error code, or {@code null} for {@link #NO_TOKEN}. */
        public String error() {
            return error;
        }

        /** A fixed sentence, safe to show to anyone. */
        public String description() {
            return description;
        }
    }

    private static final AuthenticationResult ANONYMOUS = new AuthenticationResult(Kind.ANONYMOUS, null, null, 0);

    private final Kind kind;
    private final JwtPrincipal principal;
    private final Reason reason;
    private final long retryAfterSeconds;

    private AuthenticationResult(Kind kind, JwtPrincipal principal, Reason reason, long retryAfterSeconds) {
        this.kind = kind;
        this.principal = principal;
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static AuthenticationResult authenticated(JwtPrincipal principal) {
        return new AuthenticationResult(Kind.AUTHENTICATED, Objects.requireNonNull(principal), null, 0);
    }

    public static AuthenticationResult anonymous() {
        return ANONYMOUS;
    }

    public static AuthenticationResult rejected(Reason reason) {
        if (reason.httpStatus() == 503) {
            throw new IllegalArgumentException("an outage is unavailable(), never a rejection");
        }
        return new AuthenticationResult(Kind.REJECTED, null, reason, 0);
    }

    /** A 403: the token is valid, so the principal is known, but it lacks a role or scope. */
    public static AuthenticationResult forbidden(Reason reason, JwtPrincipal principal) {
        if (reason.httpStatus() != 403) {
            throw new IllegalArgumentException("not a 403 reason: " + reason);
        }
        return new AuthenticationResult(Kind.REJECTED, principal, reason, 0);
    }

    public static AuthenticationResult unavailable(long retryAfterSeconds) {
        return unavailable(Reason.KEYS_UNAVAILABLE, retryAfterSeconds);
    }

    /** A 503 for one of the outage reasons ({@code KEYS_UNAVAILABLE}, {@code REVOCATIONS_UNAVAILABLE}). */
    public static AuthenticationResult unavailable(Reason reason, long retryAfterSeconds) {
        if (reason.httpStatus() != 503) {
            throw new IllegalArgumentException("not an outage: " + reason);
        }
        return new AuthenticationResult(Kind.UNAVAILABLE, null, reason, Math.max(1, retryAfterSeconds));
    }

    public Kind kind() {
        return kind;
    }

    /** The principal when authenticated (or forbidden), else {@code null}. */
    public JwtPrincipal principal() {
        return principal;
    }

    /** Why the request was not authenticated; {@code null} when authenticated or anonymous. */
    public Reason reason() {
        return reason;
    }

    /** For {@link Kind#UNAVAILABLE}: the {@code Retry-After} seconds. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String toString() {
        return reason == null ? kind.name() : kind + "(" + reason + ")";
    }
}
