package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/** Rotation without restart: file keys read again every keysReloadInterval on the injected clock. */
class ReloadingKeySourceTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atFixtureNow();
    private final byte[] first = Keys.secret(32);
    private final byte[] second = Keys.secret(32);

    private Authenticator gate(String... params) {
        Map<String, String> map = new HashMap<>(Map.of("algorithms", "HS256", "secretEncoding", "base64",
                "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE, "keysReloadInterval", "60"));
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        ReferenceResolver resolver = new ReferenceResolver(name -> null, name -> null);
        return Authenticator.create(InitParameters.parse(map, resolver, clock), resolver);
    }

    private String write(String name, byte[] secret) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n");
        return "file:" + file;
    }

    private void overwrite(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }

    private static Decision send(Authenticator gate, String token) {
        return gate.authenticate(n -> n.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration(), null);
    }

    private static Reason reason(Authenticator gate, String token) {
        return send(gate, token).result().reason();
    }

    private static boolean accepted(Authenticator gate, String token) {
        return send(gate, token).result().kind() == Kind.AUTHENTICATED;
    }

    @Test
    void keys_fileSecretReplaced_newAcceptedOldRejectedEvenWhenCached() throws Exception {
        Authenticator gate = gate("secret", write("jwt", first));
        String old = Tokens.hs256(first).sign();
        String fresh = Tokens.hs256(second).sign();
        assertEquals(true, accepted(gate, old)); // now cached
        overwrite("jwt", Base64.getEncoder().encodeToString(second));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(true, accepted(gate, old), "not checked again before the interval");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(true, accepted(gate, fresh));
        assertEquals(Reason.BAD_SIGNATURE, reason(gate, old));
    }

    @Test
    void keys_unchangedFile_cachedTokensStayHits() throws Exception {
        Authenticator gate = gate("secret", write("jwt", first));
        String token = Tokens.hs256(first).sign();
        accepted(gate, token);
        clock.advance(Duration.ofSeconds(61));
        assertEquals(true, accepted(gate, token));
        assertEquals(1, gate.verifications(), "an unchanged key keeps its identity, so its cache entries stay");
    }

    @Test
    void keys_fileBrokenThenFixed_lastGoodKeysKeptMeanwhile() throws Exception {
        Authenticator gate = gate("secret", write("jwt", first));
        String token = Tokens.hs256(first).sign();
        for (String broken : List.of("not base64 at all!", Base64.getEncoder().encodeToString(new byte[40]),
                Base64.getEncoder().encodeToString(Keys.secret(8)))) {
            overwrite("jwt", broken);
            clock.advance(Duration.ofSeconds(60));
            assertEquals(true, accepted(gate, token), "a broken file keeps the last good key");
            assertEquals(true, accepted(gate, Tokens.hs256(first).claim("jti", broken).sign()),
                    "and it still verifies new tokens");
        }
        Files.delete(dir.resolve("jwt"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, token), "an unreadable file keeps the last good key");
        write("jwt", second);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, Tokens.hs256(second).sign()));
        assertEquals(Reason.BAD_SIGNATURE, reason(gate, token));
    }

    /** Issue 13, defect 9: a file that stays broken was one WARN per check (every keysReloadInterval). */
    @Test
    void keys_fileStaysBrokenForManyChecks_oneWarnLineAMinuteCountingTheRest() throws Exception {
        Authenticator gate = gate("secret", write("jwt", first), "keysReloadInterval", "1");
        String token = Tokens.hs256(first).sign();
        overwrite("jwt", "not base64 at all!");
        for (int i = 0; i < 90; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertEquals(true, accepted(gate, token));
        }
        List<String> warnings = log.messages(java.util.logging.Level.WARNING);
        assertEquals(2, warnings.size(), () -> String.join("\n", warnings));
        assertTrue(warnings.get(1).contains("59 more like this"), warnings.get(1));
    }

    @Test
    void keys_labelledOverlapThenOldFileEmptied_oldWithdrawnIncludingCached() throws Exception {
        Authenticator gate = gate("secret", "2026-11=" + write("new", second) + ", 2026-05=" + write("old", first));
        String oldToken = Tokens.hs256(first).keyId("2026-05").sign();
        String newToken = Tokens.hs256(second).keyId("2026-11").sign();
        assertEquals(true, accepted(gate, oldToken));
        assertEquals(true, accepted(gate, newToken));
        overwrite("old", "");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, newToken));
        assertEquals(Reason.NO_MATCHING_KEY, reason(gate, oldToken), "withdrawn, though it was cached");
    }

    @Test
    void keys_soleKeyFileEmptied_keptBecauseThatLooksLikeAMistake() throws Exception {
        Authenticator gate = gate("secret", write("jwt", first));
        overwrite("jwt", "");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, Tokens.hs256(first).sign()));
    }

    @Test
    void keys_publicKeyFileRotated_newKeyAccepted() throws Exception {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, Keys.pem(Keys.ec256().getPublic()));
        Authenticator gate = gate("algorithms", "ES256", "secretEncoding", "utf8", "publicKeys", "file:" + pem);
        java.security.KeyPair next = Keys.newEc("secp256r1");
        String oldToken = Tokens.with("ES256", Keys.ec256().getPrivate()).sign();
        String newToken = Tokens.with("ES256", next.getPrivate()).sign();
        assertEquals(true, accepted(gate, oldToken));
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, oldToken), "bad PEM keeps the last good key");
        Files.writeString(pem, Keys.pem(next.getPublic()));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, newToken));
        assertEquals(Reason.BAD_SIGNATURE, reason(gate, oldToken));
    }

    @Test
    void keys_derPublicKeyRotatedToOneEndingIn0x0A_keptWholeAndAccepted() throws Exception {
        Path der = dir.resolve("key.der");
        Files.write(der, Keys.ec256().getPublic().getEncoded());
        Authenticator gate = gate("algorithms", "ES256", "secretEncoding", "utf8", "publicKeys", "file:" + der);
        java.security.KeyPair next = Keys.ec256WhoseDerEndsInNewline(pair -> pair.getPublic().getEncoded());
        Files.write(der, next.getPublic().getEncoded());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, Tokens.with("ES256", next.getPrivate()).sign()));
        assertEquals(Reason.BAD_SIGNATURE, reason(gate, Tokens.with("ES256", Keys.ec256().getPrivate()).sign()));
    }

    @Test
    void keys_twoSlotRotationAsInTheRunbook_noRestartNoGap() throws Exception {
        // Steady state: slot a holds the key in use, slot b is an empty file.
        overwrite("b", "");
        Authenticator gate = gate("secret", write("a", first) + ", file:" + dir.resolve("b"));
        String oldToken = Tokens.hs256(first).sign();
        assertEquals(true, accepted(gate, oldToken));
        // 1. generate the new secret into the spare slot: within the interval both are accepted
        write("b", second);
        clock.advance(Duration.ofSeconds(60));
        String newToken = Tokens.hs256(second).sign();
        assertEquals(true, accepted(gate, newToken));
        assertEquals(true, accepted(gate, oldToken));
        // 2. the issuer switches; 3. the longest token lifetime passes; 4. the old slot is emptied
        overwrite("a", "");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, Tokens.hs256(second).claim("jti", "later").sign()));
        assertEquals(Reason.BAD_SIGNATURE, reason(gate, oldToken));
    }

    @ParameterizedTest(name = "spare slot {0}")
    @ValueSource(strings = {"", "\n", "\r\n"})
    void keys_publicKeySpareSlotEmptiedWithEcho_emptyThenFilled(String spare) throws Exception {
        // A key file is read byte for byte; `echo > spare.pem` (one newline) still empties the slot.
        Path in = dir.resolve("in-use.pem");
        Files.writeString(in, Keys.pem(Keys.ec256().getPublic()));
        Files.writeString(dir.resolve("spare.pem"), spare);
        Authenticator gate = gate("algorithms", "ES256", "secretEncoding", "utf8",
                "publicKeys", "file:" + in + ", file:" + dir.resolve("spare.pem"));
        assertEquals(true, accepted(gate, Tokens.with("ES256", Keys.ec256().getPrivate()).sign()));
        java.security.KeyPair next = Keys.newEc("secp256r1");
        Files.writeString(dir.resolve("spare.pem"), Keys.pem(next.getPublic()));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(true, accepted(gate, Tokens.with("ES256", next.getPrivate()).sign()));
        Files.writeString(in, spare);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Reason.BAD_SIGNATURE, reason(gate, Tokens.with("ES256", Keys.ec256().getPrivate()).claim("jti", "x").sign()));
    }

    @Test
    void create_everySlotEmpty_refusedBecauseNothingCoversTheAlgorithm() throws Exception {
        overwrite("a", "");
        org.junit.jupiter.api.Assertions.assertThrows(org.jwtgate.JwtGateConfigurationException.class,
                () -> gate("secret", "file:" + dir.resolve("a")));
    }

    @Test
    void create_environmentOnlyKeys_loadedOnceWithoutReloading() {
        ReferenceResolver resolver = new ReferenceResolver(
                name -> Base64.getEncoder().encodeToString(first), name -> null);
        Authenticator gate = Authenticator.create(InitParameters.parse(Map.of("algorithms", "HS256",
                "secret", "env:S", "secretEncoding", "base64"), resolver, clock), resolver);
        assertInstanceOf(StaticKeySource.class, gate.keySource());
    }
}
