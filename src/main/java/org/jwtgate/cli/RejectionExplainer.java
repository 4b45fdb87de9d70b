package org.jwtgate.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.TrustedIssuer;
import org.jwtgate.internal.config.DurationText;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.VerificationKey;
import org.jwtgate.internal.logging.LogSafeUri;
import org.jwtgate.internal.verify.Authenticator;

/**
 * Says why the filter refused a token, more precisely than the HTTP answer may: for the operator at
 * the terminal, not for the client. The verdict is the filter's alone; this only reads the token
 * afterwards ({@link TokenPeek}) and the settings, to name the claim, the time or the key at issue.
 * It shows single claims and the configuration (key references and key ids, never key material),
 * and every token-supplied string goes through {@link SafeText}.
 */
final class RejectionExplainer {

    /** The latest NumericDate the filter accepts, 9999-12-31T23:59:59Z. */
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;

    /** The filter's settings; with {@code issuers}, the settings of the block the token's iss chose, if any. */
    private JwtGateSettings settings;
    /** The keys the token was tried with: the first (only) issuer's, or those of the block its iss chose. */
    private KeySource keySource;
    private final Authenticator authenticator;
    private final Instant now;

    RejectionExplainer(Authenticator authenticator, Instant now) {
        this.settings = authenticator.settings();
        this.keySource = authenticator.keySource();
        this.authenticator = authenticator;
        this.now = now;
    }

