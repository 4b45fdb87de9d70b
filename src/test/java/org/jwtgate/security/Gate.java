package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Assumptions;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.jakarta.JwtAuthenticationFilter;
import org.jwtgate.jakarta.TestAuthModules;
import org.jwtgate.testing.AuthModuleDriver;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.ServletExchange;
import org.jwtgate.testing.Tokens;

/**
 * The core families' target: JwtGate built from init-params exactly as a filter's {@code init()}
 * builds it ({@link Gatekeeper#fromInitParameters}), on a clock the test moves by hand, with {@code env:}
 * references resolved from a map. Every token sent is handed to the {@link LeakGuard}, and so is
 * the error response each refusal would get on the wire.
 *
 * <p>Make one {@link Gates} per test (a field): it holds the clock, the environment and an HS256
 * secret, and builds gates that are valid by default, each test changing one thing.
 *
 * <h2>Targets</h2>
 * A family runs against {@link Target#FILTER} (the core as the filter drives it; the family class
 * itself) and against {@link Target#MODULE} (its {@code …ModuleTest} subclass, which only names the
 * target; no test body is copied). On the module target every request goes three ways, each to its
 * own JwtGate built from the same params, clock and environment:
 * <ol>
 * <li>the filter's gatekeeper, asked as in the filter target: its {@link Decision} is what the
 * test reads and asserts ({@code reason}, {@code principal}, …);</li>
 * <li>the jakarta module and</li>
 * <li>the javax module, each a real {@code JwtServerAuthModule} behind the {@code ServerAuthContext}
 * its provider gives the container, built by the installer's parameter rules ({@code mode}
 * {@code optional} unless set; {@code claimHeaders} refused), on a {@code GET} of a resource that
 * needs a caller ({@code isMandatory}), with a capturing callback handler.</li>
 * </ol>
 * The decision is not taken from the modules: each module's observable answer must be exactly what
 * the filter does with that decision, or the request fails the test. Authenticated: {@code SUCCESS},
 * one call to the handler with a {@code CallerPrincipalCallback} whose principal is a
 * {@link JwtPrincipal} equal in name, claims and roles to the decision's, and a
 * {@code GroupPrincipalCallback} whose groups are its roles; the request attributes exactly the
 * filter's two (that principal, and its claims); the response untouched. Refused (400/401/403/503):
 * {@code SEND_FAILURE}, no callback, no attribute, and a response (status, every header, body)
 * byte-equal to the one the filter of the same namespace writes for the decision. A refusal the
 * module writes is shown to the {@link LeakGuard} as the filter's is.
 *
 * <p>Why three JwtGates and not one: a gatekeeper remembers (its verified-token cache, its key
 * sources' refresh state), so asking one twice per request would make the second answer a cache
 * hit and double every count. Separate gatekeepers fed the same requests in the same order on the
 * same clock each see the same history, so they must agree; {@link #verifications()} and
 * {@link #cachedTokens()} are the modules' counters, asserted equal to the filter's, and a cache
 * test thus measures the modules' caches. (A key server is asked by each of them: tests that count
 * its requests would count three times.)
 *
 * <p>Params the filter refuses must be refused by each module's installer rules too, naming the same
 * parameter in the same words; then the filter's exception is thrown, as on the filter target.
 *
 * <p>Not on the module target (reported as skipped): claim headers (the module refuses
 * {@code claimHeaders}, so a gate configured with it aborts the test), and tests of the filter class
 * or of a bare gatekeeper rather than through a gate ({@link Gates#filterOnly}). Tests of the
 * harness itself (the guard's and the connection recorder's controls) run on both targets alike.
 */
final class Gate implements AutoCloseable {

    /** What a family's requests go through. */
    enum Target {
        /** The gatekeeper, as the filter asks it. */
        FILTER,
        /** The filter's gatekeeper, and the jakarta and javax authentication modules, which must agree with it. */
        MODULE
    }

    private static final List<ModuleFactory> MODULES = List.of(TestAuthModules::start,
            org.jwtgate.javax.TestAuthModules::start);

    private interface ModuleFactory {
        AuthModuleDriver start(Map<String, String> initParameters, Clock clock, ReferenceResolver resolver);
    }

    private final Gatekeeper core;
    /** Empty on the filter target. */
    private final List<AuthModuleDriver> modules;

