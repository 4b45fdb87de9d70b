package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Token structure: a compact JWS has exactly one reading, or none. Wrong segment counts, empty
 * segments, padding and other spellings of the same bytes, whitespace, JWE shapes, huge and deeply
 * nested tokens, JSON that two parsers could read two ways (duplicate members, trailing data, bad
 * UTF-8, non-standard JSON), and JSON {@code null}: all refused, before any key is used where the
 * header alone is bad. Each attack is made on a token that is otherwise valid, signed with the
 * configured secret, so only the attacked part can be the reason for the refusal.
 */
class TokenStructureAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private static final String HEADER = Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    private final Gate gate = gates.hs256();

    private String valid() {
        return gates.valid().sign();
    }

    /** The parts of a valid token, with {@code h}, {@code p} and {@code s} in a shape replaced by them. */
    private String shaped(String shape) {
        String[] parts = valid().split("\\.");
        return shape.replace("h", parts[0]).replace("p", parts[1]).replace("s", parts[2]);
    }

    /** A token whose header is this JSON, signed with the configured secret. */
    private String withHeader(String json) {
        return gates.valid().rawHeader(json).sign();
    }

    /** A token whose payload is this JSON, signed with the configured secret. */
    private String withPayload(String json) {
        return gates.valid().rawPayload(json).sign();
    }

    /** The valid payload's members, to which an attack adds text. */
    private static String claims() {
        return "\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"exp\":"
                + (Tokens.NOW.getEpochSecond() + 3600);
    }

    @Test
    void validToken_authenticated() {
        // The baseline every attack below departs from by one change.
        assertEquals("alice", gate.principal(valid()).getName());
        assertEquals("alice", gate.principal(withPayload("{" + claims() + "}")).getName());
    }

    // --- segments ---

    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {1, 2, 4, 5, 6})
    void wrongSegmentCount_refused(int segments) {
        String token = String.join(".", Collections.nCopies(segments, HEADER));
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(token));
    }

    @Test
    void validTokenWithExtraSegment_refused() {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(valid() + "." + valid().split("\\.")[2]));
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(valid() + "."));
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason("." + valid()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {".p.s", "h..s", "h.p.", "..", ".", "h.p..", "..s", "h.p.s."})
    void emptySegment_refused(String shape) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(shaped(shape)));
    }

    @Test
    void jweShapedToken_refused() {
        // RFC 7516 compact JWE: five segments, and an "enc" header. Never decrypted, never a JWS.
        String jweHeader = Tokens.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}");
        String jwe = jweHeader + ".ZW5jcnlwdGVka2V5.aXZpdml2aXZpdml2.Y2lwaGVydGV4dA.dGFndGFndGFndGFn";
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(jwe));
        String dirHeader = Tokens.b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}");
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(dirHeader + "..aXZpdml2aXZpdml2.Y2lwaGVydGV4dA.dGFndGFn"));
    }

    @Test
    void encHeaderOnThreeSegments_refused() {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(gates.valid().headerParam("enc", "A128GCM").sign()));
    }

    @Test
    void critHeader_refused() {
        // RFC 7515 §4.1.11: no extension is understood, so any critical one is refused; b64=false
        // (RFC 7797) would change what the signature covers.
        Gate gate = gates.hs256();
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER, gate.reason(gates.valid().headerParam("crit", java.util.List.of("exp"))
                .sign()));
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER, gate.reason(gates.valid().headerParam("crit", java.util.List.of("b64"))
                .headerParam("b64", false).sign()));
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER, gate.reason(gates.valid().headerParam("crit", java.util.List.of())
                .sign()));
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER, gate.reason(gates.valid().headerParam("crit", "exp").sign()));
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER, gate.reason(gates.valid().headerParam("crit", null).sign()));
    }

    @Test
    void unencodedPayloadWithoutCrit_signatureStillOverTheEncodedPayload() {
        // b64=false without crit is ignored (RFC 7797 §6): a payload sent raw is not base64url and
        // is refused; the ordinary token with the parameter verifies as usual.
        Gate gate = gates.hs256();
        assertEquals("alice", gate.principal(gates.valid().headerParam("b64", false).sign()).getName());
        String token = gates.valid().headerParam("b64", false).sign();
        String raw = token.split("\\.")[0] + ".{\"sub\":\"admin\"}." + token.split("\\.")[2];
        assertEquals(Reason.INVALID_REQUEST, gate.reason(raw));
    }

    // --- base64url: one spelling per byte string ---

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"header,0", "payload,1", "signature,2"})
    void paddedSegment_refused(String name, int index) {
        String[] parts = nonCanonicalizable();
        String padded = Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(parts[index]));
        assertTrue(padded.endsWith("="), "the fixture's segments all need padding");
        parts[index] = padded;
        Reason reason = gate.reason(String.join(".", parts));
        // Mid-token '=' is not even b64token syntax (400); a padded signature ends the token (401).
        assertEquals(index == 2 ? Reason.MALFORMED_TOKEN : Reason.INVALID_REQUEST, reason);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"header,0", "payload,1", "signature,2"})
    void nonCanonicalTrailingBits_refused(String name, int index) {
        // The last character's unused low bits set: the same bytes, another spelling of the token.
        String[] parts = nonCanonicalizable();
        String segment = parts[index];
        int unusedBits = segment.length() % 4 == 2 ? 4 : 2;
        char last = segment.charAt(segment.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char other = alphabet.charAt(alphabet.indexOf(last) | ((1 << unusedBits) - 1));
        assertNotEquals(last, other);
        parts[index] = segment.substring(0, segment.length() - 1) + other;
        assertEquals(Base64.getUrlDecoder().decode(segment).length, Base64.getUrlDecoder().decode(parts[index]).length);
        assertTrue(Arrays.equals(Base64.getUrlDecoder().decode(segment), Base64.getUrlDecoder().decode(parts[index])),
                "both spellings decode to the same bytes");
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(String.join(".", parts)));
    }

    /** A valid token whose three segments all have unused bits (length not a multiple of 4). */
    private String[] nonCanonicalizable() {
        for (int pad = 0; pad < 16; pad++) {
            String token = gates.valid().claim("pad", "x".repeat(pad)).headerParam("pad", "y".repeat(pad)).sign();
            String[] parts = token.split("\\.");
            if (parts[0].length() % 4 != 0 && parts[1].length() % 4 != 0) {
                assertEquals("alice", gate.principal(token).getName());
                return parts;
            }
        }
        throw new IllegalStateException("no fixture");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"'+', MALFORMED_TOKEN", "'/', MALFORMED_TOKEN", "'~', MALFORMED_TOKEN", "'%2F', INVALID_REQUEST",
        "'\u00e9', INVALID_REQUEST", "'*', INVALID_REQUEST"})
    void characterOutsideBase64UrlAlphabet_refused(String character, Reason expected) {
        String token = valid();
        String forged = token.substring(0, token.length() - 2) + character + token.charAt(token.length() - 1);
        assertEquals(expected, gate.reason(forged));
    }

    @Test
    void standardBase64SpellingOfValidSignature_refused() {
        // The same signature bytes in the "+/" alphabet: a second spelling a lenient decoder would take.
        for (int i = 0; i < 64; i++) {
            String token = gates.valid().claim("jti", "n" + i).sign();
            String signature = token.substring(token.lastIndexOf('.') + 1);
            if (signature.contains("-") || signature.contains("_")) {
                String standard = Gate.unsigned(token) + signature.replace('-', '+').replace('_', '/');
                assertEquals(Reason.MALFORMED_TOKEN, gate.reason(standard));
                return;
            }
        }
        throw new IllegalStateException("no signature with - or _ in 64 tries");
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(strings = {"Q", "QUFBQ", "QUFBQUFBQ"})
    void segmentOfImpossibleLength_refused(String segment) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(Gate.unsigned(valid()) + segment));
    }

    // --- whitespace ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"h. p.s", "h .p.s", "h.p. s", "h.p.s x", "h\t.p.s", "h.p\n.s", "h.p.s\u00a0"})
    void whitespaceInsideToken_refused(String shape) {
        assertEquals(Reason.INVALID_REQUEST, gate.reason(shaped(shape)));
    }

    @Test
    void whitespaceInsideSegment_refused() {
        String token = valid();
        String spaced = token.substring(0, 10) + " " + token.substring(10);
        assertEquals(Reason.INVALID_REQUEST, gate.reason(spaced));
    }

    @Test
    void jsonWhitespaceInsideSignedHeaderAndPayload_sameReading() {
        // Insignificant JSON whitespace is no second reading: it is signed like any other byte.
        String token = gates.valid().rawHeader(" {\n\t\"alg\" : \"HS256\" }\r\n")
                .rawPayload("\n{ " + claims().replace(",", " ,\n ") + " } ").sign();
        assertEquals("alice", gate.principal(token).getName());
    }

    @Test
    void byteOrderMarkBeforeJson_refused() {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withHeader("\ufeff{\"alg\":\"HS256\"}")));
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withPayload("\ufeff{" + claims() + "}")));
    }

    // --- size and depth ---

    @Test
    void tokenOneCharacterOverMaxTokenLength_refusedBeforeVerification() {
        String fits = null;
        String over = null;
        for (int pad = 0; over == null; pad++) {
            String token = gates.valid().claim("pad", "p".repeat(pad)).sign();
            if (token.length() <= 400) {
                fits = token;
            } else {
                over = token;
            }
        }
        Gate limited = gates.hs256("maxTokenLength", Integer.toString(fits.length()));
        assertEquals("alice", limited.principal(fits).getName());
        long verified = limited.verifications();
        assertEquals(Reason.TOKEN_TOO_LONG, limited.reason(over));
        assertEquals(verified, limited.verifications(), "a too-long token reached verification");
    }

    @Test
    void hugeToken_refusedQuicklyWithoutDecoding() {
        String huge = HEADER + "." + "A".repeat(2_000_000) + ".c2ln";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(Reason.TOKEN_TOO_LONG, gate.reason(huge)));
        assertEquals(0, gate.verifications());
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {33, 1_000, 100_000})
    void deeplyNestedHeader_refusedWithoutStackOverflow(int depth) {
        Gate roomy = gates.hs256("maxTokenLength", "1048576");
        String arrays = withHeader("{\"alg\":\"HS256\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        String objects = withHeader("{\"alg\":\"HS256\",\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(Reason.MALFORMED_TOKEN, roomy.reason(arrays));
            assertEquals(Reason.MALFORMED_TOKEN, roomy.reason(objects));
        });
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {33, 1_000, 100_000})
    void deeplyNestedSignedPayload_refusedWithoutStackOverflow(int depth) {
        Gate roomy = gates.hs256("maxTokenLength", "1048576");
        String token = withPayload("{" + claims() + ",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertEquals(Reason.MALFORMED_TOKEN, roomy.reason(token)));
    }

    @Test
    void headerAsBareDeepArray_refusedWithoutStackOverflow() {
        Gate roomy = gates.hs256("maxTokenLength", "1048576");
        String token = Tokens.b64("[".repeat(100_000) + "]".repeat(100_000)) + ".e30.c2ln";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertEquals(Reason.MALFORMED_TOKEN, roomy.reason(token)));
    }

    @Test
    void moderatelyNestedSignedClaim_accepted() {
        String token = withPayload("{" + claims() + ",\"x\":" + "[".repeat(10) + "1" + "]".repeat(10) + "}");
        assertEquals("alice", gate.principal(token).getName());
    }

    // --- one reading of the JSON ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"alg\":\"none\",\"alg\":\"HS256\"}",
        "{\"alg\":\"HS256\",\"alg\":\"none\"}",
        "{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
        "{\"alg\":\"HS256\",\"kid\":\"a\",\"kid\":\"b\"}",
        "{\"alg\":\"HS256\",\"x\":{\"b\":1,\"b\":2}}",
        "{\"alg\":\"HS256\",\"x\":[{\"b\":1,\"b\":2}]}",
        "{\"alg\":\"none\",\"\\u0061lg\":\"HS256\"}",
        "{\"alg\":\"HS256\",\"\\u0061lg\":\"HS256\"}"})
    void duplicateMemberInSignedHeader_refused(String header) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withHeader(header)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\"sub\":\"alice\"", "\"sub\":\"admin\"", "\"exp\":4102444800", "\"s\\u0075b\":\"admin\"",
        "\"roles\":[\"admin\"],\"roles\":[]"})
    void duplicateMemberInSignedPayload_refused(String duplicate) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withPayload("{" + claims() + "," + duplicate + "}")));
    }

    // --- strings that are Unicode text (issue 13, defect 12) ---

    /** JSON string contents (escapes written as the token carries them) that are not Unicode text. */
    static Stream<String> unpairedSurrogates() {
        return Stream.of("\\ud800", "\\udc00", "al\\ud800ice", "\\ud800\\u0041", "\\ud800\\ud800", "\\udc00\\ud800",
                "alice\\ud83d", "\\uDBFF", "\\uDFFFalice");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unpairedSurrogates")
    void unpairedSurrogateInSignedPrincipal_refused(String sub) {
        String payload = "{" + claims().replace("\"sub\":\"alice\"", "\"sub\":\"" + sub + "\"") + "}";
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withPayload(payload)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unpairedSurrogates")
    void unpairedSurrogateAnywhereInSignedPayload_refused(String text) {
        for (String member : new String[] {"\"x\":\"" + text + "\"", "\"" + text + "\":1", "\"x\":[1,[\"" + text + "\"]]",
            "\"x\":{\"y\":{\"" + text + "\":null}}", "\"roles\":[\"admin\",\"" + text + "\"]"}) {
            assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withPayload("{" + claims() + "," + member + "}")), member);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unpairedSurrogates")
    void unpairedSurrogateAnywhereInSignedHeader_refused(String text) {
        for (String member : new String[] {"\"kid\":\"" + text + "\"", "\"" + text + "\":1", "\"x\":[\"" + text + "\"]",
            "\"x\":{\"" + text + "\":{}}"}) {
            assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withHeader("{\"alg\":\"HS256\"," + member + "}")), member);
        }
    }

    @Test
    void pairedSurrogateEscapeOrRawSupplementaryCharacter_accepted() {
        String escaped = "{" + claims().replace("\"sub\":\"alice\"", "\"sub\":\"al\\ud83d\\ude00ice\"")
                + ",\"x\":[\"\\uD83D\\uDE00\"]}";
        assertEquals("al\uD83D\uDE00ice", gate.principal(withPayload(escaped)).getName());
        String raw = "{" + claims().replace("\"sub\":\"alice\"", "\"sub\":\"al\uD83D\uDE00ice\"") + "}";
        assertEquals("al\uD83D\uDE00ice", gate.principal(withPayload(raw)).getName());
        assertEquals("alice", gate.principal(withHeader("{\"alg\":\"HS256\",\"kid\\ud83d\\ude00\":\"\\udbff\\udfff\"}"))
                .getName(), "a pair in the header, in a name and in a value");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {" x", "{\"alg\":\"none\"}", "}", "]", " 1", "null", ",", "\u0000"})
    void trailingDataAfterHeaderJson_refused(String trailing) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withHeader("{\"alg\":\"HS256\"}" + trailing)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {" x", "{\"sub\":\"admin\"}", "}", "]", " 1", "null"})
    void trailingDataAfterSignedPayloadJson_refused(String trailing) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withPayload("{" + claims() + "}" + trailing)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"null", " null ", "[]", "[{\"alg\":\"HS256\"}]", "\"HS256\"", "1", "true", ""})
    void headerNotAJsonObject_refused(String header) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(Tokens.b64(header) + ".e30.c2ln"));
        if (!header.isEmpty()) {
            assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withHeader(header)));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"null", "[]", "\"alice\"", "42", "true"})
    void signedPayloadNotAJsonObject_refused(String payload) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withPayload(payload)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{", "{\"alg\":}", "{'alg':'HS256'}", "{alg:\"HS256\"}", "{\"alg\":\"HS256\",}",
        "/*x*/{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\"}//x", "{\"alg\":\"HS256\",\"x\":NaN}",
        "{\"alg\":\"HS256\",\"x\":01}", "{\"alg\":\"HS256\",\"x\":Infinity}", "{\"alg\":\"HS256\",\"x\":\"a\u0001\"}",
        "{\"alg\":\"HS256\",\"x\":100000000000000000000000000000000000000000000000000000000000000000000000}"})
    void headerNotStrictJson_refused(String header) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withHeader(header)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"'sub':'admin'", "sub:\"admin\"", "\"x\":NaN", "\"x\":01", "\"x\":1,", "\"x\":[1,]"})
    void signedPayloadNotStrictJson_refused(String member) {
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(withPayload("{" + claims() + "," + member + "}")));
    }

    /** A JSON header {"alg":"HS256","x":"…"} with these raw bytes inside the string. */
    private String headerWithStringBytes(int... bytes) {
        byte[] prefix = "{\"alg\":\"HS256\",\"x\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] json = Arrays.copyOf(prefix, prefix.length + bytes.length + 2);
        for (int i = 0; i < bytes.length; i++) {
            json[prefix.length + i] = (byte) bytes[i];
        }
        json[json.length - 2] = '"';
        json[json.length - 1] = '}';
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json) + "." + valid().split("\\.")[1] + ".c2ln";
    }

    @Test
    void invalidUtf8InHeader_refused() {
        for (int[] bytes : new int[][] {{0xFF}, {0x80}, {0xE2, 0x82}, {0xED, 0xA0, 0x80}}) {
            assertEquals(Reason.MALFORMED_TOKEN, gate.reason(headerWithStringBytes(bytes)), Arrays.toString(bytes));
        }
    }

    @Test
    void overlongOrOutOfRangeUtf8InHeader_refused() {
        // RFC 3629: overlong forms and code points above U+10FFFF are not UTF-8. Accepting them
        // gives one byte string two readings ("." here, U+FFFD or a refusal in a strict parser).
        for (int[] bytes : new int[][] {{0xC0, 0xAE}, {0xE0, 0x80, 0xAE}, {0xF4, 0x90, 0x80, 0x80}}) {
            assertEquals(Reason.MALFORMED_TOKEN, gate.reason(headerWithStringBytes(bytes)), Arrays.toString(bytes));
        }
    }

    @Test
    void overlongUtf8InSignedPayload_refused() {
        byte[] prefix = ("{" + claims() + ",\"x\":\"").getBytes(StandardCharsets.US_ASCII);
        byte[] json = Arrays.copyOf(prefix, prefix.length + 4);
        json[prefix.length] = (byte) 0xC0;
        json[prefix.length + 1] = (byte) 0xAE;
        json[prefix.length + 2] = '"';
        json[prefix.length + 3] = '}';
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        String header = valid().split("\\.")[0];
        byte[] mac = hmac(header + "." + payload);
        assertEquals(Reason.MALFORMED_TOKEN, gate.reason(header + "." + payload + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac)));
    }

    private byte[] hmac(String signingInput) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(gates.secret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
