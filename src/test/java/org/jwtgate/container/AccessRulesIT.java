package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Tokens;

/**
 * accessRules on real containers: each requirement, method lists, HEAD under a GET rule, first
 * match, the filter-wide settings for unmatched requests only, excludePaths before the rules, the
 * rules' 403s; and no spelling of a path ({@code ;jsessionid=}, {@code %2e}, {@code //},
 * {@code /./}, {@code ..}, an encoded slash, case) reaches the resource of a stricter rule without
 * meeting it. The dump servlet answers on {@code /admin/*}, {@code /public/*} and {@code /}.
 *
 * <p>Containers differ on the status of odd spellings (400 from the container, 401 or 403 from the
 * filter, 404): what must hold everywhere is that the admin servlet never answers without the role.
 */
class AccessRulesIT {

    private static final String RULES = String.join("\n",
            "GET /public/* permit",
            "GET /maybe/* anonymous",
            "* /admin/* role:admin|ops",
            "GET /reports/* role:auditor",
            "POST,PUT /orders/* scope:orders.write",
            "* /orders/* authenticated",
            "* /internal/* deny");

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        app = server.deploy(WebXml.with(WebXml.without(server.hs256(), "issuer", "audience"),
                "accessRules", RULES, "excludePaths", "/internal/health", "requiredRoles", "staff"));
    }

    private static String token(List<String> roles, String scope) {
        Tokens tokens = Tokens.hs256(secret).roles(roles);
        return (scope == null ? tokens : tokens.scope(scope)).sign();
    }

    private static String authorization(String token) {
        return "Authorization: Bearer " + token;
    }

    private static Map<String, String> served(HttpReply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.dump();
    }

    private static void assertForbidden(HttpReply reply, String scope) {
        assertRefused(reply, 403, "insufficient_scope");
        String challenge = reply.header("WWW-Authenticate");
        if (scope == null) {
            assertFalse(challenge.contains("scope=\""), challenge);
        } else {
            assertEquals(true, challenge.endsWith(", scope=\"" + scope + "\""), challenge);
        }
    }

    // --- each requirement ---

    @Test
    void permit_getAndHeadWithoutOrWithBadToken_passUntouched() {
        assertEquals(Dump.NONE, served(app.raw("/public/x")).get("remoteUser"));
        assertEquals(Dump.NONE, served(app.raw("/public/x", authorization("not.a.token"))).get("remoteUser"));
        assertEquals(Dump.NONE, served(app.bearer("/public/x", token(List.of("staff"), null))).get("remoteUser"));
        assertEquals(200, app.send("HEAD", "/public/x", null).status());
    }

    @Test
    void permit_getRuleOtherMethod_fallsToFilterWideSettings() {
        assertNoTokenChallenge(refused(app, () -> app.send("POST", "/public/x", "")), null);
        assertEquals("alice", served(app.send("POST", "/public/x", "", authorization(token(List.of("staff"), null))))
                .get("remoteUser"));
    }

    @Test
    void anonymous_noTokenAnonymousValidTokenAuthenticatedBadToken401() {
        assertEquals(Dump.NONE, served(app.raw("/maybe/x")).get("remoteUser"));
        assertEquals("alice", served(app.bearer("/maybe/x", token(List.of(), null))).get("remoteUser"));
        assertRefused(refused(app, () -> app.bearer("/maybe/x", "not.a.token")), 401, "invalid_token");
    }

    @Test
    void role_anyOfTheRolesWithoutTheFilterWideRole_served() {
        Map<String, String> seen = served(app.bearer("/admin/x?role=admin", token(List.of("admin"), null)));
        assertEquals("/admin", seen.get("servletPath"));
        assertEquals("true", seen.get("role.admin"));
        served(app.send("DELETE", "/admin/x", null, authorization(token(List.of("ops"), null))));
    }

    @Test
    void role_missing_403NamingTheRulesRoles_noToken401() {
        assertForbidden(refused(app, () -> app.bearer("/admin/x", token(List.of("staff"), null))), "admin ops");
        assertNoTokenChallenge(refused(app, () -> app.raw("/admin/x")), null);
    }

    @Test
    void scope_methodListed_needsTheScope() {
        served(app.send("POST", "/orders/1", "", authorization(token(List.of(), "orders.write"))));
        assertForbidden(refused(app, () -> app.send("PUT", "/orders/1", "",
                authorization(token(List.of("staff"), "orders.read")))), "orders.write");
    }

    @Test
    void firstMatch_methodNotListed_nextRuleDecidesAlone() {
        // GET and DELETE /orders: "* /orders/* authenticated"; neither the scope nor requiredRoles apply.
        assertEquals("alice", served(app.bearer("/orders/1", token(List.of(), null))).get("remoteUser"));
        served(app.send("DELETE", "/orders/1", null, authorization(token(List.of(), null))));
        assertNoTokenChallenge(refused(app, () -> app.raw("/orders/1")), null);
    }

    @Test
    void deny_withAndWithoutToken_403WithoutScope() {
        assertForbidden(refused(app, () -> app.raw("/internal/x")), null);
        assertForbidden(refused(app, () -> app.bearer("/internal/x", token(List.of("admin", "staff"), null))), null);
    }

    @Test
    void excludePaths_checkedBeforeTheRules() {
        assertEquals(Dump.NONE, served(app.raw("/internal/health")).get("remoteUser"));
    }

    @Test
    void unmatched_filterWideModeAndRequiredRolesDecide() {
        assertNoTokenChallenge(refused(app, () -> app.raw("/elsewhere")), null);
        assertForbidden(refused(app, () -> app.bearer("/elsewhere", token(List.of("admin"), null))), "staff");
        assertEquals("alice", served(app.bearer("/elsewhere", token(List.of("staff"), null))).get("remoteUser"));
    }

    @Test
    void head_underAGetRule_heldToIt() {
        String staff = token(List.of("staff"), null);
        assertEquals(403, refused(app, () -> app.send("HEAD", "/reports/x", null, authorization(staff))).status());
        assertEquals(200, app.send("HEAD", "/reports/x", null, authorization(token(List.of("auditor"), null))).status());
    }

    @Test
    void deploy_badRule_applicationDoesNotStartMessageNamesAccessRulesAndQuotesTheRule() {
        try (Deployment broken = server.tryDeploy(WebXml.with(WebXml.without(server.hs256(), "issuer", "audience"),
                "accessRules", "GET /public/* permit\n* /admin/* roles:admin"))) {
            assertFalse(broken.isServing(), "the application started");
            assertNotEquals(200, broken.raw("/public/x").status());
            assertEquals(0, broken.invocations(), "the application was invoked");
            String message = broken.initFailure();
            assertTrue(message != null && message.contains("accessRules")
                    && message.contains("'* /admin/* roles:admin'"), () -> "init failure: " + message);
        }
    }

    // --- no way around a stricter rule ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "/admin;jsessionid=0123456789ABCDEF/x",
        "/admin;jsessionid=0123456789ABCDEF",
        "/public/..;/admin/x",
        "/public/..;jsessionid=1/admin/x",
        "/public;jsessionid=1/../admin/x",
        "/public/%2e%2e/admin/x",
        "/public/%2E%2E/admin/x",
        "/public/.%2e/admin/x",
        "/public/%2e%2e;/admin/x",
        "/public/%2e%2e%2fadmin/x",
        "/public%2f..%2fadmin/x",
        "/public/..%2fadmin/x",
        "/public/..%5cadmin/x",
        "/public/..\\admin/x",
        "/public/../admin/x",
        "/public/./../admin/x",
        "/public/x/../../admin/x",
        "/maybe/../admin/x",
        "/maybe/..;/admin/x",
        "//admin/x",
        "///admin/x",
        "/./admin/x",
        "/public/./x/../../admin/x",
        "/%61dmin/x",
        "/admin%2fx",
        "/ADMIN/x",
        "/Admin/x",
        "/admin/x;.css",
        "/public/%00/../../admin/x",
    })
    void bypass_spellingsOfAnAdminPath_neverReachTheAdminServletWithoutTheRole(String path) {
        for (String[] headers : List.of(new String[0], new String[] {authorization(token(List.of("staff"), null))})) {
            HttpReply reply = app.raw(path, headers);
            if (reply.status() == 200) {
                assertNotEquals("/admin", reply.dump().get("servletPath"), () -> path + " reached " + reply);
            }
            HttpReply head = app.send("HEAD", path, null, headers);
            if (head.status() == 200) {
                assertEquals(200, reply.status(), () -> path + ": HEAD passed where GET did not: " + head);
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/admin;jsessionid=1/x", "/public/../admin/x", "/./admin/x", "//admin/x",
        "/public/%2e%2e/admin/x"})
    void bypass_spellingsOfAnAdminPathWithTheRole_servedOrRefusedByTheContainer(String path) {
        HttpReply reply = app.raw(path, authorization(token(List.of("admin"), null)));
        // The filter lets the role through; a container may still refuse an odd spelling itself.
        if (reply.status() == 200) {
            assertEquals("alice", reply.dump().get("remoteUser"), reply::toString);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/internal;jsessionid=1/x", "/public/../internal/x", "/public/%2e%2e/internal/x",
        "//internal/x", "/./internal/x", "/public/..;/internal/x", "/public/%2e%2e%2finternal/x"})
    void bypass_spellingsOfADeniedPath_neverServed(String path) {
        HttpReply reply = app.raw(path, authorization(token(List.of("admin", "staff"), null)));
        assertNotEquals(200, reply.status(), () -> path + " was served: " + reply);
    }
}