    private Gate(Gatekeeper core, List<AuthModuleDriver> modules) {
        this.core = core;
        this.modules = modules;
    }

    /** What a test class builds its gates from. */
    static final class Gates {
        final MutableClock clock = MutableClock.atFixtureNow();
        final byte[] secret = Keys.secret(32);
        private final Map<String, String> env = new HashMap<>();
        private final Target target;

        Gates(Target target) {
            this.target = target;
            env.put("SECRET", Base64.getEncoder().encodeToString(secret));
            LeakGuard.secret(secret);
        }

        /**
         * For a test of the filter class or of a bare gatekeeper, which no gate of this target
         * would exercise: on the module target it is aborted (reported as skipped) with {@code why}.
         */
        void filterOnly(String why) {
            Assumptions.assumeTrue(target == Target.FILTER, why);
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

        /**
         * JwtGate as {@code init()} builds it from these params; throws what {@code init()} would. On
         * the module target also both modules, as the installer builds them from the same params.
         */
        Gate of(Map<String, String> params) {
            LeakGuard.configured(params.values());
            Gatekeeper core;
            try {
                core = Gatekeeper.fromInitParameters("attacked", null, params, clock, resolver());
            } catch (JwtGateConfigurationException refused) {
                if (target == Target.MODULE) {
                    assertModulesRefuse(params, refused);
                }
                throw refused;
            }
            List<AuthModuleDriver> modules = new ArrayList<>();
            if (target == Target.MODULE) {
                try {
                    for (ModuleFactory module : MODULES) {
                        modules.add(module.start(params, clock, resolver()));
                    }
                } catch (RuntimeException | Error e) {
                    core.close();
                    modules.forEach(AuthModuleDriver::close);
                    if (e instanceof JwtGateConfigurationException
                            && "claimHeaders".equals(((JwtGateConfigurationException) e).getParameter())) {
                        Assumptions.abort("claim headers are the filter's: the module refuses claimHeaders");
                    }
                    throw e;
                }
            }
            return new Gate(core, List.copyOf(modules));
        }

        /** Each module's installer refuses these params as the filter does: the same parameter, the same words. */
        private void assertModulesRefuse(Map<String, String> params, JwtGateConfigurationException filter) {
            for (ModuleFactory module : MODULES) {
                JwtGateConfigurationException refused = assertThrows(JwtGateConfigurationException.class,
                        () -> module.start(params, clock, resolver()).close(), "the module starts with params the filter refuses");
                assertEquals(filter.getParameter(), refused.getParameter());
                assertEquals(filter.getMessage(), refused.getMessage());
            }
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
        modules.forEach(AuthModuleDriver::close);
    }

    /** Tokens that went through full verification (cache hits not counted); the modules' on the module target. */
    long verifications() {
        return agreed("verifications", gatekeeper -> gatekeeper.authenticator().verifications());
    }

    /** The verified-token cache's size; the modules' on the module target. */
    long cachedTokens() {
        return agreed("cached tokens", gatekeeper -> gatekeeper.authenticator().cachedTokens());
    }

    /** The count, the same in every module as in the filter's gatekeeper. */
    private long agreed(String what, ToLongFunction<Gatekeeper> count) {
        long filter = count.applyAsLong(core);
        for (AuthModuleDriver module : modules) {
            assertEquals(filter, count.applyAsLong(module.gatekeeper()),
                    () -> module.namespace() + " module's " + what);
        }
        return modules.isEmpty() ? filter : count.applyAsLong(modules.get(0).gatekeeper());
    }

    /** A request with {@code Authorization: Bearer token}. */
    Decision send(String token) {
        return request(Map.of("Authorization", List.of("Bearer " + token)), null);
    }

    /** A request with these headers (names without case) and raw query string. */
    Decision request(Map<String, List<String>> headers, String query) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        byName.values().forEach(values -> values.forEach(Gate::learnToken));
        learnToken(query);
        return request(name -> {
            List<String> values = byName.get(name);
            return values == null ? Collections.<String>emptyEnumeration() : Collections.enumeration(values);
        }, query);
    }

    /** With headers given as a function, for requests no map can model (a header lookup that throws). */
    Decision request(Function<String, Enumeration<String>> headers) {
        return request(headers, null);
    }