    /**
     * @param token the token as the filter extracted it (without {@code Bearer })
     */
    List<String> explain(AuthenticationResult result, String token, TokenPeek peek) {
        List<String> lines = new ArrayList<>();
        Reason reason = result.reason();
        String iss = stringValue(peek.claim("iss"));
        TrustedIssuer block = IssuerBlocks.chosenBy(authenticator.settings(), iss);
        if (block != null && !authenticator.settings().issuers().isEmpty()) {
            settings = block.settings();
            keySource = authenticator.keySources().get(authenticator.settings().trustedIssuers().indexOf(block));
            lines.add("issuer block " + SafeText.of(block.name()) + " (its iss), whose keys and rules apply");
        }
        switch (reason) {
            case NO_TOKEN:
            case MULTIPLE_TOKENS:
                lines.add("the request as verify builds it carries no single bearer token");
                break;
            case INVALID_REQUEST:
                lines.add(invalidCharacter(token));
                break;
            case TOKEN_TOO_LONG:
                lines.add("the token is " + token.length() + " characters long; maxTokenLength is "
                        + settings.maxTokenLength() + ", so the filter refuses it before decoding anything");
                break;
            case MALFORMED_TOKEN:
                lines.add(peek.malformation() != null ? peek.malformation()
                        : "the token breaks the filter's strict reading (canonical base64url, JSON objects without "
                        + "duplicate members or trailing data, bounded nesting)");
                break;
            case UNSUPPORTED_ALGORITHM:
                unsupportedAlgorithm(lines, peek);
                break;
            case UNSUPPORTED_CRITICAL_HEADER:
                lines.add("the header lists critical extensions (crit: " + text(peek.header().path("crit"))
                        + "); JwtGate understands none, so it refuses them all (RFC 7515 section 4.1.11)");
                break;
            case UNACCEPTED_TOKEN_TYPE:
                unacceptedType(lines, peek);
                break;
            case NO_MATCHING_KEY:
                noMatchingKey(lines, peek);
                break;
            case BAD_SIGNATURE:
                badSignature(lines, peek);
                break;
            case MISSING_EXPIRY:
                lines.add("the token has no exp, and requireExp is true");
                break;
            case BAD_TIME_CLAIM:
                badTimeClaims(lines, peek);
                break;
            case MISSING_ISSUED_AT:
                lines.add("the token has no iat, and maxTokenAge" + (settings.maxTokenAge() == null ? ""
                        : " (" + settings.maxTokenAge().getSeconds() + "s)") + " needs it to tell the token's age");
                break;
            case TOO_OLD:
                tooOld(lines, peek);
                break;
            case BOUND_TOKEN:
                lines.add("the token has a cnf claim: it is bound to a key its presenter must prove to hold (DPoP, "
                        + "RFC 9449, or mutual TLS, RFC 8705), and JwtGate cannot check that proof");
                lines.add("boundTokens is reject; accept-as-bearer would accept it as a plain bearer token, which throws "
                        + "away the protection its issuer gave it (RFC 9449 section 7.2)");
                break;
            case CLAIM_VALUE_MISMATCH:
                claimValueMismatches(lines, peek);
                break;
            case BLANK_PRINCIPAL:
                lines.add("the principal's claim " + SafeText.of(settings.principalClaim()) + " (principalClaim) is "
                        + "empty, or holds only white space or characters that show as nothing");
                break;
            case EXPIRED:
                expired(lines, peek);
                break;
            case NOT_YET_VALID:
                notYetValid(lines, peek);
                break;
            case BAD_ISSUER:
                if (authenticator.settings().issuers().isEmpty()) {
                    lines.add("iss is " + describe(peek.claim("iss")) + "; accepted (issuer): "
                            + SafeText.list(settings.issuer()));
                } else {
                    lines.add("iss is " + describe(peek.claim("iss")) + ", which chooses no issuers block, so no key "
                            + "was tried: " + IssuerBlocks.describe(authenticator.settings()));
                }
                String near = IssuerBlocks.nearMiss(authenticator.settings(), iss);
                if (near != null) {
                    lines.add(near);
                }
                break;
            case BAD_AUDIENCE:
                lines.add("aud is " + describe(peek.claim("aud")) + "; accepted (audience), of which the token must "
                        + "name at least one: " + SafeText.list(settings.audience())
                        + " (aud must be a string or an array of strings)");
                break;
            case MISSING_CLAIM:
                missingClaims(lines, peek);
                break;
            case BAD_CLAIM:
                badClaims(lines, peek);
                break;
            case MISSING_ROLE:
                missing(lines, result.principal(), "roles", result.principal().getRoles(), settings.requiredRoles(),
                        "requiredRoles", "from rolesClaim " + SafeText.list(settings.rolesClaim()));
                break;
            case MISSING_SCOPE:
                missing(lines, result.principal(), "scopes", result.principal().getScopes(), settings.requiredScopes(),
                        "requiredScopes", "from the scope string and the scp array or string");
                break;
            case ACCESS_DENIED:
                lines.add("an accessRules rule with deny matched the request: it is refused with any token or none "
                        + "(verify --method --path names the rule)");
                break;
            case REVOKED:
                lines.add("the token's jti, its subject or its issuer is in the revocation list (" + SafeText.of(
                        String.valueOf(settings.revocation())) + "): revoked before it expired");
                break;
            case REVOCATIONS_UNAVAILABLE:
                lines.add("the revocation list could not be read for longer than revocationMaxStale (or not yet): no "
                        + "token is accepted until it is; the filter log below says why");
                break;
            case KEYS_UNAVAILABLE:
                lines.add(settings.jwksUri() == null ? "the keys cannot be obtained right now"
                        : "the JWK Set at " + SafeText.of(LogSafeUri.of(settings.jwksUri())) + " cannot be obtained: never "
                        + "fetched (unreachable from here?), or failing for longer than jwksMaxStale; the filter log "
                        + "below says how the fetch failed. An outage is never reported as a bad token");
                break;
            default:
                lines.add("an unexpected failure while checking the token; the filter fails closed with 401. "
                        + "Please report it, with the token's shape but never the token itself");
                break;
        }
        return lines;
    }

