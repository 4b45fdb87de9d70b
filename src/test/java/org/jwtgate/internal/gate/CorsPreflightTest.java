package org.jwtgate.internal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.request.RequestView;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * What counts as a browser's CORS preflight: {@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method} and no {@code Authorization}. Only that passes
 * unauthenticated (and only with {@code corsPreflight=pass}); every near miss is authenticated.
 */
class CorsPreflightTest {

    private final byte[] secret = Keys.secret(32);

    /** A request: method and headers; the path is irrelevant here. */
    private static final class Request {
        final String method;
        final Map<String, String> headers = new HashMap<>();

        Request(String method) {
            this.method = method;
        }

        Request with(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    private static final RequestView<Request> VIEW = new RequestView<>() {
        @Override
        public java.util.Enumeration<String> headers(Request request, String name) {
            String value = request.headers.get(name);
            return value == null ? java.util.Collections.emptyEnumeration()
                    : java.util.Collections.enumeration(java.util.List.of(value));
        }

        @Override public String queryString(Request request) { return null; }
        @Override public boolean isErrorDispatch(Request request) { return false; }
        @Override public String servletPath(Request request) { return "/api"; }
        @Override public String pathInfo(Request request) { return null; }
        @Override public String requestUri(Request request) { return "/api"; }
        @Override public String contextPath(Request request) { return ""; }
        @Override public String method(Request request) { return request.method; }
        @Override public String extensionPattern(Request request) { return null; }
        @Override public String defaultServletName(Request request) { return null; }
        @Override public String servletClassName(Request request, String servletName) { return null; }
    };

    private Gatekeeper gate(String corsPreflight, String... more) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        params.put("algorithms", "HS256");
        params.put("secret", "env:S");
        params.put("secretEncoding", "hex");
        if (corsPreflight != null) {
            params.put("corsPreflight", corsPreflight);
        }
        String hex = HexFormat.of().formatHex(secret);
        return Gatekeeper.fromInitParameters("api", null, params, MutableClock.atFixtureNow(),
                new ReferenceResolver(n -> n.equals("S") ? hex : null, n -> null));
    }

    private static Request preflight() {
        return new Request("OPTIONS").with("Origin", "https://shop.example")
                .with("Access-Control-Request-Method", "DELETE");
    }

    @Test
    void decide_realPreflight_anonymousAndCounted() {
        Gatekeeper gate = gate(null);
        Decision decision = gate.decide(preflight(), VIEW);
        assertEquals(Kind.ANONYMOUS, decision.result().kind());
        assertEquals(1, gate.metricsView().getRequestsPreflight());
        assertEquals(0, gate.metricsView().getRequestsAnonymous());
        gate.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "no Origin, OPTIONS, , DELETE",
        "no Access-Control-Request-Method, OPTIONS, https://shop.example, ",
        "GET with both headers, GET, https://shop.example, DELETE",
        "lower-case method, options, https://shop.example, DELETE",
    })
    void decide_nearMiss_authenticatedSoNoTokenIs401(String what, String method, String origin, String requested) {
        Gatekeeper gate = gate("pass");
        Request request = new Request(method);
        if (origin != null) {
            request.with("Origin", origin);
        }
        if (requested != null) {
            request.with("Access-Control-Request-Method", requested);
        }
        assertEquals(Kind.REJECTED, gate.decide(request, VIEW).result().kind(), what);
        assertEquals(0, gate.metricsView().getRequestsPreflight(), what);
        gate.close();
    }

    @Test
    void decide_preflightWithAuthorization_authenticatedAsUsual() {
        Gatekeeper gate = gate("pass");
        Request good = preflight().with("Authorization", "Bearer " + Tokens.hs256(secret).sign());
        Request bad = preflight().with("Authorization", "Bearer " + Tokens.hs256(Keys.secret(32)).sign());
        assertEquals(Kind.AUTHENTICATED, gate.decide(good, VIEW).result().kind());
        assertEquals(Kind.REJECTED, gate.decide(bad, VIEW).result().kind());
        assertEquals(0, gate.metricsView().getRequestsPreflight());
        gate.close();
    }

    /** Contract: a preflight that passes is not subject to accessRules (it carries no credentials by design). */
    @Test
    void decide_realPreflightUnderADenyRule_stillPasses() {
        Gatekeeper gate = gate("pass", "accessRules", "* /* deny");
        assertEquals(Kind.ANONYMOUS, gate.decide(preflight(), VIEW).result().kind());
        assertEquals(Kind.REJECTED, gate.decide(new Request("GET"), VIEW).result().kind());
        gate.close();
    }

    @Test
    void decide_corsPreflightAuthenticate_realPreflight401() {
        Gatekeeper gate = gate("authenticate");
        assertEquals(Kind.REJECTED, gate.decide(preflight(), VIEW).result().kind());
        gate.close();
    }
}
