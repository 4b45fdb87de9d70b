package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.testing.ConnectionRecorder;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Leaks: what JwtGate says (error responses, log lines at every level) never carries a token or a
 * piece of one, a secret, a key, a claim or header value, an exception's class or message, or a
 * stack trace. The {@link LeakGuard} registered on every family class checks all of that for the
 * whole suite; the cases here provoke each kind of output on purpose, with values distinct enough
 * to be found, and check it on the spot. The first cases prove the guard itself catches leaks.
 */
class LeakAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    /** Distinctive values: found by the guard wherever they surface. */
    private static final String CLAIM = "claim-value-mallory-7f3a9c1e";
    private static final String KID = "kid-value-leak-5b2d8e44";

    private static final Logger JWTGATE = Logger.getLogger("org.jwtgate");

    private static void assertNoLeakSince(int mark) {
        List<String> problems = LeakGuard.problemsSince(mark);
        assertEquals(List.of(), problems, () -> String.join("\n", problems));
    }

    // --- the guard itself ---

    @Test
    void guard_control_catchesATokenPieceInALogLine() {
        String token = gates.valid().sign();
        LeakGuard.token(token);
        int mark = LeakGuard.mark();
        JWTGATE.log(Level.FINEST, "JwtGate careless line: {0}", token.substring(20, 40));
        try {
            assertFalse(LeakGuard.problemsSince(mark).isEmpty(), "the guard missed a token piece in a log line");
        } finally {
            LeakGuard.discardSince(mark);
        }
    }

    @Test
    void guard_control_catchesSecretClaimAndExceptionInOutputs() {
        int mark = LeakGuard.mark();
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        JWTGATE.log(Level.FINE, "JwtGate careless secret: " + base64.encodeToString(gates.secret).substring(4, 20));
        JWTGATE.log(Level.WARNING, "JwtGate careless failure", new IllegalStateException("boom"));
        LeakGuard.response("response 401", "{\"error\":\"com.fasterxml.jackson.core.JsonParseException: x\"}");
        String token = gates.valid().subject(CLAIM).sign();
        LeakGuard.token(token);
        LeakGuard.response("response 401", "{\"error_description\":\"" + CLAIM + "\"}");
        try {
            String problems = String.join("\n", LeakGuard.problemsSince(mark));
            assertTrue(problems.contains("a piece ("), problems);
            assertTrue(problems.contains("carries an exception"), problems);
            assertTrue(problems.contains("shows an exception's class"), problems);
            assertTrue(problems.contains("a value from a token (" + CLAIM + ")"), problems);
        } finally {
            LeakGuard.discardSince(mark);
        }
    }

    // --- every refusal ---

    @Test
    void everyKindOfRefusal_responseAndLogCarryNothingFromTheRequest() {
        Gate gate = gates.hs256("requiredRoles", "admin", "requiredScopes", "read");
        int mark = LeakGuard.mark();
        List<String> tokens = List.of(
                Tokens.hs256(Keys.secret(32)).subject(CLAIM).keyId(KID).sign(),
                gates.valid().subject(CLAIM).expiresAt(Tokens.NOW.minusSeconds(3600)).sign(),
                gates.valid().subject(CLAIM).notBefore(Tokens.NOW.plusSeconds(3600)).sign(),
                gates.valid().subject(CLAIM).issuer("https://" + CLAIM + ".example").sign(),
                gates.valid().subject(CLAIM).audience(CLAIM).sign(),
                gates.valid().subject(CLAIM).claim("exp", CLAIM).sign(),
                gates.valid().claim("sub", List.of(CLAIM)).sign(),
                gates.valid().subject(CLAIM).headerParam("alg", CLAIM).sign(),
                gates.valid().subject(CLAIM).headerParam("crit", List.of(CLAIM)).sign(),
                gates.valid().subject(CLAIM).headerParam("kid", List.of(KID)).sign(),
                gates.valid().rawHeader("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"kid\":\"x\"}").sign(),
                gates.valid().rawPayload("{\"sub\":\"" + CLAIM + "\"").sign(),
                gates.valid().subject(CLAIM).roles(List.of("user")).scope("read").sign(),
                gates.valid().subject(CLAIM).roles(List.of("admin")).scope("write").sign(),
                "x".repeat(9000));
        for (String token : tokens) {
            assertEquals(Kind.REJECTED, gate.result(token).kind());
        }
        assertEquals(Reason.INVALID_REQUEST, gate.send(tokens.get(0) + " " + CLAIM).result().reason());
        assertNoLeakSince(mark);
        assertTrue(LeakGuard.logLinesSince(mark).size() >= tokens.size(), "each refusal is logged (at DEBUG)");
    }

    @Test
    void refusalLogLines_nameTheReasonOnly() {
        Gate gate = gates.hs256();
        int mark = LeakGuard.mark();
        String wrongKey = Tokens.hs256(Keys.secret(32)).subject(CLAIM).sign();
        String malformed = "eyJhbGciOiJIUzI1NiJ9.not-json-at-all.c2ln";
        String badIssuer = gates.valid().issuer("https://evil.example/" + CLAIM).sign();
        for (String token : List.of(wrongKey, malformed, badIssuer)) {
            gate.send(token);
        }
        List<String> lines = LeakGuard.logLinesSince(mark);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("FINE") && line.contains("BAD_SIGNATURE")), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.contains("MALFORMED_TOKEN")), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.contains("BAD_ISSUER")), lines::toString);
        assertNoLeakSince(mark);
    }

    @Test
    void unexpectedFailureWhileAuthenticating_logsNeitherExceptionClassNorMessage() {
        // A container whose header lookup throws, with a message quoting the credentials: the
        // request is refused (401, never 500), and the log says that something failed, not what.
        Gate gate = gates.hs256();
        String token = gates.valid().subject(CLAIM).sign();
        LeakGuard.token(token);
        int mark = LeakGuard.mark();
        java.util.function.Function<String, Enumeration<String>> throwing = name -> {
            throw new IllegalStateException("cannot read header " + name + ": Bearer " + token);
        };
        assertEquals(Reason.INTERNAL_ERROR, gate.request(throwing).result().reason());
        assertNoLeakSince(mark);
    }

    // --- start and configuration ---

    @Test
    void startLine_namesReferencesNeverSecretsOrKeys() {
        int mark = LeakGuard.mark();
        gates.hs256("algorithms", "HS256, RS256, ES256", "publicKeys", "rsa=" + gates.env("RSA", Keys.pem(Keys.rsa()
                .getPublic())) + ", " + gates.env("EC", Keys.pem(Keys.ec256().getPublic())), "issuer", null, "audience", null);
        List<String> lines = LeakGuard.logLinesSince(mark);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("INFO") && line.contains("env:RSA")
                && line.contains("env:SECRET")), lines::toString);
        assertTrue(lines.stream().filter(line -> line.startsWith("WARNING")).count() >= 2, lines::toString);
        assertNoLeakSince(mark);
    }

    // --- key source trouble ---

    @Test
    void keysUnavailable_503AndWarningCarryNoTokenOrKid() {
        try (JwkSetServer provider = JwkSetServer.start()) {
            provider.fail(500);
            int mark = LeakGuard.mark();
            Gate gate = gates.hs256("algorithms", "RS256", "secret", null, "secretEncoding", null,
                    "jwksUri", provider.uri(JwkSetServer.PATH).toString(), "jwksTimeout", "2");
            try (gate) {
                String token = Tokens.with("RS256", Keys.rsa().getPrivate()).keyId(KID).subject(CLAIM).sign();
                assertEquals(Kind.UNAVAILABLE, gate.result(token).kind());
            }
            assertNoLeakSince(mark);
        }
    }

    @Test
    void jwkSetUnreachable_warningNamesNoExceptionClass() {
        // Nothing listens at the URL: the operator learns that the fetch failed and where, in
        // JwtGate's words, not in a JDK exception's class name or message.
        int port;
        try (ConnectionRecorder closed = ConnectionRecorder.start()) {
            port = closed.port();
        }
        int mark = LeakGuard.mark();
        Gate gate = gates.hs256("algorithms", "RS256", "secret", null, "secretEncoding", null,
                "jwksUri", "http://127.0.0.1:" + port + "/jwks.json", "jwksTimeout", "2");
        try (gate) {
            assertEquals(Kind.UNAVAILABLE, gate.result(Tokens.with("RS256", Keys.rsa().getPrivate()).sign()).kind());
        }
        List<String> lines = LeakGuard.logLinesSince(mark);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("WARNING") && line.contains("JWK Set")), lines::toString);
        assertNoLeakSince(mark);
    }

    @Test
    void jwkSetServedThenWithdrawnKid_noKeyMaterialLogged() {
        try (JwkSetServer provider = JwkSetServer.start()) {
            provider.serve(Jwks.set(Jwks.of("idp-1", Keys.rsa().getPublic())));
            LeakGuard.key(Jwks.json(Jwks.of("idp-1", Keys.rsa().getPublic())));
            LeakGuard.sensitive((String) Jwks.of(null, Keys.rsa().getPublic()).get("n"));
            int mark = LeakGuard.mark();
            Gate gate = gates.hs256("algorithms", "RS256", "secret", null, "secretEncoding", null,
                    "jwksUri", provider.uri(JwkSetServer.PATH).toString(), "jwksMinRefreshInterval", "1");
            try (gate) {
                assertEquals("alice", gate.principal(Tokens.with("RS256", Keys.rsa().getPrivate()).keyId("idp-1").sign())
                        .getName());
                gates.clock.advance(Duration.ofSeconds(2));
                assertEquals(Kind.REJECTED, gate.result(Tokens.with("RS256", Keys.rsa().getPrivate()).keyId(KID).sign())
                        .kind());
            }
            assertNoLeakSince(mark);
        }
    }

    @Test
    void requestWithoutTokenOrWithOtherScheme_saysNothingOfTheCredentials() {
        Gate gate = gates.hs256();
        int mark = LeakGuard.mark();
        String basic = java.util.Base64.getEncoder().encodeToString((CLAIM + ":password-" + KID).getBytes());
        LeakGuard.sensitive(basic);
        assertEquals(Reason.NO_TOKEN, gate.request(java.util.Map.of("Authorization", List.of("Basic " + basic)), null)
                .result().reason());
        assertEquals(Reason.NO_TOKEN, gate.request(java.util.Map.of(), null).result().reason());
        assertEquals(Reason.INVALID_REQUEST, gate.request(java.util.Map.of("Authorization",
                List.of("Bearer " + CLAIM, "Bearer " + KID)), null).result().reason());
        assertEquals(Reason.INVALID_REQUEST, gate.request(java.util.Map.of("Authorization",
                List.of(", Bearer " + CLAIM)), null).result().reason());
        assertNoLeakSince(mark);
    }

    @Test
    void errorResponses_neverVaryWithTheToken() {
        // The response for a reason is fixed at start: two different tokens refused for the same
        // reason get byte-identical responses.
        Gate gate = gates.hs256();
        int mark = LeakGuard.mark();
        String a = Tokens.hs256(Keys.secret(32)).subject(CLAIM).sign();
        String b = Tokens.hs256(Keys.secret(32)).subject("someone-else-entirely").keyId(KID).sign();
        byte[] first = gate.recordResponse(gate.result(a)).body();
        byte[] second = gate.recordResponse(gate.result(b)).body();
        assertEquals(new String(first, java.nio.charset.StandardCharsets.UTF_8),
                new String(second, java.nio.charset.StandardCharsets.UTF_8));
        assertNoLeakSince(mark);
    }
}
