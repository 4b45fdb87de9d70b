package org.jwtgate.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.testing.Tokens;

class JwsParserTest {

    private static final String HEADER = Tokens.b64("{\"alg\":\"HS256\"}");
    private static final String PAYLOAD = Tokens.b64("{\"sub\":\"alice\"}");
    private static final String SIGNATURE = "c2lnbmF0dXJl";

    private static Reason splitRejection(String token) {
        return assertThrows(TokenRejection.class, () -> JwsParser.split(token)).reason();
    }

    private static Reason objectRejection(String json) {
        return assertThrows(TokenRejection.class, () -> JwsParser.object(Tokens.b64(json))).reason();
    }

    private static Map<String, Object> claims(String json) throws TokenRejection {
        return JwsParser.claims(JwsParser.object(Tokens.b64(json)));
    }

    // --- split: segments ---

    @Test
    void split_threeCanonicalSegments_returnsThem() throws TokenRejection {
        assertArrayEquals(new String[] {HEADER, PAYLOAD, SIGNATURE},
                JwsParser.split(HEADER + "." + PAYLOAD + "." + SIGNATURE));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 5})
    void split_wrongSegmentCount_malformed(int segments) {
        String token = String.join(".", java.util.Collections.nCopies(segments, HEADER));
        assertEquals(Reason.MALFORMED_TOKEN, splitRejection(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {".p.s", "h..s", "h.p.", "..", ".", "", "h.p..", "..s"})
    void split_emptySegment_malformed(String shape) {
        String token = shape.replace("h", HEADER).replace("p", PAYLOAD).replace("s", SIGNATURE);
        assertEquals(Reason.MALFORMED_TOKEN, splitRejection(token));
    }

    // --- split: canonical base64url ---

    @Test
    void split_paddedSegment_malformed() {
        String padded = Base64.getUrlEncoder().encodeToString("{\"alg\":\"HS256\"}x".getBytes());
        assertTrue(padded.endsWith("="), "fixture must need padding");
        assertEquals(Reason.MALFORMED_TOKEN, splitRejection(padded + "." + PAYLOAD + "." + SIGNATURE));
        assertEquals(Reason.MALFORMED_TOKEN, splitRejection(HEADER + "." + PAYLOAD + "." + "c2ln="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab+c", "ab/c", "ab c", "ab=c", "ab%2F", "ab~c", "abc\u00e9"})
    void split_segmentOutsideBase64UrlAlphabet_malformed(String signature) {
        assertEquals(Reason.MALFORMED_TOKEN, splitRejection(HEADER + "." + PAYLOAD + "." + signature));
    }

    @Test
    void isCanonicalBase64Url_nonZeroTrailingBits_refused() {
        // "QQ" and "QR" both decode to "A"; only the spelling with zero unused bits is canonical.
        assertTrue(JwsParser.isCanonicalBase64Url("QQ"));
        assertFalse(JwsParser.isCanonicalBase64Url("QR"));
        assertFalse(JwsParser.isCanonicalBase64Url("QX"));
        // three characters carry two bytes and two unused bits
        assertTrue(JwsParser.isCanonicalBase64Url("QUE"));
        assertFalse(JwsParser.isCanonicalBase64Url("QUF"));
        assertFalse(JwsParser.isCanonicalBase64Url("QUH"));
    }

    @Test
    void split_signatureWithNonZeroTrailingBits_malformed() {
        assertEquals(Reason.MALFORMED_TOKEN, splitRejection(HEADER + "." + PAYLOAD + ".QR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q", "QUFBQ", "QUFBQUFBQ"})
    void isCanonicalBase64Url_lengthOneModFour_refused(String segment) {
        assertFalse(JwsParser.isCanonicalBase64Url(segment));
        assertEquals(Reason.MALFORMED_TOKEN, splitRejection(HEADER + "." + PAYLOAD + "." + segment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"QUFB", "QUFBQQ", "QUFBQUE", "-_-_"})
    void isCanonicalBase64Url_canonicalSpellings_accepted(String segment) {
        assertTrue(JwsParser.isCanonicalBase64Url(segment));
    }

    // --- object: strict JSON ---

    @Test
    void object_plainObject_returnsIt() throws TokenRejection {
        assertEquals("HS256", JwsParser.object(HEADER).get("alg").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"alg\":\"none\",\"alg\":\"HS256\"}",
            "{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
            "{\"a\":{\"b\":1,\"b\":2}}",
            "{\"a\":[{\"b\":1,\"b\":2}]}",
    })
    void object_duplicateMember_malformed(String json) {
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection(json));
    }

    @Test
    void object_duplicateMemberDifferingOnlyByEscape_malformed() {
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection("{\"alg\":\"none\",\"\\u0061lg\":\"HS256\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alg\":\"HS256\"} x", "{\"alg\":\"HS256\"}{\"alg\":\"none\"}", "{\"a\":1}}",
            "{\"a\":1}]", "{\"a\":1} 1", "{\"a\":1}null"})
    void object_trailingData_malformed(String json) {
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", " null "})
    void object_jsonNull_malformed(String json) {
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"alg\":\"HS256\"}]", "\"HS256\"", "1", "true", "{", "{\"a\":}", "{'a':1}",
            "{a:1}", "{\"a\":1,}", "/*x*/{\"a\":1}", "{\"a\":NaN}", "{\"a\":01}"})
    void object_notAStrictJsonObject_malformed(String json) {
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection(json));
    }

    private static String segmentWithStringBytes(int... bytes) {
        byte[] prefix = "{\"a\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] json = java.util.Arrays.copyOf(prefix, prefix.length + bytes.length + 2);
        for (int i = 0; i < bytes.length; i++) {
            json[prefix.length + i] = (byte) bytes[i];
        }
        json[json.length - 2] = '"';
        json[json.length - 1] = '}';
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    @Test
    void object_invalidUtf8Bytes_malformed() {
        for (int[] bytes : new int[][] {{0xFF}, {0x80}, {0xE2, 0x82}, {0xED, 0xA0, 0x80}}) {
            String segment = segmentWithStringBytes(bytes);
            assertEquals(Reason.MALFORMED_TOKEN,
                    assertThrows(TokenRejection.class, () -> JwsParser.object(segment)).reason());
        }
    }

    @Test
    void object_overlongOrOutOfRangeUtf8_malformed() {
        // RFC 3629: overlong forms and code points above U+10FFFF are not UTF-8. Accepting them
        // gives one byte string two readings ("." here, U+FFFD or a refusal in a strict parser).
        for (int[] bytes : new int[][] {{0xC0, 0xAE}, {0xE0, 0x80, 0xAE}, {0xF4, 0x90, 0x80, 0x80}}) {
            String segment = segmentWithStringBytes(bytes);
            assertEquals(Reason.MALFORMED_TOKEN,
                    assertThrows(TokenRejection.class, () -> JwsParser.object(segment)).reason());
        }
    }

    @Test
    void object_deepNesting_malformedWithoutStackOverflow() {
        String json = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection(json));
        String objects = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection(objects));
    }

    @Test
    void object_veryDeepNesting_malformedWithoutStackOverflow() {
        String json = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(Reason.MALFORMED_TOKEN, objectRejection(json));
    }

    @Test
    void object_moderateNesting_accepted() throws TokenRejection {
        String json = "{\"a\":" + "[".repeat(10) + "1" + "]".repeat(10) + "}";
        assertTrue(JwsParser.object(Tokens.b64(json)).isObject());
    }

    // --- toJava / claims: types as the contract states ---

    @Test
    void claims_string_string() throws TokenRejection {
        assertEquals("x", claims("{\"v\":\"x\"}").get("v"));
    }

    @Test
    void claims_integer_long() throws TokenRejection {
        Map<String, Object> claims = claims("{\"small\":42,\"negative\":-7,\"max\":9223372036854775807}");
        assertEquals(42L, claims.get("small"));
        assertEquals(-7L, claims.get("negative"));
        assertEquals(Long.MAX_VALUE, claims.get("max"));
    }

    @Test
    void claims_integerBeyondLong_double() throws TokenRejection {
        Map<String, Object> claims = claims("{\"two70\":1180591620717411303424,\"justOver\":9223372036854775808}");
        assertEquals(Math.pow(2, 70), claims.get("two70"));
        assertInstanceOf(Double.class, claims.get("justOver"));
    }

    @Test
    void claims_fraction_double() throws TokenRejection {
        Map<String, Object> claims = claims("{\"v\":1.5,\"w\":-0.25}");
        assertEquals(1.5, claims.get("v"));
        assertEquals(-0.25, claims.get("w"));
    }

    @Test
    void claims_boolean_boolean() throws TokenRejection {
        Map<String, Object> claims = claims("{\"t\":true,\"f\":false}");
        assertEquals(Boolean.TRUE, claims.get("t"));
        assertEquals(Boolean.FALSE, claims.get("f"));
    }

    @Test
    void claims_null_presentWithNullValue() throws TokenRejection {
        Map<String, Object> claims = claims("{\"n\":null}");
        assertTrue(claims.containsKey("n"));
        assertNull(claims.get("n"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void claims_array_unmodifiableTypedList() throws TokenRejection {
        Object value = claims("{\"a\":[\"x\",1,1.5,true,null,[2],{\"k\":\"v\"}]}").get("a");
        List<?> list = assertInstanceOf(List.class, value);
        assertEquals("x", list.get(0));
        assertEquals(1L, list.get(1));
        assertEquals(1.5, list.get(2));
        assertEquals(true, list.get(3));
        assertNull(list.get(4));
        assertEquals(List.of(2L), list.get(5));
        assertEquals(Map.of("k", "v"), list.get(6));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) list).add("y"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) list).set(0, "y"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) list.get(5)).clear());
    }

    @Test
    @SuppressWarnings("unchecked")
    void claims_object_unmodifiableTypedMap() throws TokenRejection {
        Object value = claims("{\"o\":{\"s\":\"x\",\"i\":1,\"inner\":{\"b\":false}}}").get("o");
        Map<?, ?> map = assertInstanceOf(Map.class, value);
        assertEquals("x", map.get("s"));
        assertEquals(1L, map.get("i"));
        assertEquals(Map.of("b", false), map.get("inner"));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) map).put("y", "z"));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) map.get("inner")).clear());
    }

    @Test
    void claims_topLevel_unmodifiable() throws TokenRejection {
        Map<String, Object> claims = claims("{\"sub\":\"alice\"}");
        assertThrows(UnsupportedOperationException.class, () -> claims.put("sub", "mallory"));
        assertThrows(UnsupportedOperationException.class, () -> claims.remove("sub"));
    }

    @Test
    void toJava_eachJsonType_contractJavaType() throws TokenRejection {
        var node = JwsParser.object(Tokens.b64("{\"s\":\"x\",\"i\":3,\"d\":2.5,\"b\":true,\"n\":null}"));
        assertEquals("x", JwsParser.toJava(node.get("s")));
        assertEquals(3L, JwsParser.toJava(node.get("i")));
        assertEquals(2.5, JwsParser.toJava(node.get("d")));
        assertEquals(true, JwsParser.toJava(node.get("b")));
        assertNull(JwsParser.toJava(node.get("n")));
    }
}
