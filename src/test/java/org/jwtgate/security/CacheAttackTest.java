package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * The verified-token cache: it must never answer for a token it did not verify, nor for longer
 * than that token is good. Tokens whose {@code String.hashCode} collide, tokens that differ only in
 * the signature, a cached token after its {@code exp}, a flood of valid tokens against
 * {@code cacheMaxSize}, refused tokens (never cached), and two filters (never one cache).
 */
class CacheAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    // --- hash collisions ---

    /**
     * Two valid HS256 tokens for different subjects whose {@code String.hashCode} is equal: a
     * birthday search over tokens that differ in {@code sub} and {@code jti} (a 32-bit hash
     * collides after about 77 000 tokens on average).
     */
    private String[] collidingTokens() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(gates.secret, "HmacSHA256"));
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < 2_000_000; i++) {
            String token = collisionCandidate(mac, header, i);
            Integer earlier = seen.putIfAbsent(token.hashCode(), i);
            if (earlier != null) {
                return new String[] {collisionCandidate(mac, header, earlier), token};
            }
        }
        throw new IllegalStateException("no String.hashCode collision in 2 000 000 tokens");
    }

    private static String collisionCandidate(Mac mac, String header, int i) {
        String payload = B64.encodeToString(("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"user-" + i + "\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":" + (Tokens.NOW.getEpochSecond() + 3600) + ",\"jti\":\"" + i + "\"}")
                .getBytes(StandardCharsets.US_ASCII));
        String signingInput = header + "." + payload;
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void tokensWithCollidingHashCodes_eachAcceptedWithItsOwnPrincipal() throws Exception {
        String[] pair = assertTimeoutPreemptively(Duration.ofSeconds(20), this::collidingTokens);
        assertEquals(pair[0].hashCode(), pair[1].hashCode());
        assertNotEquals(pair[0], pair[1]);
        Gate gate = gates.hs256();
        String first = gate.principal(pair[0]).getName();
        String second = gate.principal(pair[1]).getName();
        assertNotEquals(first, second);
        for (int round = 0; round < 3; round++) {
            assertEquals(first, gate.principal(pair[0]).getName());
            assertEquals(second, gate.principal(pair[1]).getName());
        }
        assertEquals(2, gate.verifications(), "each verified once, then served from its own entry");
        assertEquals(2, gate.cachedTokens());
    }

    // --- the signature is part of the key ---

    @Test
    void tokenDifferingOnlyInSignature_neverServedFromTheGenuineEntry() {
        Gate gate = gates.hs256();
        String genuine = gates.valid().sign();
        byte[] signature = Gate.signature(genuine);
        signature[31] ^= 0x01;
        String forged = Gate.withSignature(genuine, signature);
        assertEquals("alice", gate.principal(genuine).getName());
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(forged));
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(forged));
        assertEquals("alice", gate.principal(genuine).getName());
        assertEquals(3, gate.verifications(), "the genuine token once; the forged one every time");
        assertEquals(1, gate.cachedTokens());
    }

    @Test
    void forgedSignatureFirst_thenGenuine_neitherAffectsTheOther() {
        Gate gate = gates.hs256();
        String genuine = gates.valid().sign();
        String forged = Gate.withSignature(genuine, Keys.secret(32));
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(forged));
        assertEquals("alice", gate.principal(genuine).getName());
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(forged));
    }

    @Test
    void otherSpellingOfCachedTokensSignature_refused() {
        // Same signature bytes, last character's unused bits set: the cache is keyed by the string,
        // and the parser refuses the spelling before the cache could be asked about it twice.
        Gate gate = gates.hs256();
        String genuine = gates.valid().sign();
        assertEquals("alice", gate.principal(genuine).getName());
        char last = genuine.charAt(genuine.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String respelled = genuine.substring(0, genuine.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(respelled));
        assertEquals(1, gate.cachedTokens());
    }

    // --- lifetime ---

    @Test
    void cachedTokenAfterExpPlusLeeway_refusedOnHit() {
        Gate gate = gates.hs256();
        String token = gates.valid().expiresAt(Tokens.NOW.plusSeconds(10)).sign();
        assertEquals("alice", gate.principal(token).getName());
        assertEquals(1, gate.cachedTokens());
        gates.clock.advance(Duration.ofSeconds(39));
        assertEquals("alice", gate.principal(token).getName());
        gates.clock.advance(Duration.ofSeconds(1));
        assertEquals(Reason.EXPIRED, gate.reason(token));
        assertEquals(0, gate.cachedTokens());
    }

    @Test
    void cachedTokenPastCacheMaxTtl_verifiedAgain() {
        Gate gate = gates.hs256("cacheMaxTtl", "5");
        String token = gates.valid().sign();
        gate.principal(token);
        gates.clock.advance(Duration.ofSeconds(5));
        gate.principal(token);
        assertEquals(2, gate.verifications());
    }

    // --- size ---

    @Test
    void floodOfDistinctValidTokens_staysWithinCacheMaxSize() {
        Gate gate = gates.hs256("cacheMaxSize", "100");
        List<String> first = new java.util.ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 2_000; i++) {
                String token = gates.valid().claim("jti", "flood-" + i).sign();
                if (i < 3) {
                    first.add(token);
                }
                assertEquals(Kind.AUTHENTICATED, gate.result(token).kind());
            }
        });
        assertTrue(gate.cachedTokens() <= 100, "cached " + gate.cachedTokens());
        // Evicted tokens are simply verified again: a flood costs the flooder, not correctness.
        for (String token : first) {
            assertEquals("alice", gate.principal(token).getName());
        }
    }

    /**
     * Issue 13, defect 3: {@code Bearer}, {@code bearer}, {@code BEARER} and extra spaces were
     * separate entries, so one valid token spelled 1,000 ways took 1,000 verifications and 1,000
     * entries, evicting everyone else's tokens.
     */
    @Test
    void oneTokenIn1024Spellings_verifiedOnceAndCachedOnce() {
        Gate gate = gates.hs256("cacheMaxSize", "100");
        String token = gates.valid().sign();
        String other = gates.valid().subject("bob").sign();
        assertEquals("bob", gate.principal(other).getName());
        int spellings = 0;
        for (int caseBits = 0; caseBits < 64; caseBits++) {
            StringBuilder scheme = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                char c = "Bearer".charAt(i);
                scheme.append((caseBits & 1 << i) != 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            for (int spaces = 1; spaces <= 16; spaces++) {
                String header = scheme + " ".repeat(spaces) + token + (spaces % 2 == 0 ? " " : "");
                Decision outcome = gate.request(Map.of("Authorization", List.of(header)), null);
                assertEquals("alice", outcome.result().principal().getName(), header);
                spellings++;
            }
        }
        assertEquals(1024, spellings);
        assertEquals(2, gate.verifications(), "one verification per token, whatever its spelling");
        assertEquals(2, gate.cachedTokens(), "one entry per token");
        assertEquals("bob", gate.principal(other).getName());
        assertEquals(2, gate.verifications(), "the other token was not evicted");
    }

    @Test
    void tokenFromCookieOrQuery_sharesTheHeadersEntry() {
        Gate gate = gates.hs256("tokenCookie", "jwt", "allowQueryParameter", "true");
        String token = gates.valid().sign();
        assertEquals("alice", gate.principal(token).getName());
        assertEquals("alice", gate.request(Map.of("Cookie", List.of("jwt=" + token)), null).result().principal()
                .getName());
        assertEquals("alice", gate.request(Map.of(), "access_token=" + token).result().principal().getName());
        assertEquals(1, gate.verifications());
        assertEquals(1, gate.cachedTokens());
    }

    // --- refusals are never cached ---

    @Test
    void refusedTokens_neverCachedAndVerifiedEveryTime() {
        Gate gate = gates.hs256("requiredScopes", "read");
        List<String> refused = List.of(
                Tokens.hs256(Keys.secret(32)).scope("read").sign(),
                gates.valid().scope("read").expiresAt(Tokens.NOW.minusSeconds(60)).sign(),
                gates.valid().scope("read").issuer("https://evil.example").sign(),
                gates.valid().scope("read").audience("other").sign(),
                gates.valid().scope("read").notBefore(Tokens.NOW.plusSeconds(600)).sign(),
                gates.valid().scope("read").without("exp").sign(),
                gates.valid().scope("read").headerParam("alg", "none").sign(),
                gates.valid().scope("read").rawHeader("{\"alg\":\"HS256\",\"alg\":\"none\"}").sign(),
                "eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
        for (int round = 1; round <= 3; round++) {
            for (String token : refused) {
                assertEquals(Kind.REJECTED, gate.result(token).kind());
            }
            assertEquals(round * refused.size(), gate.verifications(), "round " + round);
        }
        assertEquals(0, gate.cachedTokens());
    }

    @Test
    void forbiddenValidToken_cachedAsForbiddenNeverAsAuthenticated() {
        Gate gate = gates.hs256("requiredRoles", "admin");
        String token = gates.valid().roles(List.of("user")).sign();
        for (int i = 0; i < 3; i++) {
            assertEquals(Reason.MISSING_ROLE, gate.reason(token));
        }
        assertEquals(1, gate.verifications());
    }

    // --- one cache per filter ---

    @Test
    void tokenCachedByOneFilter_neverAcceptedByAnotherThatRefusesIt() {
        Gate orders = gates.hs256();
        Gate billing = gates.hs256("audience", "billing");
        String token = gates.valid().sign();
        assertEquals("alice", orders.principal(token).getName());
        assertEquals(Reason.BAD_AUDIENCE, billing.reason(token));
        byte[] otherSecret = Keys.secret(32);
        LeakGuard.secret(otherSecret);
        Gate otherKey = gates.hs256("secret", gates.env("OTHER", Base64.getEncoder().encodeToString(otherSecret)));
        assertEquals(Reason.BAD_SIGNATURE, otherKey.reason(token));
    }
}
