package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Resource exhaustion at the core: what an attacker can make one request cost, and what a stream
 * of bad requests leaves behind. Time bounds are generous ({@code assertTimeoutPreemptively}, well
 * above what a slow build machine needs); memory is bounded by what is kept: refused tokens leave
 * nothing in the cache, however many arrive. The HTTP side (many and long headers on a real
 * container) is {@code ResourceExhaustionAttackIT}.
 */
class ResourceExhaustionAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private static final Duration BOUND = Duration.ofSeconds(20);
    /** Enough distinct requests that anything kept per request would show; few enough to stay quick. */
    private static final int FLOOD = 2_000;

    @Test
    void manyDistinctBadSignatures_boundedTimeAndNothingKept() {
        Gate gate = gates.hs256();
        byte[] other = Keys.secret(32);
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.hs256(other).claim("jti", "bad-" + i).sign()));
            }
        });
        assertEquals(0, gate.cachedTokens());
        assertEquals(FLOOD, gate.verifications());
    }

    @Test
    void manyDistinctMalformedTokens_boundedTimeAndNothingKept() {
        Gate gate = gates.hs256();
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < FLOOD; i++) {
                String header = Tokens.b64("{\"alg\":\"HS256\",\"n\":" + i + ",\"x\":[" + "[".repeat(40) + "]".repeat(40) + "]}");
                assertEquals(Kind.REJECTED, gate.result(header + ".e30.c2ln").kind());
            }
        });
        assertEquals(0, gate.cachedTokens());
    }

    @Test
    void manyDistinctUnknownKids_boundedTimeAndNothingKept() {
        Gate gate = gates.hs256("secret", "k1=env:SECRET");
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(Reason.NO_MATCHING_KEY, gate.reason(gates.valid().keyId("kid-" + i).sign()));
            }
        });
        assertEquals(0, gate.cachedTokens());
    }

    @Test
    void manyBadRsaSignatures_boundedTime() {
        Gate gate = gates.publicKey("RS256", Keys.rsa());
        String token = Tokens.with("RS256", Keys.rsa().getPrivate()).sign();
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < 300; i++) {
                assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.withSignature(token, Keys.secret(256))));
            }
        });
        assertEquals(0, gate.cachedTokens());
    }

    @Test
    void tokenOfMaximumConfigurableLength_decodedInBoundedTime() {
        // maxTokenLength's ceiling, 1 MiB, spent on a header of many members: only the header is
        // parsed before the signature is checked.
        Gate gate = gates.hs256("maxTokenLength", "1048576");
        StringBuilder header = new StringBuilder("{\"alg\":\"HS256\"");
        for (int i = 0; header.length() < 760_000; i++) {
            header.append(",\"m").append(i).append("\":[1,2.5,\"v\",true,null,{}]");
        }
        String token = Tokens.b64(header.append('}').toString()) + ".e30.c2ln";
        assertTrue(token.length() <= 1_048_576, "length " + token.length());
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < 3; i++) {
                assertEquals(Reason.BAD_SIGNATURE, gate.reason(token));
            }
        });
    }

    @Test
    void headerWhoseMemberNamesAllShareOneHashCode_boundedTime() {
        // "Aa" and "BB" have the same String.hashCode, so every name made of 13 of them does too:
        // 8 192 members in one hash bucket, for whatever map the parser keeps them in.
        Gate gate = gates.hs256("maxTokenLength", "1048576");
        StringBuilder header = new StringBuilder("{\"alg\":\"HS256\"");
        for (int i = 0; i < 1 << 13; i++) {
            StringBuilder name = new StringBuilder();
            for (int bit = 0; bit < 13; bit++) {
                name.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            header.append(",\"").append(name).append("\":1");
        }
        String token = Tokens.b64(header.append('}').toString()) + ".e30.c2ln";
        assertTrue(token.length() <= 1_048_576, "length " + token.length());
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < 3; i++) {
                assertEquals(Kind.REJECTED, gate.result(token).kind());
            }
        });
    }

    @Test
    void headerWithHugeNumberLiterals_boundedTime() {
        Gate gate = gates.hs256("maxTokenLength", "1048576");
        for (String number : List.of("1e999999999", "-1e-999999999", "9".repeat(64), "0." + "1".repeat(62))) {
            String token = Tokens.b64("{\"alg\":\"HS256\",\"x\":" + number + "}") + ".e30.c2ln";
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(Kind.REJECTED, gate.result(token).kind()));
        }
        String signed = gates.valid().rawPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":1e999999999}").sign();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(Reason.BAD_TIME_CLAIM, gate.reason(signed)));
    }

    @Test
    void longAuthorizationHeaderValues_boundedTime() {
        Gate gate = gates.hs256();
        String megabyte = "A".repeat(1 << 20);
        assertTimeoutPreemptively(BOUND, () -> {
            assertEquals(Reason.TOKEN_TOO_LONG, gate.reason(megabyte));
            Map<String, List<String>> spaces = Map.of("Authorization", List.of("Bearer" + " ".repeat(1 << 20)));
            assertEquals(Reason.INVALID_REQUEST, gate.request(spaces, null).result().reason());
            Map<String, List<String>> leading = Map.of("Authorization", List.of(" ".repeat(1 << 20) + "Bearer x y"));
            assertEquals(Reason.INVALID_REQUEST, gate.request(leading, null).result().reason());
            Map<String, List<String>> scheme = Map.of("Authorization", List.of("B".repeat(1 << 20) + " x"));
            assertEquals(Reason.NO_TOKEN, gate.request(scheme, null).result().reason());
        });
        assertEquals(0, gate.verifications());
    }

    @Test
    void manyAuthorizationHeaderValues_refusedAtTheSecond() {
        Gate gate = gates.hs256();
        List<String> values = Collections.nCopies(10_000, "Bearer " + gates.valid().sign());
        assertTimeoutPreemptively(BOUND, () -> assertEquals(Reason.INVALID_REQUEST,
                gate.request(Map.of("Authorization", values), null).result().reason()));
        assertEquals(0, gate.verifications());
    }

    @Test
    void manyCookiesAndCookieHeaders_boundedTime() {
        Gate gate = gates.hs256("tokenCookie", "at");
        StringBuilder cookies = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            cookies.append("c").append(i).append("=v").append(i).append("; ");
        }
        List<String> headers = Collections.nCopies(100, cookies.toString());
        String token = gates.valid().sign();
        List<String> withToken = new ArrayList<>(headers);
        withToken.add("at=" + token);
        assertTimeoutPreemptively(BOUND, () -> {
            assertEquals(Reason.NO_TOKEN, gate.request(Map.of("Cookie", headers), null).result().reason());
            assertEquals(Kind.AUTHENTICATED, gate.request(Map.of("Cookie", withToken), null).result().kind());
        });
    }

    @Test
    void longQueryStringWithManyParameters_boundedTime() {
        Gate gate = gates.hs256("allowQueryParameter", "true");
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            query.append("p").append(i).append("=%41%42%").append(i % 2 == 0 ? "43" : "zz").append('&');
        }
        String token = gates.valid().sign();
        assertTimeoutPreemptively(BOUND, () -> {
            assertEquals(Reason.NO_TOKEN, gate.request(Map.of(), query.toString()).result().reason());
            assertEquals(Kind.AUTHENTICATED, gate.request(Map.of(), query + "access_token=" + token).result().kind());
        });
    }

    @Test
    void manyUnlabelledSecrets_eachBadTokenTriesEachOnce() {
        // With several unlabelled secrets a token may be tried against each: the cost is fixed by
        // the configuration, not by the token.
        StringBuilder secrets = new StringBuilder("env:SECRET");
        for (int i = 0; i < 15; i++) {
            byte[] secret = Keys.secret(32);
            LeakGuard.secret(secret);
            secrets.append(", ").append(gates.env("S" + i, Base64.getEncoder().encodeToString(secret)));
        }
        Gate gate = gates.hs256("secret", secrets.toString());
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < 1_000; i++) {
                assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.hs256(Keys.secret(32)).sign()));
            }
        });
        assertEquals("alice", gate.principal(gates.valid().sign()).getName());
    }
}
