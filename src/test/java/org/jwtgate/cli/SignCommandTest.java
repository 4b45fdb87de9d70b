package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * {@code sign}: the token alone on standard output, iat and exp from the clock, claims typed as
 * documented, and keys read (and refused) as the filter reads and refuses them.
 */
class SignCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secret = Keys.secretBase64(32);
    private final Cli cli = Cli.atFixtureNow();

    @TempDir
    Path dir;

    @BeforeEach
    void secretInTheEnvironment() {
        cli.env("JWT_SECRET", secret);
    }

    private String hs256(String... more) {
        String[] args = new String[more.length + 6];
        System.arraycopy(new String[] {"--alg", "HS256", "--key", "env:JWT_SECRET", "--secret-encoding", "base64"},
                0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return cli.sign(args);
    }

    private static JsonNode part(String token, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @Test
    void sign_printsOnlyTheToken_withIatNowAndExpAfterTheDefaultTtl() throws Exception {
        Cli.Result result = cli.run("sign", "--alg", "HS256", "--key", "env:JWT_SECRET", "--secret-encoding",
                "base64", "--sub", "alice", "--kid", "k1").exits(ExitCode.OK);

        String token = result.out.strip();
        assertEquals(token + System.lineSeparator(), result.out, "one line, the token");
        assertEquals("", result.err);
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), token);
        JsonNode header = part(token, 0);
        assertEquals("HS256", header.get("alg").textValue());
        assertEquals("JWT", header.get("typ").textValue());
        assertEquals("k1", header.get("kid").textValue());
        JsonNode claims = part(token, 1);
        assertEquals(Tokens.NOW.getEpochSecond(), claims.get("iat").longValue());
        assertEquals(Tokens.NOW.getEpochSecond() + 900, claims.get("exp").longValue());
        assertEquals("alice", claims.get("sub").textValue());
        assertFalse(result.all().contains(secret));
    }

    @ParameterizedTest
    @CsvSource({"90, 90", "3600s, 3600", "15m, 900", "1h, 3600", "2d, 172800", "3650d, 315360000"})
    void sign_ttl_setsExpThatFarFromNow(String ttl, long seconds) throws Exception {
        assertEquals(Tokens.NOW.getEpochSecond() + seconds, part(hs256("--sub", "a", "--ttl", ttl), 1).get("exp").longValue());
    }

    @ParameterizedTest
    @CsvSource({"0", "0m", "-5", "1w", "1.5h", "3651d", "h", "99999999999"})
    void sign_badTtl_isAUsageError(String ttl) {
        Cli.Result result = cli.run("sign", "--alg", "HS256", "--key", "env:JWT_SECRET", "--ttl", ttl)
                .exits(ExitCode.USAGE);

        assertTrue(result.err.contains("--ttl"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void sign_claims_textIsAString_colonEqualsIsJson() throws Exception {
        JsonNode claims = part(hs256("--sub", "alice", "--iss", "https://iss", "--aud", "a", "--aud", "b",
                "--claim", "scope=orders:read orders:write", "--claim", "level:=3", "--claim", "ratio:=0.5",
                "--claim", "admin:=true", "--claim", "roles:=[\"user\",\"admin\"]", "--claim", "org:={\"id\":7}",
                "--claim", "gone:=null", "--claim", "empty=", "--claim", "eq=a=b", "--claim", "text=3"), 1);

        assertEquals("orders:read orders:write", claims.get("scope").textValue());
        assertEquals(3, claims.get("level").intValue());
        assertEquals(0.5, claims.get("ratio").doubleValue());
        assertTrue(claims.get("admin").booleanValue());
        assertEquals("[\"user\",\"admin\"]", claims.get("roles").toString());
        assertEquals(7, claims.get("org").get("id").intValue());
        assertTrue(claims.get("gone").isNull());
        assertEquals("", claims.get("empty").textValue());
        assertEquals("a=b", claims.get("eq").textValue());
        assertEquals("3", claims.get("text").textValue(), "NAME=TEXT is always a string");
        assertEquals("[\"a\",\"b\"]", claims.get("aud").toString(), "repeated --aud is an array");
        assertEquals("https://iss", claims.get("iss").textValue());
    }

    @Test
    void sign_nbfByClaim_isSetAsGiven() throws Exception {
        assertEquals(1_800_000_000L, part(hs256("--sub", "a", "--claim", "nbf:=1800000000"), 1).get("nbf").longValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "exp:=1|cannot set exp",
        "iat=now|cannot set iat",
        "=x|NAME=TEXT or NAME:=JSON",
        "novalue|NAME=TEXT or NAME:=JSON",
        "level:=three|is not one valid JSON value",
        "a:={\"x\":1,\"x\":2}|is not one valid JSON value",
        "a:=1 2|is not one valid JSON value",
        "a:= |needs a JSON value",
        "sub=bob|claim sub is given twice (by --sub and by --claim)"})
    void sign_badClaim_isAUsageError(String claim, String message) {
        Cli.Result result = cli.run("sign", "--alg", "HS256", "--key", "env:JWT_SECRET", "--sub", "alice",
                "--claim", claim).exits(ExitCode.USAGE);

        assertTrue(result.err.contains(message), result.err);
        assertEquals("", result.out);
    }

    @Test
    void sign_sameClaimTwice_isAUsageError() {
        assertTrue(cli.run("sign", "--alg", "HS256", "--key", "env:JWT_SECRET", "--claim", "a=1", "--claim", "a:=2")
                .exits(ExitCode.USAGE).err.contains("claim a is given twice"));
    }

    @Test
    void sign_noSub_signsButNotesTheFilterWouldRefuseIt() {
        Cli.Result result = cli.run("sign", "--alg", "HS256", "--key", "env:JWT_SECRET", "--secret-encoding", "base64")
                .exits(ExitCode.OK);

        assertTrue(result.err.contains("no sub"), result.err);
    }

    @ParameterizedTest
    @CsvSource({"0123456789abcdefghijklmnopqrstuvwxyzABCD", "-----BEGIN", "a-secret-that-goes-on-the-command-line"})
    void sign_literalKey_isRefused_sayingWhy_withoutEchoingIt(String literal) {
        Cli.Result result = cli.run("sign", "--alg", "HS256", "--key", literal).exits(ExitCode.USAGE);

        assertTrue(result.err.contains("--key must be a reference, env:NAME, file:PATH or sysprop:NAME"), result.err);
        assertTrue(result.err.contains("shell's history") && result.err.contains("process list"), result.err);
        assertFalse(result.all().contains(literal));
    }

    @Test
    void sign_unsetVariableOrMissingFile_isAUsageErrorNamingTheReference() {
        assertTrue(cli.run("sign", "--alg", "HS256", "--key", "env:NOPE").exits(ExitCode.USAGE)
                .err.contains("environment variable NOPE is not set"));
        assertTrue(cli.run("sign", "--alg", "ES256", "--key", "file:" + dir.resolve("none.pem")).exits(ExitCode.USAGE)
                .err.contains("cannot be read"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "c2hvcnQtc2VjcmV0LW9mLTI0LWJ5dGVzISE=|base64|shorter than 32 bytes",
        "a-string-secret-at-least-256-bits-long|utf8|well-known published secret",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|utf8|too few distinct characters",
        "not base64 at all!|base64|not valid base64"})
    void sign_secretTheFilterWouldRefuse_isAConfigurationError_withoutShowingIt(String weak, String encoding,
            String message) {
        cli.env("WEAK", weak);

        Cli.Result result = cli.run("sign", "--alg", "HS256", "--key", "env:WEAK", "--secret-encoding", encoding)
                .exits(ExitCode.CONFIGURATION);

        assertTrue(result.err.contains("--key is refused, as the filter would refuse it: secret: the secret from env:WEAK"),
                result.err);
        assertTrue(result.err.contains(message), result.err);
        assertFalse(result.all().contains(weak));
        assertEquals("", result.out);
    }

    @Test
    void sign_hs512WithA32ByteSecret_isRefusedAsTheFilterWould() {
        assertTrue(cli.run("sign", "--alg", "HS512", "--key", "env:JWT_SECRET", "--secret-encoding", "base64")
                .exits(ExitCode.CONFIGURATION).err.contains("shorter than 64 bytes"));
    }

    @Test
    void sign_publicKeyAsHmacSecret_isRefused_theConfusionAttackSetup() throws Exception {
        Path pem = Files.writeString(dir.resolve("pub.pem"), Keys.pem(Keys.rsa().getPublic()));

        assertTrue(cli.run("sign", "--alg", "HS256", "--key", "file:" + pem).exits(ExitCode.CONFIGURATION)
                .err.contains("it is a key or certificate"));
    }

    @Test
    void sign_privateKeyAsDer_signsATokenTheFilterAccepts() throws Exception {
        signsWithDer(Keys.ec256());
    }

    @Test
    void sign_privateKeyAsDerEndingIn0x0A_keptWhole_notTakenForATrailingNewline() throws Exception {
        signsWithDer(Keys.ec256WhoseDerEndsInNewline(pair -> pair.getPrivate().getEncoded()));
    }

    private void signsWithDer(KeyPair pair) throws Exception {
        Path der = Files.write(dir.resolve("k.der"), pair.getPrivate().getEncoded());
        String token = cli.sign("--alg", "ES256", "--key", "file:" + der, "--sub", "alice");
        Path properties = Files.writeString(dir.resolve("f.properties"), "algorithms=ES256\npublicKeys=file:"
                + Files.writeString(dir.resolve("pub.pem"), Keys.pem(pair.getPublic())) + "\n");

        cli.run("verify", "--properties", properties.toString(), token).exits(ExitCode.OK);
    }

    @Test
    void sign_publicKeyForAKeyPairAlgorithm_isAUsageError_signingNeedsThePrivateKey() throws Exception {
        Path pem = Files.writeString(dir.resolve("pub.pem"), Keys.pem(Keys.ec256().getPublic()));

        assertTrue(cli.run("sign", "--alg", "ES256", "--key", "file:" + pem).exits(ExitCode.USAGE)
                .err.contains("holds a PUBLIC KEY; signing needs the private key"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RS256|ec256|holds a key of type EC; RS256 needs an RSA key",
        "ES256|rsa|holds a key of type RSA; ES256 needs an EC key on P-256",
        "ES256|ec384|is an EC key for ES384; ES256 needs one on P-256",
        "ES512|ec256|is an EC key for ES256; ES512 needs one on P-521",
        "EdDSA|ec256|holds a key of type EC; EdDSA needs an Ed25519 or Ed448 key"})
    void sign_keyOfAnotherKindOrCurve_isAUsageError(String algorithm, String key, String message) throws Exception {
        KeyPair pair = key.equals("rsa") ? Keys.rsa() : key.equals("ec384") ? Keys.ec384() : Keys.ec256();
        Path pem = Files.writeString(dir.resolve("k.pem"), KeyEncodings.privateKeyPem(pair.getPrivate()));

        Cli.Result result = cli.run("sign", "--alg", algorithm, "--key", "file:" + pem).exits(ExitCode.USAGE);

        assertTrue(result.err.contains(message), result.err);
    }

    @Test
    void sign_rsaKeyUnder2048Bits_isRefusedAsTheFilterRefusesItsPublicKey() throws Exception {
        Path pem = Files.writeString(dir.resolve("k.pem"), KeyEncodings.privateKeyPem(Keys.newRsa(1024).getPrivate()));

        assertTrue(cli.run("sign", "--alg", "RS256", "--key", "file:" + pem).exits(ExitCode.CONFIGURATION)
                .err.contains("RSA key of 1024 bits; the filter refuses RSA keys under 2048 bits"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'ENCRYPTED '|is an encrypted private key",
        "'RSA '|(PKCS#1/SEC1); convert it to PKCS#8",
        "'EC '|(PKCS#1/SEC1); convert it to PKCS#8"})
    void sign_privateKeyPemOfAnotherForm_saysHowToConvertIt(String labelPrefix, String message) throws Exception {
        Path pem = Files.writeString(dir.resolve("k.pem"),
                KeyEncodings.pem(labelPrefix + Pem.PRIVATE_KEY, Keys.ec256().getPrivate().getEncoded()));

        assertTrue(cli.run("sign", "--alg", "ES256", "--key", "file:" + pem).exits(ExitCode.USAGE)
                .err.contains(message));
    }

    @Test
    void sign_garbageKeyFile_isAUsageError() throws Exception {
        Path junk = Files.write(dir.resolve("k.pem"), "not a key".getBytes(StandardCharsets.US_ASCII));

        assertTrue(cli.run("sign", "--alg", "ES256", "--key", "file:" + junk).exits(ExitCode.USAGE)
                .err.contains("is not a PKCS#8 private key"));
    }

    @Test
    void sign_secretEncodingWithAKeyPairAlgorithm_isAUsageError() {
        assertTrue(cli.run("sign", "--alg", "ES256", "--key", "env:X", "--secret-encoding", "hex")
                .exits(ExitCode.USAGE).err.contains("--secret-encoding applies to HS algorithms only"));
    }

    @Test
    void sign_missingAlgOrKey_orAPositional_isAUsageError() {
        assertTrue(cli.run("sign", "--key", "env:JWT_SECRET").exits(ExitCode.USAGE).err.contains("--alg is required"));
        assertTrue(cli.run("sign", "--alg", "HS256").exits(ExitCode.USAGE).err.contains("--key is required"));
        cli.run("sign", "--alg", "HS256", "--key", "env:JWT_SECRET", "extra").exits(ExitCode.USAGE);
        cli.run("sign", "--alg", "HS999", "--key", "env:JWT_SECRET").exits(ExitCode.USAGE);
        assertTrue(cli.run("sign", "--alg", "HS256", "--key", "env:JWT_SECRET", "--kid", "a\u0007b")
                .exits(ExitCode.USAGE).err.contains("control characters"));
    }
}
