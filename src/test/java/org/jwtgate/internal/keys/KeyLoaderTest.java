package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * Key loading as {@code init()} does it (init-params parsed, then keys loaded): what is accepted
 * verifies real tokens, what is unsafe is refused with a message that names the parameter and
 * the reference but never shows key material.
 */
class KeyLoaderTest {

    private static final SecureRandomText RANDOM = new SecureRandomText();

    private final Map<String, String> env = new HashMap<>();
    private final ReferenceResolver resolver = new ReferenceResolver(env::get, name -> null);
    private final MutableClock clock = MutableClock.atFixtureNow();

    @TempDir
    Path dir;

    private static Map<String, String> params(String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    private KeySet load(String... pairs) {
        JwtGateSettings settings = InitParameters.parse(params(pairs), resolver, clock);
        return KeyLoader.load(settings, resolver, 1);
    }

    private JwtGateConfigurationException refused(String... pairs) {
        return assertThrows(JwtGateConfigurationException.class, () -> load(pairs));
    }

    private Authenticator authenticator(String... pairs) {
        return Authenticator.create(InitParameters.parse(params(pairs), resolver, clock), resolver);
    }

    private static Kind authenticate(Authenticator authenticator, String token) {
        Function<String, Enumeration<String>> headers = name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration();
        return authenticator.authenticate(headers, null).result().kind();
    }

    private String file(String name, byte[] content) {
        try {
            return "file:" + Files.write(dir.resolve(name), content).toAbsolutePath();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNotShown(String shouldNotAppear, JwtGateConfigurationException e) {
        assertFalse(e.getMessage().contains(shouldNotAppear.trim()), "message shows key material: " + e.getMessage());
    }

    // ---- HMAC secrets: length ------------------------------------------------------------

    @ParameterizedTest(name = "{0} with {1} bytes, token {2}")
    @CsvSource({"HS256,32,HS256", "HS384,48,HS384", "HS512,64,HS512", "'HS256, HS512',64,HS256",
        "'HS256, HS512',64,HS512"})
    void load_secretOfExactlyTheHashLength_acceptedAndVerifies(String algorithms, int bytes, String tokenAlgorithm) {
        byte[] secret = Keys.secret(bytes);
        env.put("SECRET", Base64.getEncoder().encodeToString(secret));
        Authenticator authenticator = authenticator("algorithms", algorithms, "secret", "env:SECRET",
                "secretEncoding", "base64");
        Tokens token = tokenAlgorithm.equals("HS256") ? Tokens.hs256(secret)
                : tokenAlgorithm.equals("HS384") ? Tokens.hs384(secret) : Tokens.hs512(secret);
        assertEquals(Kind.AUTHENTICATED, authenticate(authenticator, token.sign()));
    }

    // ---- HMAC secrets: encodings ----------------------------------------------------------

    static Stream<Arguments> encodedSecrets() {
        byte[] secret32 = Keys.secret(32);
        byte[] secret64 = Keys.secret(64);
        // openssl rand -base64 64: 88 characters in lines of 64, each line ended by \n
        String openssl = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(secret64) + "\n";
        byte[] urlSafe = RANDOM.bytesWhoseEncodingContains(Base64.getUrlEncoder(), "-", "_");
        return Stream.of(
                Arguments.of("base64 padded", "base64", secret32, Base64.getEncoder().encodeToString(secret32)),
                Arguments.of("base64 unpadded", "base64", secret32,
                        Base64.getEncoder().withoutPadding().encodeToString(secret32)),
                Arguments.of("base64 as openssl prints it", "base64", secret64, openssl),
                Arguments.of("base64url unpadded", "base64url", urlSafe,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(urlSafe)),
                Arguments.of("base64url padded", "base64url", urlSafe, Base64.getUrlEncoder().encodeToString(urlSafe)),
                Arguments.of("hex lower case", "hex", secret32, HexFormat.of().formatHex(secret32)),
                Arguments.of("hex upper case", "hex", secret32, HexFormat.of().withUpperCase().formatHex(secret32)),
                Arguments.of("utf8", "utf8", HexFormat.of().formatHex(secret32).getBytes(StandardCharsets.UTF_8),
                        HexFormat.of().formatHex(secret32)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedSecrets")
    void load_encodedSecret_decodesToTheSigningKey(String label, String encoding, byte[] secret, String text) {
        String reference = Keys.fileRef(dir, "secret", text);
        Authenticator authenticator = authenticator("algorithms", "HS256", "secret", reference,
                "secretEncoding", encoding);
        assertEquals(Kind.AUTHENTICATED, authenticate(authenticator, Tokens.hs256(secret).sign()));
    }

    static Stream<Arguments> invalidEncodings() {
        String standard = Base64.getEncoder().encodeToString(
                RANDOM.bytesWhoseEncodingContains(Base64.getEncoder(), "+", "/"));
        String urlSafe = Base64.getUrlEncoder().encodeToString(
                RANDOM.bytesWhoseEncodingContains(Base64.getUrlEncoder(), "-", "_"));
        String hex = HexFormat.of().formatHex(Keys.secret(32));
        return Stream.of(
                Arguments.of("base64", "this*is*not*base64*at*all*0123456789abcdefghijkl"),
                Arguments.of("base64", urlSafe),
                Arguments.of("base64", "YWJjZGVm=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY3"),
                Arguments.of("base64url", standard),
                Arguments.of("hex", hex.substring(1)),
                Arguments.of("hex", "zz" + hex.substring(2)),
                Arguments.of("hex", "0x" + hex),
                Arguments.of("hex", hex.substring(0, 62) + "g0"),
                // Character.digit would read these as 0 and 1: hex means ASCII 0-9 a-f A-F only.
                Arguments.of("hex", hex.substring(0, 62) + "\uFF10\uFF11"),
                Arguments.of("hex", hex.substring(0, 62) + "\u0660\u0661"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidEncodings")
    void load_secretNotInItsEncoding_refused(String encoding, String text) {
        env.put("SECRET", text);
        JwtGateConfigurationException e = refused("algorithms", "HS256", "secret", "env:SECRET",
                "secretEncoding", encoding);
        assertEquals("secret", e.getParameter());
        assertTrue(e.getMessage().contains("not valid " + encoding), e.getMessage());
        assertTrue(e.getMessage().contains("secretEncoding"), e.getMessage());
        assertNotShown(text, e);
    }

    // ---- HMAC secrets: random ones pass (the weak ones: org.jwtgate.security.WeakConfigurationAttackTest)

    @RepeatedTest(20)
    void load_random32ByteSecret_accepted() {
        env.put("SECRET", Keys.secretBase64(32));
        assertEquals(1, load("algorithms", "HS256", "secret", "env:SECRET", "secretEncoding", "base64").keys().size());
    }

    @RepeatedTest(20)
    void load_random64CharHexTextAsUtf8_accepted() {
        env.put("SECRET", HexFormat.of().formatHex(Keys.secret(32)));
        assertEquals(1, load("algorithms", "HS512", "secret", "env:SECRET").keys().size());
    }

    @RepeatedTest(5)
    void load_randomBase64TextAsUtf8_accepted() {
        // `openssl rand -base64 48` pasted without secretEncoding: 64 characters of text, still random.
        env.put("SECRET", Keys.secretBase64(48));
        assertEquals(1, load("algorithms", "HS512", "secret", "env:SECRET").keys().size());
    }

    // ---- public keys: RSA size and formats ------------------------------------------------

    @Test
    void load_rsa2048_acceptedForEveryRsaAlgorithm() {
        env.put("RSA", Keys.pem(Keys.rsa().getPublic()));
        KeySet keys = load("algorithms", "RS256, RS384, RS512, PS256, PS384, PS512", "publicKeys", "env:RSA");
        assertEquals(Set.of(JwtAlgorithm.RS256, JwtAlgorithm.RS384, JwtAlgorithm.RS512, JwtAlgorithm.PS256,
                JwtAlgorithm.PS384, JwtAlgorithm.PS512), keys.keys().get(0).algorithms());
    }

    static Stream<Arguments> publicKeyFormats() {
        KeyPair rsa = Keys.rsa();
        KeyPair ec = Keys.ec256();
        String rsaPem = Keys.pem(rsa.getPublic());
        KeyPair newlineEnded = Keys.ec256WhoseDerEndsInNewline(pair -> pair.getPublic().getEncoded());
        return Stream.of(
                Arguments.of("PEM PUBLIC KEY, RSA", rsa, "RS256", ascii(rsaPem)),
                Arguments.of("PEM PUBLIC KEY, CRLF and text around it", rsa, "PS256",
                        ascii("Public key of the issuer\r\n" + rsaPem.replace("\n", "\r\n") + "\r\n")),
                Arguments.of("PEM RSA PUBLIC KEY (PKCS#1)", rsa, "RS256", ascii(KeyEncodings.pem("RSA PUBLIC KEY",
                        KeyEncodings.rsaPkcs1((java.security.interfaces.RSAPublicKey) rsa.getPublic())))),
                Arguments.of("PEM CERTIFICATE, RSA", rsa, "RS256",
                        ascii(KeyEncodings.pem("CERTIFICATE", KeyEncodings.selfSignedCertificate(rsa)))),
                Arguments.of("PEM CERTIFICATE, EC P-256", ec, "ES256",
                        ascii(KeyEncodings.pem("CERTIFICATE", KeyEncodings.selfSignedCertificate(ec)))),
                Arguments.of("DER SubjectPublicKeyInfo, RSA", rsa, "RS256", rsa.getPublic().getEncoded()),
                Arguments.of("DER SubjectPublicKeyInfo, EC P-256", ec, "ES256", ec.getPublic().getEncoded()),
                Arguments.of("DER SubjectPublicKeyInfo, EC P-256, its last byte 0x0A (kept, not taken for a newline)",
                        newlineEnded, "ES256", newlineEnded.getPublic().getEncoded()),
                Arguments.of("DER CERTIFICATE, RSA", rsa, "RS256", KeyEncodings.selfSignedCertificate(rsa)),
                Arguments.of("PEM PUBLIC KEY, EC P-256", ec, "ES256", ascii(Keys.pem(ec.getPublic()))),
                Arguments.of("PEM PUBLIC KEY, EC P-384", Keys.ec384(), "ES384", ascii(Keys.pem(Keys.ec384().getPublic()))),
                Arguments.of("PEM PUBLIC KEY, EC P-521", Keys.ec521(), "ES512", ascii(Keys.pem(Keys.ec521().getPublic()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicKeyFormats")
    void load_publicKeyFormat_acceptedAndVerifies(String label, KeyPair pair, String algorithm, byte[] content) {
        Authenticator authenticator = authenticator("algorithms", algorithm, "publicKeys", file("key", content));
        assertEquals(Kind.AUTHENTICATED, authenticate(authenticator, Tokens.with(algorithm, pair.getPrivate()).sign()));
    }

    static Stream<Arguments> privateKeys() {
        String rsaPrivate = KeyEncodings.privateKeyPem(Keys.rsa().getPrivate());
        String ecPrivate = KeyEncodings.privateKeyPem(Keys.ec256().getPrivate());
        byte[] pkcs8 = Keys.ec256().getPrivate().getEncoded();
        return Stream.of(
                Arguments.of("PKCS#8 RSA", rsaPrivate),
                Arguments.of("PKCS#8 EC", ecPrivate),
                Arguments.of("RSA PRIVATE KEY label", KeyEncodings.pem("RSA PRIVATE KEY", pkcs8)),
                Arguments.of("EC PRIVATE KEY label", KeyEncodings.pem("EC PRIVATE KEY", pkcs8)),
                Arguments.of("ENCRYPTED PRIVATE KEY label", KeyEncodings.pem("ENCRYPTED PRIVATE KEY", pkcs8)),
                Arguments.of("public key, then private key", Keys.pem(Keys.ec256().getPublic()) + ecPrivate),
                Arguments.of("private key, then certificate", ecPrivate
                        + KeyEncodings.pem("CERTIFICATE", KeyEncodings.selfSignedCertificate(Keys.ec256()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("privateKeys")
    void load_pemPrivateKey_refusedAskingForThePublicKey(String label, String content) {
        String reference = Keys.fileRef(dir, "key.pem", content);
        JwtGateConfigurationException e = refused("algorithms", "RS256, ES256", "publicKeys", reference);
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("configure only the public key"), e.getMessage());
        assertTrue(e.getMessage().contains(reference), e.getMessage());
        for (String line : content.split("\n")) {
            if (!line.startsWith("-----") && line.length() >= 16) {
                assertNotShown(line, e);
            }
        }
    }

    static Stream<Arguments> derPrivateKeys() {
        return Stream.of(Arguments.of("any P-256 key", Keys.ec256().getPrivate().getEncoded()),
                Arguments.of("a P-256 key whose last byte is 0x0A", Keys.ec256WhoseDerEndsInNewline(
                        pair -> pair.getPrivate().getEncoded()).getPrivate().getEncoded()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derPrivateKeys")
    void load_derPrivateKey_refused(String label, byte[] pkcs8) {
        JwtGateConfigurationException e = refused("algorithms", "ES256", "publicKeys", file("key.der", pkcs8));
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("configure only the public key"), e.getMessage());
    }

    static Stream<Arguments> severalBlocks() {
        String rsa = Keys.pem(Keys.rsa().getPublic());
        String ec = Keys.pem(Keys.ec256().getPublic());
        String certificate = KeyEncodings.pem("CERTIFICATE", KeyEncodings.selfSignedCertificate(Keys.ec256()));
        return Stream.of(Arguments.of("two public keys", rsa + ec), Arguments.of("same key twice", rsa + rsa),
                Arguments.of("certificate chain", certificate + certificate),
                Arguments.of("public key and certificate", ec + certificate));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("severalBlocks")
    void load_severalPemBlocksInOneReference_refused(String label, String content) {
        JwtGateConfigurationException e = refused("algorithms", "RS256, ES256", "publicKeys",
                Keys.fileRef(dir, "keys.pem", content));
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("more than one PEM block"), e.getMessage());
    }

    static Stream<Arguments> garbage() {
        byte[] spki = Keys.ec256().getPublic().getEncoded();
        return Stream.of(
                Arguments.of("text", ascii("this is not a key, it is a note about a key\n")),
                Arguments.of("empty file", new byte[0]),
                Arguments.of("random bytes", Keys.secret(300)),
                Arguments.of("PEM around random bytes", ascii(KeyEncodings.pem("PUBLIC KEY", Keys.secret(300)))),
                Arguments.of("PEM with a broken body", ascii("-----BEGIN PUBLIC KEY-----\nMIIB!IjAN\n-----END PUBLIC KEY-----\n")),
                Arguments.of("PEM without END", ascii("-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getEncoder().encodeToString(spki) + "\n")),
                Arguments.of("PEM with mismatched END", ascii("-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getEncoder().encodeToString(spki) + "\n-----END CERTIFICATE-----\n")),
                Arguments.of("PEM of an unknown type", ascii(KeyEncodings.pem("SSH2 PUBLIC KEY", spki))),
                Arguments.of("RSA PUBLIC KEY holding an EC key", ascii(KeyEncodings.pem("RSA PUBLIC KEY", spki))),
                Arguments.of("CERTIFICATE holding a bare key", ascii(KeyEncodings.pem("CERTIFICATE", spki))),
                Arguments.of("PUBLIC KEY holding a certificate", ascii(KeyEncodings.pem("PUBLIC KEY",
                        KeyEncodings.selfSignedCertificate(Keys.ec256())))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void load_publicKeysThatAreNotAKey_refused(String label, byte[] content) {
        String reference = file("key", content);
        JwtGateConfigurationException e = refused("algorithms", "RS256, ES256", "publicKeys", reference);
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains(reference), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    // ---- public keys: EC curves and algorithm fit -----------------------------------------

    @Test
    void load_es256AllowedButOnlyRsaKey_refusedOnAlgorithms() {
        env.put("RSA", Keys.pem(Keys.rsa().getPublic()));
        JwtGateConfigurationException e = refused("algorithms", "RS256, ES256", "publicKeys", "env:RSA");
        assertEquals("algorithms", e.getParameter());
        assertTrue(e.getMessage().contains("ES256"), e.getMessage());
    }

    @Test
    void load_rsaKeyWithOnlyEsAllowed_refused() {
        env.put("RSA", Keys.pem(Keys.rsa().getPublic()));
        JwtGateConfigurationException e = refused("algorithms", "ES256", "publicKeys", "env:RSA");
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("RSA key"), e.getMessage());
    }

    @Test
    void load_ecKeyWithOnlyRsAllowed_refused() {
        env.put("EC", Keys.pem(Keys.ec256().getPublic()));
        JwtGateConfigurationException e = refused("algorithms", "RS256", "publicKeys", "env:EC");
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("ES256 is not in algorithms"), e.getMessage());
    }

    @Test
    void load_ed25519KeyWithRsAllowed_refused() throws Exception {
        PublicKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        env.put("ED", Keys.pem(ed));
        JwtGateConfigurationException e = refused("algorithms", "RS256", "publicKeys", "env:ED");
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("Ed25519 key, but EdDSA is not in algorithms"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Ed25519", "Ed448"})
    void load_edDsaKeyWithEdDsaAllowed_verifiesOnlyEdDsa(String curve) throws Exception {
        PublicKey ed = KeyPairGenerator.getInstance(curve).generateKeyPair().getPublic();
        env.put("ED", Keys.pem(ed));
        KeySet keys = load("algorithms", "EdDSA", "publicKeys", "env:ED");
        assertEquals(java.util.Set.of(org.jwtgate.JwtAlgorithm.EdDSA), keys.keys().get(0).algorithms());
    }

    @Test
    void load_edDsaAllowedWithoutEdKey_refusedNamingAlgorithms() {
        env.put("RSA", Keys.pem(Keys.rsa().getPublic()));
        JwtGateConfigurationException e = refused("algorithms", "RS256, EdDSA", "publicKeys", "env:RSA");
        assertEquals("algorithms", e.getParameter());
        assertTrue(e.getMessage().contains("EdDSA is allowed but no configured key fits it"), e.getMessage());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Random material with a wanted property, for cases that depend on which characters appear. */
    private static final class SecureRandomText {
        private final java.security.SecureRandom random = new java.security.SecureRandom();

        byte[] bytesWhoseEncodingContains(Base64.Encoder encoder, String... wanted) {
            while (true) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                String encoded = encoder.encodeToString(bytes);
                for (String w : wanted) {
                    if (encoded.contains(w)) {
                        return bytes;
                    }
                }
            }
        }
    }
}
