package org.jwtgate.internal.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.jose.ClaimPaths;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.SignedParts;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.CompositeKeySource;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.VerificationKey;

/**
 * Verifies one token: header, algorithm allow-list, key selection, signature (by java-jwt), then
 * the token's type, time, binding and claims, then builds the principal and decides 403s. The
 * signature is checked before the payload is even parsed, so unsigned input reaches only the
 * header parser. All of it runs on a cache miss only: what a cached token still needs on a hit,
 * its time, is folded into its accept-until instant.
 *
 * <p>Immutable and thread-safe: build one per filter and share it.
 */
public final class TokenVerifier {

    /** The latest NumericDate accepted, 9999-12-31T23:59:59Z: later is a malformed time, not a long life. */
    static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    /** Marks a time claim the token does not have; every valid time is 0 or more. */
    private static final long ABSENT = Long.MIN_VALUE;

    private final JwtGateSettings settings;
    private final KeySource keySource;
    private final long leewayMillis;
    /** maxTokenAge in millis, -1 for none. */
    private final long maxAgeMillis;
    private final boolean acceptsUntyped;
    private final List<ClaimValueRule> claimValueRules;

    public TokenVerifier(JwtGateSettings settings, KeySource keySource) {
        this.settings = settings;
        this.keySource = keySource;
        this.leewayMillis = settings.leeway().toMillis();
        this.maxAgeMillis = settings.maxTokenAge() == null ? -1 : settings.maxTokenAge().toMillis();
        this.acceptsUntyped = settings.tokenTypes().contains(JwtGateSettings.UNTYPED);
        List<ClaimValueRule> rules = new ArrayList<>();
        settings.requiredClaimValues().forEach((claim, values) -> rules.add(new ClaimValueRule(claim, values)));
        this.claimValueRules = List.copyOf(rules);
    }

    public KeySource keySource() {
        return keySource;
    }

