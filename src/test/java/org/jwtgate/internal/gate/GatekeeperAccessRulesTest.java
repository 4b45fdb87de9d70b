package org.jwtgate.internal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.request.RecordingResponse;
import org.jwtgate.internal.request.RequestView;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * {@code accessRules} through the gate, without a container: each requirement, first match, the
 * filter-wide settings only for unmatched requests, {@code excludePaths} first, the rules' own
 * 403s, counting, and the strictest reading of a path in doubt.
 */
class GatekeeperAccessRulesTest {

    private static final String RULES = "GET /public/* permit\n"
            + "GET /maybe/* anonymous ; * /me/* authenticated\n"
            + "\n"
            + "* /admin/* role:admin|ops\n"
            + "POST,PUT /orders/* scope:orders.write\n"
            + "* /orders/* scope:orders.read role:clerk\n"
            + "* /internal/* deny\n";

    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private Gatekeeper gatekeeper;

    private static final class Request {
        String method = "GET";
        String path;
        String rawUri;
        String authorization;
        boolean errorDispatch;
    }

    private static final RequestView<Request> VIEW = new RequestView<>() {
        @Override
        public Enumeration<String> headers(Request request, String name) {
            return name.equalsIgnoreCase("Authorization") && request.authorization != null
                    ? Collections.enumeration(List.of(request.authorization)) : Collections.emptyEnumeration();
        }

        @Override
        public String queryString(Request request) {
            return null;
        }

        @Override
        public boolean isErrorDispatch(Request request) {
            return request.errorDispatch;
        }

        @Override
        public String servletPath(Request request) {
            return request.path;
        }

        @Override
        public String pathInfo(Request request) {
            return null;
        }

        @Override
        public String requestUri(Request request) {
            return "/app" + (request.rawUri != null ? request.rawUri : request.path);
        }

        @Override
        public String contextPath(Request request) {
            return "/app";
        }

        @Override
        public String method(Request request) {
            return request.method;
        }

        @Override
        public String extensionPattern(Request request) {
            return null;
        }

        @Override
        public String defaultServletName(Request request) {
            return null;
        }

        @Override
        public String servletClassName(Request request, String servletName) {
            return null;
        }
    };

    @AfterEach
    void close() {
        if (gatekeeper != null) {
            gatekeeper.close();
        }
    }

