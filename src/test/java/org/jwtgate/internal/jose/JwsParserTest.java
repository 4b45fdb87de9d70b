package org.jwtgate.internal.jose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Tokens;

/**
 * The parser's accepted spellings and its typing of claims. Every refused input (segments,
 * padding, alphabet, duplicate members, trailing data, bad UTF-8, nesting) is a case of
 * {@code org.jwtgate.security.TokenStructureAttackTest}, sent through the whole gate; the UTF-8 and
 * object checks are also tested here byte by byte.
 */
class JwsParserTest {

    private static final String HEADER = Tokens.b64("{\"alg\":\"HS256\"}");
    private static final String PAYLOAD = Tokens.b64("{\"sub\":\"alice\"}");
    private static final String SIGNATURE = "c2lnbmF0dXJl";

    private static Map<String, Object> claims(String json) throws TokenRejection {
        return JwsParser.object(Tokens.b64(json));
    }

    // --- split: segments ---

    @Test
    void split_threeCanonicalSegments_returnsThem() throws TokenRejection {
        assertArrayEquals(new String[] {HEADER, PAYLOAD, SIGNATURE},
                JwsParser.split(HEADER + "." + PAYLOAD + "." + SIGNATURE));
    }

    // --- split: canonical base64url ---

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

    @ParameterizedTest
    @ValueSource(strings = {"QUFB", "QUFBQQ", "QUFBQUE", "-_-_"})
    void isCanonicalBase64Url_canonicalSpellings_accepted(String segment) {
        assertTrue(JwsParser.isCanonicalBase64Url(segment));
    }

    // --- object: strict JSON ---

    @Test
    void object_plainObject_returnsIt() throws TokenRejection {
        assertEquals("HS256", JwsParser.object(HEADER).get("alg"));
    }

