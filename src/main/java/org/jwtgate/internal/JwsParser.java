package org.jwtgate.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.jwtgate.AuthenticationResult.Reason;

/**
 * Splits and decodes a compact JWS strictly: three segments of canonical, unpadded base64url;
 * JSON objects with no duplicate member (so {@code {"alg":"none","alg":"HS256"}} is refused rather
 * than read one way here and another way elsewhere), no trailing data, bounded nesting.
 *
 * <p>java-jwt checks the signature; its decoder is not used because it lets duplicate members
 * through (last wins), ignores {@code crit}, and throws {@code NullPointerException} on a
 * {@code null} header.
 *
 * <p>Immutable and thread-safe.
 */
final class JwsParser {

    private static final ObjectReader JSON = jsonReader();

    private JwsParser() {
    }

    private static ObjectReader jsonReader() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxNumberLength(64)
                        .build())
                .build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .reader();
    }

    /** The three segments of a compact JWS, each checked to be canonical base64url. */
    static String[] split(String token) throws TokenRejection {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        String[] parts = {token.substring(0, first), token.substring(first + 1, second), token.substring(second + 1)};
        if (parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        for (String part : parts) {
            if (!isCanonicalBase64Url(part)) {
                throw new TokenRejection(Reason.MALFORMED_TOKEN);
            }
        }
        return parts;
    }

    /** Decodes a segment as a JSON object; anything else is malformed. */
    static JsonNode object(String segment) throws TokenRejection {
        try {
            // Decode UTF-8 strictly first: Jackson's byte parser reads overlong forms (C0 AE as '.')
            // and code points above U+10FFFF, which a strict reader elsewhere would see differently.
            String json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(segment)))
                    .toString();
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new TokenRejection(Reason.MALFORMED_TOKEN);
            }
            return node;
        } catch (java.io.IOException | RuntimeException e) {
            // Jackson's messages quote the input: never pass them on.
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
    }

    /**
     * A JSON value as the contract types it: string to String, integer to Long (Double beyond its
     * range), other number to Double, boolean, null, array to unmodifiable List, object to
     * unmodifiable Map.
     */
    static Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return node.textValue();
            case NUMBER:
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return node.longValue();
                }
                return node.doubleValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
                return null;
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toJava(element));
                }
                return Collections.unmodifiableList(list);
            }
            case OBJECT:
                return claims(node);
            default:
                throw new IllegalArgumentException("not a JSON value");
        }
    }

    /** A JSON object as an unmodifiable, ordered map typed as {@link #toJava}. */
    static Map<String, Object> claims(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            map.put(field.getKey(), toJava(field.getValue()));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Only the URL-safe alphabet, no padding, no impossible length, and unused trailing bits zero:
     * each byte string has exactly one accepted spelling.
     */
    static boolean isCanonicalBase64Url(String segment) {
        int length = segment.length();
        if (length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = 0; i < length; i++) {
            int value = base64UrlValue(segment.charAt(i));
            if (value < 0) {
                return false;
            }
            last = value;
        }
        switch (length % 4) {
            case 2: return (last & 0x0f) == 0;
            case 3: return (last & 0x03) == 0;
            default: return true;
        }
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }
}
