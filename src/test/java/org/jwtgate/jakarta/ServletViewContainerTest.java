package org.jwtgate.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.testing.Tokens;

/** What the application behind the filter sees on an authenticated request: the contract's Servlet API view. */
class ServletViewContainerTest {

    @TempDir
    static Path dir;
    static EmbeddedTomcat tomcat;
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        tomcat = EmbeddedTomcat.start(dir);
        String text = SecretProperties.randomText(32);
        secret = SecretProperties.utf8(text);
        try (SecretProperties secrets = new SecretProperties()) {
            app = tomcat.deploy(WebXml.params("algorithms", "HS256", "secret", secrets.reference(text),
                    "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE));
        }
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    @BeforeEach
    void resetClock() {
        ClockedJwtAuthenticationFilter.CLOCK.set(Tokens.NOW);
    }

    @Test
    void get_validToken_principalRemoteUserAndAuthTypeFromToken() {
        Map<String, String> seen = app.bearer("/x", Tokens.hs256(secret).sign()).dump();
        assertEquals("alice", seen.get("principal"));
        assertEquals(JwtPrincipal.class.getName(), seen.get("principal.class"));
        assertEquals("alice", seen.get("remoteUser"));
        assertEquals("Bearer", seen.get("authType"));
    }

    @Test
    void get_validToken_attributesHoldPrincipalAndUnmodifiableClaims() {
        Map<String, String> seen = app.bearer("/x", Tokens.hs256(secret).sign()).dump();
        assertEquals(JwtPrincipal.class.getName(), seen.get("attr.principal"));
        assertEquals("true", seen.get("attr.principal.sameAsUserPrincipal"));
        assertEquals("Map", seen.get("attr.claims"));
        assertEquals("true", seen.get("attr.claims.unmodifiable"));
        assertEquals("String:alice", seen.get("claim.sub"));
        assertEquals("String:" + Tokens.ISSUER, seen.get("claim.iss"));
    }

    @Test
    void get_claimsOfEveryJsonType_typedAsContractSays() {
        String token = Tokens.hs256(secret)
                .claim("count", 42)
                .claim("ratio", 1.5)
                .claim("admin", true)
                .claim("tags", List.of("a", "b"))
                .claim("address", Map.of("city", "Oslo"))
                .claim("nothing", null)
                .sign();
        Map<String, String> seen = app.bearer("/x", token).dump();
        assertEquals("Long:" + (Tokens.NOW.getEpochSecond() + 3600), seen.get("claim.exp"));
        assertEquals("Long:" + Tokens.NOW.getEpochSecond(), seen.get("claim.iat"));
        assertEquals("Long:42", seen.get("claim.count"));
        assertEquals("Double:1.5", seen.get("claim.ratio"));
        assertEquals("Boolean:true", seen.get("claim.admin"));
        assertEquals("List:[a, b]", seen.get("claim.tags"));
        assertEquals("Map:{city=Oslo}", seen.get("claim.address"));
        assertEquals("null:null", seen.get("claim.nothing"));
        assertEquals("true", seen.get("claim.tags.unmodifiable"));
        assertEquals("true", seen.get("claim.address.unmodifiable"));
    }

    @Test
    void isUserInRole_rolesFromToken_trueOnlyForTokenRoles() {
        String token = Tokens.hs256(secret).roles(List.of("admin", "user")).sign();
        Map<String, String> seen = app.bearer("/x?role=admin&role=user&role=ops&role=Admin", token).dump();
        assertEquals("true", seen.get("role.admin"));
        assertEquals("true", seen.get("role.user"));
        assertEquals("false", seen.get("role.ops"));
        assertEquals("false", seen.get("role.Admin"));
    }

    @Test
    void isUserInRole_anyAuthenticatedUserRole_trueForTokenWithoutRoles() {
        Map<String, String> seen = app.bearer("/x?role=**", Tokens.hs256(secret).sign()).dump();
        assertEquals("true", seen.get("role.**"));
    }

    @Test
    void get_validToken_noSessionCreated() {
        HttpReply reply = app.bearer("/x", Tokens.hs256(secret).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(DumpServlet.NONE, reply.dump().get("session"));
        assertNull(reply.header("Set-Cookie"), reply::toString);
        assertEquals(0, app.activeSessions());
    }

    @Test
    void get_refusedRequests_noSessionCreated() {
        assertNull(app.get("/x").header("Set-Cookie"));
        assertNull(app.bearer("/x", "a.b.c").header("Set-Cookie"));
        HttpReply reply = app.bearer("/x", Tokens.hs256(secret).subject("bob").sign());
        assertNull(reply.header("Set-Cookie"));
        assertTrue(reply.body().contains("session=" + DumpServlet.NONE), reply::toString);
        assertEquals(0, app.activeSessions());
    }
}
