package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * Every row of the contract's response table, over HTTP, against the cell's container. The 400 row
 * (malformed requests: several tokens, bad header syntax) is proven case by case in
 * {@link RequestSyntaxAttackIT}.
 */
class ErrorResponseIT {

    private static final String REALM = "example-api";

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;
    static Deployment scoped;
    static Deployment roled;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        Map<String, String> params = server.hs256("realm", REALM, "tokenCookie", "at", "allowQueryParameter", "true");
        app = server.deploy(params);
        scoped = server.deploy(WebXml.with(params, "requiredScopes", "read"));
        roled = server.deploy(WebXml.with(params, "requiredRoles", "admin"));
    }

    private static String token() {
        return Tokens.hs256(secret).sign();
    }

    @Test
    void get_validToken_200() {
        HttpReply reply = app.bearer("/x", token());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
    }

    @Test
    void get_noToken_401BareChallengeWithRealm() {
        HttpReply reply = refused(app, () -> app.get("/x"));
        assertNoTokenChallenge(reply, REALM);
    }

    @Test
    void get_basicCredentialsOnly_401BareChallenge() {
        HttpReply reply = refused(app, () -> app.get("/x", "Authorization", "Basic YWxpY2U6cGFzc3dvcmQ="));
        assertNoTokenChallenge(reply, REALM);
    }

    static Stream<Arguments> invalidTokens() {
        return Stream.of(
                named("not a JWS", "abc.def.ghi"),
                named("expired", Tokens.hs256(secret).expiresAt(Tokens.NOW.minusSeconds(3600)).sign()),
                named("signed with another key", Tokens.hs256(Keys.secret(32)).sign()),
                named("signature of another token", token().substring(0, token().lastIndexOf('.'))
                        + Tokens.hs256(secret).subject("bob").sign().substring(token().lastIndexOf('.'))),
                named("issuer not accepted", Tokens.hs256(secret).issuer("https://evil.example").sign()),
                named("audience not accepted", Tokens.hs256(secret).audience("another-api").sign()),
                named("not valid before the future", Tokens.hs256(secret).notBefore(Tokens.NOW.plusSeconds(3600)).sign()),
                named("issued in the future", Tokens.hs256(secret).issuedAt(Tokens.NOW.plusSeconds(3600)).sign()),
                named("no exp", Tokens.hs256(secret).without("exp").sign()),
                named("exp as a string", Tokens.hs256(secret).claim("exp", "tomorrow").sign()),
                named("no subject", Tokens.hs256(secret).without("sub").sign()),
                named("alg none, no signature", Tokens.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                        + token().split("\\.")[1] + "."),
                named("alg not allowed", Tokens.hs384(Keys.secret(48)).sign()),
                named("unknown key id", Tokens.hs256(Keys.secret(32)).keyId("kid-7f3a9c").sign()),
                named("unknown critical header", Tokens.hs256(secret).headerParam("crit", List.of("exp2"))
                        .headerParam("exp2", 1).sign()),
                named("duplicate alg in header", Tokens.hs256(secret)
                        .rawHeader("{\"alg\":\"none\",\"alg\":\"HS256\"}").sign()));
    }

    private static Arguments named(String name, String token) {
        return Arguments.of(Named.of(name, token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void get_invalidToken_401InvalidTokenWithoutTokenInResponse(String token) {
        HttpReply reply = refused(app, () -> app.bearer("/x", token));
        assertRefused(reply, 401, "invalid_token", token, "alice", "https://evil.example", "another-api", "tomorrow",
                "kid-7f3a9c");
        assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer realm=\"" + REALM + "\", error=\"invalid_token\""),
                reply::toString);
    }

    @Test
    void get_invalidTokenInCookie_401InvalidToken() {
        String token = Tokens.hs256(Keys.secret(32)).sign();
        HttpReply reply = refused(app, () -> app.get("/x", "Cookie", "at=" + token));
        assertRefused(reply, 401, "invalid_token", token);
    }

    @Test
    void get_invalidTokenInQuery_401InvalidToken() {
        String token = Tokens.hs256(Keys.secret(32)).sign();
        HttpReply reply = refused(app, () -> app.get("/x?access_token=" + token));
        assertRefused(reply, 401, "invalid_token", token);
    }

    @Test
    void get_validTokenWithoutRequiredScope_403InsufficientScopeNamingScope() {
        String token = Tokens.hs256(secret).scope("write").sign();
        HttpReply reply = refused(scoped, () -> scoped.bearer("/x", token));
        assertRefused(reply, 403, "insufficient_scope", token, "alice");
        assertTrue(reply.header("WWW-Authenticate").contains("scope=\"read\""), reply::toString);
    }

    @Test
    void get_validTokenWithRequiredScope_200() {
        HttpReply reply = scoped.bearer("/x", Tokens.hs256(secret).scope("write read").sign());
        assertEquals(200, reply.status(), reply::toString);
    }

    @Test
    void get_validTokenWithoutRequiredRole_403InsufficientScopeNamingRole() {
        String token = Tokens.hs256(secret).roles(List.of("user")).sign();
        HttpReply reply = refused(roled, () -> roled.bearer("/x", token));
        assertRefused(reply, 403, "insufficient_scope", token, "alice", "user");
        assertTrue(reply.header("WWW-Authenticate").contains("scope=\"admin\""), reply::toString);
    }

    @Test
    void get_validTokenWithRequiredRole_200() {
        HttpReply reply = roled.bearer("/x", Tokens.hs256(secret).roles(List.of("user", "admin")).sign());
        assertEquals(200, reply.status(), reply::toString);
    }
}
