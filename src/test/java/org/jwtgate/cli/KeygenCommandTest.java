package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.keys.KeyLoader;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.testing.MutableClock;

/**
 * {@code keygen}: secrets of the right length and encoding that the filter's own checks accept, and
 * key pairs in files that the filter's own loading reads, written owner-only and never over anything.
 */
class KeygenCommandTest {

    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^([A-Z_]+)=(\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cli cli = Cli.atFixtureNow();
    private final ReferenceResolver resolver = new ReferenceResolver(name -> null, name -> null);

    @TempDir
    Path dir;

    static Stream<Arguments> hmacAlgorithmsAndEncodings() {
        return Stream.of(JwtAlgorithm.HS256, JwtAlgorithm.HS384, JwtAlgorithm.HS512)
                .flatMap(alg -> Stream.of("base64", "base64url", "hex").map(enc -> Arguments.of(alg, enc)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hmacAlgorithmsAndEncodings")
    void keygen_hmac_printsAFreshSecretOfTheHashLengthThatTheFilterAccepts(JwtAlgorithm algorithm, String encoding) {
        Cli.Result first = cli.run("keygen", algorithm.name(), "--encoding", encoding).exits(ExitCode.OK);
        Cli.Result second = cli.run("keygen", algorithm.name(), "--encoding", encoding).exits(ExitCode.OK);

        String secret = assignment(first.out, "JWT_SECRET");
        assertNotEquals(secret, assignment(second.out, "JWT_SECRET"), "two runs drew the same secret");
        assertEquals(algorithm.minSecretBytes(), decode(secret, encoding).length);
        assertTrue(first.out.contains("secretEncoding=" + encoding), first.out);
        assertTrue(first.out.contains("secret=env:JWT_SECRET"), first.out);
        loadSecret(algorithm, encoding, "env:JWT_SECRET", Map.of("JWT_SECRET", secret));
    }

    @Test
    void keygen_hmac_outputIsAnEnvFile_commentsThenOneAssignment() {
        Cli.Result result = cli.run("keygen", "HS256").exits(ExitCode.OK);

        List<String> lines = result.out.lines().toList();
        assertEquals(3, lines.size(), result.out);
        assertTrue(lines.get(0).startsWith("# ") && lines.get(1).startsWith("# "), result.out);
        assertTrue(lines.get(1).contains("secretEncoding=base64"), "base64 is the default: " + result.out);
        assertEquals(32, Base64.getDecoder().decode(assignment(result.out, "JWT_SECRET")).length);
        assertEquals("", result.err);
    }

    @Test
    void keygen_hmacWithBytesAndEnv_isThatLongAndNamedSo() {
        Cli.Result result = cli.run("keygen", "hs384", "--bytes", "100", "--env", "ORDERS_JWT").exits(ExitCode.OK);

        assertEquals(100, Base64.getDecoder().decode(assignment(result.out, "ORDERS_JWT")).length);
        assertTrue(result.out.contains("secret=env:ORDERS_JWT"), result.out);
    }

    @ParameterizedTest
    @CsvSource({"HS256, 31", "HS384, 47", "HS512, 63", "HS512, 32", "HS256, 1025", "HS256, many"})
    void keygen_bytesOutsideHashLengthToLimit_isAUsageError(String algorithm, String bytes) {
        Cli.Result result = cli.run("keygen", algorithm, "--bytes", bytes).exits(ExitCode.USAGE);

        assertTrue(result.err.contains("--bytes"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void keygen_utf8Encoding_isRefused_randomBytesAreNotText() {
        Cli.Result result = cli.run("keygen", "HS256", "--encoding", "utf8").exits(ExitCode.USAGE);

        assertTrue(result.err.contains("base64, base64url, hex"), result.err);
    }

    @Test
    void keygen_hmacWithOut_writesTheSecretOwnerOnlyForAFileReference() throws Exception {
        Path file = dir.resolve("jwt-b");
        Cli.Result result = cli.run("keygen", "HS512", "--encoding", "hex", "--out", file.toString())
                .exits(ExitCode.OK);

        String text = Files.readString(file);
        assertTrue(text.endsWith("\n"));
        assertEquals(64, HexFormat.of().parseHex(text.strip()).length);
        assertFalse(result.all().contains(text.strip()), "the secret went to the file, not the terminal");
        assertTrue(result.out.contains("secret=file:" + file.toAbsolutePath()), result.out);
        assertOwnerOnly(file);
        loadSecret(JwtAlgorithm.HS512, "hex", "file:" + file, Map.of());
    }

    static Stream<Arguments> keyPairs() {
        return Stream.of(
                Arguments.of("RS256", List.of("--bits", "2048")), Arguments.of("RS384", List.of("--bits", "2048")),
                Arguments.of("RS512", List.of("--bits", "2048")), Arguments.of("PS256", List.of("--bits", "2048")),
                Arguments.of("PS384", List.of("--bits", "2048")), Arguments.of("PS512", List.of("--bits", "2048")),
                Arguments.of("ES256", List.of()), Arguments.of("ES384", List.of()), Arguments.of("ES512", List.of()),
                Arguments.of("EdDSA", List.of()), Arguments.of("EdDSA", List.of("--curve", "Ed448")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keyPairs")
    void keygen_keyPair_writesFilesTheFilterLoads_privateKeyOwnerOnly(String algorithm, List<String> options)
            throws Exception {
        Path prefix = dir.resolve("jwt-a");
        String[] args = Stream.concat(Stream.of("keygen", algorithm, "--out", prefix.toString()), options.stream())
                .toArray(String[]::new);
        Cli.Result result = cli.run(args).exits(ExitCode.OK);

        Path privateFile = dir.resolve("jwt-a.private.pem");
        Path publicFile = dir.resolve("jwt-a.public.pem");
        Path jwksFile = dir.resolve("jwt-a.jwks.json");
        assertOwnerOnly(privateFile);
        assertFalse(result.all().contains(Files.readString(privateFile).lines().skip(1).findFirst().get()),
                "no private key material on the terminal");

        // The filter's own loading: init-params parsed, then keys loaded, as init() does.
        KeySet keys = load(Map.of("algorithms", algorithm, "publicKeys", "file:" + publicFile));
        assertEquals(List.of(JwtAlgorithm.valueOf(algorithm)), List.copyOf(keys.keys().get(0).algorithms()));

        PrivateKey privateKey = readPrivateKey(Files.readString(privateFile));
        JsonNode jwk = JSON.readTree(Files.readString(jwksFile)).get("keys").get(0);
        assertEquals(algorithm, jwk.get("alg").textValue());
        assertEquals("sig", jwk.get("use").textValue());
        assertFalse(jwk.has("d"), "no private member in the JWK Set");
        assertEquals(thumbprint(jwk), jwk.get("kid").textValue(), "the default kid is the RFC 7638 thumbprint");
        assertTrue(result.out.contains("publicKeys=" + jwk.get("kid").textValue() + "=file:" + publicFile), result.out);
        assertTrue(privateKey.getAlgorithm().matches("RSA|EC|EdDSA|Ed25519|Ed448"), privateKey.getAlgorithm());
    }

    @Test
    void keygen_rsaDefault_is3072Bits() throws Exception {
        cli.run("keygen", "RS256", "--out", dir.resolve("k").toString()).exits(ExitCode.OK);

        java.security.interfaces.RSAPrivateKey key =
                (java.security.interfaces.RSAPrivateKey) readPrivateKey(Files.readString(dir.resolve("k.private.pem")));
        assertEquals(3072, key.getModulus().bitLength());
    }

    @Test
    void keygen_kidGiven_labelsTheJwkAndTheSuggestedInitParam() throws Exception {
        Cli.Result result = cli.run("keygen", "ES256", "--out", dir.resolve("k").toString(), "--kid", "2026-11")
                .exits(ExitCode.OK);

        assertEquals("2026-11", JSON.readTree(Files.readString(dir.resolve("k.jwks.json")))
                .get("keys").get(0).get("kid").textValue());
        assertTrue(result.out.contains("publicKeys=2026-11=file:"), result.out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RS256|--bits|1024|2048",
        "RS256|--bits|2047|2048",
        "RS256|--bits|lots|whole number",
        "ES256|--bits|4096|RS and PS",
        "ES256|--curve|Ed448|EdDSA only",
        "EdDSA|--curve|X25519|Ed25519 or Ed448",
        "ES256|--bytes|32|HMAC secrets only",
        "ES256|--kid|a=b|--kid",
        "HS256|--kid|k1|key pairs only",
        "HS256|--env|1BAD|--env"})
    void keygen_badOption_isAUsageError_andWritesNothing(String algorithm, String option, String value,
            String message) throws Exception {
        Cli.Result result = cli.run("keygen", algorithm, "--out", dir.resolve("k").toString(), option, value)
                .exits(ExitCode.USAGE);

        assertTrue(result.err.contains(message), result.err);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void keygen_keyPairWithoutOut_isAUsageError() {
        assertTrue(cli.run("keygen", "ES256").exits(ExitCode.USAGE).err.contains("--out"));
    }

    @Test
    void keygen_anyTargetExists_refusesAndWritesNothing_leavingTheFileAsItWas() throws Exception {
        Path existing = dir.resolve("k.jwks.json");
        Files.writeString(existing, "mine");

        Cli.Result result = cli.run("keygen", "ES256", "--out", dir.resolve("k").toString()).exits(ExitCode.USAGE);

        assertTrue(result.err.contains("already exists") && result.err.contains("nothing was written"), result.err);
        assertEquals("mine", Files.readString(existing));
        assertFalse(Files.exists(dir.resolve("k.private.pem")));
        assertFalse(Files.exists(dir.resolve("k.public.pem")));
    }

    @Test
    void keygen_targetIsADanglingLink_refusesRatherThanWriteThroughIt() throws Exception {
        Path target = dir.resolve("elsewhere");
        Files.createSymbolicLink(dir.resolve("k.private.pem"), target);

        cli.run("keygen", "ES256", "--out", dir.resolve("k").toString()).exits(ExitCode.USAGE);

        assertFalse(Files.exists(target));
    }

    @Test
    void keygen_secretFileExists_refusesAndKeepsIt() throws Exception {
        Path existing = dir.resolve("jwt");
        Files.writeString(existing, "old");

        cli.run("keygen", "HS256", "--out", existing.toString()).exits(ExitCode.USAGE);

        assertEquals("old", Files.readString(existing));
    }

    @Test
    void keygen_directoryMissing_isAUsageError() {
        Cli.Result result = cli.run("keygen", "ES256", "--out", dir.resolve("no/such/k").toString())
                .exits(ExitCode.USAGE);

        assertTrue(result.err.contains("does not exist"), result.err);
    }

    @ParameterizedTest
    @CsvSource({"none", "HS1024", "RSA", "''"})
    void keygen_unknownAlgorithm_isAUsageErrorListingTheAlgorithms(String algorithm) {
        Cli.Result result = cli.run("keygen", algorithm).exits(ExitCode.USAGE);

        assertTrue(result.err.contains("HS256 HS384 HS512 RS256"), result.err);
    }

    @Test
    void keygen_noOrTwoAlgorithms_isAUsageError() {
        cli.run("keygen").exits(ExitCode.USAGE);
        cli.run("keygen", "HS256", "HS512").exits(ExitCode.USAGE);
    }

    private static String assignment(String out, String name) {
        Matcher matcher = ASSIGNMENT.matcher(out);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError("no " + name + "= line in:\n" + out);
    }

    private static byte[] decode(String text, String encoding) {
        switch (encoding) {
            case "base64": return Base64.getDecoder().decode(text);
            case "base64url": return Base64.getUrlDecoder().decode(text);
            default: return HexFormat.of().parseHex(text);
        }
    }

    private void loadSecret(JwtAlgorithm algorithm, String encoding, String reference, Map<String, String> env) {
        ReferenceResolver envResolver = new ReferenceResolver(env::get, name -> null);
        JwtGateSettings settings = InitParameters.parse(Map.of("algorithms", algorithm.name(), "secret", reference,
                "secretEncoding", encoding), envResolver, MutableClock.atFixtureNow());
        KeyLoader.load(settings, envResolver, 1);
    }

    private KeySet load(Map<String, String> params) {
        return KeyLoader.load(InitParameters.parse(params, resolver, MutableClock.atFixtureNow()), resolver, 1);
    }

    static PrivateKey readPrivateKey(String pem) throws Exception {
        Pem.Block block = Pem.decode(pem.getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertEquals(Pem.PRIVATE_KEY, block.label);
        for (String type : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(block.der));
            } catch (Exception notThisType) {
                // next
            }
        }
        throw new AssertionError("not a PKCS#8 private key");
    }

    static void assertOwnerOnly(Path file) throws Exception {
        assumeTrue(Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class),
                "no POSIX permissions on this file system");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** RFC 7638, computed here independently of the code under test. */
    private static String thumbprint(JsonNode jwk) throws Exception {
        String kty = jwk.get("kty").textValue();
        String canonical;
        switch (kty) {
            case "RSA":
                canonical = "{\"e\":\"" + jwk.get("e").textValue() + "\",\"kty\":\"RSA\",\"n\":\""
                        + jwk.get("n").textValue() + "\"}";
                break;
            case "EC":
                canonical = "{\"crv\":\"" + jwk.get("crv").textValue() + "\",\"kty\":\"EC\",\"x\":\""
                        + jwk.get("x").textValue() + "\",\"y\":\"" + jwk.get("y").textValue() + "\"}";
                break;
            default:
                canonical = "{\"crv\":\"" + jwk.get("crv").textValue() + "\",\"kty\":\"OKP\",\"x\":\""
                        + jwk.get("x").textValue() + "\"}";
                break;
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    @Test
    void thumbprint_rfc7638Example_matchesThePublishedValue() throws Exception {
        // RFC 7638 section 3.1: the RSA key and its thumbprint.
        String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRX"
                + "jBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs"
                + "8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G"
                + "_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        java.security.PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(
                new java.math.BigInteger(1, Base64.getUrlDecoder().decode(n)), java.math.BigInteger.valueOf(65537)));

        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", PublicJwk.thumbprint(key));
        assertArrayEquals(Base64.getUrlDecoder().decode(n),
                Base64.getUrlDecoder().decode(PublicJwk.requiredMembers(key).get("n")));
    }
}
