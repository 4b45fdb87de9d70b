package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Tokens;

/**
 * The claim init-params over HTTP: issuer, audience, leeway, requireExp, requiredClaims,
 * principalClaim, rolesClaim, requiredRoles, requiredScopes. One deployment per configuration.
 */
class ClaimRulesIT {

    @RegisterExtension
    static final CellServer server = new CellServer();

    private static Deployment deploy(String... params) {
        return server.deploy(server.hs256(params));
    }

    private static Tokens token() {
        return Tokens.hs256(server.secret());
    }

    private static Map<String, String> accepted(Deployment app, String path, Tokens token) {
        HttpReply reply = app.bearer(path, token.sign());
        assertEquals(200, reply.status(), reply::toString);
        return reply.dump();
    }

    private static void assertInvalid(Deployment app, Tokens token) {
        String signed = token.sign();
        assertRefused(refused(app, () -> app.bearer("/x", signed)), 401, "invalid_token", signed);
    }

    private static HttpReply assertForbidden(Deployment app, Tokens token) {
        String signed = token.sign();
        HttpReply reply = refused(app, () -> app.bearer("/x", signed));
        assertRefused(reply, 403, "insufficient_scope", signed);
        return reply;
    }

    @Test
    void issuer_twoListed_eitherAcceptedOthersRefused() {
        try (Deployment app = deploy("issuer", Tokens.ISSUER + ", https://other.example")) {
            accepted(app, "/x", token());
            accepted(app, "/x", token().issuer("https://other.example"));
            assertInvalid(app, token().issuer("https://evil.example"));
            assertInvalid(app, token().issuer("https://issuer.example/"));
            assertInvalid(app, token().without("iss"));
            assertInvalid(app, token().claim("iss", List.of(Tokens.ISSUER)));
        }
    }

    @Test
    void issuer_notConfigured_anyIssuerAccepted() {
        try (Deployment app = server.deploy(WebXml.without(server.hs256(), "issuer"))) {
            accepted(app, "/x", token().issuer("https://anyone.example"));
            accepted(app, "/x", token().without("iss"));
        }
    }

    @Test
    void audience_stringOrArray_acceptedWhenOneListedAudienceNamed() {
        try (Deployment app = deploy("audience", Tokens.AUDIENCE + ", second-api")) {
            accepted(app, "/x", token().audience("second-api"));
            accepted(app, "/x", token().audience(List.of("unrelated", Tokens.AUDIENCE)));
            assertInvalid(app, token().audience("unrelated"));
            assertInvalid(app, token().audience(List.of("unrelated", "another")));
            assertInvalid(app, token().audience(List.of()));
            assertInvalid(app, token().without("aud"));
        }
    }

    @Test
    void audience_notConfigured_anyAudienceAccepted() {
        try (Deployment app = server.deploy(WebXml.without(server.hs256(), "audience"))) {
            accepted(app, "/x", token().audience("unrelated"));
            accepted(app, "/x", token().without("aud"));
        }
    }

    @Test
    void leeway_default30_expAndNbfAllowThirtySecondsOfSkew() {
        try (Deployment app = deploy()) {
            accepted(app, "/x", token().expiresAt(Tokens.NOW.minusSeconds(29)));
            assertInvalid(app, token().expiresAt(Tokens.NOW.minusSeconds(30)));
            accepted(app, "/x", token().notBefore(Tokens.NOW.plusSeconds(30)));
            assertInvalid(app, token().notBefore(Tokens.NOW.plusSeconds(31)));
        }
    }

    @Test
    void leeway_zero_expiredAtExpAndNbfExact() {
        try (Deployment app = deploy("leeway", "0")) {
            accepted(app, "/x", token().expiresAt(Tokens.NOW.plusSeconds(1)));
            assertInvalid(app, token().expiresAt(Tokens.NOW));
            accepted(app, "/x", token().notBefore(Tokens.NOW));
            assertInvalid(app, token().notBefore(Tokens.NOW.plusSeconds(1)));
            assertInvalid(app, token().issuedAt(Tokens.NOW.plusSeconds(1)));
        }
    }

    @Test
    void leeway_120_skewUpTo120SecondsAccepted() {
        try (Deployment app = deploy("leeway", "120")) {
            accepted(app, "/x", token().expiresAt(Tokens.NOW.minusSeconds(119)));
            assertInvalid(app, token().expiresAt(Tokens.NOW.minusSeconds(120)));
            accepted(app, "/x", token().notBefore(Tokens.NOW.plusSeconds(120)));
            accepted(app, "/x", token().issuedAt(Tokens.NOW.plusSeconds(120)));
            assertInvalid(app, token().issuedAt(Tokens.NOW.plusSeconds(121)));
        }
    }

    @Test
    void leeway_10_tokenRefusedOnceClockPassesExpPlusLeeway() {
        try (Deployment app = deploy("leeway", "10", "cacheMaxSize", "0")) {
            Tokens token = token().expiresAt(Tokens.NOW.plusSeconds(60));
            TestBridge.advanceClock(Duration.ofSeconds(69));
            accepted(app, "/x", token);
            TestBridge.advanceClock(Duration.ofSeconds(1));
            assertInvalid(app, token);
        }
    }

