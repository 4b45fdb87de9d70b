package org.jwtgate.internal.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;

/**
 * The one place that knows init-param names: turns the strings of a web.xml {@code <filter>} (or
 * any name-to-value map) into {@link JwtGateSettings}. Every failure is a
 * {@link JwtGateConfigurationException} that names the parameter and what it expects.
 *
 * <p>It converts text to types and nothing more: a number, a duration ({@link DurationText}), a
 * boolean, a list. Whether a value is in range is {@link JwtGateSettings.Builder}'s question alone,
 * so the bounds and their messages exist once, for web.xml and code alike. Text that is not a
 * number at all is refused here, in the same words the builder uses for a number out of range
 * (built from the builder's public bounds), so a user reads one expectation per init-param.
 *
 * <p>Stateless and thread-safe.
 */
public final class InitParameters {

    private static final Map<String, BiConsumer<JwtGateSettings.Builder, String>> PARAMETERS = parameters();

    private InitParameters() {
    }

    /** All init-param names the filter accepts. */
    public static Set<String> names() {
        return PARAMETERS.keySet();
    }

    /**
     * @param parameters init-param name to raw value, as written in web.xml
     * @param resolver   resolves {@code env:}, {@code sysprop:} and {@code file:} values
     * @param clock      the clock for validation and cache expiry
     */
    public static JwtGateSettings parse(Map<String, String> parameters, ReferenceResolver resolver, Clock clock) {
        JwtGateSettings.Builder builder = JwtGateSettings.builder().clock(clock);
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.containsKey(name)) {
                throw new JwtGateConfigurationException(name, "unknown init-param; expected one of "
                        + String.join(", ", PARAMETERS.keySet()));
            }
        }
        for (Map.Entry<String, BiConsumer<JwtGateSettings.Builder, String>> parameter : PARAMETERS.entrySet()) {
            String name = parameter.getKey();
            String raw = parameters.get(name);
            if (raw == null) {
                continue;
            }
            String value = raw.trim();
            if (value.isEmpty()) {
                throw new JwtGateConfigurationException(name, "is empty; give a value or remove the init-param");
            }
            if (!isKeyParameter(name)) {
                value = resolver.resolveText(name, value).trim();
                if (value.isEmpty()) {
                    throw new JwtGateConfigurationException(name, "the reference resolves to an empty value");
                }
            }
            parameter.getValue().accept(builder, value);
        }
        return builder.build();
    }

    /** Keys and secrets are lists of references, resolved when the keys are loaded: never as a whole. */
    private static boolean isKeyParameter(String name) {
        return name.equals("secret") || name.equals("publicKeys");
    }

    private static Map<String, BiConsumer<JwtGateSettings.Builder, String>> parameters() {
        Map<String, BiConsumer<JwtGateSettings.Builder, String>> p = new LinkedHashMap<>();
        p.put("algorithms", (b, v) -> b.algorithms(algorithms(v)));
        p.put("secret", (b, v) -> keyReferences("secret", v).forEach(b::secret));
        p.put("secretEncoding", (b, v) -> b.secretEncoding(
                oneOf("secretEncoding", v, JwtGateSettings.SecretEncoding.class, "utf8, base64, base64url or hex")));
        p.put("publicKeys", (b, v) -> keyReferences("publicKeys", v).forEach(b::publicKeys));
        p.put("issuer", (b, v) -> b.issuer(list("issuer", v)));
        p.put("audience", (b, v) -> b.audience(list("audience", v)));
        p.put("leeway", (b, v) -> b.leeway(duration("leeway", v,
                "whole seconds from 0 to " + JwtGateSettings.MAX_LEEWAY.getSeconds())));
        p.put("requireExp", (b, v) -> b.requireExp(bool("requireExp", v)));
        p.put("requiredClaims", (b, v) -> b.requiredClaims(list("requiredClaims", v)));
        p.put("tokenTypes", (b, v) -> b.tokenTypes(list("tokenTypes", v)));
        p.put("maxTokenAge", (b, v) -> b.maxTokenAge(duration("maxTokenAge", v,
                "whole seconds from 1 to " + JwtGateSettings.MAX_TOKEN_AGE.getSeconds())));
        p.put("requiredClaimValues", (b, v) -> {
            Map<String, List<String>> values = new LinkedHashMap<>();
            pairs("requiredClaimValues", v, "claim=value pairs, comma-separated (e.g. typ=Bearer, tid=<tenant id>)",
                    (claim, value) -> values.computeIfAbsent(claim, c -> new ArrayList<>()).add(value));
            b.requiredClaimValues(values);
        });
        p.put("boundTokens", (b, v) -> b.boundTokens(boundTokens(v)));
        p.put("principalClaim", JwtGateSettings.Builder::principalClaim);
        p.put("rolesClaim", (b, v) -> b.rolesClaim(list("rolesClaim", v)));
        p.put("requiredRoles", (b, v) -> b.requiredRoles(list("requiredRoles", v)));
        p.put("requiredScopes", (b, v) -> b.requiredScopes(list("requiredScopes", v)));
        p.put("mode", (b, v) -> b.mode(oneOf("mode", v, JwtGateSettings.Mode.class, "required or optional")));
        p.put("excludePaths", (b, v) -> b.excludePaths(list("excludePaths", v)));
        p.put("realm", JwtGateSettings.Builder::realm);
        p.put("tokenCookie", JwtGateSettings.Builder::tokenCookie);
        p.put("allowQueryParameter", (b, v) -> b.allowQueryParameter(bool("allowQueryParameter", v)));
        p.put("maxTokenLength", (b, v) -> b.maxTokenLength(integer("maxTokenLength", v, "a length from "
                + JwtGateSettings.SMALLEST_MAX_TOKEN_LENGTH + " to " + JwtGateSettings.LARGEST_MAX_TOKEN_LENGTH)));
        p.put("claimHeaders", (b, v) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            pairs("claimHeaders", v, "Header=claim pairs, comma-separated (e.g. X-Remote-User=sub)", (header, claim) -> {
                if (headers.putIfAbsent(header, claim) != null) {
                    throw new JwtGateConfigurationException("claimHeaders", "header " + header + " is named twice");
                }
            });
            b.claimHeaders(headers);
        });
        p.put("cacheMaxSize", (b, v) -> b.cacheMaxSize(
                number("cacheMaxSize", v, "0 (no cache) up to " + JwtGateSettings.MAX_CACHE_SIZE)));
        p.put("cacheMaxTtl", (b, v) -> b.cacheMaxTtl(interval("cacheMaxTtl", v)));
        p.put("keysReloadInterval", (b, v) -> b.keysReloadInterval(interval("keysReloadInterval", v)));
        p.put("jwksUri", (b, v) -> b.jwksUri(uri("jwksUri", v)));
        p.put("jwksRefreshInterval", (b, v) -> b.jwksRefreshInterval(interval("jwksRefreshInterval", v)));
        p.put("jwksMinRefreshInterval", (b, v) -> b.jwksMinRefreshInterval(interval("jwksMinRefreshInterval", v)));
        p.put("jwksMaxStale", (b, v) -> b.jwksMaxStale(interval("jwksMaxStale", v)));
        p.put("jwksTimeout", (b, v) -> b.jwksTimeout(interval("jwksTimeout", v)));
        return p;
    }

    private static List<JwtAlgorithm> algorithms(String value) {
        List<JwtAlgorithm> out = new ArrayList<>();
        for (String name : list("algorithms", value)) {
            // The value is not echoed: it may have come from a reference that points at a secret by mistake.
            JwtAlgorithm algorithm = JwtAlgorithm.fromConfigName(name).orElseThrow(() ->
                    new JwtGateConfigurationException("algorithms", "an unknown algorithm is listed; expected "
                            + "HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA"));
            out.add(algorithm);
        }
        return out;
    }

    /** {@code ref} or {@code kid=ref}, comma-separated; anything that is not a reference is refused. */
    static List<KeyReference> keyReferences(String parameter, String value) {
        List<KeyReference> out = new ArrayList<>();
        for (String item : list(parameter, value)) {
            String keyId = null;
            String reference = item;
            if (!KeyReference.isReference(item)) {
                int equals = item.indexOf('=');
                if (equals > 0) {
                    keyId = item.substring(0, equals).trim();
                    reference = item.substring(equals + 1).trim();
                }
            }
            if (!KeyReference.isReference(reference)) {
                // Say nothing about the value itself: it may be the secret.
                throw new JwtGateConfigurationException(parameter, "literal keys are refused: give each key as "
                        + "env:NAME, sysprop:NAME or file:PATH, optionally labelled kid=reference");
            }
            try {
                out.add(keyId == null ? KeyReference.of(reference) : KeyReference.labelled(keyId, reference));
            } catch (IllegalArgumentException e) {
                throw new JwtGateConfigurationException(parameter,
                        "expected env:NAME, sysprop:NAME or file:PATH, optionally labelled kid=reference");
            }
        }
        return out;
    }

    /**
     * {@code name=value} pairs, comma-separated, each handed to {@code add}; the value starts after
     * the first {@code =} and may hold more of them.
     */
    private static void pairs(String parameter, String value, String expectation, BiConsumer<String, String> add) {
        for (String item : list(parameter, value)) {
            int equals = item.indexOf('=');
            if (equals <= 0 || equals == item.length() - 1) {
                throw new JwtGateConfigurationException(parameter, "expected " + expectation);
            }
            add.accept(item.substring(0, equals).trim(), item.substring(equals + 1).trim());
        }
    }

    private static JwtGateSettings.BoundTokens boundTokens(String value) {
        for (JwtGateSettings.BoundTokens choice : JwtGateSettings.BoundTokens.values()) {
            if (choice.configName().equalsIgnoreCase(value)) {
                return choice;
            }
        }
        throw new JwtGateConfigurationException("boundTokens", "expected reject or accept-as-bearer");
    }

    static List<String> list(String parameter, String value) {
        List<String> out = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new JwtGateConfigurationException(parameter, "expected a comma-separated list without empty items");
            }
            out.add(trimmed);
        }
        return out;
    }

    /** An interval ({@code cacheMaxTtl}, {@code keysReloadInterval}, {@code jwks*}): a duration, at least 1 second. */
    private static Duration interval(String parameter, String value) {
        return duration(parameter, value, "whole seconds, at least 1");
    }

    private static java.net.URI uri(String parameter, String value) {
        try {
            return new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new JwtGateConfigurationException(parameter, "expected an absolute https URL");
        }
    }

    private static boolean bool(String parameter, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new JwtGateConfigurationException(parameter, "expected true or false");
    }

    /**
     * {@link DurationText}: bare seconds, or a number with {@code s}, {@code m}, {@code h} or
     * {@code d}. {@code expectation} is the builder's range, for text that is no duration at all.
     */
    private static Duration duration(String parameter, String value, String expectation) {
        return converted(parameter, value, expectation, DurationText::parse);
    }

    private static long number(String parameter, String value, String expectation) {
        return converted(parameter, value, expectation, Long::parseLong);
    }

    /** A number for an {@code int} setting; one beyond {@code int} is refused here, never cut down to fit. */
    private static int integer(String parameter, String value, String expectation) {
        return converted(parameter, value, expectation, Integer::parseInt);
    }

    /** The converted value; a conversion that fails is refused as "expected {@code expectation}". */
    private static <T> T converted(String parameter, String value, String expectation, Function<String, T> conversion) {
        try {
            return conversion.apply(value);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new JwtGateConfigurationException(parameter, "expected " + expectation);
        }
    }

    private static <E extends Enum<E>> E oneOf(String parameter, String value, Class<E> type, String expectation) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new JwtGateConfigurationException(parameter, "expected " + expectation);
    }
}
