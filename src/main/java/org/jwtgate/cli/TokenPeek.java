package org.jwtgate.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What a token says about itself, decoded only after the filter gave its verdict, to explain it:
 * its header, single claims, and where a malformed token first goes wrong. Nothing here is
 * verified or trusted, and nothing here is ever printed whole: callers pick single members and
 * print them through {@link SafeText}.
 *
 * <p>Immutable.
 */
final class TokenPeek {

    private static final String[] PART_NAMES = {"header", "payload", "signature"};

    private final JsonNode header;
    private final JsonNode payload;
    private final String malformation;

    private TokenPeek(JsonNode header, JsonNode payload, String malformation) {
        this.header = header;
        this.payload = payload;
        this.malformation = malformation;
    }

    static TokenPeek of(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return broken("the token has " + parts.length + " dot-separated part" + (parts.length == 1 ? "" : "s")
                    + "; a signed JWT (JWS) has 3" + (parts.length == 5 ? " (5 is an encrypted JWE, which JwtGate "
                    + "does not accept)" : ""));
        }
        for (int i = 0; i < 3; i++) {
            String problem = base64UrlProblem(parts[i]);
            if (problem != null) {
                return broken("the " + PART_NAMES[i] + " (part " + (i + 1) + ") " + problem);
            }
        }
        String[] problem = new String[1];
        JsonNode header = object(parts[0], "header", problem);
        JsonNode payload = object(parts[1], "payload", problem);
        if (problem[0] == null) {
            problem[0] = headerProblem(header);
        }
        return new TokenPeek(header, payload, problem[0]);
    }

    private static TokenPeek broken(String malformation) {
        return new TokenPeek(MissingNode.getInstance(), MissingNode.getInstance(), malformation);
    }

    /** The header; a missing node when it cannot be read. */
    JsonNode header() {
        return header;
    }

    /** A header member as text, or {@code null} when absent or not a string. */
    String headerText(String name) {
        JsonNode value = header.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /**
     * A claim as the filter finds it: the whole name first, then as a dot path into nested objects.
     * A missing node when absent or when the payload cannot be read.
     */
    JsonNode claim(String name) {
        if (payload.has(name) || name.indexOf('.') < 0) {
            return payload.path(name);
        }
        JsonNode current = payload;
        for (String segment : name.split("\\.", -1)) {
            current = current.isObject() ? current.path(segment) : MissingNode.getInstance();
        }
        return current;
    }

    /** Where the token first breaks the filter's strict reading, or {@code null} if nothing found here. */
    String malformation() {
        return malformation;
    }

    /** Checks as strictly as the filter: base64url alphabet only, no padding, a possible length, no stray bits. */
    private static String base64UrlProblem(String part) {
        if (part.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '=') {
                return "ends in = padding, which JWS base64url never has";
            }
            if (c == '+' || c == '/') {
                return "has + or /: that is base64, not the base64url (- and _) a JWS uses";
            }
            if (!isBase64Url(c)) {
                return "has a character outside base64url (A-Z a-z 0-9 - _) at position " + (i + 1);
            }
        }
        if (part.length() % 4 == 1) {
            return "has a length no base64url text can have (truncated?)";
        }
        byte[] decoded = Base64.getUrlDecoder().decode(part);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(part)) {
            return "is not canonical base64url: its last character carries bits beyond the data";
        }
        return null;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static JsonNode object(String part, String name, String[] problem) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(part)))
                    .toString();
        } catch (CharacterCodingException e) {
            return failed(problem, "the " + name + " is not UTF-8 text");
        }
        JsonNode node;
        try {
            node = StrictJson.read(json);
        } catch (IOException e) {
            // Jackson's message would quote the token: say only which rule it broke.
            boolean duplicate = String.valueOf(e.getMessage()).startsWith("Duplicate field");
            return failed(problem, "the " + name + (duplicate ? " has a duplicate member (it could be read two ways)"
                    : " is not valid JSON (or has trailing data, or nests too deep)"));
        }
        if (node == null || !node.isObject()) {
            return failed(problem, "the " + name + " is not a JSON object");
        }
        return node;
    }

    private static JsonNode failed(String[] problem, String message) {
        if (problem[0] == null) {
            problem[0] = message;
        }
        return MissingNode.getInstance();
    }

    private static String headerProblem(JsonNode header) {
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            return "the header has no alg string";
        }
        if (header.has("enc")) {
            return "the header has enc: this is an encrypted JWE, not a signed JWS";
        }
        JsonNode kid = header.get("kid");
        if (kid != null && !kid.isTextual()) {
            return "the header's kid is not a string";
        }
        JsonNode typ = header.get("typ");
        if (typ != null && !typ.isTextual()) {
            return "the header's typ is not a string";
        }
        return null;
    }
}
