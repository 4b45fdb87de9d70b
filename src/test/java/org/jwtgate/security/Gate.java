package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * The core families' target: JwtGate built from init-params exactly as a filter's {@code init()}
 * builds it ({@link Gatekeeper#fromInitParameters}), on a clock the test moves by hand, with {@code env:}
 * references resolved from a map. Every token sent is handed to the {@link LeakGuard}, and so is
 * the error response each refusal would get on the wire.
 *
 * <p>Make one {@link Gates} per test (a field): it holds the clock, the environment and an HS256
 * secret, and builds gates that are valid by default, each test changing one thing.
 */
final class Gate implements AutoCloseable {

    private final Gatekeeper core;

    private Gate(Gatekeeper core) {
        this.core = core;
    }

    /** What a test class builds its gates from. */
    static final class Gates {
        final MutableClock clock = MutableClock.atFixtureNow();
        final byte[] secret = Keys.secret(32);
        private final Map<String, String> env = new HashMap<>();

        Gates() {
            env.put("SECRET", Base64.getEncoder().encodeToString(secret));
            LeakGuard.secret(secret);
        }

        /** A token valid for {@link #hs256}: HS256 with the secret, issuer, audience, subject alice, an hour left. */
        Tokens valid() {
            return Tokens.hs256(secret);
        }

        /**
         * Puts key material or a secret into the environment the gates read (the guard learns it),
         * and returns its {@code env:} reference.
         */
        String env(String name, String value) {
            LeakGuard.key(value);
            env.put(name, value);
            return "env:" + name;
        }

        /** The resolver of this environment, for tests that build JwtGate themselves. */
        ReferenceResolver resolver() {
            return new ReferenceResolver(env::get, name -> null);
        }

        /**
         * An HS256 gate checking issuer and audience; {@code overrides} are name/value pairs, a
         * {@code null} value removes the param.
         */
        Gate hs256(String... overrides) {
            return of(params(overrides));
        }

        /** A gate for public-key {@code algorithms} with {@code keys}' public key as PEM, and no secret. */
        Gate publicKey(String algorithms, KeyPair keys, String... overrides) {
            String pem = Keys.pem(keys.getPublic());
            Map<String, String> params = params("algorithms", algorithms, "secret", null, "secretEncoding", null,
                    "publicKeys", env("PUB", pem));
            return of(with(params, overrides));
        }

        /** The HS256 gate's params with {@code overrides} applied. */
        Map<String, String> params(String... overrides) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("algorithms", "HS256");
            params.put("secret", "env:SECRET");
            params.put("secretEncoding", "base64");
            params.put("issuer", Tokens.ISSUER);
            params.put("audience", Tokens.AUDIENCE);
            return with(params, overrides);
        }

        /** JwtGate as {@code init()} builds it from these params; throws what {@code init()} would. */
        Gate of(Map<String, String> params) {
            LeakGuard.configured(params.values());
            return new Gate(Gatekeeper.fromInitParameters("attacked", null, params, clock, resolver()));
        }

        private static Map<String, String> with(Map<String, String> base, String... overrides) {
            Map<String, String> params = new LinkedHashMap<>(base);
            for (int i = 0; i < overrides.length; i += 2) {
                if (overrides[i + 1] == null) {
                    params.remove(overrides[i]);
                } else {
                    params.put(overrides[i], overrides[i + 1]);
                }
            }
            return params;
        }
    }

    /** Stops background work (a JWK Set source's thread), as the filter's {@code destroy()} does. */
    @Override
    public void close() {
        core.close();
    }

    Authenticator authenticator() {
        return core.authenticator();
    }

    /** Tokens that went through full verification (cache hits not counted). */
    long verifications() {
        return core.authenticator().verifications();
    }

    long cachedTokens() {
        return core.authenticator().cachedTokens();
    }

    /** A request with {@code Authorization: Bearer token}. */
    Decision send(String token) {
        return request(Map.of("Authorization", List.of("Bearer " + token)), null);
    }

    /** A request with these headers (names without case) and raw query string. */
    Decision request(Map<String, List<String>> headers, String query) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.computeIfAbsent(name, n -> new java.util.ArrayList<>()).addAll(values));
        byName.values().forEach(values -> values.forEach(Gate::learnToken));
        learnToken(query);
        Decision outcome = core.authenticator().authenticate(name -> {
            List<String> values = byName.get(name);
            return values == null ? Collections.<String>emptyEnumeration() : Collections.enumeration(values);
        }, query);
        recordResponse(outcome.result());
        return outcome;
    }

    /** With headers given as a function, for requests no map can model (a header lookup that throws). */
    Decision request(java.util.function.Function<String, Enumeration<String>> headers) {
        Decision outcome = core.authenticator().authenticate(headers, null);
        recordResponse(outcome.result());
        return outcome;
    }

    /** The response a filter would write for this result, shown to the guard as it would be sent. */
    ErrorResponse recordResponse(AuthenticationResult result) {
        if (result.kind() != Kind.REJECTED && result.kind() != Kind.UNAVAILABLE) {
            return null;
        }
        ErrorResponse response = core.errorResponse(result);
        LeakGuard.response("response " + response.status(), response.status() + "\nWWW-Authenticate: "
                + response.challenge() + "\n" + new String(response.body(), StandardCharsets.UTF_8));
        return response;
    }

    /**
     * The whole value (so no piece of it may appear), and each JWS-shaped word in it, so the guard
     * learns the claim and header values inside.
     */
    private static void learnToken(String value) {
        if (value == null) {
            return;
        }
        LeakGuard.token(value);
        if (value.indexOf('.') < 0) {
            return;
        }
        for (String word : value.split("[\\s,;=&]+")) {
            if (word.indexOf('.') >= 0) {
                LeakGuard.token(word);
            }
        }
    }

    AuthenticationResult result(String token) {
        return send(token).result();
    }

    /** Asserts a refusal (400, 401 or 403) and returns why. */
    Reason reason(String token) {
        AuthenticationResult result = result(token);
        assertEquals(Kind.REJECTED, result.kind(), () -> "expected a refusal, got " + result);
        return result.reason();
    }

    /** Asserts the token authenticates and returns its principal. */
    JwtPrincipal principal(String token) {
        AuthenticationResult result = result(token);
        assertEquals(Kind.AUTHENTICATED, result.kind(), () -> "expected authentication, got " + result);
        return result.principal();
    }

    /** The token without its signature, ending in the dot. */
    static String unsigned(String token) {
        return token.substring(0, token.lastIndexOf('.') + 1);
    }

    /** The token with another signature, given as bytes. */
    static String withSignature(String token, byte[] signature) {
        return unsigned(token) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** The signature of a token, decoded. */
    static byte[] signature(String token) {
        return Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    }
}
