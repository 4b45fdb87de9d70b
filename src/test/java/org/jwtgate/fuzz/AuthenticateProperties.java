package org.jwtgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * What must hold for every token sent to {@link Authenticator#authenticate}, checked against an
 * independent judge of signatures (the JDK's {@code Mac} or {@code Signature}, never JwtGate's or
 * java-jwt's code):
 * <ul>
 * <li>no exception escapes ({@code Jazzer} reports any throwable as a finding), and none reaches
 * the catch-all either: {@code INTERNAL_ERROR} means some input was not handled on purpose;</li>
 * <li>a principal (200 or 403) only for a token whose signature segment is the canonical encoding of
 * a signature a configured key made over exactly {@code header.payload};</li>
 * <li>and only for a token that passes every check, as {@link ClaimJudge} (Jackson's tree model,
 * not JwtGate's parser) reads it: typ, times and their range, age, iss, aud, the claims required by
 * value, no {@code cnf}, a principal with a visible character; and with exactly the scopes the
 * contract grants;</li>
 * <li>static keys never look unavailable (no 503 from a token);</li>
 * <li>claim header values carry no control character (no header injection);</li>
 * <li>asking again about a verified token gives the same outcome: a cache hit agrees with a full
 * verification.</li>
 * </ul>
 * It also counts outcomes, so a run shows the fuzzer really reached acceptance: without that the
 * forgery property would hold vacuously. Not thread-safe: Jazzer calls a target from one thread.
 */
final class AuthenticateProperties {

    /** Whether a configured key made this signature segment over this signing input. */
    interface SignatureOracle {
        boolean signed(String signingInput, String signatureSegment);
    }

    private final Authenticator gate;
    private final SignatureOracle oracle;
    private final Map<String, LongAdder> outcomes = new TreeMap<>();

    private AuthenticateProperties(Authenticator gate, SignatureOracle oracle) {
        this.gate = gate;
        this.oracle = oracle;
    }

    /**
     * A gate configured from init-params as the filter would be, keys read from an injected
     * environment, the clock stopped at the fixtures' now. Claim headers and nested role claims are
     * on, so their code is fuzzed too.
     */
    static AuthenticateProperties of(Map<String, String> keyParams, Map<String, String> environment,
            SignatureOracle oracle) {
        Map<String, String> params = new HashMap<>(keyParams);
        params.put("issuer", Tokens.ISSUER);
        params.put("audience", Tokens.AUDIENCE);
        params.put("rolesClaim", "roles,realm_access.roles");
        params.put("claimHeaders", "X-User=sub,X-Roles=roles,X-Audience=aud,X-Expires=exp");
        // The token hygiene checks, with the defaults of tokenTypes and boundTokens; FuzzedTokens'
        // valid token meets them.
        params.put("maxTokenAge", Long.toString(ClaimJudge.MAX_AGE_SECONDS));
        params.put("requiredClaimValues", "tid=t1, tid=t2, ver=2");
        // Jazzer's Map.get hook walks the whole map looking for near-miss keys: a small cache keeps
        // that cheap, and makes eviction part of what is fuzzed.
        params.put("cacheMaxSize", "100");
        ReferenceResolver resolver = new ReferenceResolver(environment::get, name -> null);
        return new AuthenticateProperties(
                Authenticator.create(InitParameters.parse(params, resolver, MutableClock.atFixtureNow()), resolver),
                oracle);
    }

    void check(String token) {
        Function<String, Enumeration<String>> headers = name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration();
        Decision outcome = gate.authenticate(headers, null);
        AuthenticationResult result = outcome.result();
        outcomes.computeIfAbsent(result.kind() + (result.reason() == null ? "" : " " + result.reason()),
                key -> new LongAdder()).increment();

        assertNotEquals(Reason.INTERNAL_ERROR, result.reason(), "an input reached authenticate's catch-all");
        assertNotEquals(Kind.UNAVAILABLE, result.kind(), "a token made static keys look unavailable");
        if (result.kind() == Kind.AUTHENTICATED || result.principal() != null) {
            assertTrue(signedByConfiguredKey(token), "a principal from a token no configured key signed");
            String failed = ClaimJudge.failedCheck(token.strip(), result.principal());
            assertNull(failed, () -> "a principal for a token that fails a check: " + failed);
        }
        for (String value : outcome.claimHeaders().values()) {
            assertTrue(value.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "a control character in a claim header");
        }
        if (result.principal() != null) {
            // Only a verified token can be in the cache: the second answer comes from it.
            AuthenticationResult again = gate.authenticate(headers, null).result();
            assertEquals(result.kind(), again.kind(), "a cache hit answered differently");
            assertEquals(result.reason(), again.reason(), "a cache hit answered differently");
        }
    }

    /** The token as the extractor takes it from {@code "Bearer " + token}: surrounding blanks dropped. */
    private boolean signedByConfiguredKey(String token) {
        String[] parts = token.strip().split("\\.", -1);
        return parts.length == 3 && oracle.signed(parts[0] + "." + parts[1], parts[2]);
    }

    /** Prints the outcome counts and checks that some input was accepted (the empty one always is). */
    void report(String target) {
        long total = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
        System.out.println("[fuzz] " + target + ": " + total + " tokens, outcomes " + outcomes);
        assertTrue(outcomes.containsKey(Kind.AUTHENTICATED.toString()), "no input was accepted: the harness is broken");
    }

    /** Strict base64url: the segment must be the canonical encoding of what it decodes to. */
    static byte[] canonicalBase64Url(String segment) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(segment);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(segment) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
