package org.jwtgate.internal.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings.BoundTokens;
import org.jwtgate.internal.jose.ClaimPaths;
import org.jwtgate.internal.jose.TokenRejection;

/**
 * The claims a token must have, other than its times ({@link TimePolicy}): no {@code cnf} unless
 * bound tokens are accepted as bearer tokens, an accepted {@code iss} and {@code aud}, the required
 * claims, and the required claim values. Checked in that order, each failure with its own reason.
 *
 * <p>Immutable and thread-safe.
 */
final class ClaimsPolicy {

    private final boolean rejectBound;
    /** Accepted {@code iss} values; empty: not checked. */
    private final Set<String> issuers;
    /** Accepted {@code aud} values; empty: not checked. */
    private final Set<String> audiences;
    private final Set<String> requiredClaims;
    private final List<ClaimValueRule> claimValueRules;

    /**
     * @param boundTokens         what a token with {@code cnf} gets
     * @param issuers             accepted {@code iss} values, empty for any
     * @param audiences           accepted {@code aud} values, of which the token must name one; empty for any
     * @param requiredClaims      claim names or dot paths that must be present
     * @param requiredClaimValues claim name or dot path to the values it may have
     */
    ClaimsPolicy(BoundTokens boundTokens, Collection<String> issuers, Collection<String> audiences,
            Collection<String> requiredClaims, Map<String, ? extends Collection<String>> requiredClaimValues) {
        this.rejectBound = boundTokens == BoundTokens.REJECT;
        this.issuers = Collections.unmodifiableSet(new LinkedHashSet<>(issuers));
        this.audiences = Collections.unmodifiableSet(new LinkedHashSet<>(audiences));
        this.requiredClaims = Collections.unmodifiableSet(new LinkedHashSet<>(requiredClaims));
        List<ClaimValueRule> rules = new ArrayList<>();
        requiredClaimValues.forEach((claim, values) -> rules.add(new ClaimValueRule(claim, values)));
        this.claimValueRules = List.copyOf(rules);
    }

    void check(Map<String, Object> claims) throws TokenRejection {
        if (rejectBound && claims.containsKey("cnf")) {
            // RFC 9449 §7.2: a bound token accepted without its proof of possession is a bearer token again.
            throw new TokenRejection(Reason.BOUND_TOKEN);
        }
        if (!issuers.isEmpty()) {
            Object iss = claims.get("iss");
            if (!(iss instanceof String) || !issuers.contains(iss)) {
                throw new TokenRejection(Reason.BAD_ISSUER);
            }
        }
        if (!audiences.isEmpty() && !audienceMatches(claims.get("aud"))) {
            throw new TokenRejection(Reason.BAD_AUDIENCE);
        }
        for (String required : requiredClaims) {
            if (ClaimPaths.find(claims, required) == null) {
                throw new TokenRejection(Reason.MISSING_CLAIM);
            }
        }
        for (ClaimValueRule rule : claimValueRules) {
            if (!rule.matches(ClaimPaths.find(claims, rule.claim))) {
                throw new TokenRejection(Reason.CLAIM_VALUE_MISMATCH);
            }
        }
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String) {
            return audiences.contains(aud);
        }
        if (!(aud instanceof List)) {
            return false;
        }
        boolean match = false;
        for (Object element : (List<?>) aud) {
            if (!(element instanceof String)) {
                return false; // RFC 7519 §4.1.3: an array of StringOrURI, nothing else
            }
            match |= audiences.contains(element);
        }
        return match;
    }

    /**
     * One claim of {@code requiredClaimValues} and the values it may have. The parser keeps no
     * number's text, so an integer is compared by its canonical text and a fractional number by
     * value with the configured values that are JSON numbers.
     */
    private static final class ClaimValueRule {
        private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

        final String claim;
        private final Set<String> texts;
        private final Set<Double> numbers;

        ClaimValueRule(String claim, Collection<String> values) {
            this.claim = claim;
            this.texts = Set.copyOf(values);
            Set<Double> parsed = new HashSet<>();
            for (String value : values) {
                if (JSON_NUMBER.matcher(value).matches()) {
                    parsed.add(Double.parseDouble(value));
                }
            }
            this.numbers = Set.copyOf(parsed);
        }

        /** A string, integer or boolean equal to a value, a fractional number of one's value, or an array with such. */
        boolean matches(Object value) {
            if (value instanceof List) {
                for (Object element : (List<?>) value) {
                    if (matchesScalar(element)) {
                        return true;
                    }
                }
                return false;
            }
            return matchesScalar(value);
        }

        private boolean matchesScalar(Object value) {
            if (value instanceof String || value instanceof Long || value instanceof Boolean) {
                return texts.contains(value.toString());
            }
            return value instanceof Double && numbers.contains(value);
        }
    }
}
