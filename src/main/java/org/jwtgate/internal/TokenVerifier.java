package org.jwtgate.internal;

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

/**
 * Verifies one token: header, algorithm allow-list, key selection, signature (by java-jwt), then
 * time and claims, then builds the principal and decides 403s. The signature is checked before the
 * payload is even parsed, so unsigned input reaches only the header parser.
 *
 * <p>Immutable and thread-safe: build one per filter and share it.
 */
public final class TokenVerifier {

    private final JwtGateSettings settings;
    private final KeySource keySource;
    private final long leewayMillis;

    public TokenVerifier(JwtGateSettings settings, KeySource keySource) {
        this.settings = settings;
        this.keySource = keySource;
        this.leewayMillis = settings.leeway().toMillis();
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
        if (keyId != null && !keys.hasLabel(keyId)) {
            // Perhaps a key the issuer has just published: the source decides whether to look, and
            // how long (briefly) this request may wait for it.
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
            throw new TokenRejection(anyCandidate ? Reason.BAD_SIGNATURE : Reason.NO_MATCHING_KEY);
        }

        Map<String, Object> claims = JwsParser.object(parts[1]);
        long acceptUntil = checkTime(claims, nowMillis);
        checkClaims(claims);
        JwtPrincipal principal = principal(claims, acceptUntil);
        return new VerifiedToken(authorize(principal), claimHeaders(claims), acceptUntil, verifiedBy, keys);
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

    /** Checks exp, nbf and iat with leeway; returns the first millisecond the token is no longer good. */
    private long checkTime(Map<String, Object> claims, long nowMillis) throws TokenRejection {
        Object exp = claims.get("exp");
        long acceptUntil = Long.MAX_VALUE;
        if (exp != null || settings.requireExp()) {
            long expMillis = numericDateMillis(exp, Reason.MISSING_EXPIRY);
            acceptUntil = saturatedAdd(expMillis, leewayMillis);
            if (nowMillis >= acceptUntil) {
                throw new TokenRejection(Reason.EXPIRED);
            }
        }
        Object nbf = claims.get("nbf");
        if (nbf != null && saturatedAdd(nowMillis, leewayMillis) < numericDateMillis(nbf, Reason.BAD_CLAIM)) {
            throw new TokenRejection(Reason.NOT_YET_VALID);
        }
        Object iat = claims.get("iat");
        if (iat != null && numericDateMillis(iat, Reason.BAD_CLAIM) > saturatedAdd(nowMillis, leewayMillis)) {
            throw new TokenRejection(Reason.NOT_YET_VALID);
        }
        return acceptUntil;
    }

    /** A NumericDate (seconds, possibly fractional) as epoch millis, saturating at the long range. */
    private static long numericDateMillis(Object value, Reason ifInvalid) throws TokenRejection {
        if (value instanceof Long) {
            long seconds = (Long) value;
            if (seconds > Long.MAX_VALUE / 1000) {
                return Long.MAX_VALUE;
            }
            return seconds < Long.MIN_VALUE / 1000 ? Long.MIN_VALUE : seconds * 1000;
        }
        if (value instanceof Double && Double.isFinite((Double) value)) {
            return (long) Math.floor((Double) value * 1000); // the cast saturates
        }
        throw new TokenRejection(ifInvalid);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    private void checkClaims(Map<String, Object> claims) throws TokenRejection {
        if (!settings.issuers().isEmpty()) {
            Object iss = claims.get("iss");
            if (!(iss instanceof String) || !settings.issuers().contains(iss)) {
                throw new TokenRejection(Reason.BAD_ISSUER);
            }
        }
        if (!settings.audiences().isEmpty() && !audienceMatches(claims.get("aud"))) {
            throw new TokenRejection(Reason.BAD_AUDIENCE);
        }
        for (String required : settings.requiredClaims()) {
            if (ClaimPaths.find(claims, required) == null) {
                throw new TokenRejection(Reason.MISSING_CLAIM);
            }
        }
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String) {
            return settings.audiences().contains(aud);
        }
        if (!(aud instanceof List)) {
            return false;
        }
        boolean match = false;
        for (Object element : (List<?>) aud) {
            if (!(element instanceof String)) {
                return false; // RFC 7519 §4.1.3: an array of StringOrURI, nothing else
            }
            match |= settings.audiences().contains(element);
        }
        return match;
    }

    private JwtPrincipal principal(Map<String, Object> claims, long acceptUntil) throws TokenRejection {
        Object name = ClaimPaths.find(claims, settings.principalClaim());
        if (name == null) {
            throw new TokenRejection(Reason.MISSING_CLAIM);
        }
        if (!(name instanceof String) || ((String) name).isEmpty() || hasControlCharacter((String) name)) {
            // A name with CR/LF or other controls would reach the application's logs as it is.
            throw new TokenRejection(Reason.BAD_CLAIM);
        }
        // Lists, not sets: JwtPrincipal keeps an immutable copy, which removes repeats anyway.
        List<String> roles = new ArrayList<>();
        for (String rolesClaim : settings.rolesClaims()) {
            addWords(roles, ClaimPaths.find(claims, rolesClaim));
        }
        List<String> scopes = new ArrayList<>();
        addWords(scopes, claims.get("scope"));
        addWords(scopes, claims.get("scp"));
        Object exp = claims.get("exp");
        Instant expiresAt = exp == null ? null : Instant.ofEpochMilli(acceptUntil == Long.MAX_VALUE
                ? Long.MAX_VALUE : acceptUntil - leewayMillis);
        return new JwtPrincipal((String) name, claims, Set.copyOf(roles), Set.copyOf(scopes), expiresAt);
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
}
