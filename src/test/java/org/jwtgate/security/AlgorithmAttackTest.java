package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Algorithms: the token never chooses how it is checked. {@code none} in every spelling, an empty
 * signature, algorithms off the allow-list, key confusion (an HS256 token keyed with the
 * configured public key's PEM, DER or JWK, with and without HS256 allowed beside it), RS↔PS and
 * hash swaps, ES curve mismatches, EdDSA against an RSA gate.
 */
class AlgorithmAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    // --- none ---

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"none", "None", "NONE", "nOnE", "NoNe", "none ", " none", "none\u0000", "\u006eone",
        "non\u0435", "n\u00f6ne", "none\t"})
    void algNoneWithSignatureOfSecret_refused(String alg) {
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gates.hs256().reason(gates.valid().headerParam("alg", alg).sign()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void algNoneUnsigned_refused(String alg) {
        String token = Gate.unsigned(gates.valid().headerParam("alg", alg).sign());
        assertEquals(Reason.MALFORMED_TOKEN, gates.hs256().reason(token));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"none", "None", "NONE"})
    void algNoneOnPublicKeyGate_refused(String alg) {
        Gate gate = gates.publicKey("RS256", Keys.rsa());
        String signed = Tokens.with("RS256", Keys.rsa().getPrivate()).headerParam("alg", alg).sign();
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gate.reason(signed));
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(Gate.unsigned(signed)));
    }

    @Test
    void emptySignatureOfAllowedAlgorithm_refused() {
        assertEquals(Reason.MALFORMED_TOKEN, gates.hs256().reason(Gate.unsigned(gates.valid().sign())));
        Gate rsa = gates.publicKey("RS256", Keys.rsa());
        assertEquals(Reason.MALFORMED_TOKEN, rsa.reason(Gate.unsigned(Tokens.with("RS256", Keys.rsa().getPrivate()).sign())));
    }

    @Test
    void signatureOfZeroBytesSpelledOut_refused() {
        // "AA" is one zero byte: present, canonical, and no MAC.
        assertEquals(Reason.BAD_SIGNATURE, gates.hs256().reason(Gate.unsigned(gates.valid().sign()) + "AA"));
    }

    // --- allow-list ---

    @Test
    void algorithmNotAllowedButRightSecret_refused() {
        byte[] secret64 = Keys.secret(64);
        Gate hs512 = gates.hs256("algorithms", "HS512", "secret", gates.env("S64", java.util.Base64.getEncoder()
                .encodeToString(secret64)));
        LeakGuard.secret(secret64);
        // A downgrade to a weaker hash with the very secret configured.
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, hs512.reason(Tokens.hs256(secret64).sign()));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, hs512.reason(Tokens.hs384(secret64).sign()));
        assertEquals("alice", hs512.principal(Tokens.hs512(secret64).sign()).getName());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gates.hs256().reason(Tokens.hs384(gates.secret).sign()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"hs256", "Hs256", "HS256 ", " HS256", "HS-256", "HS256\u0000", "HMAC256", "HS2560", ""})
    void algNotExactlyAnAllowedName_refused(String alg) {
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gates.hs256().reason(gates.valid().headerParam("alg", alg).sign()));
    }

    @Test
    void algNotAString_refused() {
        Gate gate = gates.hs256();
        for (Object alg : new Object[] {256, List.of("HS256"), Map.of("HS256", true), true}) {
            assertEquals(Reason.MALFORMED_TOKEN, gate.reason(gates.valid().headerParam("alg", alg).sign()), "" + alg);
        }
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(gates.valid().headerParam("alg", null).sign()));
    }

    @Test
    void algMissing_refused() {
        assertEquals(Reason.MALFORMED_TOKEN, gates.hs256().reason(gates.valid().rawHeader("{\"typ\":\"JWT\"}").sign()));
    }

    @Test
    void hmacSignatureUnderHs512HeaderTruncatedToHs256Length_refused() {
        byte[] secret64 = Keys.secret(64);
        LeakGuard.secret(secret64);
        Gate both = gates.hs256("algorithms", "HS256, HS512", "secret", gates.env("S64", java.util.Base64.getEncoder()
                .encodeToString(secret64)));
        String hs256 = Tokens.hs256(secret64).sign();
        String relabelled = Tokens.b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + hs256.substring(hs256.indexOf('.'));
        assertEquals(Reason.BAD_SIGNATURE, both.reason(relabelled));
        assertEquals("alice", both.principal(hs256).getName());
    }

    // --- key confusion: the public key as an HMAC secret ---

    /** Every form of the configured RSA public key an attacker could feed HMAC, public as the key is. */
    static Stream<Arguments> publicKeyForms() {
        RSAPublicKey key = (RSAPublicKey) Keys.rsa().getPublic();
        String pem = Keys.pem(key);
        return Stream.of(
                Arguments.of(Named.of("PEM text", pem.getBytes(StandardCharsets.US_ASCII))),
                Arguments.of(Named.of("PEM text, no final newline", pem.trim().getBytes(StandardCharsets.US_ASCII))),
                Arguments.of(Named.of("PEM text, CRLF", pem.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII))),
                Arguments.of(Named.of("SPKI DER", key.getEncoded())),
                Arguments.of(Named.of("PKCS#1 DER", KeyEncodings.rsaPkcs1(key))),
                Arguments.of(Named.of("PKCS#1 PEM", KeyEncodings.pem("RSA PUBLIC KEY", KeyEncodings.rsaPkcs1(key))
                        .getBytes(StandardCharsets.US_ASCII))),
                Arguments.of(Named.of("JWK JSON", Jwks.json(Jwks.of(null, key)).getBytes(StandardCharsets.UTF_8))),
                Arguments.of(Named.of("JWK modulus bytes", key.getModulus().toByteArray())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicKeyForms")
    void hmacKeyedWithConfiguredRsaKeyOnlyRs256Allowed_refused(byte[] hmacKey) {
        Gate gate = gates.publicKey("RS256", Keys.rsa());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gate.reason(Tokens.hs256(hmacKey).sign()));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gate.reason(Tokens.hs256(hmacKey).keyId("any").sign()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicKeyForms")
    void hmacKeyedWithConfiguredRsaKeyHs256AndRs256Allowed_refused(byte[] hmacKey) {
        Gate gate = gates.publicKey("RS256, HS256", Keys.rsa(), "secret", "env:SECRET", "secretEncoding", "base64");
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.hs256(hmacKey).sign()));
        assertEquals("alice", gate.principal(gates.valid().sign()).getName());
        assertEquals("alice", gate.principal(Tokens.with("RS256", Keys.rsa().getPrivate()).sign()).getName());
    }

    @Test
    void hmacKeyedWithConfiguredRsaKeyNamedByItsKid_refused() {
        // The kid selects the labelled public key; it has no HMAC verifier, so nothing is tried.
        String pem = Keys.pem(Keys.rsa().getPublic());
        Gate gate = gates.hs256("algorithms", "RS256, HS256", "publicKeys", "rsa-1=" + gates.env("PUB", pem));
        byte[] asSecret = pem.getBytes(StandardCharsets.US_ASCII);
        assertEquals(Reason.NO_MATCHING_KEY, gate.reason(Tokens.hs256(asSecret).keyId("rsa-1").sign()));
        assertEquals(Reason.NO_MATCHING_KEY, gate.reason(Tokens.hs256(gates.secret).keyId("rsa-1").sign()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ES256", "EdDSA"})
    void hmacKeyedWithConfiguredEcOrEdKey_refused(String algorithm) {
        KeyPair keys = algorithm.equals("ES256") ? Keys.ec256() : Jwks.ed25519();
        Gate only = gates.publicKey(algorithm, keys);
        Gate both = gates.publicKey(algorithm + ", HS256", keys, "secret", "env:SECRET", "secretEncoding", "base64");
        for (byte[] hmacKey : List.of(Keys.pem(keys.getPublic()).getBytes(StandardCharsets.US_ASCII),
                keys.getPublic().getEncoded(), Jwks.json(Jwks.of(null, keys.getPublic())).getBytes(StandardCharsets.UTF_8))) {
            assertEquals(Reason.UNSUPPORTED_ALGORITHM, only.reason(Tokens.hs256(hmacKey).sign()));
            assertEquals(Reason.BAD_SIGNATURE, both.reason(Tokens.hs256(hmacKey).sign()));
        }
    }

    // --- RSA: PKCS#1 v1.5 and PSS, and their hashes ---

    @ParameterizedTest(name = "{0} signature under a {1} header")
    @org.junit.jupiter.params.provider.CsvSource({"RS256,PS256", "PS256,RS256", "RS256,RS384", "RS384,RS256",
        "PS256,PS512", "RS512,PS512", "PS384,RS384"})
    void rsaSignatureUnderOtherRsaAlgorithm_refused(String signedWith, String header) {
        Gate gate = gates.publicKey("RS256, RS384, RS512, PS256, PS384, PS512", Keys.rsa());
        String token = Tokens.with(signedWith, Keys.rsa().getPrivate()).headerParam("alg", header).sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(token));
        assertEquals("alice", gate.principal(Tokens.with(signedWith, Keys.rsa().getPrivate()).sign()).getName());
    }

    @Test
    void psTokenOnRsOnlyGate_refused() {
        Gate gate = gates.publicKey("RS256", Keys.rsa());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gate.reason(Tokens.with("PS256", Keys.rsa().getPrivate()).sign()));
    }

    // --- EC: each algorithm on its own curve ---

    @Test
    void ecSignatureUnderAlgorithmOfAnotherCurve_refused() {
        KeyPair p256 = Keys.ec256();
        KeyPair p384 = Keys.ec384();
        String pems = gates.env("P256", Keys.pem(p256.getPublic())) + ", " + gates.env("P384", Keys.pem(p384.getPublic()));
        Gate gate = gates.hs256("algorithms", "ES256, ES384", "secret", null, "secretEncoding", null, "publicKeys", pems);
        String es256 = Tokens.with("ES256", p256.getPrivate()).sign();
        String es384 = Tokens.with("ES384", p384.getPrivate()).sign();
        assertEquals("alice", gate.principal(es256).getName());
        assertEquals("alice", gate.principal(es384).getName());
        String es384Header = Tokens.b64("{\"alg\":\"ES384\",\"typ\":\"JWT\"}");
        String es256Header = Tokens.b64("{\"alg\":\"ES256\",\"typ\":\"JWT\"}");
        // A P-256 signature presented as ES384 and a P-384 one as ES256: the header picks the curve's key, which fails.
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(es384Header + es256.substring(es256.indexOf('.'))));
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(es256Header + es384.substring(es384.indexOf('.'))));
        // A token signed with the P-384 key over an ES256 header: the right length is not enough.
        String p384AsEs256 = Tokens.with("ES384", p384.getPrivate()).headerParam("alg", "ES256").sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(p384AsEs256));
    }

    @Test
    void es512TokenOnGateWithoutP521Key_refused() {
        Gate gate = gates.publicKey("ES256", Keys.ec256());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gate.reason(Tokens.with("ES512", Keys.ec521().getPrivate()).sign()));
    }

    @Test
    void rsaSignatureUnderEcHeader_refused() {
        String pems = gates.env("EC", Keys.pem(Keys.ec256().getPublic())) + ", " + gates.env("RSA", Keys.pem(Keys.rsa().getPublic()));
        Gate gate = gates.hs256("algorithms", "ES256, RS256", "secret", null, "secretEncoding", null, "publicKeys", pems);
        String rs256 = Tokens.with("RS256", Keys.rsa().getPrivate()).sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.b64("{\"alg\":\"ES256\"}") + rs256.substring(rs256.indexOf('.'))));
        String es256 = Tokens.with("ES256", Keys.ec256().getPrivate()).sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.b64("{\"alg\":\"RS256\"}") + es256.substring(es256.indexOf('.'))));
    }

    // --- EdDSA ---

    @Test
    void edDsaTokenOnRsaOnlyGate_refused() {
        // RS256 allowed, EdDSA not: the header cannot switch the algorithm.
        KeyPair ed = Jwks.newPair("Ed25519");
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gates.publicKey("RS256", Keys.rsa())
                .reason(Tokens.eddsa(ed.getPrivate()).sign()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Ed25519", "Ed448", "ED25519", "EdDSA "})
    void edDsaCurveNameAsAlg_refused(String alg) {
        KeyPair ed = Jwks.ed25519();
        Gate gate = gates.publicKey("EdDSA", ed);
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, gate.reason(Tokens.eddsa(ed.getPrivate()).headerParam("alg", alg).sign()));
        assertEquals("alice", gate.principal(Tokens.eddsa(ed.getPrivate()).sign()).getName());
    }
}
