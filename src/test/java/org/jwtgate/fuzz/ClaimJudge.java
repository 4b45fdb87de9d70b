package org.jwtgate.fuzz;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.testing.Tokens;

/**
 * An independent reading of the checks a token must pass besides its signature, for the fuzz
 * configuration of {@link AuthenticateProperties}: written from the contract, with Jackson's tree
 * model and {@link BigDecimal}s, sharing no code with {@code JwsParser} or {@code TokenVerifier}.
 * It says which check an accepted token fails, so a finding names the hole.
 *
 * <p>Stateless and thread-safe.
 */
final class ClaimJudge {

    /** {@code maxTokenAge} of the fuzz configuration. */
    static final long MAX_AGE_SECONDS = 3600;
    private static final long LEEWAY_SECONDS = 30;
    private static final BigDecimal MAX_TIME = BigDecimal.valueOf(253_402_300_799L);
    private static final BigDecimal NOW = BigDecimal.valueOf(Tokens.NOW.toEpochMilli()).movePointLeft(3);
    private static final Set<String> TYPES = Set.of("jwt", "at+jwt");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimJudge() {
    }

    /** {@code null} when the token passes every check, else which one it fails. */
    static String failedCheck(String token, JwtPrincipal principal) {
        String[] parts = token.split("\\.", -1);
        JsonNode header = json(parts[0]);
        JsonNode claims = json(parts[1]);
        if (header == null || claims == null || !header.isObject() || !claims.isObject()) {
            return "header or payload is not a JSON object";
        }
        JsonNode typ = header.get("typ");
        if (typ != null) {
            if (!typ.isTextual()) {
                return "typ is not a string";
            }
            String type = typ.textValue().toLowerCase(Locale.ROOT);
            type = type.startsWith("application/") ? type.substring(12) : type;
            if (!TYPES.contains(type)) {
                return "typ is not an access token's";
            }
        }
        String time = timeCheck(claims);
        if (time != null) {
            return time;
        }
        if (!Tokens.ISSUER.equals(text(claims.get("iss")))) {
            return "iss";
        }
        if (!audienceMatches(claims.get("aud"))) {
            return "aud";
        }
        if (!oneOf(claims.get("tid"), Set.of("t1", "t2")) || !oneOf(claims.get("ver"), Set.of("2"))) {
            return "requiredClaimValues";
        }
        if (claims.has("cnf")) {
            return "cnf under boundTokens=reject";
        }
        String sub = text(claims.get("sub"));
        if (sub == null || !sub.equals(principal.getName()) || !hasVisibleCharacter(sub)) {
            return "principal";
        }
        if (!scopes(claims).equals(principal.getScopes())) {
            return "scopes " + principal.getScopes() + " granted, the contract grants " + scopes(claims);
        }
        return null;
    }

    private static String timeCheck(JsonNode claims) {
        for (String name : new String[] {"exp", "nbf", "iat"}) {
            JsonNode value = claims.get(name);
            if (value != null && !(value.isNumber() && value.decimalValue().signum() >= 0
                    && value.decimalValue().compareTo(MAX_TIME) <= 0)) {
                return name + " is not a time from 0 to 253402300799";
            }
        }
        BigDecimal leeway = BigDecimal.valueOf(LEEWAY_SECONDS);
        JsonNode exp = claims.get("exp");
        // JwtGate counts in whole milliseconds: compare at that grain.
        if (exp == null || millis(exp).add(leeway).compareTo(NOW) <= 0) {
            return "exp absent or past";
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && millis(nbf).compareTo(NOW.add(leeway)) > 0) {
            return "nbf ahead";
        }
        JsonNode iat = claims.get("iat");
        if (iat == null || millis(iat).compareTo(NOW.add(leeway)) > 0) {
            return "iat absent or ahead";
        }
        if (NOW.subtract(millis(iat)).compareTo(BigDecimal.valueOf(MAX_AGE_SECONDS).add(leeway)) > 0) {
            return "older than maxTokenAge";
        }
        return null;
    }

    /** Seconds, rounded down to the millisecond, as a double reads them (the contract's precision). */
    private static BigDecimal millis(JsonNode seconds) {
        return BigDecimal.valueOf((long) Math.floor(seconds.doubleValue() * 1000)).movePointLeft(3);
    }

    private static boolean audienceMatches(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return Tokens.AUDIENCE.equals(aud.textValue());
        }
        boolean match = false;
        for (JsonNode element : aud) {
            if (!element.isTextual()) {
                return false;
            }
            match |= Tokens.AUDIENCE.equals(element.textValue());
        }
        return aud.isArray() && match;
    }

    /** A string, integer or boolean written as one of the values, or an array holding one. */
    private static boolean oneOf(JsonNode value, Set<String> accepted) {
        if (value == null) {
            return false;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isArray() && oneOf(element, accepted)) {
                    return true;
                }
            }
            return false;
        }
        if (value.isTextual() || value.isIntegralNumber() || value.isBoolean()) {
            return accepted.contains(value.asText());
        }
        // A fractional number: by value (the contract's "JSON text" cannot be told from a double).
        return value.isNumber() && accepted.stream().anyMatch(a -> new BigDecimal(a).compareTo(value.decimalValue()) == 0);
    }

    private static boolean hasVisibleCharacter(String name) {
        return name.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT && c != 0x115f && c != 0x1160 && c != 0x3164
                && c != 0xffa0 && c != 0x2800 && c != 0x180e);
    }

    /** {@code scope} if a string, split on spaces; {@code scp} likewise, or if an array of strings only. */
    private static Set<String> scopes(JsonNode claims) {
        Set<String> out = new HashSet<>();
        JsonNode scope = claims.get("scope");
        if (scope != null && scope.isTextual()) {
            words(out, scope.textValue());
        }
        JsonNode scp = claims.get("scp");
        if (scp != null && scp.isTextual()) {
            words(out, scp.textValue());
        } else if (scp != null && scp.isArray()) {
            Set<String> fromArray = new HashSet<>();
            for (JsonNode element : scp) {
                if (!element.isTextual()) {
                    return out;
                }
                if (!element.textValue().isEmpty()) {
                    fromArray.add(element.textValue());
                }
            }
            out.addAll(fromArray);
        }
        return out;
    }

    private static void words(Set<String> into, String text) {
        for (String word : text.split(" ")) {
            if (!word.isEmpty()) {
                into.add(word);
            }
        }
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static JsonNode json(String segment) {
        byte[] bytes = AuthenticateProperties.canonicalBase64Url(segment);
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }
}
