package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.RocaKeys;
import org.jwtgate.testing.Tokens;

/**
 * What a JWK Set may contribute: only public signature-verification keys of the allowed algorithms
 * and safe sizes and curves. Every other key is skipped on its own, never taking the good ones down.
 */
class JwkParserTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private static final Set<JwtAlgorithm> ALL_ASYMMETRIC = EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.RS384,
            JwtAlgorithm.RS512, JwtAlgorithm.PS256, JwtAlgorithm.PS384, JwtAlgorithm.PS512, JwtAlgorithm.ES256,
            JwtAlgorithm.ES384, JwtAlgorithm.ES512, JwtAlgorithm.EdDSA);

    private static List<JwkParser.Jwk> parse(Set<JwtAlgorithm> allowed, String document) {
        return new JwkParser(allowed, "test").parse(document.getBytes(StandardCharsets.UTF_8));
    }

    @SafeVarargs
    private static List<JwkParser.Jwk> parse(Map<String, Object>... keys) {
        return parse(ALL_ASYMMETRIC, Jwks.set(keys));
    }

    private static List<String> kids(List<JwkParser.Jwk> jwks) {
        List<String> out = new ArrayList<>();
        for (JwkParser.Jwk jwk : jwks) {
            out.add(jwk.keyId);
        }
        return out;
    }

    private static Map<String, Object> rsa(String kid) {
        return Jwks.of(kid, Keys.rsa().getPublic());
    }

    private static Map<String, Object> with(Map<String, Object> jwk, String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(jwk);
        copy.put(member, value);
        return copy;
    }

    /** A good key beside the one under test: it must survive whatever happens to the other. */
    private static final Map<String, Object> GOOD = Jwks.of("good", Keys.ec256().getPublic());

    private static void assertOnlyGoodKept(Map<String, Object> bad) {
        assertEquals(List.of("good"), kids(parse(bad, GOOD)), "the bad key is skipped, the good one kept");
        assertEquals(List.of("good"), kids(parse(GOOD, bad)), "whatever the order");
    }

    // --- what is kept ---

    @Test
    void parse_rsaWithoutAlg_verifiesEveryAllowedRsaAlgorithm() {
        JwkParser.Jwk jwk = parse(EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.PS384, JwtAlgorithm.ES256),
                Jwks.set(rsa("r"))).get(0);
        assertEquals(EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.PS384), jwk.algorithms.keySet());
        String token = Tokens.with("RS256", Keys.rsa().getPrivate()).keyId("r").sign();
        assertDoesNotThrow(() -> jwk.algorithms.get(JwtAlgorithm.RS256).verify(JWT.decode(token)));
    }

    @Test
    void parse_rsaWithAlg_verifiesThatAlgorithmOnly() {
        JwkParser.Jwk jwk = parse(with(rsa("r"), "alg", "PS256")).get(0);
        assertEquals(Set.of(JwtAlgorithm.PS256), jwk.algorithms.keySet());
    }

    @Test
    void parse_useSigAndKeyOpsVerify_kept() {
        assertEquals(List.of("r"), kids(parse(with(with(rsa("r"), "use", "sig"), "key_ops", List.of("verify")))));
    }

    @Test
    void parse_ecOnEachNistCurve_verifiesItsOwnAlgorithm() {
        List<JwkParser.Jwk> jwks = parse(Jwks.of("p256", Keys.ec256().getPublic()),
                Jwks.of("p384", Keys.ec384().getPublic()), Jwks.of("p521", Keys.ec521().getPublic()));
        assertEquals(List.of(Set.of(JwtAlgorithm.ES256), Set.of(JwtAlgorithm.ES384), Set.of(JwtAlgorithm.ES512)),
                jwks.stream().map(j -> j.algorithms.keySet()).collect(Collectors.toList()));
        String token = Tokens.with("ES512", Keys.ec521().getPrivate()).sign();
        assertDoesNotThrow(() -> jwks.get(2).algorithms.get(JwtAlgorithm.ES512).verify(JWT.decode(token)));
    }

    @Test
    void parse_okpEd25519_verifiesEdDsa() {
        JwkParser.Jwk jwk = parse(Jwks.of("ed", Jwks.ed25519().getPublic())).get(0);
        assertEquals(Set.of(JwtAlgorithm.EdDSA), jwk.algorithms.keySet());
        String token = Tokens.eddsa(Jwks.ed25519().getPrivate()).keyId("ed").sign();
        assertDoesNotThrow(() -> jwk.algorithms.get(JwtAlgorithm.EdDSA).verify(JWT.decode(token)));
    }

    @Test
    void parse_okpEd448_verifiesEdDsa() {
        KeyPair ed448 = Jwks.newPair("Ed448");
        JwkParser.Jwk jwk = parse(Jwks.of("ed448", ed448.getPublic())).get(0);
        String token = Tokens.eddsa(ed448.getPrivate()).sign();
        assertDoesNotThrow(() -> jwk.algorithms.get(JwtAlgorithm.EdDSA).verify(JWT.decode(token)));
    }

    @Test
    void parse_privateRsaJwk_yieldsOnlyAVerificationKey() {
        KeyPair pair = Keys.rsa();
        JwkParser.Jwk jwk = parse(Jwks.rsaPrivate("priv", pair)).get(0);
        Algorithm verifier = jwk.algorithms.get(JwtAlgorithm.RS256);
        String token = Tokens.with("RS256", pair.getPrivate()).sign();
        assertDoesNotThrow(() -> verifier.verify(JWT.decode(token)));
        assertThrows(RuntimeException.class, () -> verifier.sign(new byte[] {1, 2, 3}),
                "the private members are never read: the key cannot sign");
    }

    @Test
    void parse_privateEcAndOkpJwks_yieldOnlyVerificationKeys() {
        Map<String, Object> ec = with(Jwks.of("ec", Keys.ec256().getPublic()), "d", Jwks.b64(new byte[32]));
        Map<String, Object> okp = with(Jwks.of("ed", Jwks.ed25519().getPublic()), "d", Jwks.b64(new byte[32]));
        List<JwkParser.Jwk> jwks = parse(ec, okp);
        assertEquals(List.of("ec", "ed"), kids(jwks));
        assertThrows(RuntimeException.class, () -> jwks.get(0).algorithms.get(JwtAlgorithm.ES256).sign(new byte[] {1}));
        assertThrows(RuntimeException.class, () -> jwks.get(1).algorithms.get(JwtAlgorithm.EdDSA).sign(new byte[] {1}));
    }

    @Test
    void parse_sameKeyTwice_sameFingerprint_differentKidDifferentFingerprint() {
        String first = parse(rsa("r")).get(0).fingerprint;
        assertEquals(first, parse(rsa("r")).get(0).fingerprint, "identity across refreshes rests on this");
        assertNotEquals(first, parse(rsa("other")).get(0).fingerprint);
        assertNotEquals(first, parse(with(rsa("r"), "alg", "RS256")).get(0).fingerprint,
                "a key whose algorithms change is a different key");
    }

    // --- what is skipped ---

    @Test
    void parse_useEnc_skipped() {
        assertOnlyGoodKept(with(rsa("r"), "use", "enc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"encrypt\"]", "[\"sign\"]", "[]", "\"verify\"", "[\"wrapKey\",\"deriveKey\"]"})
    void parse_keyOpsWithoutVerify_skipped(String keyOps) throws Exception {
        Map<String, Object> jwk = with(rsa("r"), "key_ops",
                new com.fasterxml.jackson.databind.ObjectMapper().readValue(keyOps, Object.class));
        assertOnlyGoodKept(jwk);
    }

    @Test
    void parse_algNotAllowed_skipped() {
        assertEquals(List.of(), parse(EnumSet.of(JwtAlgorithm.RS256), Jwks.set(with(rsa("r"), "alg", "RS512"))));
        assertOnlyGoodKept(with(rsa("r"), "alg", "none"));
        assertOnlyGoodKept(with(rsa("r"), "alg", "rs256"));
    }

    @Test
    void parse_ecCurveWhoseAlgorithmIsNotAllowed_skipped() {
        assertEquals(List.of(), parse(EnumSet.of(JwtAlgorithm.ES256), Jwks.set(Jwks.of("p384", Keys.ec384().getPublic()))));
        assertEquals(List.of(), parse(EnumSet.of(JwtAlgorithm.RS256), Jwks.set(Jwks.of("ed", Jwks.ed25519().getPublic()))));
    }

    @Test
    void parse_algNotMatchingKeyTypeOrCurve_skipped() {
        assertOnlyGoodKept(with(rsa("r1"), "alg", "ES256"));
        assertOnlyGoodKept(with(rsa("r2"), "alg", "EdDSA"));
        assertOnlyGoodKept(with(Jwks.of("e1", Keys.ec256().getPublic()), "alg", "ES384"));
        assertOnlyGoodKept(with(Jwks.of("e2", Keys.ec256().getPublic()), "alg", "RS256"));
        assertOnlyGoodKept(with(Jwks.of("o1", Jwks.ed25519().getPublic()), "alg", "ES256"));
    }

    @Test
    void parse_rsaKeyLabelledHs256_neverAnHmacSecret() {
        Set<JwtAlgorithm> withHmac = EnumSet.of(JwtAlgorithm.HS256, JwtAlgorithm.RS256);
        assertEquals(List.of(), parse(withHmac, Jwks.set(with(rsa("r"), "alg", "HS256"))));
    }

    @Test
    void parse_octKey_skippedEvenWhenHmacIsAllowed() {
        Map<String, Object> oct = new LinkedHashMap<>(Map.of("kty", "oct", "kid", "s",
                "k", Jwks.b64(Keys.secret(32)), "alg", "HS256"));
        assertEquals(List.of(), parse(EnumSet.of(JwtAlgorithm.HS256, JwtAlgorithm.RS256), Jwks.set(oct)),
                "a JWK Set never supplies a shared secret");
    }

    @Test
    void parse_rsa1024And2047Bits_skipped() {
        assertOnlyGoodKept(Jwks.of("r1024", Keys.newRsa(1024).getPublic()));
        assertOnlyGoodKept(Jwks.of("r2047", KeyEncodings.rsaPublicKeyOfBits(2047)));
    }

    @Test
    void parse_ecPointNotOnCurve_skipped() {
        Map<String, Object> jwk = Jwks.of("bent", Keys.ec256().getPublic());
        byte[] y = Jwks.unb64((String) jwk.get("y"));
        y[y.length - 1] ^= 1;
        assertOnlyGoodKept(with(jwk, "y", Jwks.b64(y)));
    }

    @Test
    void parse_ecCoordinateOutsideField_skipped() {
        Map<String, Object> jwk = Jwks.of("big", Keys.ec256().getPublic());
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertOnlyGoodKept(with(jwk, "x", Jwks.b64(ones)));
    }

    @Test
    void parse_secp256k1_skipped() {
        byte[] der = KeyEncodings.secp256k1PublicKeyDer();
        byte[] point = java.util.Arrays.copyOfRange(der, der.length - 65, der.length);
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "secp256k1");
        jwk.put("x", Jwks.b64(java.util.Arrays.copyOfRange(point, 1, 33)));
        jwk.put("y", Jwks.b64(java.util.Arrays.copyOfRange(point, 33, 65)));
        jwk.put("kid", "k1");
        assertOnlyGoodKept(jwk);
        assertOnlyGoodKept(with(jwk, "alg", "ES256K"));
    }

    @Test
    void parse_okpNotForSignatures_skipped() {
        KeyPair x25519 = Jwks.newPair("X25519");
        byte[] spki = x25519.getPublic().getEncoded();
        Map<String, Object> jwk = new LinkedHashMap<>(Map.of("kty", "OKP", "crv", "X25519", "kid", "x",
                "x", Jwks.b64(java.util.Arrays.copyOfRange(spki, 12, spki.length))));
        assertOnlyGoodKept(jwk);
    }

    @Test
    void parse_okpWithWrongLengthX_skipped() {
        assertOnlyGoodKept(with(Jwks.of("ed", Jwks.ed25519().getPublic()), "x", Jwks.b64(new byte[31])));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oct", "foo", "rsa", "", "EC2"})
    void parse_unknownKty_skipped(String kty) {
        assertOnlyGoodKept(with(rsa("r"), "kty", kty));
    }

    @Test
    void parse_missingOrMistypedMembers_skipped() {
        Map<String, Object> noKty = rsa("a");
        noKty.remove("kty");
        assertOnlyGoodKept(noKty);
        Map<String, Object> noN = rsa("b");
        noN.remove("n");
        assertOnlyGoodKept(noN);
        assertOnlyGoodKept(with(rsa("c"), "kid", 42));
        assertOnlyGoodKept(with(rsa("d"), "n", 12345));
        assertOnlyGoodKept(with(rsa("e"), "n", "not base64url!"));
        assertOnlyGoodKept(with(rsa("f"), "e", ""));
    }

    @Test
    void parse_duplicateKid_secondSkipped() {
        Map<String, Object> first = Jwks.of("same", Keys.ec256().getPublic());
        Map<String, Object> second = Jwks.of("same", Keys.rsa().getPublic());
        List<JwkParser.Jwk> jwks = parse(first, second, GOOD);
        assertEquals(List.of("same", "good"), kids(jwks));
        assertEquals(Set.of(JwtAlgorithm.ES256), jwks.get(0).algorithms.keySet(), "the first one wins");
    }

    @Test
    void parse_oneBadKeyAmongGood_goodOnesAllKept() {
        String document = "{\"keys\":[" + Jwks.json(rsa("a")) + ",42,\"text\",null,[],{},"
                + Jwks.json(with(rsa("b"), "n", "@@")) + "," + Jwks.json(GOOD) + ","
                + Jwks.json(Jwks.of("ed", Jwks.ed25519().getPublic())) + "],\"other\":true}";
        assertEquals(List.of("a", "good", "ed"), kids(parse(ALL_ASYMMETRIC, document)));
    }

    @Test
    void parse_oneKeyWithDuplicateMember_goodOnesStillKept() {
        // RFC 7517 §4: a JWK with duplicate member names is rejected; that is one JWK, not the whole set.
        String document = "{\"keys\":[" + Jwks.json(GOOD) + ",{\"kty\":\"RSA\",\"kid\":\"x\",\"kid\":\"y\",\"n\":\""
                + rsa(null).get("n") + "\",\"e\":\"AQAB\"}]}";
        assertEquals(List.of("good"), kids(parse(ALL_ASYMMETRIC, document)));
    }

    // --- duplicate members and unpaired surrogates: judged in the same pass that reads the key ---

    /** An RSA JWK whose {@code kid} is given twice, {@code first} then {@code second}. */
    private static String duplicatedKid(String first, String second) {
        return "{\"kty\":\"RSA\",\"kid\":\"" + first + "\",\"kid\":\"" + second + "\",\"n\":\"" + rsa(null).get("n")
                + "\",\"e\":\"AQAB\"}";
    }

    /** Issue 13, defect 4: a non-object element before the key shifted the scanner's count. */
    @Test
    void parse_duplicateMemberAfterNonObjectElement_keySkipped() {
        String document = "{\"keys\":[42," + duplicatedKid("x", "y") + "]}";
        assertEquals(List.of(), parse(ALL_ASYMMETRIC, document));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"42", "\"text\"", "null", "true", "[]", "[1,2]", "[{}]", "[{\"a\":1,\"a\":2}]",
        "{}", "{\"kty\":\"oct\"}", "{\"nested\":{\"a\":[1,{}]}}", "[[[]],{\"x\":[]}]", "-1.5e3"})
    void parse_duplicateMemberAfterAnyOtherElement_onlyThatKeySkipped(String before) {
        String document = "{\"keys\":[" + before + "," + duplicatedKid("x", "y") + "," + Jwks.json(GOOD) + "]}";
        assertEquals(List.of("good"), kids(parse(ALL_ASYMMETRIC, document)));
        String reversed = "{\"keys\":[" + Jwks.json(GOOD) + "," + before + "," + duplicatedKid("x", "y") + "]}";
        assertEquals(List.of("good"), kids(parse(ALL_ASYMMETRIC, reversed)));
    }

    @Test
    void parse_duplicateMemberInObjectNestedInAKey_keySkipped() {
        Map<String, Object> jwk = rsa("r");
        String json = Jwks.json(jwk);
        String nested = json.substring(0, json.length() - 1) + ",\"x5t#S256\":{\"a\":1,\"a\":2}}";
        String inArray = json.substring(0, json.length() - 1) + ",\"ext\":[1,{\"b\":[],\"b\":{}}]}";
        assertEquals(List.of("good"), kids(parse(ALL_ASYMMETRIC, "{\"keys\":[" + nested + "," + Jwks.json(GOOD) + "]}")));
        assertEquals(List.of("good"),
                kids(parse(ALL_ASYMMETRIC, "{\"keys\":[[{}]," + inArray + "," + Jwks.json(GOOD) + "]}")));
        assertEquals(List.of("r"), kids(parse(ALL_ASYMMETRIC, "{\"keys\":[" + json + "]}")), "the same key, once, is kept");
    }

    @Test
    void parse_duplicateInANonObjectElement_thatElementAloneSkipped() {
        String document = "{\"keys\":[[{\"a\":1,\"a\":2}]," + Jwks.json(rsa("r")) + "]}";
        assertEquals(List.of("r"), kids(parse(ALL_ASYMMETRIC, document)), "the next key is judged on its own");
    }

    @Test
    void parse_severalElementsOfMixedKinds_eachJudgedOnItsOwn() {
        String document = "{\"keys\":[1," + duplicatedKid("a", "b") + ",\"s\"," + Jwks.json(rsa("c")) + ",[],"
                + duplicatedKid("d", "e") + ",{\"q\":{\"q\":{}}}," + Jwks.json(GOOD) + "]}";
        assertEquals(List.of("c", "good"), kids(parse(ALL_ASYMMETRIC, document)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{\"keys\":[],\"keys\":[KEY]}", "{\"keys\":[KEY],\"keys\":[]}",
        "{\"keys\":[KEY],\"x\":{\"a\":1,\"a\":2}}", "{\"x\":[{\"a\":1,\"a\":2}],\"keys\":[KEY]}",
        "{\"keys\":[KEY],\"x\":\"\\ud800\"}", "{\"\\udc00\":1,\"keys\":[KEY]}"})
    void parse_ambiguityOutsideTheKeys_wholeDocumentRefused(String shape) {
        String document = shape.replace("KEY", Jwks.json(GOOD));
        assertThrows(IllegalArgumentException.class, () -> parse(ALL_ASYMMETRIC, document));
    }

    /** Issue 13, defect 12: a string that is not Unicode text, in a member name or value. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\"kid\":\"\\ud800\"", "\"kid\":\"a\\udc00b\"", "\"kid\":\"\\ud800\\u0041\"",
        "\"kid\":\"\\ud800\\ud800\"", "\"kid\":\"\\udc00\\ud800\"", "\"kid\\ud800\":\"k\"", "\"x\":{\"y\":[\"\\udbff\"]}",
        "\"x\":[\"\\ud83d\"]"})
    void parse_unpairedSurrogateInAKey_keySkipped(String member) {
        String json = Jwks.json(rsa(null));
        String key = "{" + member + "," + json.substring(1);
        assertEquals(List.of("good"), kids(parse(ALL_ASYMMETRIC, "{\"keys\":[" + key + "," + Jwks.json(GOOD) + "]}")));
    }

    @Test
    void parse_pairedSurrogateEscapeAndRawSupplementaryCharacter_kept() {
        String json = Jwks.json(rsa(null));
        String escaped = "{\"kid\":\"k\\ud83d\\ude00\"," + json.substring(1);
        String raw = "{\"kid\":\"r\uD83D\uDE00\"," + json.substring(1);
        assertEquals(List.of("k\uD83D\uDE00", "r\uD83D\uDE00"),
                kids(parse(ALL_ASYMMETRIC, "{\"keys\":[" + escaped + "," + raw + "]}")));
    }

    // --- ROCA (CVE-2017-15361) ---

    /** Issue 13, defect 13: the private key of such a key can be computed from the JWK itself. */
    @Test
    void parse_rsaKeyWithRocaFingerprint_skippedWithOneWarning() {
        Map<String, Object> roca = Jwks.of("roca", RocaKeys.rsa2048().getPublic());
        JwkParser parser = new JwkParser(ALL_ASYMMETRIC, "https://idp.example/jwks");
        byte[] document = Jwks.set(roca, GOOD).getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("good"), kids(parser.parse(document)));
        List<String> warnings = log.messages(java.util.logging.Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("ROCA") && warnings.get(0).contains("CVE-2017-15361")
                && warnings.get(0).contains("#1") && warnings.get(0).contains("https://idp.example/jwks"), warnings.get(0));
        String n = (String) roca.get("n");
        assertFalse(log.everything().contains(n.substring(0, 16)), "no key material in the log");
        String decimal = ((java.security.interfaces.RSAPublicKey) RocaKeys.rsa2048().getPublic()).getModulus().toString();
        assertFalse(log.everything().contains(decimal.substring(0, 16)), "nor the modulus in decimal");
    }

    @Test
    void parse_sameRocaKeyOnEveryRefresh_warnedOnceUntilTheSetOfSuchKeysChanges() {
        Map<String, Object> roca = Jwks.of("roca", RocaKeys.rsa2048().getPublic());
        JwkParser parser = new JwkParser(ALL_ASYMMETRIC, "test");
        byte[] withRoca = Jwks.set(roca, GOOD).getBytes(StandardCharsets.UTF_8);
        for (int refresh = 0; refresh < 50; refresh++) {
            assertEquals(List.of("good"), kids(parser.parse(withRoca)));
        }
        assertEquals(1, log.messages(java.util.logging.Level.WARNING).size());
        parser.parse(Jwks.set(GOOD).getBytes(StandardCharsets.UTF_8));
        parser.parse(withRoca);
        assertEquals(2, log.messages(java.util.logging.Level.WARNING).size(), "it came back: warned again");
    }

    @Test
    void parse_rocaKeyWithAlgAndUse_stillSkipped() {
        Map<String, Object> roca = with(with(Jwks.of("roca", RocaKeys.rsa2048().getPublic()), "alg", "RS256"), "use", "sig");
        assertOnlyGoodKept(roca);
    }

    @Test
    void parse_ordinaryRsaKeys_noRocaWarning() {
        assertEquals(List.of("a", "b"), kids(parse(rsa("a"), Jwks.of("b", Keys.newRsa(2048).getPublic()))));
        assertTrue(log.messages(java.util.logging.Level.WARNING).isEmpty());
    }

    @Test
    void parse_noUsableKeyAtAll_emptyNotAnError() {
        assertEquals(List.of(), parse(ALL_ASYMMETRIC, "{\"keys\":[]}"));
    }

    // --- not a JWK Set ---

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "<html>oops</html>", "null", "[]", "{}", "{\"keys\":{}}",
            "{\"keys\":\"abc\"}", "{\"keys\":null}", "{\"keys\":[]", "\"keys\""})
    void parse_notAJwkSet_throws(String document) {
        assertThrows(IllegalArgumentException.class, () -> parse(ALL_ASYMMETRIC, document));
    }

    @Test
    void parse_bareKeyInsteadOfSet_throws() {
        assertThrows(IllegalArgumentException.class, () -> parse(ALL_ASYMMETRIC, Jwks.json(rsa("r"))));
    }

    @Test
    void parse_keysWithinKeysDeeplyNested_throwsRatherThanRecursing() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThrows(IllegalArgumentException.class,
                () -> parse(ALL_ASYMMETRIC, "{\"keys\":[" + Jwks.json(GOOD) + "],\"x\":" + deep + "}"));
    }
}