    @Test
    void requireExp_false_tokenWithoutExpAcceptedButExpiredStillRefused() {
        try (Deployment app = deploy("requireExp", "false")) {
            accepted(app, "/x", token().without("exp"));
            assertInvalid(app, token().expiresAt(Tokens.NOW.minusSeconds(3600)));
            assertInvalid(app, token().claim("exp", "never"));
        }
    }

    @Test
    void requireExp_default_tokenWithoutExpRefused() {
        try (Deployment app = deploy()) {
            assertInvalid(app, token().without("exp"));
        }
    }

    @Test
    void requiredClaims_topLevelAndDotPath_allMustBePresent() {
        try (Deployment app = deploy("requiredClaims", "email, tenant.id")) {
            accepted(app, "/x", token().claim("email", "alice@example.com").claim("tenant", Map.of("id", "t1")));
            assertInvalid(app, token().claim("tenant", Map.of("id", "t1")));
            assertInvalid(app, token().claim("email", "alice@example.com").claim("tenant", Map.of("name", "t1")));
            assertInvalid(app, token().claim("email", null).claim("tenant", Map.of("id", "t1")));
        }
    }

    @Test
    void principalClaim_email_principalNamedByThatClaim() {
        try (Deployment app = deploy("principalClaim", "email")) {
            Map<String, String> seen = accepted(app, "/x", token().claim("email", "alice@example.com"));
            assertEquals("alice@example.com", seen.get("principal"));
            assertEquals("alice@example.com", seen.get("remoteUser"));
            assertInvalid(app, token());
            assertInvalid(app, token().claim("email", 42));
            assertInvalid(app, token().claim("email", ""));
        }
    }

    @Test
    void rolesClaim_topLevelName_rolesReadFromThatClaimOnly() {
        try (Deployment app = deploy("rolesClaim", "groups")) {
            Map<String, String> seen = accepted(app, "/x?role=admin&role=user",
                    token().claim("groups", List.of("admin")).roles(List.of("user")));
            assertEquals("true", seen.get("role.admin"));
            assertEquals("false", seen.get("role.user"));
        }
    }

    @Test
    void rolesClaim_dotPath_rolesReadFromNestedClaim() {
        try (Deployment app = deploy("rolesClaim", "realm_access.roles")) {
            Map<String, String> seen = accepted(app, "/x?role=admin&role=offline",
                    token().claim("realm_access", Map.of("roles", List.of("admin"))));
            assertEquals("true", seen.get("role.admin"));
            assertEquals("false", seen.get("role.offline"));
        }
    }

    @Test
    void rolesClaim_dottedTopLevelName_wholeNameWinsOverPath() {
        try (Deployment app = deploy("rolesClaim", "realm_access.roles")) {
            Map<String, String> seen = accepted(app, "/x?role=top&role=nested",
                    token().claim("realm_access.roles", List.of("top"))
                            .claim("realm_access", Map.of("roles", List.of("nested"))));
            assertEquals("true", seen.get("role.top"));
            assertEquals("false", seen.get("role.nested"));
        }
    }

    @Test
    void rolesClaim_spaceSeparatedString_splitIntoRoles() {
        try (Deployment app = deploy("rolesClaim", "roles")) {
            Map<String, String> seen = accepted(app, "/x?role=admin&role=user&role=admin%20user",
                    token().roles("admin user"));
            assertEquals("true", seen.get("role.admin"));
            assertEquals("true", seen.get("role.user"));
            assertEquals("false", seen.get("role.admin user"));
        }
    }

    @Test
    void rolesClaim_twoClaims_rolesFromBoth() {
        try (Deployment app = deploy("rolesClaim", "roles, realm_access.roles")) {
            Map<String, String> seen = accepted(app, "/x?role=a&role=b",
                    token().roles(List.of("a")).claim("realm_access", Map.of("roles", List.of("b"))));
            assertEquals("true", seen.get("role.a"));
            assertEquals("true", seen.get("role.b"));
        }
    }

    @Test
    void requiredRoles_allPresent_200AndOneMissing_403NamingThem() {
        try (Deployment app = deploy("requiredRoles", "admin, ops")) {
            accepted(app, "/x", token().roles(List.of("ops", "admin", "user")));
            HttpReply reply = assertForbidden(app, token().roles(List.of("admin")));
            assertTrue(reply.header("WWW-Authenticate").contains("scope=\"admin ops\""), reply::toString);
            assertForbidden(app, token());
        }
    }

    @Test
    void requiredRoles_fromConfiguredRolesClaimPath_satisfied() {
        try (Deployment app = deploy("requiredRoles", "admin", "rolesClaim", "realm_access.roles")) {
            accepted(app, "/x", token().claim("realm_access", Map.of("roles", List.of("admin"))));
            assertForbidden(app, token().roles(List.of("admin")));
        }
    }

    @Test
    void requiredScopes_scopeStringOrScpArray_allMustBePresent() {
        try (Deployment app = deploy("requiredScopes", "read, write")) {
            accepted(app, "/x", token().scope("write extra read"));
            accepted(app, "/x", token().claim("scp", List.of("read", "write")));
            HttpReply reply = assertForbidden(app, token().scope("read"));
            assertTrue(reply.header("WWW-Authenticate").contains("scope=\"read write\""), reply::toString);
            assertForbidden(app, token().claim("scp", List.of("write")));
            assertForbidden(app, token().scope("readwrite"));
            assertForbidden(app, token());
        }
    }
}