    private Decision request(Function<String, Enumeration<String>> headers, String query) {
        Decision outcome = core.authenticator().authenticate(headers, query);
        recordResponse(outcome.result());
        for (AuthModuleDriver module : modules) {
            ServletExchange exchange = new ServletExchange(headers, query);
            module.validate(exchange);
            recordModuleResponse(module, exchange);
            assertAgrees(module, outcome, exchange);
        }
        return outcome;
    }

    /** The module did with the request exactly what the filter does with {@code expected}. */
    private void assertAgrees(AuthModuleDriver module, Decision expected, ServletExchange exchange) {
        String ns = module.namespace() + " module: ";
        assertEquals(List.of(), exchange.unexpectedCalls(), ns + "calls the stand-ins do not model");
        Map<String, Object> attributes = exchange.attributes();
        if (expected.isAuthenticated()) {
            JwtPrincipal principal = expected.principal();
            assertEquals("SUCCESS", exchange.authStatus(),
                    () -> ns + "the filter authenticates " + principal.getName());
            assertEquals(1, exchange.callbackCalls(), ns + "the caller and groups in one call");
            assertEquals(List.of("CallerPrincipalCallback", "GroupPrincipalCallback"), exchange.callbackTypes(), ns);
            JwtPrincipal caller = assertInstanceOf(JwtPrincipal.class, exchange.caller(), ns + "the caller");
            assertEquals(principal.getName(), caller.getName(), ns + "the caller's name");
            assertEquals(principal.getClaims(), caller.getClaims(), ns + "the caller's claims");
            assertEquals(principal.getRoles(), caller.getRoles(), ns + "the caller's roles");
            assertEquals(principal.getRoles().size(), exchange.groups().size(), ns + "each role once");
            assertEquals(principal.getRoles(), new HashSet<>(exchange.groups()), ns + "groups are the roles");
            assertEquals(List.of(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, JwtAuthenticationFilter.CLAIMS_ATTRIBUTE),
                    new ArrayList<>(attributes.keySet()), ns + "the filter's request attributes, and no other");
            assertSame(caller, attributes.get(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE), ns);
            assertSame(caller.getClaims(), attributes.get(JwtAuthenticationFilter.CLAIMS_ATTRIBUTE), ns);
            assertEquals(Gatekeeper.AUTH_TYPE,
                    exchange.messageInfo().get(module.namespace() + ".servlet.http.authType"), ns);
            assertTrue(exchange.responseUntouched(), ns + "the response is the application's");
            return;
        }
        // No token is anonymous to the filter only in mode optional; the resource needs a caller.
        Decision refusal = expected.isAnonymous() ? Decision.rejected(Reason.NO_TOKEN) : expected;
        assertEquals("SEND_FAILURE", exchange.authStatus(), () -> ns + "the filter refuses: " + expected.result());
        assertEquals(0, exchange.callbackCalls(), ns + "no caller for a refused request");
        assertEquals(Map.of(), attributes, ns + "no request attribute on a refusal");
        ServletExchange filter = new ServletExchange(name -> Collections.emptyEnumeration(), null);
        module.writeAsTheFilter(core, refusal, filter);
        ErrorResponse fixed = core.errorResponse(refusal);
        assertEquals(fixed.status(), filter.status(), "the filter's own response");
        assertArrayEquals(fixed.body(), filter.body().toByteArray(), "the filter's own response");
        assertEquals(filter.status(), exchange.status(), ns + "status");
        assertEquals(filter.responseHeaders(), exchange.responseHeaders(), ns + "headers");
        assertArrayEquals(filter.body().toByteArray(), exchange.body().toByteArray(), ns + "body");
    }

    /** The module's response as it would go on the wire, for the guard. */
    private static void recordModuleResponse(AuthModuleDriver module, ServletExchange exchange) {
        if (exchange.responseUntouched()) {
            return;
        }
        StringBuilder text = new StringBuilder().append(exchange.status()).append('\n');
        exchange.responseHeaders().forEach((name, values) -> values.forEach(
                value -> text.append(name).append(": ").append(value).append('\n')));
        text.append(new String(exchange.body().toByteArray(), StandardCharsets.UTF_8));
        LeakGuard.response(module.namespace() + " module response " + exchange.status(), text.toString());
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
