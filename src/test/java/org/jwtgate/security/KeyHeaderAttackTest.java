package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.testing.ConnectionRecorder;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Key-carrying headers: a token never supplies its key, names where to fetch one, or chooses a
 * key by anything but an exact label. Embedded {@code jwk}, {@code jku}, {@code x5u}, {@code x5c};
 * {@code kid} as a path, an SQL fragment, a shell command, a reference ({@code env:},
 * {@code sysprop:}, {@code file:}), a near miss of a label, or not a string at all. Every URL a
 * token names points at a loopback listener that records any TCP connection: there must be none.
 */
class KeyHeaderAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    /** Every jku and x5u of this class points here; nothing may ever connect. */
    private static final ConnectionRecorder TOKEN_NAMED = ConnectionRecorder.start();

    @TempDir
    Path dir;

    @AfterAll
    static void nothingEverConnected() {
        try {
            assertEquals(0, TOKEN_NAMED.connections(), "a URL named by a token was contacted");
        } finally {
            TOKEN_NAMED.close();
        }
    }

    private static KeyPair attacker() {
        return Keys.newEc("secp256r1");
    }

    // --- keys carried by the token ---

    @Test
    void embeddedJwkOfAttackersKey_refused() {
        // CVE-2018-0114 style: a key carried in the header must never be trusted.
        KeyPair attacker = attacker();
        Gate gate = gates.publicKey("ES256", Keys.ec256());
        String token = Tokens.with("ES256", attacker.getPrivate()).headerParam("jwk", Jwks.of(null, attacker.getPublic()))
                .sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(token));
        String withKid = Tokens.with("ES256", attacker.getPrivate()).keyId("attacker")
                .headerParam("jwk", Jwks.of("attacker", attacker.getPublic())).sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(withKid));
    }

    @Test
    void embeddedJwkClaimingToBeTheConfiguredKey_refused() {
        // The header's jwk is the configured key itself, the signature the attacker's: the key that
        // verifies is still only the configured one.
        Gate gate = gates.publicKey("ES256", Keys.ec256());
        String token = Tokens.with("ES256", attacker().getPrivate())
                .headerParam("jwk", Jwks.of(null, Keys.ec256().getPublic())).sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(token));
    }

    @Test
    void embeddedSymmetricJwk_refused() {
        // An "oct" JWK carrying the HMAC key the attacker signed with.
        byte[] attackerSecret = Keys.secret(32);
        String token = Tokens.hs256(attackerSecret)
                .headerParam("jwk", Map.of("kty", "oct", "k", Jwks.b64(attackerSecret))).sign();
        assertEquals(Reason.BAD_SIGNATURE, gates.hs256().reason(token));
    }

    @Test
    void x5cWithAttackersCertificate_refused() {
        KeyPair attacker = attacker();
        String certificate = Base64.getEncoder().encodeToString(KeyEncodings.selfSignedCertificate(attacker));
        Gate gate = gates.publicKey("ES256", Keys.ec256());
        String token = Tokens.with("ES256", attacker.getPrivate()).headerParam("x5c", List.of(certificate)).sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(token));
        String rsaCertificate = Base64.getEncoder().encodeToString(KeyEncodings.selfSignedCertificate(Keys.newRsa(2048)));
        String rsa = Tokens.with("ES256", attacker.getPrivate()).headerParam("x5c", List.of(rsaCertificate, certificate))
                .headerParam("x5t#S256", "aGFzaA").sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(rsa));
    }

    @Test
    void keyUrlHeaders_neverContactedAndNeverTrusted() {
        String jwks = TOKEN_NAMED.uri("/jwks.json").toString();
        String cert = TOKEN_NAMED.uri("/cert.pem").toString();
        Gate gate = gates.publicKey("ES256", Keys.ec256());
        KeyPair attacker = attacker();
        String forged = Tokens.with("ES256", attacker.getPrivate()).headerParam("jku", jwks).headerParam("x5u", cert).sign();
        String forgedKid = Tokens.with("ES256", attacker.getPrivate()).keyId("attacker").headerParam("jku", jwks).sign();
        String genuine = Tokens.with("ES256", Keys.ec256().getPrivate()).headerParam("jku", jwks).headerParam("x5u", cert)
                .sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(forged));
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(forgedKid));
        assertEquals("alice", gate.principal(genuine).getName(), "the headers are ignored, not trusted and not fatal");
        assertEquals(0, TOKEN_NAMED.connections());
    }

    @Test
    void keyUrlHeadersWithJwkSetConfigured_onlyTheConfiguredUrlIsFetched() {
        KeyPair rsa = Keys.rsa();
        try (JwkSetServer provider = JwkSetServer.start()) {
            provider.serve(Jwks.set(Jwks.of("idp-1", rsa.getPublic())));
            Gate gate = gates.hs256("algorithms", "RS256", "secret", null, "secretEncoding", null,
                    "jwksUri", provider.uri(JwkSetServer.PATH).toString(), "jwksMinRefreshInterval", "1");
            try (gate) {
                KeyPair attacker = Keys.newRsa(2048);
                String jku = TOKEN_NAMED.uri("/jwks.json").toString();
                for (int i = 0; i < 3; i++) {
                    // An unknown kid may make JwtGate look again: at its own URL, never at the token's.
                    gates.clock.advance(Duration.ofSeconds(2));
                    String forged = Tokens.with("RS256", attacker.getPrivate()).keyId("attacker-" + i)
                            .headerParam("jku", jku).headerParam("x5u", TOKEN_NAMED.uri("/c.pem").toString())
                            .headerParam("jwk", Jwks.of("attacker-" + i, attacker.getPublic())).sign();
                    assertEquals(Kind.REJECTED, gate.result(forged).kind());
                }
                String genuine = Tokens.with("RS256", rsa.getPrivate()).keyId("idp-1").headerParam("jku", jku).sign();
                assertEquals("alice", gate.principal(genuine).getName());
            }
            assertTrue(provider.paths().stream().allMatch(JwkSetServer.PATH::equals), provider.paths().toString());
        }
        assertEquals(0, TOKEN_NAMED.connections());
    }

    @Test
    void connectionRecorder_control_countsAConnection() throws Exception {
        // Zero above means zero: the same kind of listener sees a plain connect.
        try (ConnectionRecorder control = ConnectionRecorder.start(); Socket socket = new Socket("127.0.0.1", control.port())) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                while (control.connections() == 0) {
                    Thread.onSpinWait();
                }
            });
        }
    }

    // --- kid: an exact label or nothing ---

    /** kids an attacker hopes reach a file system, a database, a shell or the configuration. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"../../etc/passwd", "../../../../../../dev/null", "/dev/null", "..\\..\\windows\\win.ini",
        "file:/dev/null", "file:///etc/hostname", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "kid\u0000../../dev/null",
        "' OR 1=1 --", "x' UNION SELECT 'key' --", "\"; DROP TABLE keys; --", "$(reboot)", "`id`", "| cat /etc/passwd",
        "; rm -rf /", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "k1\r\nX-Injected: 1", "*", "%", "k*", ""})
    void kidAsInjectionString_neverSelectsAKeyTheAttackerKnows(String kid) {
        // Signed with what each trick would make a naive server use: the empty key (/dev/null,
        // an HMAC key of one zero byte is the same key), the kid's own text, or "key".
        Gate labelledOnly = gates.hs256("secret", "k1=env:SECRET");
        Gate unlabelled = gates.hs256();
        for (byte[] guess : List.of(new byte[1], kid.isEmpty() ? new byte[1] : kid.getBytes(StandardCharsets.UTF_8),
                "key".getBytes(StandardCharsets.US_ASCII))) {
            String token = Tokens.hs256(guess).keyId(kid).sign();
            Reason labelledReason = labelledOnly.reason(token);
            assertTrue(labelledReason == Reason.NO_MATCHING_KEY || labelledReason == Reason.BAD_SIGNATURE,
                    () -> kid + ": " + labelledReason);
            assertEquals(Reason.BAD_SIGNATURE, unlabelled.reason(token), kid);
        }
    }

    @Test
    void kidNamingAFileTheAttackerControls_fileNeverRead() throws Exception {
        byte[] attackerSecret = Keys.secret(32);
        Path file = Files.write(dir.resolve("attacker-key"), attackerSecret);
        Gate gate = gates.hs256("secret", "k1=env:SECRET");
        for (String kid : List.of(file.toString(), "file:" + file, "../" + dir.getFileName() + "/attacker-key")) {
            String token = Tokens.hs256(attackerSecret).keyId(kid).sign();
            assertEquals(Reason.NO_MATCHING_KEY, gate.reason(token), kid);
        }
    }

    @Test
    void kidAsReferenceToKnownValue_neverResolved() {
        // A kid spelled like a key reference, signed with the value it would resolve to.
        String javaVersion = System.getProperty("java.version");
        Gate labelledOnly = gates.hs256("secret", "k1=env:SECRET");
        Gate unlabelled = gates.hs256();
        for (String kid : List.of("sysprop:java.version", "env:SECRET", "sysprop:user.dir")) {
            String value = kid.equals("sysprop:java.version") ? javaVersion
                    : kid.equals("sysprop:user.dir") ? System.getProperty("user.dir") : kid;
            String token = Tokens.hs256(value.getBytes(StandardCharsets.UTF_8)).keyId(kid).sign();
            assertEquals(Reason.NO_MATCHING_KEY, labelledOnly.reason(token), kid);
            assertEquals(Reason.BAD_SIGNATURE, unlabelled.reason(token), kid);
        }
    }

    @Test
    void kidNotAString_refused() {
        Gate gate = gates.hs256("secret", "k1=env:SECRET");
        for (Object kid : new Object[] {5, 1.5, true, List.of("k1"), Map.of("id", "k1")}) {
            assertEquals(Reason.MALFORMED_TOKEN, gate.reason(gates.valid().headerParam("kid", kid).sign()), "" + kid);
        }
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(gates.valid().headerParam("kid", null).sign()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"K1", "k1 ", " k1", "k1\u0000", "\uff4b1", "k\u0031\u0301", "k1\t", "k01"})
    void kidNearMissOfLabel_doesNotSelectTheLabelledKey(String kid) {
        byte[] labelled = Keys.secret(32);
        Gate gate = gates.hs256("secret", "k1=" + gates.env("LABELLED", Base64.getEncoder().encodeToString(labelled))
                + ", env:SECRET");
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.hs256(labelled).keyId(kid).sign()));
        assertEquals("alice", gate.principal(Tokens.hs256(labelled).keyId("k1").sign()).getName());
    }

    @Test
    void kidOfLabelledKeyButSignedWithUnlabelledKey_refused() {
        byte[] labelled = Keys.secret(32);
        Gate gate = gates.hs256("secret", "k1=" + gates.env("LABELLED", Base64.getEncoder().encodeToString(labelled))
                + ", env:SECRET");
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(gates.valid().keyId("k1").sign()));
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.hs256(labelled).keyId("k2").sign()));
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.hs256(labelled).sign()));
    }

    @Test
    void hugeKid_refusedQuickly() {
        Gate gate = gates.hs256("secret", "k1=env:SECRET", "maxTokenLength", "1048576");
        String token = gates.valid().keyId("k".repeat(500_000)).sign();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(Reason.NO_MATCHING_KEY, gate.reason(token)));
    }
}
