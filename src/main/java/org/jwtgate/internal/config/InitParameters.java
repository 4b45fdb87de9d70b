package org.jwtgate.internal.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.jwtgate.TrustedIssuer;

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
    /** The init-param that declares trusted-issuer blocks; each block's own params are {@code NAME.param}. */
    private static final String ISSUERS = "issuers";
    private static final Map<String, BlockParameter> BLOCK_PARAMETERS = blockParameters();

    /** One {@code NAME.param} of a block: converts the value and hands it to the block, naming {@code name}. */
    @FunctionalInterface
    private interface BlockParameter {
        void apply(TrustedIssuer.Builder block, String name, String value);
    }

    private InitParameters() {
    }

    /** All top-level init-param names the filter accepts ({@code NAME.*} block params besides). */
    public static Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>(PARAMETERS.keySet());
        names.add(ISSUERS);
        return Collections.unmodifiableSet(names);
    }

    /** The params a block may have, as {@code NAME.param}. */
    public static Set<String> blockParameterNames() {
        return BLOCK_PARAMETERS.keySet();
    }

    /**
     * @param parameters init-param name to raw value, as written in web.xml
     * @param resolver   resolves {@code env:}, {@code sysprop:} and {@code file:} values
     * @param clock      the clock for validation and cache expiry
     */
    public static JwtGateSettings parse(Map<String, String> parameters, ReferenceResolver resolver, Clock clock) {
        JwtGateSettings.Builder builder = JwtGateSettings.builder().clock(clock);
        Map<String, TrustedIssuer.Builder> blocks = blocks(parameters, resolver);
        for (String name : parameters.keySet()) {
            if (PARAMETERS.containsKey(name) || name.equals(ISSUERS)) {
                continue;
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                throw new JwtGateConfigurationException(name, "unknown init-param; expected one of "
                        + String.join(", ", names()));
            }
            String block = name.substring(0, dot);
            if (!blocks.containsKey(block)) {
                throw new JwtGateConfigurationException(name, blocks.isEmpty()
                        ? "unknown init-param; expected one of " + String.join(", ", names()) + " (a block's "
                                + block + ".* params need issuers to declare " + block + ")"
                        : "names block " + block + ", which issuers does not declare (" + String.join(", ",
                                blocks.keySet()) + ")");
            }
            if (!BLOCK_PARAMETERS.containsKey(name.substring(dot + 1))) {
                throw new JwtGateConfigurationException(name, "unknown block param; expected one of "
                        + String.join(", ", BLOCK_PARAMETERS.keySet()));
            }
        }
        for (Map.Entry<String, BiConsumer<JwtGateSettings.Builder, String>> parameter : PARAMETERS.entrySet()) {
            String name = parameter.getKey();
            String value = value(parameters, name, isKeyParameter(name), resolver);
            if (value != null) {
                parameter.getValue().accept(builder, value);
            }
        }
        for (Map.Entry<String, TrustedIssuer.Builder> block : blocks.entrySet()) {
            for (Map.Entry<String, BlockParameter> parameter : BLOCK_PARAMETERS.entrySet()) {
                String name = block.getKey() + "." + parameter.getKey();
                String value = value(parameters, name, isKeyParameter(parameter.getKey()), resolver);
                if (value != null) {
                    parameter.getValue().apply(block.getValue(), name, value);
                }
            }
        }
        if (!blocks.isEmpty()) {
            builder.issuers(blocks.values());
        }
        return builder.build();
    }

    /** The blocks {@code issuers} declares, in its order; none without it. */
    private static Map<String, TrustedIssuer.Builder> blocks(Map<String, String> parameters,
            ReferenceResolver resolver) {
        Map<String, TrustedIssuer.Builder> blocks = new LinkedHashMap<>();
        String declared = value(parameters, ISSUERS, false, resolver);
        if (declared != null) {
            for (String name : list(ISSUERS, declared)) {
                if (blocks.put(name, TrustedIssuer.named(name)) != null) {
                    throw new JwtGateConfigurationException(ISSUERS, "block " + name + " is named twice");
                }
            }
        }
        return blocks;
    }

    /** The trimmed, resolved value of {@code name}, or {@code null} when it is not set. */
    private static String value(Map<String, String> parameters, String name, boolean keys, ReferenceResolver resolver) {
        String raw = parameters.get(name);
        if (raw == null) {
            return null;
        }
        String value = raw.trim();
        if (value.isEmpty()) {
            throw new JwtGateConfigurationException(name, "is empty; give a value or remove the init-param");
        }
        if (!keys) {
            value = resolver.resolveText(name, value).trim();
            if (value.isEmpty()) {
                throw new JwtGateConfigurationException(name, "the reference resolves to an empty value");
            }
        }
        return value;
    }

    /**
     * Values taken as written, never resolved as a whole: keys and secrets are lists of references,
     * resolved when the keys are loaded; {@code revocation}'s {@code file:PATH} is the list itself;
     * {@code revocationPassword} is a reference resolved when the store is opened.
     */
    private static boolean isKeyParameter(String name) {
        return name.equals("secret") || name.equals("publicKeys") || name.equals("revocation")
                || name.equals("revocationPassword");
    }

    private static Map<String, BiConsumer<JwtGateSettings.Builder, String>> parameters() {
        Map<String, BiConsumer<JwtGateSettings.Builder, String>> p = new LinkedHashMap<>();
        p.put("algorithms", (b, v) -> b.algorithms(algorithms("algorithms", v)));
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
        p.put("requiredClaimValues", (b, v) -> b.requiredClaimValues(claimValues("requiredClaimValues", v)));
        p.put("boundTokens", (b, v) -> b.boundTokens(boundTokens(v)));
        p.put("principalClaim", JwtGateSettings.Builder::principalClaim);
        p.put("rolesClaim", (b, v) -> b.rolesClaim(list("rolesClaim", v)));
        p.put("requiredRoles", (b, v) -> b.requiredRoles(list("requiredRoles", v)));
        p.put("requiredScopes", (b, v) -> b.requiredScopes(list("requiredScopes", v)));
        p.put("mode", (b, v) -> b.mode(oneOf("mode", v, JwtGateSettings.Mode.class, "required or optional")));
        p.put("corsPreflight", (b, v) -> b.corsPreflight(
                oneOf("corsPreflight", v, JwtGateSettings.CorsPreflight.class, "pass or authenticate")));
        p.put("excludePaths", (b, v) -> b.excludePaths(list("excludePaths", v)));
        p.put("accessRules", (b, v) -> b.accessRules(rules(v)));
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
        p.put("discovery", (b, v) -> b.discovery(bool("discovery", v)));
        p.put("discoveryUri", (b, v) -> b.discoveryUri(uri("discoveryUri", v)));
        p.put("jwksRefreshInterval", (b, v) -> b.jwksRefreshInterval(interval("jwksRefreshInterval", v)));
        p.put("jwksMinRefreshInterval", (b, v) -> b.jwksMinRefreshInterval(interval("jwksMinRefreshInterval", v)));
        p.put("jwksMaxStale", (b, v) -> b.jwksMaxStale(interval("jwksMaxStale", v)));
        p.put("jwksTimeout", (b, v) -> b.jwksTimeout(interval("jwksTimeout", v)));
        p.put("revocation", JwtGateSettings.Builder::revocation);
        p.put("revocationPassword", JwtGateSettings.Builder::revocationPassword);
        p.put("revocationRefreshInterval", (b, v) -> b.revocationRefreshInterval(
                interval("revocationRefreshInterval", v)));
        p.put("revocationMaxStale", (b, v) -> b.revocationMaxStale(interval("revocationMaxStale", v)));
        return p;
    }

    /**
     * A block's own params: the keys and issuer it must have, and the claim rules it may set for
     * itself (the filter-wide value applies where it sets none).
     */
    private static Map<String, BlockParameter> blockParameters() {
        Map<String, BlockParameter> q = new LinkedHashMap<>();
        q.put("issuer", (t, n, v) -> t.issuer(list(n, v)));
        q.put("secret", (t, n, v) -> t.secret(keyReferences(n, v).toArray(new KeyReference[0])));
        q.put("secretEncoding", (t, n, v) -> t.secretEncoding(
                oneOf(n, v, JwtGateSettings.SecretEncoding.class, "utf8, base64, base64url or hex")));
        q.put("publicKeys", (t, n, v) -> t.publicKeys(keyReferences(n, v).toArray(new KeyReference[0])));
        q.put("jwksUri", (t, n, v) -> t.jwksUri(uri(n, v)));
        q.put("discovery", (t, n, v) -> t.discovery(bool(n, v)));
        q.put("discoveryUri", (t, n, v) -> t.discoveryUri(uri(n, v)));
        q.put("algorithms", (t, n, v) -> t.algorithms(algorithms(n, v)));
        q.put("audience", (t, n, v) -> t.audience(list(n, v)));
        q.put("principalClaim", (t, n, v) -> t.principalClaim(v));
        q.put("rolesClaim", (t, n, v) -> t.rolesClaim(list(n, v)));
        q.put("requiredClaims", (t, n, v) -> t.requiredClaims(list(n, v)));
        q.put("requiredClaimValues", (t, n, v) -> t.requiredClaimValues(claimValues(n, v)));
        q.put("tokenTypes", (t, n, v) -> t.tokenTypes(list(n, v)));
        q.put("maxTokenAge", (t, n, v) -> t.maxTokenAge(duration(n, v,
                "whole seconds from 1 to " + JwtGateSettings.MAX_TOKEN_AGE.getSeconds())));
        return q;
    }

    private static Map<String, List<String>> claimValues(String parameter, String value) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        pairs(parameter, value, "claim=value pairs, comma-separated (e.g. typ=Bearer, tid=<tenant id>)",
                (claim, claimValue) -> values.computeIfAbsent(claim, c -> new ArrayList<>()).add(claimValue));
        return values;
    }

    private static List<JwtAlgorithm> algorithms(String parameter, String value) {
        List<JwtAlgorithm> out = new ArrayList<>();
        for (String name : list(parameter, value)) {
            // The value is not echoed: it may have come from a reference that points at a secret by mistake.
            JwtAlgorithm algorithm = JwtAlgorithm.fromConfigName(name).orElseThrow(() ->
                    new JwtGateConfigurationException(parameter, "an unknown algorithm is listed; expected "
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

    /** {@code accessRules}: a newline or {@code ;} ends a rule; blank lines are ignored. */
    static List<String> rules(String value) {
        List<String> out = new ArrayList<>();
        for (String rule : value.split("[\\r\\n;]", -1)) {
            String trimmed = rule.strip();
            if (!trimmed.isEmpty()) {
                out.add(trimmed);
            }
        }
        if (out.isEmpty()) {
            throw new JwtGateConfigurationException("accessRules", "holds no rule; give rules or remove the init-param");
        }
        return out;
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
