package org.jwtgate.internal.jose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import org.jwtgate.AuthenticationResult.Reason;

/**
 * Splits and decodes a compact JWS strictly: three segments of canonical, unpadded base64url;
 * strict UTF-8; JSON objects with no duplicate member (so {@code {"alg":"none","alg":"HS256"}} is
 * refused rather than read one way here and another way elsewhere), no unpaired surrogate escape in
 * any name or string, no trailing data, bounded nesting.
 *
 * <p>JSON is read by Jackson's streaming parser straight into {@link ClaimMap}s, with no tree in
 * between: a cache miss pays for one pass over the bytes, and a cached token holds the claims in
 * as few objects as they fit in.
 *
 * <p>java-jwt checks the signature; its decoder is not used because it lets duplicate members
 * through (last wins), ignores {@code crit}, and throws {@code NullPointerException} on a
 * {@code null} header.
 *
 * <p>Immutable and thread-safe.
 */
public final class JwsParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            // Not Jackson's default thread-local buffers: they would stay on the container's request
            // threads, and keep this application's class loader reachable after it is undeployed.
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .build())
            .build();

    /** The value of each base64url character, -1 for every other ASCII character. */
    private static final byte[] BASE64URL = base64UrlValues();

    private static final Object[] NO_VALUES = {};

    private JwsParser() {
    }

    private static byte[] base64UrlValues() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            values[alphabet.charAt(i)] = (byte) i;
        }
        return values;
    }

    /** The three segments of a compact JWS, each checked to be canonical base64url. */
    public static String[] split(String token) throws TokenRejection {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        String[] parts = {token.substring(0, first), token.substring(first + 1, second), token.substring(second + 1)};
        for (String part : parts) {
            if (part.isEmpty() || !isCanonicalBase64Url(part)) {
                throw new TokenRejection(Reason.MALFORMED_TOKEN);
            }
        }
        return parts;
    }

    /**
     * Decodes a segment (already checked by {@link #split}) as a JSON object typed as the contract
     * states: string to String, integer to Long (Double beyond its range), other number to Double,
     * boolean, null, array to an unmodifiable List, object to an unmodifiable Map in document order.
     * Anything else is malformed.
     */
    public static Map<String, Object> object(String segment) throws TokenRejection {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        // Checked here rather than left to Jackson: its byte parser reads overlong forms (C0 AE as
        // '.') and code points above U+10FFFF, which a strict reader elsewhere would see differently,
        // and it guesses UTF-16 or UTF-32 from zero bytes and skips a byte order mark.
        if (!isStrictUtf8Object(json)) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenRejection(Reason.MALFORMED_TOKEN);
            }
            Map<String, Object> object = readObject(parser);
            if (parser.nextToken() != null) {
                throw new TokenRejection(Reason.MALFORMED_TOKEN);
            }
            return object;
        } catch (IOException | RuntimeException e) {
            // Jackson's messages quote the input: never pass them on.
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
    }

    /** Reads members up to the object's end; the parser stands on its {@code START_OBJECT}. */
    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        List<Object> namesAndValues = new ArrayList<>(16);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            namesAndValues.add(wellFormed(parser.currentName()));
            namesAndValues.add(readValue(parser, parser.nextToken()));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("not an object");
        }
        return new ClaimMap(namesAndValues.isEmpty() ? NO_VALUES : namesAndValues.toArray());
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return wellFormed(parser.getText());
            case VALUE_NUMBER_INT:
                JsonParser.NumberType type = parser.getNumberType();
                return type == JsonParser.NumberType.BIG_INTEGER ? (Object) parser.getDoubleValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_ARRAY: {
                List<Object> values = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    values.add(readValue(parser, next));
                }
                return new ClaimMap.ClaimList(values.isEmpty() ? NO_VALUES : values.toArray());
            }
            case START_OBJECT:
                return readObject(parser);
            default:
                throw new IOException("not a JSON value");
        }
    }

    /**
     * Refuses a string with an unpaired surrogate. Strict UTF-8 cannot carry one, but a JSON
     * escape can ({@code "\ud800"}): such a string is no Unicode text, and a principal name or
     * issuer made of it would be read differently (or replaced by U+FFFD) by whatever encodes it
     * next. RFC 8259 §8.2 leaves its meaning unpredictable.
     */
    private static String wellFormed(String text) throws IOException {
        if (hasUnpairedSurrogate(text)) {
            throw new IOException("an unpaired surrogate");
        }
        return text;
    }

    /**
     * Whether a surrogate in the text is not half of a high-low pair. One comparison per character;
     * only a string that has a surrogate at all is looked at more closely.
     */
    public static boolean hasUnpairedSurrogate(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == length || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /**
     * Strict UTF-8 (no overlong form, no surrogate, nothing above U+10FFFF), no NUL byte (never
     * part of a JSON text, and what makes Jackson guess another encoding), and the first byte after
     * any JSON whitespace is the object's opening brace (so no byte order mark).
     */
    static boolean isStrictUtf8Object(byte[] bytes) {
        int length = bytes.length;
        int i = 0;
        while (i < length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
            i++;
        }
        if (i == length || bytes[i] != '{') {
            return false;
        }
        while (i < length) {
            int b = bytes[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                return false;
            }
            int lead = b & 0xff;
            int continuation;
            int second = i + 1 < length ? bytes[i + 1] & 0xff : -1;
            if (lead >= 0xc2 && lead <= 0xdf) {
                continuation = 1;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                // E0 must be followed by A0..BF (else overlong); ED by 80..9F (else a surrogate)
                if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f)) {
                    return false;
                }
                continuation = 2;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                // F0 must be followed by 90..BF (else overlong); F4 by 80..8F (else above U+10FFFF)
                if ((lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f)) {
                    return false;
                }
                continuation = 3;
            } else {
                return false; // a stray continuation byte, C0/C1 (always overlong), or F5..FF
            }
            if (i + continuation >= length) {
                return false;
            }
            for (int k = 1; k <= continuation; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += continuation + 1;
        }
        return true;
    }

    /**
     * Only the URL-safe alphabet, no padding, no impossible length, and unused trailing bits zero:
     * each byte string has exactly one accepted spelling.
     */
    public static boolean isCanonicalBase64Url(String segment) {
        int length = segment.length();
        if (length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = 0; i < length; i++) {
            char c = segment.charAt(i);
            int value = c < 128 ? BASE64URL[c] : -1;
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
}
