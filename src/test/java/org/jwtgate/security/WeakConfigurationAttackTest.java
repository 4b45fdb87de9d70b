package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.RocaKeys;
import org.jwtgate.testing.Tokens;

/**
 * Weak configuration: what would let anyone mint tokens is refused at {@code init()}, with a
 * message that names the parameter and the reference and never shows the secret. Short, published,
 * guessable and literal secrets; a public key (in any of its forms) given as an HMAC secret, the
 * setup of the RS256-to-HS256 confusion; RSA keys under 2048 bits; EC keys on a curve no allowed
 * algorithm uses, or allowed algorithms without a key on their curve.
 */
class WeakConfigurationAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private static final SecureRandom RANDOM = new SecureRandom();


    @TempDir
    Path dir;

    /** init() with the HS256 gate's params changed; must fail. */
    private JwtGateConfigurationException refused(String... overrides) {
        return assertThrows(JwtGateConfigurationException.class, () -> gates.hs256(overrides));
    }

    private static void assertNotShown(String secret, JwtGateConfigurationException e) {
        String trimmed = secret.trim();
        if (trimmed.isEmpty()) {
            return;
        }
        assertFalse(e.getMessage().contains(trimmed), () -> "message shows the secret: " + e.getMessage());
        for (int i = 0; i + 12 <= trimmed.length(); i += 6) {
            String piece = trimmed.substring(i, i + 12);
            assertFalse(e.getMessage().contains(piece), () -> "message shows a piece of the secret: " + e.getMessage());
        }
    }

    private String secretRef(String text) {
        LeakGuard.key(text);
        return gates.env("WEAK", text);
    }

    // --- secrets: length ---

    @ParameterizedTest(name = "{0} with {1} bytes")
    @CsvSource({"HS256,31,32", "HS384,47,48", "HS512,63,64", "'HS256, HS512',48,64", "'HS256, HS384',47,48",
        "'HS256, HS512',32,64", "'HS512, HS256, HS384',63,64", "HS256,0,32", "HS256,1,32"})
    void secretShorterThanStrongestHsAlgorithm_refused(String algorithms, int bytes, int required) {
        String text = Keys.secretBase64(bytes);
        JwtGateConfigurationException e = refused("algorithms", algorithms, "secret", secretRef(text));
        assertEquals("secret", e.getParameter());
        if (bytes > 0) {
            assertTrue(e.getMessage().contains("shorter than " + required + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("env:WEAK"), e.getMessage());
        }
        assertNotShown(text, e);
    }

    @Test
    void oneOfSeveralSecretsTooShort_refusedNamingItsReference() {
        String shortOne = gates.env("SHORT", Keys.secretBase64(31));
        JwtGateConfigurationException e = refused("secret", "env:SECRET, old=" + shortOne);
        assertEquals("secret", e.getParameter());
        assertTrue(e.getMessage().contains("old=env:SHORT"), e.getMessage());
    }

    // --- secrets: published or guessable ---

    static Stream<Arguments> weakSecrets() {
        byte[] run = new byte[64];
        for (int i = 0; i < run.length; i++) {
            run[i] = (byte) i;
        }
        StringBuilder fewDistinct = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            fewDistinct.append("abcdefg".charAt(RANDOM.nextInt(7)));
        }
        return Stream.of(
                Arguments.of("one character repeated", "utf8", "a".repeat(64)),
                Arguments.of("a word repeated", "utf8", "secret".repeat(11).substring(0, 64)),
                Arguments.of("8 distinct characters repeated", "utf8", "Xk9#mQ2z".repeat(8)),
                Arguments.of("hex digits repeated", "utf8", "0123456789abcdef".repeat(4)),
                Arguments.of("digits then letters", "utf8", "0123456789abcdefghijklmnopqrstuv"),
                Arguments.of("letters then digits", "utf8", "abcdefghijklmnopqrstuvwxyz012345"),
                Arguments.of("descending run", "utf8", "zyxwvutsrqponmlkjihgfedcba987654"),
                Arguments.of("few distinct characters", "utf8", fewDistinct.toString()),
                Arguments.of("bytes 0..63", "base64", Base64.getEncoder().encodeToString(run)),
                Arguments.of("64 zero bytes", "base64", Base64.getEncoder().encodeToString(new byte[64])),
                Arguments.of("64 zero bytes", "hex", "00".repeat(64)),
                Arguments.of("jwt.io default", "utf8", "a-string-secret-at-least-256-bits-long"),
                Arguments.of("jwt.io default, other case", "utf8", "A-String-Secret-At-Least-256-Bits-Long"),
                Arguments.of("jwt.io default, padded", "utf8", "  a-string-secret-at-least-256-bits-long  "),
                Arguments.of("tutorial secret", "utf8", "thisisaverylongsecretkeythatisatleast32byteslong"),
                Arguments.of("tutorial secret", "utf8", "mysecretkeymysecretkeymysecretkeymysecretkey"),
                Arguments.of("tutorial hex text", "utf8",
                        "404E635266556A586E3272357538782F413F4428472B4B6250645367566B5970"),
                Arguments.of("tutorial hex text", "utf8",
                        "404e635266556a586e3272357538782f413f4428472b4b6250645367566b5970"),
                // issue 13, defect 5: the reported bypasses
                Arguments.of("jwt.io's old default twice", "utf8", "your-256-bit-secretyour-256-bit-secret"),
                Arguments.of("a password three times", "utf8", "Password123!Password123!Password123!"),
                Arguments.of("a word three times", "utf8", "mysecretkeymysecretkeymysecretkey"),
                Arguments.of("published secret plus one character", "utf8", "a-string-secret-at-least-256-bits-long!"),
                Arguments.of("published secret plus one character", "utf8",
                        "thisisaverylongsecretkeythatisatleast32byteslong1"),
                Arguments.of("published secret plus one character", "utf8",
                        "mysecretkeymysecretkeymysecretkeymysecretkey!"),
                Arguments.of("published hex plus one character", "utf8",
                        "404E635266556A586E3272357538782F413F4428472B4B6250645367566B59700"),
                // and their variations
                Arguments.of("framework default plus one character", "utf8", "pleaseChangeThisSecretForANewOne2"),
                Arguments.of("framework default", "utf8", "pleaseChangeThisSecretForANewOne"),
                Arguments.of("Supabase's local default", "utf8", "super-secret-jwt-token-with-at-least-32-characters-long"),
                Arguments.of("FastAPI tutorial key as hex", "hex",
                        "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"),
                Arguments.of("published secret amid random text", "utf8", "k8J2your-256-bit-secretQz93mA0pLx7Wc1vB"),
                Arguments.of("published secret, other case, amid text", "utf8",
                        "prod-MY-SECRET-TOKEN-TO-CHANGE-IN-PRODUCTION-v2"),
                Arguments.of("published secret inside base64", "base64", Base64.getEncoder().encodeToString(
                        "xyz-your-256-bit-secret-0123456789".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("published secret inside base64 taken as utf8", "utf8", Base64.getEncoder().encodeToString(
                        "a-string-secret-at-least-256-bits-long+1".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("repetition cut short", "utf8", "your-256-bit-secretyour-256-bit-secre"),
                Arguments.of("repetition with a counter", "utf8", "mysecretkey1mysecretkey2mysecretkey3"),
                Arguments.of("repetition with a suffix", "utf8", "Password123!Password123!Password123!Zq"),
                Arguments.of("repetition changing case", "utf8", "Password123!PASSWORD123!password123!"),
                Arguments.of("random-looking unit twice", "utf8", "Xk9#mQ2zLp0!vB7$Xk9#mQ2zLp0!vB7$"),
                Arguments.of("long unit twice, cut short", "utf8",
                        "q8W#e4R!t6Y@u2I$o0P%a7S^d5F&g3H*" + "q8W#e4R!t6Y@u2I$o0P%a7S^d5F&g"),
                Arguments.of("repeated bytes as base64", "base64", Base64.getEncoder().encodeToString(
                        "Password123!Password123!Password123!".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("repeated bytes as hex", "hex", HexFormat.of().formatHex(
                        "mysecretkeymysecretkeymysecretkey".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("base64 of repeated bytes taken as utf8", "utf8", Base64.getEncoder().encodeToString(
                        "Xk9#mQ2zLp0!Xk9#mQ2zLp0!Xk9#mQ2zLp0!".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("hex of repeated bytes taken as utf8", "utf8", HexFormat.of().formatHex(
                        "Xk9#mQ2zLp0!vB7$Xk9#mQ2zLp0!vB7$".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("random bytes repeated, base64", "base64", Base64.getEncoder().encodeToString(
                        twice(Keys.secret(24)))));
    }

    private static byte[] twice(byte[] unit) {
        byte[] out = java.util.Arrays.copyOf(unit, unit.length * 2);
        System.arraycopy(unit, 0, out, unit.length, unit.length);
        return out;
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("weakSecrets")
    void weakOrPublishedSecret_refused(String label, String encoding, String text) {
        JwtGateConfigurationException e = refused("secret", secretRef(text), "secretEncoding", encoding);
        assertEquals("secret", e.getParameter());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(e.getMessage().contains("generate a random one"), e.getMessage());
        assertTrue(e.getMessage().contains("env:WEAK"), e.getMessage());
        assertNotShown(text, e);
    }

    /**
     * A published secret is public whatever encoding it is configured with: this one is printed in
     * a widely copied Spring tutorial as hex text, and decoded there as base64.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hex", "base64"})
    void publishedSecretInTheEncodingItIsPublishedFor_refused(String encoding) {
        String text = "404E635266556A586E3272357538782F413F4428472B4B6250645367566B5970";
        JwtGateConfigurationException e = refused("secret", secretRef(text), "secretEncoding", encoding);
        assertEquals("secret", e.getParameter());
        assertTrue(e.getMessage().contains("well-known"), e.getMessage());
        assertNotShown(text, e);
    }

    /** Every character steps by one from the last except at a few joins: a keyboard-lazy secret. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    })
    void secretMadeOfAlphabetRuns_refused(String text) {
        JwtGateConfigurationException e = refused("secret", secretRef(text), "secretEncoding", null);
        assertEquals("secret", e.getParameter());
        assertNotShown(text, e);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "literal-secret-value-0123456789-ABCDEFG",
        "kid-1=literal-secret-value-0123456789-ABCDEFG",
        "bGl0ZXJhbC1zZWNyZXQtdmFsdWUtMDEyMzQ1Njc4OS1BQkNERUZH",
        "bGl0ZXJhbC1zZWNyZXQtdmFsdWUtMDEyMzQ1Njc4OS1BQkNERUZHSA==",
        "env:SECRET, literal-secret-value-0123456789-ABCDEFG",
        "ENV:SECRET", "env :SECRET", " literal-secret-value-0123456789-ABCDEFG",
    })
    void literalSecretInWebXml_refusedWithoutEchoingIt(String value) {
        JwtGateConfigurationException e = refused("secret", value);
        assertEquals("secret", e.getParameter());
        assertFalse(e.getMessage().contains("literal-secret"), e.getMessage());
        assertFalse(e.getMessage().contains("bGl0ZXJhbC1zZWNyZXQ"), e.getMessage());
    }

    // --- a public key given as the HMAC secret ---

    /**
     * The forms an operator might paste or point a public key in, each usable by anyone holding that
     * public key to mint HS256 tokens the gate would accept. Given as a file, as a secret would be.
     */
    static Stream<Arguments> publicKeysAsSecrets() {
        byte[] spki = Keys.rsa().getPublic().getEncoded();
        String pem = Keys.pem(Keys.rsa().getPublic());
        String body = pem.replaceAll("-----[A-Z ]+-----", "").trim();
        byte[] certificate = KeyEncodings.selfSignedCertificate(Keys.rsa());
        return Stream.of(
                Arguments.of("PEM text", "utf8", ascii(pem)),
                Arguments.of("PEM text, base64 of it", "base64", ascii(Base64.getEncoder().encodeToString(ascii(pem)))),
                Arguments.of("certificate PEM text", "utf8", ascii(KeyEncodings.pem("CERTIFICATE", certificate))),
                Arguments.of("DER file (openssl -outform DER)", "utf8", spki),
                Arguments.of("certificate DER file", "utf8", certificate),
                Arguments.of("PEM body without its armour lines, as base64 (the DER key)", "base64", ascii(body)),
                Arguments.of("PEM body without its armour lines, as text", "utf8", ascii(body.replace("\n", ""))),
                Arguments.of("DER key as hex", "hex", ascii(HexFormat.of().formatHex(spki))),
                Arguments.of("JWK JSON text", "utf8", ascii(Jwks.json(Jwks.of(null, Keys.rsa().getPublic())))),
                Arguments.of("EC DER key as base64", "base64",
                        ascii(Base64.getEncoder().encodeToString(Keys.ec256().getPublic().getEncoded()))),
                // The file's last byte, 0x0A, is removed as a trailing newline: the key arrives one byte short.
                Arguments.of("EC DER file whose last byte is 0x0A", "utf8", Keys.ec256WhoseDerEndsInNewline(
                        pair -> pair.getPublic().getEncoded()).getPublic().getEncoded()));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicKeysAsSecrets")
    void publicKeyGivenAsSecret_refused(String form, String encoding, byte[] content) throws Exception {
        LeakGuard.key(Base64.getEncoder().encodeToString(content));
        String reference = "file:" + Files.write(dir.resolve("jwt-secret"), content).toAbsolutePath();
        JwtGateConfigurationException e = refused("algorithms", "HS256", "secret", reference, "secretEncoding", encoding);
        assertEquals("secret", e.getParameter());
        assertNotShown(new String(content, StandardCharsets.ISO_8859_1), e);
    }

    // --- RSA size ---

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {512, 1024, 2047})
    void rsaKeyUnder2048Bits_refused(int bits) {
        String pem = Keys.pem(KeyEncodings.rsaPublicKeyOfBits(bits));
        JwtGateConfigurationException e = refused("algorithms", "RS256", "secret", null, "secretEncoding", null,
                "publicKeys", gates.env("RSA", pem));
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains(bits + " bits"), e.getMessage());
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
        assertTrue(e.getMessage().contains("env:RSA"), e.getMessage());
    }

    @Test
    void rsaKeyUnder2048BitsAsCertificateOrPkcs1_refused() {
        java.security.KeyPair small = Keys.newRsa(1024);
        for (String pem : new String[] {
            KeyEncodings.pem("CERTIFICATE", KeyEncodings.selfSignedCertificate(small)),
            KeyEncodings.pem("RSA PUBLIC KEY", KeyEncodings.rsaPkcs1((java.security.interfaces.RSAPublicKey) small.getPublic()))}) {
            JwtGateConfigurationException e = refused("algorithms", "RS256", "secret", null, "secretEncoding", null,
                    "publicKeys", gates.env("RSA", pem));
            assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
        }
    }

    // --- RSA keys with the ROCA fingerprint (CVE-2017-15361; issue 13, defect 13) ---

    static Stream<Arguments> rocaKeyForms() {
        java.security.KeyPair roca = RocaKeys.rsa2048();
        java.security.KeyPair roca2056 = RocaKeys.newPair(2056);
        byte[] certificate = KeyEncodings.selfSignedCertificate(roca);
        return Stream.of(
                Arguments.of("PEM PUBLIC KEY", ascii(Keys.pem(roca.getPublic()))),
                Arguments.of("PEM PUBLIC KEY, 2056 bits", ascii(Keys.pem(roca2056.getPublic()))),
                Arguments.of("PEM RSA PUBLIC KEY", ascii(KeyEncodings.pem("RSA PUBLIC KEY",
                        KeyEncodings.rsaPkcs1((java.security.interfaces.RSAPublicKey) roca.getPublic())))),
                Arguments.of("PEM CERTIFICATE", ascii(KeyEncodings.pem("CERTIFICATE", certificate))),
                Arguments.of("DER SubjectPublicKeyInfo", roca.getPublic().getEncoded()),
                Arguments.of("DER CERTIFICATE", certificate));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rocaKeyForms")
    void rsaKeyWithRocaFingerprint_refusedAtStartInEveryForm(String form, byte[] content) throws Exception {
        String reference = "file:" + Files.write(dir.resolve("roca"), content).toAbsolutePath();
        JwtGateConfigurationException e = refused("algorithms", "RS256, PS256", "secret", null, "secretEncoding", null,
                "publicKeys", "idp=" + reference);
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("ROCA") && e.getMessage().contains("CVE-2017-15361"), e.getMessage());
        assertTrue(e.getMessage().contains("idp=" + reference), e.getMessage());
        String modulus = ((java.security.interfaces.RSAPublicKey) RocaKeys.rsa2048().getPublic()).getModulus().toString(16);
        assertFalse(e.getMessage().contains(modulus.substring(0, 16)), e.getMessage());
    }

    @Test
    void rocaKeyBesideAGoodKey_stillRefusedAtStart() {
        JwtGateConfigurationException e = refused("algorithms", "RS256", "secret", null, "secretEncoding", null,
                "publicKeys", "good=" + gates.env("GOOD", Keys.pem(Keys.rsa().getPublic())) + ", bad="
                        + gates.env("ROCA", Keys.pem(RocaKeys.rsa2048().getPublic())));
        assertTrue(e.getMessage().contains("bad=env:ROCA"), e.getMessage());
    }

    /** The report: a token signed with a ROCA key from the JWK Set got 200. */
    @Test
    void rocaKeyInJwkSet_tokenSignedWithItRefusedAndTheOtherKeysServe() {
        java.security.KeyPair roca = RocaKeys.rsa2048();
        java.security.KeyPair good = Keys.rsa();
        try (JwkSetServer provider = JwkSetServer.start()) {
            provider.serve(Jwks.set(Jwks.of("roca", roca.getPublic()), Jwks.of("good", good.getPublic())));
            try (Gate gate = gates.hs256("algorithms", "RS256", "secret", null, "secretEncoding", null,
                    "jwksUri", provider.uri(JwkSetServer.PATH).toString())) {
                String genuine = Tokens.with("RS256", good.getPrivate()).keyId("good").sign();
                assertEquals("alice", gate.principal(genuine).getName());
                assertEquals(AuthenticationResult.Kind.REJECTED,
                        gate.result(Tokens.with("RS256", roca.getPrivate()).keyId("roca").sign()).kind());
                assertEquals(AuthenticationResult.Kind.REJECTED,
                        gate.result(Tokens.with("RS256", roca.getPrivate()).sign()).kind(), "nor without a kid");
            }
        }
    }

    @Test
    void jwkSetOfOnlyRocaKeys_neverAuthenticates() {
        java.security.KeyPair roca = RocaKeys.rsa2048();
        try (JwkSetServer provider = JwkSetServer.start()) {
            provider.serve(Jwks.set(Jwks.of("roca", roca.getPublic())));
            try (Gate gate = gates.hs256("algorithms", "RS256", "secret", null, "secretEncoding", null,
                    "jwksUri", provider.uri(JwkSetServer.PATH).toString())) {
                AuthenticationResult result = gate.result(Tokens.with("RS256", roca.getPrivate()).keyId("roca").sign());
                assertEquals(AuthenticationResult.Kind.UNAVAILABLE, result.kind(),
                        "a set with no usable key is a broken publication: 503, never 200");
            }
        }
    }

    // --- EC curves ---

    @Test
    void p384KeyWithOnlyEs256Allowed_refusedNamingTheCurve() {
        JwtGateConfigurationException e = refused("algorithms", "ES256", "secret", null, "secretEncoding", null,
                "publicKeys", gates.env("EC", Keys.pem(Keys.ec384().getPublic())));
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("P-384"), e.getMessage());
        assertTrue(e.getMessage().contains("ES384"), e.getMessage());
    }

    @Test
    void p256KeyWithOnlyEs384Allowed_refusedNamingTheCurve() {
        JwtGateConfigurationException e = refused("algorithms", "ES384", "secret", null, "secretEncoding", null,
                "publicKeys", gates.env("EC", Keys.pem(Keys.ec256().getPublic())));
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("P-256"), e.getMessage());
    }

    @Test
    void es384AllowedButOnlyP256Key_refusedOnAlgorithms() {
        JwtGateConfigurationException e = refused("algorithms", "ES256, ES384", "secret", null, "secretEncoding", null,
                "publicKeys", gates.env("EC", Keys.pem(Keys.ec256().getPublic())));
        assertEquals("algorithms", e.getParameter());
        assertTrue(e.getMessage().contains("ES384"), e.getMessage());
        assertTrue(e.getMessage().contains("P-384"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DER", "PEM"})
    void ecKeyOnNonNistCurve_refused(String form) throws Exception {
        byte[] der = KeyEncodings.secp256k1PublicKeyDer();
        byte[] content = form.equals("DER") ? der : KeyEncodings.pem("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII);
        String reference = "file:" + Files.write(dir.resolve("k1"), content).toAbsolutePath();
        JwtGateConfigurationException e = refused("algorithms", "ES256, ES384, ES512", "secret", null,
                "secretEncoding", null, "publicKeys", reference);
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("P-256, P-384 or P-521"), e.getMessage());
    }
}
