package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

class AuthenticatorTest {

    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();

    private Authenticator authenticator(Map<String, String> extra) {
        Map<String, String> params = new HashMap<>();
        params.put("algorithms", "HS256");
        params.put("secret", "env:SECRET");
        params.put("secretEncoding", "base64");
        params.put("issuer", Tokens.ISSUER);
        params.put("audience", Tokens.AUDIENCE);
        params.putAll(extra);
        // The secret by either reference: env: is loaded once, sysprop: reloaded every keysReloadInterval.
        UnaryOperator<String> secretNamedSecret = name -> name.equals("SECRET")
                ? Base64.getEncoder().encodeToString(secret) : null;
        ReferenceResolver resolver = new ReferenceResolver(secretNamedSecret, secretNamedSecret);
        JwtGateSettings settings = InitParameters.parse(params, resolver, clock);
        return Authenticator.create(settings, resolver);
    }

    private static Function<String, Enumeration<String>> bearer(String token) {
        return name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration();
    }

    @Test
    void authenticate_validToken_authenticatesWithPrincipal() {
        AuthenticationResult result = authenticator(Map.of()).authenticate(bearer(Tokens.hs256(secret).sign()), null).result();
        assertEquals(Kind.AUTHENTICATED, result.kind());
        assertEquals("alice", result.principal().getName());
        assertEquals(Tokens.NOW.getEpochSecond() + 3600, result.principal().getClaims().get("exp"));
    }

    /**
     * Issue 19: a reading of the clock costs about 35 ns, a fifth or more of a cache hit. The key
     * source (here one that reloads the secret on a schedule) and the cache's expiry take the
     * request's one reading; they read the clock themselves too, each, without it.
     */
    @Test
    void authenticate_cacheHitWithReloadingKeys_readsTheClockOnce() {
        Authenticator authenticator = authenticator(Map.of("secret", "sysprop:SECRET", "keysReloadInterval", "1s"));
        Function<String, Enumeration<String>> request = bearer(Tokens.hs256(secret).sign());
        assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(request, null).result().kind());
        for (int hit = 0; hit < 3; hit++) {
            clock.advance(Duration.ofSeconds(2)); // past the reload interval too: the check is due, and done
            long before = clock.reads();
            assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(request, null).result().kind());
            assertEquals(1, clock.reads() - before, "clock readings on a cache hit");
        }
    }

    @Test
    void authenticate_expiredToken_rejectedAsExpired() {
        String token = Tokens.hs256(secret).expiresAt(Tokens.NOW.minusSeconds(31)).sign();
        assertEquals(Reason.EXPIRED, authenticator(Map.of()).authenticate(bearer(token), null).result().reason());
    }

    @Test
    void authenticate_noToken_requiredMode_noTokenReason() {
        AuthenticationResult result = authenticator(Map.of()).authenticate(name -> Collections.emptyEnumeration(), null).result();
        assertEquals(Reason.NO_TOKEN, result.reason());
        assertNull(result.principal());
    }

    @Test
    void authenticate_noToken_optionalMode_anonymous() {
        AuthenticationResult result = authenticator(Map.of("mode", "optional"))
                .authenticate(name -> Collections.emptyEnumeration(), null).result();
        assertEquals(Kind.ANONYMOUS, result.kind());
    }

    @Test
    void authenticate_missingRole_forbidden() {
        String token = Tokens.hs256(secret).roles(List.of("user")).sign();
        AuthenticationResult result = authenticator(Map.of("requiredRoles", "admin")).authenticate(bearer(token), null).result();
        assertEquals(Reason.MISSING_ROLE, result.reason());
        assertTrue(result.principal().hasRole("user"));
    }

    // --- the cached hit path keyed by the Authorization header value ---

    private static Function<String, Enumeration<String>> headers(Map<String, List<String>> values) {
        return name -> Collections.enumeration(values.getOrDefault(name, List.of()));
    }

    @Test
    void authenticate_cachedHeaderThenSecondAuthorizationHeader_stillInvalidRequest() {
        Authenticator authenticator = authenticator(Map.of());
        String token = Tokens.hs256(secret).sign();
        assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(bearer(token), null).result().kind());
        AuthenticationResult twice = authenticator.authenticate(headers(Map.of("Authorization",
                List.of("Bearer " + token, "Bearer " + token))), null).result();
        assertEquals(Reason.INVALID_REQUEST, twice.reason());
    }

    @Test
    void authenticate_cachedHeaderPlusTokenCookie_stillMultipleTokens() {
        Authenticator authenticator = authenticator(Map.of("tokenCookie", "jwt"));
        String token = Tokens.hs256(secret).sign();
        assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(bearer(token), null).result().kind());
        AuthenticationResult both = authenticator.authenticate(headers(Map.of("Authorization",
                List.of("Bearer " + token), "Cookie", List.of("jwt=" + token))), null).result();
        assertEquals(Reason.MULTIPLE_TOKENS, both.reason());
    }

    @Test
    void authenticate_cachedHeaderPlusQueryToken_stillMultipleTokens() {
        Authenticator authenticator = authenticator(Map.of("allowQueryParameter", "true"));
        String token = Tokens.hs256(secret).sign();
        assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(bearer(token), null).result().kind());
        assertEquals(Reason.MULTIPLE_TOKENS,
                authenticator.authenticate(bearer(token), "access_token=" + token).result().reason());
        assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(bearer(token), "page=2").result().kind());
    }

    @Test
    void authenticate_cachedTokenWithTrailingData_stillInvalidRequest() {
        Authenticator authenticator = authenticator(Map.of());
        String token = Tokens.hs256(secret).sign();
        authenticator.authenticate(bearer(token), null);
        AuthenticationResult trailing = authenticator.authenticate(headers(Map.of("Authorization",
                List.of("Bearer " + token + " x"))), null).result();
        assertEquals(Reason.INVALID_REQUEST, trailing.reason());
    }

    @Test
    void authenticate_sameTokenSpelledWithOtherSchemeCase_sharesTheCanonicalEntry() {
        Authenticator authenticator = authenticator(Map.of());
        String token = Tokens.hs256(secret).sign();
        assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(headers(Map.of("Authorization",
                List.of("bearer  " + token))), null).result().kind());
        assertEquals(Kind.AUTHENTICATED, authenticator.authenticate(bearer(token), null).result().kind());
        assertEquals(1, authenticator.verifications(), "another spelling of one token is the same entry (issue 13)");
        assertEquals(1, authenticator.cachedTokens());
    }

    @Test
    void authenticate_tokensSharingTheHashedTail_neverShareAnEntry() {
        Authenticator authenticator = authenticator(Map.of());
        String[] parts = Tokens.hs256(secret).sign().split("\\.");
        String forged = Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"x\":1}") + "." + parts[1] + "." + parts[2];
        authenticator.authenticate(bearer(parts[0] + "." + parts[1] + "." + parts[2]), null);
        // Same length class, same signature tail: only whole-text equality separates them.
        assertEquals(Reason.BAD_SIGNATURE, authenticator.authenticate(bearer(forged), null).result().reason());
    }
}
