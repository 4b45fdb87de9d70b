package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * Revocation as a request meets it: checked after the cache, so a cached token is refused the
 * moment its revocation is in the node's list; cut-offs by {@code iat}; the 503 once the list is
 * too old. The background thread is kept out of the way (an hour's interval): each read of the
 * store is the test's {@code syncNow()}.
 */
class AuthenticatorRevocationTest {

    @TempDir
    Path dir;
    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private Authenticator authenticator;

    @AfterEach
    void close() {
        if (authenticator != null) {
            authenticator.close();
        }
    }

    private Authenticator authenticator(Map<String, String> extra) {
        Map<String, String> params = new HashMap<>();
        params.put("algorithms", "HS256");
        params.put("secret", "env:SECRET");
        params.put("secretEncoding", "base64");
        params.put("issuer", Tokens.ISSUER);
        params.put("audience", Tokens.AUDIENCE);
        params.put("revocation", "file:" + dir.resolve("revoked.txt"));
        params.put("revocationRefreshInterval", "1h");
        params.put("revocationMaxStale", "2h");
        params.putAll(extra);
        ReferenceResolver resolver = new ReferenceResolver(
                name -> name.equals("SECRET") ? Base64.getEncoder().encodeToString(secret) : null, name -> null);
        authenticator = Authenticator.create(InitParameters.parse(params, resolver, clock), resolver);
        return authenticator;
    }

    private static Function<String, Enumeration<String>> bearer(String token) {
        return name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration();
    }

    private AuthenticationResult present(String token) {
        return authenticator.authenticate(bearer(token), null).result();
    }

    private long now() {
        return clock.millis() / 1000;
    }

    @Test
    void authenticate_cachedTokenRevokedByJti_refusedAtOnce_withoutVerifyingAgain() throws IOException {
        authenticator(Map.of());
        String token = Tokens.hs256(secret).claim("jti", "t-1").sign();
        String other = Tokens.hs256(secret).claim("jti", "t-2").sign();
        assertEquals(Kind.AUTHENTICATED, present(token).kind());
        assertEquals(Kind.AUTHENTICATED, present(other).kind());

        authenticator.revocations().revokeToken(Tokens.ISSUER, "t-1", now() + 3600);

        AuthenticationResult refused = present(token);
        assertEquals(Reason.REVOKED, refused.reason());
        assertEquals(401, refused.reason().httpStatus());
        assertNull(refused.principal());
        assertEquals(Kind.AUTHENTICATED, present(other).kind(), "another jti stays accepted");
        assertEquals(2, authenticator.verifications(), "the refusal was a cache hit");
    }

    @Test
    void authenticate_subjectCutoff_earlierTokensAndTokensWithoutIatRefused_laterOnesAccepted() throws IOException {
        authenticator(Map.of());
        String before = Tokens.hs256(secret).issuedAt(clock.instant().minusSeconds(60)).sign();
        String noIat = Tokens.hs256(secret).without("iat").sign();
        String bob = Tokens.hs256(secret).subject("bob").issuedAt(clock.instant().minusSeconds(60)).sign();
        authenticator.revocations().revokeSubject(Tokens.ISSUER, "alice");
        clock.advance(Duration.ofSeconds(1));
        String after = Tokens.hs256(secret).issuedAt(clock.instant()).sign();

        assertEquals(Reason.REVOKED, present(before).reason());
        assertEquals(Reason.REVOKED, present(noIat).reason(), "without iat, under a cut-off");
        assertEquals(Kind.AUTHENTICATED, present(after).kind(), "a token issued after the cut-off");
        assertEquals(Kind.AUTHENTICATED, present(bob).kind(), "another subject");
    }

    @Test
    void authenticate_issuerCutoff_writtenByAnotherNode_refusedAfterTheNextRead() throws IOException {
        authenticator(Map.of());
        String token = Tokens.hs256(secret).issuedAt(clock.instant().minusSeconds(5)).sign();
        assertEquals(Kind.AUTHENTICATED, present(token).kind());
        Files.writeString(dir.resolve("revoked.txt"), "issuer " + Tokens.ISSUER + " " + now() + "\n");

        assertEquals(Kind.AUTHENTICATED, present(token).kind(), "not read yet");
        authenticator.revocations().syncNow();
        assertEquals(Reason.REVOKED, present(token).reason());
    }

    @Test
    void authenticate_listOlderThanMaxStale_503WithRetryAfter_neverTheTokensOwnAnswer() throws IOException {
        authenticator(Map.of("revocationRefreshInterval", "7", "revocationMaxStale", "60"));
        String token = Tokens.hs256(secret).sign();
        assertEquals(Kind.AUTHENTICATED, present(token).kind());
        Files.writeString(dir.resolve("revoked.txt"), "not a revocation line\n");
        authenticator.revocations().syncNow();
        clock.advance(Duration.ofSeconds(61));

        AuthenticationResult result = present(token);
        assertEquals(Kind.UNAVAILABLE, result.kind());
        assertEquals(Reason.REVOCATIONS_UNAVAILABLE, result.reason());
        assertEquals(7, result.retryAfterSeconds());
        assertEquals(Kind.REJECTED, present("not-even-a-token.x.y").kind(), "a bad token is still a 401 of its own");

        Files.writeString(dir.resolve("revoked.txt"), "");
        authenticator.revocations().syncNow();
        assertEquals(Kind.AUTHENTICATED, present(token).kind());
    }

    @Test
    void authenticate_revocationOff_noList_tokensUntouched() {
        authenticator = null;
        Map<String, String> params = new HashMap<>();
        ReferenceResolver resolver = new ReferenceResolver(
                name -> name.equals("SECRET") ? Base64.getEncoder().encodeToString(secret) : null, name -> null);
        params.put("algorithms", "HS256");
        params.put("secret", "env:SECRET");
        params.put("secretEncoding", "base64");
        authenticator = Authenticator.create(InitParameters.parse(params, resolver, clock), resolver);

        assertNull(authenticator.revocations());
        assertEquals(Kind.AUTHENTICATED, present(Tokens.hs256(secret).sign()).kind());
    }
}