    private static String invalidCharacter(String token) {
        if (token.isEmpty()) {
            return "the credentials after Bearer are empty";
        }
        int i = 0;
        while (i < token.length() && isB64TokenChar(token.charAt(i))) {
            i++;
        }
        if (i > 0 && i < token.length() && token.charAt(i) == '=') {
            return "character " + (i + 1) + " of the token is = with more after it: = may only end a bearer token "
                    + "(RFC 6750), and a JWS has no padding at all";
        }
        char c = token.charAt(Math.min(i, token.length() - 1));
        String shown = c > 0x20 && c < 0x7f ? " '" + c + "'" : "";
        return "character " + (i + 1) + " of the token, U+" + String.format(Locale.ROOT, "%04X", (int) c) + shown
                + ", is not allowed in a bearer token (RFC 6750: A-Z a-z 0-9 - . _ ~ + / and = only at the end)"
                + (c == ' ' ? "; a token is one word: was more than the token pasted?" : "")
                + (c == '"' ? "; remove the quotes around the token" : "");
    }

    private static boolean isB64TokenChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private void unsupportedAlgorithm(List<String> lines, TokenPeek peek) {
        String alg = peek.headerText("alg");
        lines.add("the header's alg is " + quoted(alg) + "; algorithms allows " + SafeText.list(settings.algorithms()));
        if ("none".equalsIgnoreCase(alg)) {
            lines.add("an unsigned token (alg none) is never accepted");
        } else if (alg != null && JwtAlgorithm.fromJwsName(alg).isPresent()) {
            lines.add("if the issuer really signs with " + alg + ", add it to algorithms, with a key that fits it");
        } else if (alg != null && JwtAlgorithm.fromConfigName(alg).isPresent()) {
            lines.add("JWS algorithm names are case-sensitive: " + JwtAlgorithm.fromConfigName(alg).get() + " is not "
                    + SafeText.of(alg));
        }
    }

    private void noMatchingKey(List<String> lines, TokenPeek peek) {
        String kid = peek.headerText("kid");
        lines.add("no configured key fits alg " + quoted(peek.headerText("alg"))
                + (kid == null ? " for a token without kid" : " with kid " + quoted(kid)));
        lines.add("a token whose kid is a key's label is tried against that key only; any other token against the "
                + "unlabelled keys, and only keys of the token's algorithm");
        KeySet keys = currentKeys();
        if (keys != null) {
            for (VerificationKey key : keys.keys()) {
                lines.add("  configured: " + SafeText.of(key.toString()) + (key.keyId() == null ? " (unlabelled)"
                        : " (label " + SafeText.of(key.keyId()) + ")") + ", verifies " + SafeText.list(key.algorithms()));
            }
        }
    }

    private void badSignature(List<String> lines, TokenPeek peek) {
        String alg = peek.headerText("alg");
        String kid = peek.headerText("kid");
        StringBuilder tried = new StringBuilder();
        KeySet keys = currentKeys();
        JwtAlgorithm algorithm = alg == null ? null : JwtAlgorithm.fromJwsName(alg).orElse(null);
        if (keys != null && algorithm != null) {
            for (VerificationKey key : keys.candidates(algorithm, kid)) {
                tried.append(tried.length() == 0 ? "" : ", ").append(SafeText.of(key.toString()));
            }
        }
        lines.add("the " + SafeText.of(alg) + " signature verifies with none of the keys tried"
                + (tried.length() == 0 ? "" : ": " + tried));
        if (algorithm != null && algorithm.family() == JwtAlgorithm.Family.HMAC) {
            lines.add("the issuer signs with another secret, or decodes the same text differently: secretEncoding is "
                    + settings.secretEncoding().name().toLowerCase(Locale.ROOT) + " here (a token signed with the text "
                    + "of a base64 secret does not verify with its decoded bytes, nor the other way round)");
        } else {
            lines.add("the token was signed with another private key than the one whose public key is configured");
        }
        lines.add("or the token was altered, or cut short when it was copied");
    }

