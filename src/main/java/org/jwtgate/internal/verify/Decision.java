package org.jwtgate.internal.verify;

import java.util.Map;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.request.ErrorResponse;

/**
 * What one request gets, as one value: proceed as the token's principal with its claim headers,
 * proceed anonymously, or be refused for a {@link Reason} (whose response every filter builds once
 * at start, so a refusal needs nothing more than its reason, and {@code Retry-After} for an outage).
 * A verified token holds its decision prebuilt, so a cache hit allocates none.
 *
 * <p>Thread-safe. Immutable but for {@link #ruleVerdicts()}, a memo the gate keeps in a verified
 * token's decision: what it holds is derived from what is immutable here, so a lost or late write
 * only means working it out again.
 */
public final class Decision {

    /** No principal: no token in mode {@code optional}, an excluded path, an error dispatch. */
    public static final Decision ANONYMOUS = new Decision(AuthenticationResult.anonymous(), Map.of());

    private final AuthenticationResult result;
    private final Map<String, String> claimHeaders;
    private final int issuerBlock;
    /** An access rule's own prebuilt response, or {@code null}: the catalog's for the reason. */
    private final ErrorResponse response;
    /** The token's own authentication, before the filter-wide required roles and scopes; see {@link #tokenAlone()}. */
    private final Decision tokenAlone;
    /**
     * The gate's memo of the access rules' verdicts on this token's roles and scopes (see
     * {@link #ruleVerdicts()}); {@code null} until a rule is checked. A plain field: its value is
     * an immutable holder, so a thread sees none, or one complete.
     */
    private Object ruleVerdicts;

    Decision(AuthenticationResult result, Map<String, String> claimHeaders) {
        this(result, claimHeaders, -1);
    }

    Decision(AuthenticationResult result, Map<String, String> claimHeaders, int issuerBlock) {
        this.result = result;
        this.claimHeaders = claimHeaders;
        this.issuerBlock = issuerBlock;
        this.response = null;
        if (result.kind() == Kind.AUTHENTICATED) {
            this.tokenAlone = this;
        } else if (result.principal() != null) {
            // A 403 of requiredRoles/requiredScopes: the token itself is good, and an access rule
            // that matches decides without those settings. Built once, with the cached entry.
            this.tokenAlone = new Decision(AuthenticationResult.authenticated(result.principal()), claimHeaders,
                    issuerBlock);
        } else {
            this.tokenAlone = null;
        }
    }

    private Decision(AuthenticationResult result, ErrorResponse response) {
        this.result = result;
        this.claimHeaders = Map.of();
        this.issuerBlock = -1;
        this.response = response;
        this.tokenAlone = null;
    }

    /**
     * An access rule's 403, built once at start with its own response ({@code scope} naming what the
     * rule asks for); it carries no principal, so that refusing a token allocates nothing.
     */
    public static Decision refusedByRule(Reason reason, ErrorResponse response) {
        return new Decision(AuthenticationResult.rejected(reason), response);
    }

    /** A refusal for {@code reason}, with no claim headers. */
    public static Decision rejected(Reason reason) {
        return new Decision(AuthenticationResult.rejected(reason), Map.of());
    }

    /** A 503: the keys cannot be obtained now. */
    static Decision unavailable(long retryAfterSeconds) {
        return new Decision(AuthenticationResult.unavailable(retryAfterSeconds), Map.of());
    }

    /** A 503: the revocation list is too old to say whether any token is revoked. */
    static Decision revocationsUnavailable(long retryAfterSeconds) {
        return new Decision(AuthenticationResult.unavailable(Reason.REVOCATIONS_UNAVAILABLE, retryAfterSeconds), Map.of());
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

    /**
     * The response to write for this refusal when it is not the one every refusal for its reason
     * gets (an access rule's 403), else {@code null}.
     */
    public ErrorResponse response() {
        return response;
    }

    /**
     * The decision the token earns by itself, before the filter-wide {@code requiredRoles} and
     * {@code requiredScopes}: this one when authenticated, the authenticated twin of their 403
     * (the same principal and claim headers, built with it), {@code null} for anything without a
     * valid token. An access rule that matches a request decides alone, from this.
     */
    public Decision tokenAlone() {
        return tokenAlone;
    }

    /**
     * The gate's memo for a verified token's decision ({@link #tokenAlone()}): the access rules'
     * verdicts on its roles and scopes, which are the token's and never change, so that a cache hit
     * need not check them again. Opaque here; {@code null} until the gate keeps one.
     */
    public Object ruleVerdicts() {
        return ruleVerdicts;
    }

    /** Keeps the gate's memo (see {@link #ruleVerdicts()}), replacing any other. */
    public void keepRuleVerdicts(Object verdicts) {
        this.ruleVerdicts = verdicts;
    }

    /** The {@code Retry-After} of a refusal, in seconds; 0 for none. */
    public long retryAfterSeconds() {
        return result.retryAfterSeconds();
    }
}
