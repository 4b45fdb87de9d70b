package org.jwtgate.internal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.request.AccessRules.Selection;
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

    /**
     * The verdicts kept per cached token (AccessPolicy) against a gate that keeps nothing between
     * requests (cache off: every request's decision is new, so every verdict is worked out afresh):
     * random rules of roles and scopes, tokens and requests, one rule or several (a path in doubt) per
     * request, each token seen on many paths in a row, so that its verdicts are kept for some rules
     * and read back for others. Every decision must be the same, refusals to the byte.
     */
    @Test
    void decide_verdictsKeptPerCachedToken_sameAsWorkedOutOnEveryRequest() throws Exception {
        Random random = new Random(19);
        String[] names = {"a", "b", "c", "d"};
        String[] paths = {"/x/1", "/x/y", "/y/2", "/z.do", "/x", "/other"};
        for (int round = 0; round < 20; round++) {
            List<String> rules = new ArrayList<>();
            for (int r = 0, count = 1 + random.nextInt(8); r < count; r++) {
                rules.add(randomRule(random, names));
            }
            String text = String.join("\n", rules);
            Gatekeeper kept = gatekeeper("accessRules", text);
            Gatekeeper afresh = gatekeeper("accessRules", text, "cacheMaxSize", "0");
            List<String> tokens = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                tokens.add(token(pick(random, names), String.join(" ", pick(random, names))));
            }
            for (int q = 0; q < 200; q++) {
                Request request = new Request();
                request.method = random.nextBoolean() ? "GET" : random.nextBoolean() ? "POST" : "DELETE";
                request.path = paths[random.nextInt(paths.length)];
                if (random.nextInt(4) == 0) {
                    request.rawUri = paths[random.nextInt(paths.length)]; // in doubt: both paths' rules hold
                }
                request.authorization = "Bearer " + tokens.get(random.nextInt(tokens.size()));
                String what = "rules " + rules + ", " + request.method + " " + request.path + " ("
                        + request.rawUri + ")";
                assertEquals(outcome(afresh, afresh.decide(request, VIEW)), outcome(kept, kept.decide(request, VIEW)),
                        what);
            }
            kept.close();
            afresh.close();
        }
        gatekeeper = null;
    }

    private static String randomRule(Random random, String[] names) {
        String[] methods = {"*", "GET", "POST,DELETE"};
        String[] patterns = {"/x/*", "/x/y", "/y/*", "*.do", "/*", "/x"};
        StringBuilder rule = new StringBuilder(methods[random.nextInt(methods.length)]).append(' ')
                .append(patterns[random.nextInt(patterns.length)]);
        int kind = random.nextInt(5);
        if (kind == 0) {
            rule.append(" authenticated");
        } else if (kind == 1) {
            rule.append(" anonymous");
        } else {
            if (kind != 3) {
                rule.append(" role:").append(String.join("|", nonEmpty(random, names)));
            }
            if (kind != 4) {
                rule.append(" scope:").append(String.join("|", nonEmpty(random, names)));
            }
        }
        return rule.toString();
    }

    private static List<String> pick(Random random, String[] names) {
        List<String> picked = new ArrayList<>();
        for (String name : names) {
            if (random.nextBoolean()) {
                picked.add(name);
            }
        }
        return picked;
    }

    private static List<String> nonEmpty(Random random, String[] names) {
        List<String> picked = pick(random, names);
        return picked.isEmpty() ? List.of(names[random.nextInt(names.length)]) : picked;
    }

    /** A decision as a client and the application see it: the result, the principal, and a refusal's answer. */
    private static String outcome(Gatekeeper gate, Decision decision) throws Exception {
        String seen = decision.result().kind() + " " + decision.result().reason() + " "
                + (decision.principal() == null ? null : decision.principal().getName());
        if (decision.isAuthenticated() || decision.isAnonymous()) {
            return seen;
        }
        RecordingResponse response = new RecordingResponse();
        gate.refuse(response, RecordingResponse.VIEW, decision);
        return seen + " " + response.calls();
    }

    /**
     * A decision is one filter's, but the verdicts kept in it say which policy's rules they are
     * for: another policy, whose rule 0 asks for another role, must not read the first's.
     */
    @Test
    void decide_verdictsKeptForOnePolicy_notReadByAnother() {
        gatekeeper("accessRules", "* /x role:a");
        Decision tokenAlone = decide("GET", "/x", token(List.of("a"), null));
        assertTrue(tokenAlone.isAuthenticated());
        AccessPolicy roleA = policy("* /x role:a");
        AccessPolicy roleB = policy("* /x role:b");
        Selection forA = roleA.rules().select("GET", "/x", null, "/x", "");
        Selection forB = roleB.rules().select("GET", "/x", null, "/x", "");
        for (int i = 0; i < 2; i++) {
            assertSame(tokenAlone, roleA.decide(forA, tokenAlone));
            assertEquals(Reason.MISSING_ROLE, reason(roleB.decide(forB, tokenAlone)));
        }
    }

    /**
     * A token's verdicts are kept in its cached decision on its first request under a rule, and the
     * same holder serves its later requests, refused ones included; a request no rule matches keeps
     * nothing.
     */
    @Test
    void decide_cachedToken_verdictsKeptOnceUnderRulesNoneWhereNoRuleMatches() {
        gatekeeper();
        String admin = token(List.of("admin"), null);
        Decision elsewhere = decide("GET", "/elsewhere", admin);
        assertTrue(elsewhere.isAuthenticated());
        assertNull(elsewhere.tokenAlone().ruleVerdicts());
        Decision first = decide("GET", "/admin/x", admin);
        Object kept = first.tokenAlone().ruleVerdicts();
        assertTrue(kept != null);
        assertSame(first, decide("DELETE", "/admin/y", admin));
        assertEquals(Reason.MISSING_SCOPE, reason(decide("GET", "/orders/1", admin)));
        assertSame(kept, first.tokenAlone().ruleVerdicts());
    }

    /** Verdicts are kept for up to {@link AccessPolicy#MAX_KEPT_VERDICTS} rules; with more, none, and alike. */
    @Test
    void decide_moreRulesThanVerdictsKeptFor_nothingKeptSameVerdicts() {
        for (int count : new int[] {AccessPolicy.MAX_KEPT_VERDICTS, AccessPolicy.MAX_KEPT_VERDICTS + 1}) {
            List<String> rules = new ArrayList<>();
            for (int i = 0; i < count - 1; i++) {
                rules.add("* /r" + i + " role:r" + i);
            }
            rules.add("* /x role:a");
            gatekeeper("accessRules", String.join("\n", rules));
            String token = token(List.of("a"), null);
            for (int i = 0; i < 2; i++) {
                Decision decision = decide("GET", "/x", token);
                assertTrue(decision.isAuthenticated());
                assertEquals(count <= AccessPolicy.MAX_KEPT_VERDICTS, decision.tokenAlone().ruleVerdicts() != null,
                        count + " rules");
                assertEquals(Reason.MISSING_ROLE, reason(decide("GET", "/r7", token)));
            }
            gatekeeper.close();
            gatekeeper = null;
        }
    }

    private static AccessPolicy policy(String rule) {
        return new AccessPolicy(JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:JWT_SECRET")).accessRules(List.of(rule)).build());
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