    @Test
    void object_moderateNesting_accepted() throws TokenRejection {
        String json = "{\"a\":" + "[".repeat(10) + "1" + "]".repeat(10) + "}";
        assertInstanceOf(List.class, JwsParser.object(Tokens.b64(json)).get("a"));
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
    void claims_absentName_removeStillRefused() throws TokenRejection {
        Map<String, Object> claims = claims("{\"sub\":\"alice\"}");
        assertThrows(UnsupportedOperationException.class, () -> claims.remove("absent"));
        assertThrows(UnsupportedOperationException.class, () -> claims.putIfAbsent("absent", "x"));
        assertThrows(UnsupportedOperationException.class, () -> claims.entrySet().iterator().next().setValue("x"));
    }

    @Test
    void claims_documentOrderAndMapEquality_keptLikeAnyMap() throws TokenRejection {
        Map<String, Object> claims = claims("{\"z\":1,\"a\":\"x\",\"m\":null}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(claims.keySet()));
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("z", 1L);
        expected.put("a", "x");
        expected.put("m", null);
        assertEquals(expected, claims);
        assertEquals(expected.hashCode(), claims.hashCode());
        assertEquals(3, claims.size());
        assertFalse(claims.containsKey("absent"));
        assertFalse(claims.containsKey(null));
    }

    @Test
    void object_emptyObjectAndEmptyArray_accepted() throws TokenRejection {
        assertEquals(Map.of(), claims("{}"));
        assertEquals(List.of(), claims("{\"a\":[]}").get("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uFEFF{}", "[]", "\"x\"", "{}\u0000", "{\"a\":1}{}", "{\"a\":1}]", "{\"a\" 1}"})
    void object_notOneStrictObject_refused(String json) {
        assertThrows(TokenRejection.class, () -> claims(json));
    }

    /**
     * Duplicate members in objects of every size, on both sides of the point where Jackson's
     * detection changes method (two names in fields, a set from the third): the first name again at
     * the end, two neighbours alike in the middle, an escape spelling the same name, and the same in
     * a nested object. Objects of those sizes without a duplicate are read in full.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 16, 17, 100})
    void object_duplicateMemberInObjectsOfEverySize_refusedAndDistinctMembersRead(int members) throws TokenRejection {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            names.add("n" + i);
        }
        assertEquals(members, claims(object(names)).size());
        assertEquals(1, claims("{\"x\":" + object(names) + "}").size());

        List<String> firstAtEnd = new ArrayList<>(names);
        firstAtEnd.set(members - 1, "n0");
        List<String> middlePair = new ArrayList<>(names);
        middlePair.set(members / 2, names.get(members / 2 - 1));
        List<String> escaped = new ArrayList<>(names);
        escaped.set(members - 1, "\\u006e0"); // "n0", written as an escape
        for (List<String> duplicate : List.of(firstAtEnd, middlePair, escaped)) {
            assertThrows(TokenRejection.class, () -> claims(object(duplicate)), duplicate::toString);
            assertThrows(TokenRejection.class, () -> claims("{\"x\":[" + object(duplicate) + "]}"), duplicate::toString);
        }
    }

    /** {@code {"name":0,...}} with the names as written (escapes included). */
    private static String object(List<String> names) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"v\":\"\\ud800\"}", "{\"v\":\"\\udc00\"}", "{\"v\":\"\\ud800\\u0041\"}",
        "{\"v\":\"\\ud800\\ud800\"}", "{\"v\":\"\\udc00\\ud800\"}", "{\"v\":\"x\\ud83d\"}", "{\"\\ud800\":1}",
        "{\"v\":[\"\\udfff\"]}", "{\"v\":{\"w\":{\"\\uDBFFx\":true}}}"})
    void object_unpairedSurrogateEscape_refused(String json) {
        assertThrows(TokenRejection.class, () -> claims(json));
    }

    @Test
    void object_pairedSurrogateEscapeAndRawSupplementaryCharacter_accepted() throws TokenRejection {
        assertEquals("\uD83D\uDE00", claims("{\"v\":\"\\ud83d\\ude00\"}").get("v"));
        assertEquals("a\uDBFF\uDFFFb", claims("{\"v\":\"a\\uDBFF\\uDFFFb\"}").get("v"));
        assertEquals(1L, claims("{\"\\ud83d\\ude00\":1}").get("\uD83D\uDE00"));
        assertEquals("\uD83D\uDE00", claims("{\"v\":\"\uD83D\uDE00\"}").get("v"), "raw UTF-8, four bytes");
    }

    @Test
    void hasUnpairedSurrogate_pairsAndLoneHalves() {
        assertFalse(JwsParser.hasUnpairedSurrogate(""));
        assertFalse(JwsParser.hasUnpairedSurrogate("plain é€"));
        assertFalse(JwsParser.hasUnpairedSurrogate("\uD83D\uDE00\uD83D\uDE00"));
        assertTrue(JwsParser.hasUnpairedSurrogate("\uD83D"));
        assertTrue(JwsParser.hasUnpairedSurrogate("\uDE00\uD83D"));
        assertTrue(JwsParser.hasUnpairedSurrogate("\uD83D\uD83D\uDE00"));
        assertTrue(JwsParser.hasUnpairedSurrogate("\uD83D\uDE00\uDE00"));
    }

    @Test
    void object_leadingAndTrailingJsonWhitespace_accepted() throws TokenRejection {
        assertEquals("x", claims(" \t\r\n{\"v\":\"x\"} \n").get("v"));
    }

    @Test
    void isStrictUtf8Object_validMultiByteForms_accepted() {
        assertTrue(JwsParser.isStrictUtf8Object("{\"v\":\"é€\uD83D\uDE00\u07FF\uFFFD\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "7b c0 ae 7d",          // overlong '.'
            "7b e0 80 ae 7d",       // overlong, three bytes
            "7b f0 80 80 ae 7d",    // overlong, four bytes
            "7b ed a0 80 7d",       // a UTF-16 surrogate
            "7b f4 90 80 80 7d",    // above U+10FFFF
            "7b f5 80 80 80 7d",    // no such lead byte
            "7b 80 7d",             // a stray continuation byte
            "7b c3 7d",             // cut short
            "7b e2 82 7d",          // cut short
            "7b c3",                // cut short at the end
            "00 7b 00 7d",          // UTF-16 guessed from zero bytes
            "ef bb bf 7b 7d",       // a byte order mark
            "20 20"})               // no object at all
    void isStrictUtf8Object_malformedOrNotAnObject_refused(String hex) {
        String[] digits = hex.split(" ");
        byte[] bytes = new byte[digits.length];
        for (int i = 0; i < digits.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits[i], 16);
        }
        assertFalse(JwsParser.isStrictUtf8Object(bytes));
    }
}