    /** A claim's string value, or {@code null} when it is absent or not a string. */
    private static String stringValue(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private KeySet currentKeys() {
        try {
            return keySource.keys();
        } catch (KeysUnavailableException | RuntimeException e) {
            return null;
        }
    }

    private void expired(List<String> lines, TokenPeek peek) {
        Instant exp = instant(peek.claim("exp"));
        if (exp == null) {
            lines.add("the token has expired (now " + now + ")");
            return;
        }
        Duration leeway = settings.leeway();
        lines.add("the token expired at " + exp + ", " + DurationText.describe(Duration.between(exp, now))
                + " ago; now is " + now + ", and the leeway of " + leeway.getSeconds() + "s ended at "
                + exp.plus(leeway));
    }

    private void notYetValid(List<String> lines, TokenPeek peek) {
        Instant latest = now.plus(settings.leeway());
        Instant nbf = instant(peek.claim("nbf"));
        Instant iat = instant(peek.claim("iat"));
        if (nbf != null && nbf.isAfter(latest)) {
            lines.add("nbf is " + nbf + ", " + DurationText.describe(Duration.between(now, nbf)) + " from now (" + now
                    + "), beyond the leeway of " + settings.leeway().getSeconds() + "s");
        }
        if (iat != null && iat.isAfter(latest)) {
            lines.add("iat is " + iat + ", " + DurationText.describe(Duration.between(now, iat)) + " in the future (now "
                    + now + ", leeway " + settings.leeway().getSeconds() + "s): the issuer's clock is ahead, or this "
                    + "machine's is behind");
        }
        if (lines.isEmpty()) {
            lines.add("the token is not valid yet (now " + now + ")");
        }
    }

    private void missingClaims(List<String> lines, TokenPeek peek) {
        Set<String> absent = new LinkedHashSet<>();
        for (String required : settings.requiredClaims()) {
            if (isAbsent(peek.claim(required))) {
                absent.add(required);
            }
        }
        if (!absent.isEmpty()) {
            lines.add("required claims absent or null: " + SafeText.list(absent) + " (requiredClaims: "
                    + SafeText.list(settings.requiredClaims()) + ")");
        }
        if (isAbsent(peek.claim(settings.principalClaim()))) {
            lines.add("the principal's claim " + SafeText.of(settings.principalClaim()) + " (principalClaim) is absent "
                    + "or null");
        }
        if (lines.isEmpty()) {
            lines.add("a required claim is missing");
        }
    }

    private void unacceptedType(List<String> lines, TokenPeek peek) {
        String typ = peek.headerText("typ");
        String accepted = SafeText.list(settings.tokenTypes()) + " (tokenTypes; none means a token without typ)";
        lines.add(typ == null ? "the token has no typ, and tokenTypes does not list none: " + accepted
                : "the header's typ is " + quoted(typ) + "; accepted, without case and with a leading application/ "
                        + "ignored: " + accepted);
        lines.add("an ID token, a logout token, a DPoP proof or a security event token is not an access token "
                + "(RFC 8725 section 3.11); if the issuer types its access tokens so, add that typ to tokenTypes");
    }

    private void badTimeClaims(List<String> lines, TokenPeek peek) {
        for (String name : new String[] {"exp", "nbf", "iat"}) {
            JsonNode value = peek.claim(name);
            if (value.isMissingNode()) {
                continue;
            }
            if (value.isNull()) {
                lines.add(name + " is null: null is not a time, and does not mean never");
            } else if (!value.isNumber()) {
                lines.add(name + " is " + type(value) + ", not a NumericDate (a JSON number of seconds)");
            } else if (!(value.asDouble() >= 0 && value.asDouble() <= MAX_NUMERIC_DATE)) {
                lines.add(name + " is " + type(value) + ", outside 0 to " + MAX_NUMERIC_DATE
                        + " (1970 to the end of 9999): a malformed time, not a very long or very old one");
            }
        }
        if (lines.isEmpty()) {
            lines.add("a time claim (exp, nbf, iat) is not a JSON number from 0 to " + MAX_NUMERIC_DATE);
        }
    }

    private void tooOld(List<String> lines, TokenPeek peek) {
        Instant iat = instant(peek.claim("iat"));
        Duration maxAge = settings.maxTokenAge();
        if (maxAge == null) {
            lines.add("the token was issued too long ago for maxTokenAge");
            return;
        }
        if (iat == null) {
            lines.add("the token was issued more than maxTokenAge (" + maxAge.getSeconds() + "s) ago");
            return;
        }
        lines.add("the token was issued at " + iat + ", " + DurationText.describe(Duration.between(iat, now))
                + " ago; maxTokenAge is " + maxAge.getSeconds() + "s and the leeway " + settings.leeway().getSeconds()
                + "s, so it was accepted until " + iat.plus(maxAge).plus(settings.leeway()));
    }

    private void claimValueMismatches(List<String> lines, TokenPeek peek) {
        settings.requiredClaimValues().forEach((claim, values) -> {
            JsonNode value = peek.claim(claim);
            if (!hasOneOf(value, values)) {
                lines.add(SafeText.of(claim) + " is " + describe(value) + "; requiredClaimValues accepts "
                        + (values.size() == 1 ? "" : "any of ") + SafeText.list(values)
                        + " (a string equal to it, an array holding it, or a number or boolean written so)");
            }
        });
        if (lines.isEmpty()) {
            lines.add("a claim of requiredClaimValues has none of its values");
        }
    }

    /** As the filter compares, near enough to point at the claim: the filter's verdict stands either way. */
    private static boolean hasOneOf(JsonNode value, Set<String> accepted) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (hasOneOf(element, accepted)) {
                    return true;
                }
            }
            return false;
        }
        if (value.isTextual() || value.isBoolean() || value.isIntegralNumber()) {
            return accepted.contains(value.asText());
        }
        return value.isNumber() && accepted.stream().anyMatch(text -> {
            try {
                return Double.parseDouble(text) == value.asDouble();
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    private void badClaims(List<String> lines, TokenPeek peek) {
        lines.add("a claim has the wrong type:");
        JsonNode name = peek.claim(settings.principalClaim());
        String claim = "the principal's claim " + SafeText.of(settings.principalClaim()) + " (principalClaim)";
        // An absent name is MISSING_CLAIM, not this.
        if (isAbsent(name)) {
            return;
        }
        if (!name.isTextual()) {
            lines.add(claim + " is " + type(name) + "; it must be a non-empty string");
        } else if (name.textValue().chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            lines.add(claim + " contains control characters (" + SafeText.of(name.textValue()) + "): a name like "
                    + "that could forge lines in the application's logs");
        }
    }

    private static void missing(List<String> lines, JwtPrincipal principal, String what, Set<String> has,
            Set<String> required, String parameter, String source) {
        Set<String> lacking = new LinkedHashSet<>(required);
        lacking.removeAll(has);
        lines.add("the token is valid, for " + SafeText.of(principal.getName()) + ", but lacks " + what + " "
                + SafeText.list(lacking) + " that " + parameter + " requires (" + SafeText.list(required) + ")");
        lines.add("its " + what + " (" + source + "): " + SafeText.list(new TreeSet<>(has)));
    }

    private static boolean isAbsent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    /** A NumericDate as an instant, or {@code null} when it is not a usable number. */
    private static Instant instant(JsonNode value) {
        if (!value.isNumber()) {
            return null;
        }
        double seconds = value.asDouble();
        if (!Double.isFinite(seconds) || Math.abs(seconds) > Instant.MAX.getEpochSecond()) {
            return null;
        }
        return Instant.ofEpochMilli((long) Math.floor(seconds * 1000));
    }

    private static String describe(JsonNode value) {
        if (isAbsent(value)) {
            return "absent";
        }
        if (value.isTextual()) {
            return quoted(value.textValue());
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                items.add(item.isTextual() ? quoted(item.textValue()) : type(item));
            }
            return "[" + String.join(", ", items) + "]";
        }
        return type(value);
    }

    /** The JSON type, with the value only for numbers and booleans (short, and never a string from the token). */
    private static String type(JsonNode value) {
        if (isAbsent(value)) {
            return "absent";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber() || value.isBoolean()) {
            return "the " + (value.isBoolean() ? "boolean " : "number ") + value.asText();
        }
        return value.isArray() ? "an array" : "an object";
    }

    private static String text(JsonNode value) {
        return value.isArray() ? describe(value) : type(value);
    }

    private static String quoted(String value) {
        return value == null ? "absent" : "\"" + SafeText.of(value) + "\"";
    }
}
