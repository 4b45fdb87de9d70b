package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Tokens;

/**
 * What the application behind the filter sees on an authenticated request: the contract's Servlet
 * API view. That no session is created, and that identities are never mixed, is
 * {@link PathAndScopeAttackIT}'s.
 */
class ServletViewIT {

    /** The contract's principal class, named: JwtGate's classes are not on the tests' class path. */
    private static final String JWT_PRINCIPAL = "org.jwtgate.JwtPrincipal";

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        app = server.deploy(server.hs256());
    }

    @Test
    void get_validToken_principalRemoteUserAndAuthTypeFromToken() {
        Map<String, String> seen = app.bearer("/x", Tokens.hs256(secret).sign()).dump();
        assertEquals("alice", seen.get("principal"));
        assertEquals(JWT_PRINCIPAL, seen.get("principal.class"));
        assertEquals("alice", seen.get("remoteUser"));
        assertEquals("Bearer", seen.get("authType"));
    }

    @Test
    void get_validToken_attributesHoldPrincipalAndUnmodifiableClaims() {
        Map<String, String> seen = app.bearer("/x", Tokens.hs256(secret).sign()).dump();
        assertEquals(JWT_PRINCIPAL, seen.get("attr.principal"));
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

}
