package org.jwtgate.internal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.keys.JwksFixture;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.logging.RateLimitedLog;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * What JwtGate logs, through System.Logger (JUL here): the start line and its warnings. That no log
 * line ever carries a token, secret, key, claim or exception is proven across the whole security
 * suite by {@code org.jwtgate.security.LeakAttackTest} and the guard on every attack family.
 */
class LoggingTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    /** The logger every JwtGate class writes to. */
    private static final System.Logger JWTGATE = System.getLogger("org.jwtgate");

    private final byte[] secret = Keys.secret(32);
    private final String secretText = Base64.getEncoder().encodeToString(secret);

    private Gatekeeper core(Map<String, String> extra) {
        Map<String, String> params = new HashMap<>();
        params.put("algorithms", "HS256");
        params.put("secret", "env:JWT_SECRET");
        params.put("secretEncoding", "base64");
        params.putAll(extra);
        ReferenceResolver resolver = new ReferenceResolver(n -> n.equals("JWT_SECRET") ? secretText : null, n -> null);
        return Gatekeeper.fromInitParameters("api", null, params, MutableClock.atFixtureNow(), resolver);
    }

    @Test
    void create_validSettings_oneInfoLineWithReferencesNotSecrets() {
        core(Map.of("issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE));
        List<String> info = log.messages(Level.INFO);
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).contains("'api'"), info.get(0));
        assertTrue(info.get(0).contains("env:JWT_SECRET"), info.get(0));
        assertTrue(log.messages(Level.WARNING).isEmpty(), log.messages(Level.WARNING).toString());
        assertFalse(log.everything().contains(secretText));
    }

    @Test
    void create_noIssuerNoAudience_warnsForEach() {
        core(Map.of());
        List<String> warnings = log.messages(Level.WARNING);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("iss"), warnings.get(0));
        assertTrue(warnings.get(1).contains("aud"), warnings.get(1));
    }

    @Test
    void create_unknownAlgorithmFromReference_valueNotEchoed() {
        // A copy-paste slip, algorithms=env:JWT_SECRET, must not put the secret into the error.
        org.jwtgate.JwtGateConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.jwtgate.JwtGateConfigurationException.class, () -> core(Map.of("algorithms", "env:JWT_SECRET")));
        assertEquals("algorithms", e.getParameter());
        assertFalse(e.getMessage().contains(secretText.substring(0, 8)), e.getMessage());
    }

    // --- repeated warnings are rate-limited; a URI is logged without its query or user-info ---

    private static final String QUERY_SECRET = "s3cr3t-api-key-value";

    private static void assertNoQuery(String logged) {
        assertFalse(logged.contains(QUERY_SECRET), logged);
        assertFalse(logged.contains("api_key"), logged);
    }

    @Test
    void authenticate_1000RequestsDuringKeyOutage_oneWarnLineThenOneCountingTheSuppressed() {
        try (JwksFixture f = new JwksFixture()) {
            f.server.stop();
            org.jwtgate.JwtGateSettings settings = f.settings()
                    .jwksUri(f.server.uri(JwkSetServer.PATH + "?api_key=" + QUERY_SECRET)).build();
            Authenticator gate = JwksFixture.gate(settings, f.source(settings));
            for (int i = 0; i < 1000; i++) {
                assertEquals(org.jwtgate.AuthenticationResult.Kind.UNAVAILABLE,
                        JwksFixture.send(gate, JwksFixture.fresh(JwksFixture.rsaA(), "k" + i)).kind());
            }
            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(2, warnings.size(), "one line for the failed fetch, one for the 1000 refused requests: "
                    + warnings);
            assertTrue(warnings.get(0).startsWith("JwtGate could not fetch the JWK Set at http://127.0.0.1:"
                    + f.server.port() + "/jwks.json: "), warnings.get(0));
            assertTrue(warnings.get(1).startsWith("JwtGate cannot verify tokens: the JWK Set at http://127.0.0.1:"
                    + f.server.port() + "/jwks.json has not been fetched yet"), warnings.get(1));

            f.clock.advance(RateLimitedLog.EVERY_MINUTE);
            JwksFixture.send(gate, JwksFixture.fresh(JwksFixture.rsaA(), "A"));
            warnings = log.messages(Level.WARNING);
            assertEquals(4, warnings.size(), warnings.toString());
            assertTrue(warnings.get(3).startsWith("JwtGate cannot verify tokens:"), warnings.get(3));
            assertTrue(warnings.get(3).endsWith("(999 more like this since the last such warning, not logged)"),
                    "the next line says how many were left out: " + warnings.get(3));
            assertFalse(warnings.get(2).contains("more like this"), "the retried fetch's failure is its own kind");
            assertNoQuery(log.everything());
        }
    }

    @Test
    void fetch_jwksUriWithQuery_infoAndDebugLinesAndKeyDescriptionsShowNoQuery() throws Exception {
        try (JwksFixture f = new JwksFixture()) {
            // One usable key, and one a JWK Set parser skips (RSA under 2048 bits), logged at DEBUG with the source.
            f.server.serve(Jwks.set(Jwks.of("A", JwksFixture.rsaA().getPublic()),
                    Jwks.of("weak", Keys.newRsa(1024).getPublic())));
            org.jwtgate.JwtGateSettings settings = f.settings()
                    .jwksUri(f.server.uri(JwkSetServer.PATH + "?api_key=" + QUERY_SECRET)).build();
            KeySet keys = f.source(settings).keys();
            assertTrue(keys.hasLabel("A"));
            String base = "http://127.0.0.1:" + f.server.port() + "/jwks.json";
            assertTrue(log.messages(Level.INFO).contains("JwtGate fetched the JWK Set at " + base + ": 1 usable key(s)"),
                    log.messages(Level.INFO).toString());
            assertTrue(log.messages(Level.FINE).stream().anyMatch(m -> m.startsWith("JwtGate skipped key #2 of " + base
                    + ":")), log.messages(Level.FINE).toString());
            assertEquals("JWK kid=A from " + base, keys.keys().get(0).toString().replaceAll(" \\(.*", ""));
            assertNoQuery(log.everything());
            assertNoQuery(keys.keys().toString());
        }
    }

    @Test
    void create_jwksUriWithQuery_startLineShowsNoQuery() {
        try (org.jwtgate.testing.JwkSetServer server = org.jwtgate.testing.JwkSetServer.start()) {
            Gatekeeper core = core(Map.of("algorithms", "HS256,RS256", "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE,
                    "jwksUri", server.uri(JwkSetServer.PATH + "?api_key=" + QUERY_SECRET).toString()));
            try {
                String start = log.messages(Level.INFO).get(0);
                assertTrue(start.contains("jwksUri=http://127.0.0.1:" + server.port() + "/jwks.json,"), start);
                assertNoQuery(log.everything());
            } finally {
                core.close();
            }
        }
    }
}
