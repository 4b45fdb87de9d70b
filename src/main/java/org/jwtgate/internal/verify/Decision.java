package org.jwtgate.internal.verify;

import java.util.Map;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;

/**
 * What one request gets, as one value: proceed as the token's principal with its claim headers,
 * proceed anonymously, or be refused for a {@link Reason} (whose response every filter builds once
 * at start, so a refusal needs nothing more than its reason, and {@code Retry-After} for an outage).
 * A verified token holds its decision prebuilt, so a cache hit allocates none.
 *
 * <p>Immutable and thread-safe.
 */
public final class Decision {

    /** No principal: no token in mode {@code optional}, an excluded path, an error dispatch. */
    public static final Decision ANONYMOUS = new Decision(AuthenticationResult.anonymous(), Map.of());

    private final AuthenticationResult result;
    private final Map<String, String> claimHeaders;
    private final int issuerBlock;

    Decision(AuthenticationResult result, Map<String, String> claimHeaders) {
        this(result, claimHeaders, -1);
    }

    Decision(AuthenticationResult result, Map<String, String> claimHeaders, int issuerBlock) {
        this.result = result;
        this.claimHeaders = claimHeaders;
        this.issuerBlock = issuerBlock;
    }

    /** A refusal for {@code reason}, with no claim headers. */
    public static Decision rejected(Reason reason) {
        return new Decision(AuthenticationResult.rejected(reason), Map.of());
    }

    /** A 503: the keys cannot be obtained now. */
    static Decision unavailable(long retryAfterSeconds) {
        return new Decision(AuthenticationResult.unavailable(retryAfterSeconds), Map.of());
    }

    /** The outcome as the API and the metrics name it. */
    public AuthenticationResult result() {
        return result;
    }

    /** Whether the request proceeds as {@link #principal()}. */
    public boolean isAuthenticated() {
        return result.kind() == Kind.AUTHENTICATED;
    }

    /** Whether the request proceeds with no principal. */
    public boolean isAnonymous() {
        return result.kind() == Kind.ANONYMOUS;
    }

    /** The token's identity when authenticated (and for a 403); otherwise {@code null}. */
    public JwtPrincipal principal() {
        return result.principal();
    }

    /** Header name (case-insensitive) to value for the application; empty unless authenticated. */
    public Map<String, String> claimHeaders() {
        return claimHeaders;
    }

    /**
     * For a verified token (accepted, or a 403), the index of the {@code issuers} block that verified
     * it, in the order of {@code JwtGateSettings.trustedIssuers()}; -1 without blocks, and for any
     * other decision.
     */
    public int issuerBlock() {
        return issuerBlock;
    }

    /** The {@code Retry-After} of a refusal, in seconds; 0 for none. */
    public long retryAfterSeconds() {
        return result.retryAfterSeconds();
    }
}