    /**
     * @param token     the compact JWS, already length- and syntax-checked by the extractor
     * @param nowMillis the one reading of the clock for this request
     */
    public VerifiedToken verify(String token, long nowMillis) throws TokenRejection, KeysUnavailableException {
        String[] parts = JwsParser.split(token);
        Map<String, Object> header = JwsParser.object(parts[0]);
        Object alg = header.get("alg");
        if (!(alg instanceof String)) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        JwtAlgorithm algorithm = JwtAlgorithm.fromJwsName((String) alg)
                .filter(settings.algorithms()::contains)
                .orElseThrow(() -> new TokenRejection(Reason.UNSUPPORTED_ALGORITHM));
        if (header.containsKey("crit")) {
            // RFC 7515 §4.1.11: no extension is understood here, so any critical one is refused.
            throw new TokenRejection(Reason.UNSUPPORTED_CRITICAL_HEADER);
        }
        if (header.containsKey("enc")) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        Object kid = header.get("kid");
        if (kid != null ? !(kid instanceof String) : header.containsKey("kid")) { // "kid": null is malformed too
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        String keyId = (String) kid;

        KeySet keys = keySource.keys();
        boolean sourceAsked = false;
        if (keyId != null && !keys.hasLabel(keyId) && keySource.mayLearnKeysFor(algorithm)) {
            // Perhaps a key the issuer has just published: the source decides whether to look, and
            // how long (briefly) this request may wait for it. Never for a secret's algorithm, which
            // no JWK Set publishes.
            keys = keySource.keysIncluding(keyId);
            sourceAsked = true;
        }
        SignedParts signed = new SignedParts(parts, keyId);
        List<VerificationKey> candidates = keys.candidates(algorithm, keyId);
        boolean anyCandidate = !candidates.isEmpty();
        VerificationKey verifiedBy = verifySignature(signed, algorithm, candidates);
        if (verifiedBy == null && !sourceAsked && keyMayBeAtSourceDown(keys, algorithm, keyId)) {
            // Only a source that has nothing in hand could have the key: now it is worth waiting
            // (briefly) for it, unless keysIncluding just had that chance. The keys already tried are
            // not tried twice.
            KeySet tried = keys;
            keys = keySource.keysWaiting();
            candidates = new ArrayList<>();
            for (VerificationKey key : keys.candidates(algorithm, keyId)) {
                if (!tried.contains(key)) {
                    candidates.add(key);
                }
            }
            anyCandidate |= !candidates.isEmpty();
            verifiedBy = verifySignature(signed, algorithm, candidates);
        }
        if (verifiedBy == null) {
            if (keyMayBeAtSourceDown(keys, algorithm, keyId)) {
                // The key may well exist at a source that is down, whether or not some configured key
                // was tried: an outage, never a bad token (503, not 401).
                throw keys.outage(algorithm);
            }
            KeysUnavailableException stale = keyId == null || !keys.hasLabel(keyId) ? keySource.staleFor(algorithm, keyId)
                    : null;
            if (stale != null) {
                // A source that still serves its last good set, but whose fetches fail, may have
                // published the token's key since: the same outage, for a token without a kid too.
                throw stale;
            }
            throw new TokenRejection(anyCandidate ? Reason.BAD_SIGNATURE : Reason.NO_MATCHING_KEY);
        }

        checkType(header);
        Map<String, Object> claims = JwsParser.object(parts[1]);
        TimeClaims times = checkTime(claims, nowMillis);
        checkBinding(claims);
        checkClaims(claims);
        JwtPrincipal principal = principal(claims, times.expiresAt());
        return new VerifiedToken(authorize(principal), claimHeaders(claims), times.acceptUntilMillis, verifiedBy,
                keys);
    }

    /**
     * Whether a source that is down could hold the token's key: it could hold keys of this algorithm
     * (a JWK Set never holds a secret), and the kid is not one the set labels. A set with an outage
     * holds the configuration's own keys, and a kid the configuration labels is the configuration's
     * alone ({@link CompositeKeySource}), so such a token simply has no key.
     */
    private static boolean keyMayBeAtSourceDown(KeySet keys, JwtAlgorithm algorithm, String keyId) {
        return keys.outage(algorithm) != null && (keyId == null || !keys.hasLabel(keyId));
    }

    /** The first candidate whose signature check passes, or {@code null} when none does (or there is none). */
    private static VerificationKey verifySignature(SignedParts signed, JwtAlgorithm algorithm,
            List<VerificationKey> candidates) {
        for (VerificationKey key : candidates) {
            Algorithm verifier = key.verifierFor(algorithm);
            try {
                verifier.verify(signed);
                return key;
            } catch (SignatureVerificationException | IllegalArgumentException e) {
                // not this key: try the next one
            }
        }
        return null;
    }

    /**
     * RFC 8725 §3.11: a token of another kind (an ID token typed as such, a logout token, a DPoP
     * proof, a security event) is not an access token, however well it is signed.
     */
    private void checkType(Map<String, Object> header) throws TokenRejection {
        Object typ = header.get("typ");
        if (typ == null) {
            if (header.containsKey("typ")) {
                throw new TokenRejection(Reason.MALFORMED_TOKEN); // "typ": null names no type
            }
            if (!acceptsUntyped) {
                throw new TokenRejection(Reason.UNACCEPTED_TOKEN_TYPE);
            }
            return;
        }
        if (!(typ instanceof String)) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        String type = JwtGateSettings.canonicalTokenType((String) typ);
        // "none" in the settings stands for no typ at all: a typ that says "none" is not that.
        if (type.equals(JwtGateSettings.UNTYPED) || !settings.tokenTypes().contains(type)) {
            throw new TokenRejection(Reason.UNACCEPTED_TOKEN_TYPE);
        }
    }

    /** The outcome of the time checks: until when the token is good, and its exp. */
    private static final class TimeClaims {
        final long acceptUntilMillis;
        final long expMillis;

        TimeClaims(long acceptUntilMillis, long expMillis) {
            this.acceptUntilMillis = acceptUntilMillis;
            this.expMillis = expMillis;
        }

        Instant expiresAt() {
            return expMillis == ABSENT ? null : Instant.ofEpochMilli(expMillis);
        }
    }

    /**
     * Checks exp, nbf and iat with leeway, and the age by iat. The first millisecond the token is no
     * longer good is exp + leeway or, under maxTokenAge, the one after iat + maxTokenAge + leeway,
     * whichever comes first: a cached token is never served past either.
     */
    private TimeClaims checkTime(Map<String, Object> claims, long nowMillis) throws TokenRejection {
        long exp = numericDateMillis(claims, "exp");
        long nbf = numericDateMillis(claims, "nbf");
        long iat = numericDateMillis(claims, "iat");
        // Valid times are bounded (MAX_NUMERIC_DATE), so none of the sums below can overflow.
        long acceptUntil = Long.MAX_VALUE;
        if (exp != ABSENT) {
            acceptUntil = exp + leewayMillis;
            if (nowMillis >= acceptUntil) {
                throw new TokenRejection(Reason.EXPIRED);
            }
        } else if (settings.requireExp()) {
            throw new TokenRejection(Reason.MISSING_EXPIRY);
        }
        if (nbf != ABSENT && nowMillis + leewayMillis < nbf) {
            throw new TokenRejection(Reason.NOT_YET_VALID);
        }
        if (iat != ABSENT && iat > nowMillis + leewayMillis) {
            throw new TokenRejection(Reason.NOT_YET_VALID);
        }
        if (maxAgeMillis >= 0) {
            if (iat == ABSENT) {
                throw new TokenRejection(Reason.MISSING_ISSUED_AT);
            }
            // An iat ahead of now (within the leeway, else refused above) is an age of 0: no special case.
            long tooOldFrom = iat + maxAgeMillis + leewayMillis + 1;
            if (nowMillis >= tooOldFrom) {
                throw new TokenRejection(Reason.TOO_OLD);
            }
            acceptUntil = Math.min(acceptUntil, tooOldFrom);
        }
        return new TimeClaims(acceptUntil, exp);
    }

    /**
     * A NumericDate claim (seconds, possibly fractional) as epoch millis, or {@link #ABSENT}. A
     * present claim must be a JSON number from 0 to {@link #MAX_NUMERIC_DATE}: {@code null} is not a
     * time (it is not "never"), and neither is a year beyond 9999 or before 1970.
     */
    private static long numericDateMillis(Map<String, Object> claims, String name) throws TokenRejection {
        Object value = claims.get(name);
        if (value instanceof Long) {
            long seconds = (Long) value;
            if (seconds >= 0 && seconds <= MAX_NUMERIC_DATE) {
                return seconds * 1000;
            }
        } else if (value instanceof Double) {
            double seconds = (Double) value;
            if (seconds >= 0 && seconds <= MAX_NUMERIC_DATE) { // false for NaN too
                return (long) Math.floor(seconds * 1000);
            }
        } else if (value == null && !claims.containsKey(name)) {
            return ABSENT;
        }
        throw new TokenRejection(Reason.BAD_TIME_CLAIM);
    }

    /** RFC 9449 §7.2: a bound token accepted without its proof of possession is a bearer token again. */
    private void checkBinding(Map<String, Object> claims) throws TokenRejection {
        if (settings.boundTokens() == JwtGateSettings.BoundTokens.REJECT && claims.containsKey("cnf")) {
            throw new TokenRejection(Reason.BOUND_TOKEN);
        }
    }

    private void checkClaims(Map<String, Object> claims) throws TokenRejection {
        if (!settings.issuer().isEmpty()) {
            Object iss = claims.get("iss");
            if (!(iss instanceof String) || !settings.issuer().contains(iss)) {
                throw new TokenRejection(Reason.BAD_ISSUER);
            }
        }
        if (!settings.audience().isEmpty() && !audienceMatches(claims.get("aud"))) {
            throw new TokenRejection(Reason.BAD_AUDIENCE);
        }
        for (String required : settings.requiredClaims()) {
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
            return settings.audience().contains(aud);
        }
        if (!(aud instanceof List)) {
            return false;
        }
        boolean match = false;
        for (Object element : (List<?>) aud) {
            if (!(element instanceof String)) {
                return false; // RFC 7519 §4.1.3: an array of StringOrURI, nothing else
            }
            match |= settings.audience().contains(element);
        }
        return match;
    }

    private JwtPrincipal principal(Map<String, Object> claims, Instant expiresAt) throws TokenRejection {
        Object name = ClaimPaths.find(claims, settings.principalClaim());
        if (name == null) {
            throw new TokenRejection(Reason.MISSING_CLAIM);
        }
        if (!(name instanceof String) || hasControlCharacter((String) name)) {
            // A name with CR/LF or other controls would reach the application's logs as it is.
            throw new TokenRejection(Reason.BAD_CLAIM);
        }
        if (isBlank((String) name)) {
            // Shown in logs and compared by applications, a name that looks like none is none.
            throw new TokenRejection(Reason.BLANK_PRINCIPAL);
        }
        // Lists, not sets: JwtPrincipal keeps an immutable copy, which removes repeats anyway.
        List<String> roles = new ArrayList<>();
        for (String rolesClaim : settings.rolesClaim()) {
            addWords(roles, ClaimPaths.find(claims, rolesClaim));
        }
        List<String> scopes = new ArrayList<>();
        addScopes(scopes, claims.get("scope"), claims.get("scp"));
        return new JwtPrincipal((String) name, claims, Set.copyOf(roles), Set.copyOf(scopes), expiresAt);
    }

    /**
     * RFC 9068 §2.2.3 and RFC 8693 §4.2: {@code scope} is one string of space-separated scopes;
     * anything else in it grants nothing. {@code scp} (Entra ID, Okta) is such a string or an
     * array of strings, and an array holding anything else grants nothing either.
     */
    private static void addScopes(List<String> into, Object scope, Object scp) {
        if (scope instanceof String) {
            addWords(into, scope);
        }
        if (scp instanceof String) {
            addWords(into, scp);
        } else if (scp instanceof List && ((List<?>) scp).stream().allMatch(String.class::isInstance)) {
            addWords(into, scp);
        }
    }

    /**
     * Empty, or only white space and characters that show as nothing: space separators, format
     * characters (zero-width spaces and joiners, bidirectional marks, the byte order mark) and the
     * Hangul and Braille blanks.
     */
    private static boolean isBlank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT || c == 0x115f || c == 0x1160 || c == 0x3164
                || c == 0xffa0 || c == 0x2800 || c == 0x180e);
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                return true;
            }
        }
        return false;
    }

    /** A string is split on spaces; an array contributes its string elements; anything else nothing. */
    private static void addWords(List<String> into, Object value) {
        if (value instanceof String) {
            for (String word : ((String) value).split(" ")) {
                if (!word.isEmpty()) {
                    into.add(word);
                }
            }
        } else if (value instanceof List) {
            for (Object element : (List<?>) value) {
                if (element instanceof String && !((String) element).isEmpty()) {
                    into.add((String) element);
                }
            }
        }
    }

    private AuthenticationResult authorize(JwtPrincipal principal) {
        if (!principal.getScopes().containsAll(settings.requiredScopes())) {
            return AuthenticationResult.forbidden(Reason.MISSING_SCOPE, principal);
        }
        if (!principal.getRoles().containsAll(settings.requiredRoles())) {
            return AuthenticationResult.forbidden(Reason.MISSING_ROLE, principal);
        }
        return AuthenticationResult.authenticated(principal);
    }

    private Map<String, String> claimHeaders(Map<String, Object> claims) {
        if (settings.claimHeaders().isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> mapping : settings.claimHeaders().entrySet()) {
            String value = headerValue(ClaimPaths.find(claims, mapping.getValue()));
            if (value != null) {
                headers.put(mapping.getKey(), value);
            }
        }
        return Collections.unmodifiableMap(headers);
    }

    /**
     * Scalars as text, arrays of scalars joined with ", ", objects not at all. A value with a control
     * character is left out rather than altered.
     */
    private static String headerValue(Object value) {
        String text;
        if (value instanceof String || value instanceof Long || value instanceof Boolean) {
            text = value.toString();
        } else if (value instanceof Double) {
            double d = (Double) value;
            text = d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        } else if (value instanceof List) {
            StringBuilder joined = new StringBuilder();
            for (Object element : (List<?>) value) {
                String part = element instanceof List || element instanceof Map ? null : headerValue(element);
                if (part == null) {
                    return null;
                }
                joined.append(joined.length() == 0 ? "" : ", ").append(part);
            }
            text = joined.toString();
        } else {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        return text;
    }

    /**
     * One claim of {@code requiredClaimValues} and the values it may have. The parser keeps no
     * number's text, so an integer is compared by its canonical text and a fractional number by
     * value with the configured values that are JSON numbers.
     */
    private static final class ClaimValueRule {
        private static final java.util.regex.Pattern JSON_NUMBER =
                java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

        final String claim;
        private final Set<String> texts;
        private final Set<Double> numbers;

        ClaimValueRule(String claim, Set<String> values) {
            this.claim = claim;
            this.texts = Set.copyOf(values);
            Set<Double> parsed = new java.util.HashSet<>();
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