    private Gatekeeper gatekeeper(String... extra) {
        Map<String, String> params = new HashMap<>(Map.of("algorithms", "HS256", "secret", "env:JWT_SECRET",
                "secretEncoding", "base64", "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE, "accessRules", RULES));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        String encoded = Base64.getEncoder().encodeToString(secret);
        gatekeeper = Gatekeeper.fromInitParameters("api", null, params, clock,
                new ReferenceResolver(name -> name.equals("JWT_SECRET") ? encoded : null, name -> null));
        return gatekeeper;
    }

    private Decision decide(String method, String path, String token) {
        Request request = new Request();
        request.method = method;
        request.path = path;
        request.authorization = token == null ? null : "Bearer " + token;
        return gatekeeper.decide(request, VIEW);
    }

    private String token(Object roles, String scope) {
        Tokens tokens = Tokens.hs256(secret).roles(roles);
        return (scope == null ? tokens : tokens.scope(scope)).sign();
    }

    private static Reason reason(Decision decision) {
        return decision.result().reason();
    }

    @Test
    void decide_permitRule_passesUntouchedEvenABadTokenCountedExcluded() {
        gatekeeper();
        assertSame(Decision.ANONYMOUS, decide("GET", "/public/x", "not-a-token"));
        assertSame(Decision.ANONYMOUS, decide("HEAD", "/public/x", null));
        assertEquals(2, gatekeeper.metricsView().getRequestsExcluded());
        assertEquals(Reason.NO_TOKEN, reason(decide("POST", "/public/x", null))); // GET covers HEAD, not POST
    }

    @Test
    void decide_anonymousRule_noTokenAnonymousValidAuthenticatedBad401() {
        gatekeeper();
        assertSame(Decision.ANONYMOUS, decide("GET", "/maybe/x", null));
        assertTrue(decide("GET", "/maybe/x", token(List.of(), null)).isAuthenticated());
        assertEquals(Reason.MALFORMED_TOKEN, reason(decide("GET", "/maybe/x", "not-a-token")));
    }

    @Test
    void decide_authenticatedRuleUnderOptionalMode_noToken401() {
        gatekeeper("mode", "optional");
        assertEquals(Reason.NO_TOKEN, reason(decide("GET", "/me/x", null)));
        assertSame(Decision.ANONYMOUS, decide("GET", "/elsewhere", null));
    }

    @Test
    void decide_roleRule_anyOfTheRoles() {
        gatekeeper();
        assertTrue(decide("DELETE", "/admin/x", token(List.of("ops"), null)).isAuthenticated());
        assertTrue(decide("GET", "/admin/x", token(List.of("admin", "x"), null)).isAuthenticated());
        Decision refused = decide("GET", "/admin/x", token(List.of("user"), null));
        assertEquals(Reason.MISSING_ROLE, reason(refused));
        assertEquals(Reason.NO_TOKEN, reason(decide("GET", "/admin/x", null)));
    }

    @Test
    void decide_scopeAndRoleRule_bothMustHoldScopeNamedFirst() throws Exception {
        gatekeeper();
        assertTrue(decide("GET", "/orders/1", token(List.of("clerk"), "orders.read")).isAuthenticated());
        assertEquals(Reason.MISSING_ROLE, reason(decide("GET", "/orders/1", token(List.of(), "orders.read"))));
        Decision missingScope = decide("GET", "/orders/1", token(List.of("clerk"), "profile"));
        assertEquals(Reason.MISSING_SCOPE, reason(missingScope));
        RecordingResponse response = new RecordingResponse();
        gatekeeper.refuse(response, RecordingResponse.VIEW, missingScope);
        assertTrue(response.calls().contains("WWW-Authenticate: Bearer error=\"insufficient_scope\", error_description=\""
                + Reason.MISSING_SCOPE.description() + "\", scope=\"orders.read\""), response.calls().toString());
    }

    @Test
    void refuse_missingRole_scopeNamesEveryRoleTheRuleAsksFor() throws Exception {
        gatekeeper("realm", "api");
        RecordingResponse response = new RecordingResponse();
        gatekeeper.refuse(response, RecordingResponse.VIEW, decide("GET", "/admin/x", token(List.of("user"), null)));
        assertTrue(response.calls().contains("status 403"));
        assertTrue(response.calls().contains("WWW-Authenticate: Bearer realm=\"api\", error=\"insufficient_scope\", "
                + "error_description=\"" + Reason.MISSING_ROLE.description() + "\", scope=\"admin ops\""),
                response.calls().toString());
    }

    @Test
    void decide_firstMatchDecidesAlone_laterRuleNotConsulted() {
        gatekeeper();
        // POST /orders: rule 5 alone; rule 6's role:clerk does not apply.
        assertTrue(decide("POST", "/orders/1", token(List.of(), "orders.write")).isAuthenticated());
        assertEquals(Reason.MISSING_SCOPE, reason(decide("POST", "/orders/1", token(List.of("clerk"), "orders.read"))));
    }

    @Test
    void decide_denyRule_403WithAnyTokenOrNoneWithoutScope() throws Exception {
        gatekeeper();
        Decision denied = decide("GET", "/internal/x", null);
        assertEquals(Reason.ACCESS_DENIED, reason(denied));
        assertSame(denied, decide("POST", "/internal/x", token(List.of("admin"), "orders.write")));
        assertSame(denied, decide("GET", "/internal/x", "not-a-token"));
        RecordingResponse response = new RecordingResponse();
        gatekeeper.refuse(response, RecordingResponse.VIEW, denied);
        assertTrue(response.calls().contains("status 403"));
        assertTrue(response.calls().contains("WWW-Authenticate: Bearer error=\"insufficient_scope\", "
                + "error_description=\"" + Reason.ACCESS_DENIED.description() + "\""), response.calls().toString());
        assertEquals(3, gatekeeper.metrics().refused(Reason.ACCESS_DENIED));
    }

    @Test
    void decide_ruleMatched_filterWideRequiredRolesAndScopesIgnored() {
        gatekeeper("requiredRoles", "staff", "requiredScopes", "api");
        String adminOnly = token(List.of("admin"), null);
        assertTrue(decide("GET", "/admin/x", adminOnly).isAuthenticated());
        assertEquals("alice", decide("GET", "/me/x", adminOnly).principal().getName());
        // Unmatched: the filter-wide settings decide, with their own 403.
        assertEquals(Reason.MISSING_SCOPE, reason(decide("GET", "/elsewhere", adminOnly)));
        assertTrue(decide("GET", "/elsewhere", token(List.of("staff"), "api")).isAuthenticated());
    }

    @Test
    void decide_ruleMatchedTokenCached_sameDecisionInstance() {
        gatekeeper("requiredRoles", "staff");
        String adminOnly = token(List.of("admin"), null);
        Decision first = decide("GET", "/admin/x", adminOnly);
        assertSame(first, decide("GET", "/admin/y", adminOnly));
    }

    @Test
    void decide_excludedPathBeforeRules_passesEvenWhereARuleDenies() {
        gatekeeper("excludePaths", "/internal/health");
        assertSame(Decision.ANONYMOUS, decide("GET", "/internal/health", null));
        assertEquals(Reason.ACCESS_DENIED, reason(decide("GET", "/internal/other", null)));
    }

    @Test
    void decide_containerSaysPublicUriSaysAdmin_adminRuleMustHoldToo() {
        gatekeeper();
        Request request = new Request();
        request.path = "/public/x";
        request.rawUri = "/public/..;x=1/admin/x";
        assertEquals(Reason.NO_TOKEN, reason(gatekeeper.decide(request, VIEW)));
        request.authorization = "Bearer " + token(List.of("user"), null);
        assertEquals(Reason.MISSING_ROLE, reason(gatekeeper.decide(request, VIEW)));
        request.authorization = "Bearer " + token(List.of("admin"), null);
        assertTrue(gatekeeper.decide(request, VIEW).isAuthenticated());
    }

    @Test
    void decide_uriThatCannotBeRead_heldToEveryRuleSoDenied() {
        gatekeeper();
        Request request = new Request();
        request.path = "/public/a/b";
        request.rawUri = "/public/a%2fb";
        assertEquals(Reason.ACCESS_DENIED, reason(gatekeeper.decide(request, VIEW)));
    }

    @Test
    void decide_errorDispatchOfADeniedPath_anonymousSoTheErrorPageIsShown() {
        gatekeeper();
        Request request = new Request();
        request.path = "/internal/x";
        request.errorDispatch = true;
        assertSame(Decision.ANONYMOUS, gatekeeper.decide(request, VIEW));
    }

    @Test
    void decide_methodThrows_failsClosed() {
        gatekeeper();
        Request request = new Request();
        request.path = null; // the fake container answers null where a path must be
        request.method = null;
        Decision decision = gatekeeper.decide(request, VIEW);
        assertTrue(!decision.isAuthenticated() && !decision.isAnonymous(), decision.result().toString());
    }

    @Test
    void decide_issuerBlocks_rulesApplyToEveryBlockAndARule403CountsAgainstItsBlock() {
        byte[] partner = Keys.secret(32);
        Map<String, String> params = new HashMap<>(Map.of("algorithms", "HS256", "issuers", "corp, partner",
                "corp.issuer", Tokens.ISSUER, "corp.secret", "env:CORP", "corp.secretEncoding", "base64",
                "partner.issuer", "https://partner.example", "partner.secret", "env:PARTNER",
                "partner.secretEncoding", "base64", "accessRules", RULES));
        Map<String, String> env = Map.of("CORP", Base64.getEncoder().encodeToString(secret),
                "PARTNER", Base64.getEncoder().encodeToString(partner));
        gatekeeper = Gatekeeper.fromInitParameters("api", null, params, clock,
                new ReferenceResolver(env::get, name -> null));
        String corpUser = token(List.of("user"), null);
        String partnerAdmin = Tokens.hs256(partner).issuer("https://partner.example").roles(List.of("admin")).sign();
        String partnerUser = Tokens.hs256(partner).issuer("https://partner.example").roles(List.of("user")).sign();
        assertEquals(Reason.MISSING_ROLE, reason(decide("GET", "/admin/x", corpUser)));
        assertTrue(decide("GET", "/admin/x", partnerAdmin).isAuthenticated());
        assertEquals(Reason.MISSING_ROLE, reason(decide("GET", "/admin/x", partnerUser)));
        assertEquals(Reason.ACCESS_DENIED, reason(decide("GET", "/internal/x", partnerAdmin)));
        assertEquals(Map.of("corp", 1L, "partner", 1L), gatekeeper.metrics().rejectedByIssuer());
        assertEquals(Map.of("corp", 0L, "partner", 1L), gatekeeper.metrics().acceptedByIssuer());
    }

    @Test
    void fromInitParameters_badRule_refusedNamingAccessRulesAndTheRule() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> gatekeeper("accessRules", "GET /a permit; GET /b rolee:admin"));
        assertEquals("accessRules", e.getParameter());
        assertTrue(e.getMessage().contains("'GET /b rolee:admin'"), e.getMessage());
    }

    @Test
    void fromInitParameters_onlySeparators_refused() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> gatekeeper("accessRules", " ;\n; "));
        assertEquals("accessRules", e.getParameter());
        assertNull(gatekeeper);
    }
}
