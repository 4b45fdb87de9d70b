package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * Where the token comes from and what happens without one: mode, realm, tokenCookie,
 * allowQueryParameter, maxTokenLength. The Authorization header's syntax, and tokens in places
 * that are not configured or in two places at once, are {@link RequestSyntaxAttackIT}'s.
 */
class TokenSourcesIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deployGate() {
        secret = server.secret();
        app = server.deploy(server.hs256());
    }

    private static Deployment deploy(String... params) {
        return server.deploy(server.hs256(params));
    }

    private static String token() {
        return Tokens.hs256(secret).sign();
    }

    private static void assertAuthenticated(HttpReply reply) {
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
    }

    @Test
    void mode_optionalWithoutToken_passesAnonymous() {
        try (Deployment optional = deploy("mode", "optional")) {
            HttpReply reply = optional.get("/x?role=**");
            assertEquals(200, reply.status(), reply::toString);
            Map<String, String> seen = reply.dump();
            assertEquals(Dump.NONE, seen.get("principal"));
            assertEquals(Dump.NONE, seen.get("remoteUser"));
            assertEquals(Dump.NONE, seen.get("authType"));
            assertEquals(Dump.NONE, seen.get("attr.principal"));
            assertEquals(Dump.NONE, seen.get("attr.claims"));
            assertEquals("false", seen.get("role.**"));
        }
    }

    @Test
    void mode_optionalWithValidToken_authenticated() {
        try (Deployment optional = deploy("mode", "optional")) {
            assertAuthenticated(optional.bearer("/x", token()));
        }
    }

    @Test
    void mode_optionalWithBadToken_stillRefused() {
        try (Deployment optional = deploy("mode", "optional")) {
            String forged = Tokens.hs256(Keys.secret(32)).sign();
            assertRefused(refused(optional, () -> optional.bearer("/x", forged)), 401, "invalid_token", forged);
            String expired = Tokens.hs256(secret).expiresAt(Tokens.NOW.minusSeconds(600)).sign();
            assertRefused(refused(optional, () -> optional.bearer("/x", expired)), 401, "invalid_token", expired);
            assertRefused(refused(optional, () -> optional.raw("/x", "Authorization: Bearer " + token(),
                    "Authorization: Bearer " + token())), 400, "invalid_request", token());
        }
    }

    @Test
    void realm_configured_inEveryChallenge() {
        try (Deployment realm = deploy("realm", "Orders API")) {
            assertNoTokenChallenge(refused(realm, () -> realm.get("/x")), "Orders API");
            HttpReply reply = refused(realm, () -> realm.bearer("/x", "a.b.c"));
            assertRefused(reply, 401, "invalid_token");
            assertEquals(0, reply.header("WWW-Authenticate").indexOf("Bearer realm=\"Orders API\", "), reply::toString);
        }
    }

    @Test
    void realm_notConfigured_challengeWithoutRealm() {
        HttpReply reply = refused(app, () -> app.get("/x"));
        assertNoTokenChallenge(reply, null);
        assertFalse(reply.header("WWW-Authenticate").contains("realm="), reply::toString);
    }

    @Test
    void tokenCookie_configured_tokenFromNamedCookieAccepted() {
        try (Deployment cookie = deploy("tokenCookie", "access_token")) {
            assertAuthenticated(cookie.get("/x", "Cookie", "access_token=" + token()));
            assertAuthenticated(cookie.get("/x", "Cookie", "theme=dark; access_token=" + token() + "; lang=en"));
            assertAuthenticated(cookie.get("/x", "Cookie", "access_token=\"" + token() + "\""));
            assertNoTokenChallenge(refused(cookie, () -> cookie.get("/x", "Cookie", "other=" + token())), null);
            assertNoTokenChallenge(refused(cookie, () -> cookie.get("/x", "Cookie", "access_token=")), null);
        }
    }

    @Test
    void allowQueryParameter_true_accessTokenParameterAccepted() {
        try (Deployment query = deploy("allowQueryParameter", "true")) {
            assertAuthenticated(query.get("/x?access_token=" + token()));
            assertAuthenticated(query.get("/x?a=1&access_token=" + token() + "&b=2"));
            assertRefused(refused(query, () -> query.get("/x?access_token=")), 400, "invalid_request");
        }
    }

    @Test
    void maxTokenLength_tokenLonger_401BeforeAnyVerification() {
        try (Deployment limited = deploy("maxTokenLength", "400")) {
            String shortToken = Tokens.hs256(secret).claim("pad", "p".repeat(50)).sign();
            String longToken = Tokens.hs256(secret).claim("pad", "p".repeat(300)).sign();
            assertTrue(shortToken.length() <= 400 && longToken.length() > 400);
            assertAuthenticated(limited.bearer("/x", shortToken));
            long verifications = limited.verifications();
            assertRefused(refused(limited, () -> limited.bearer("/x", longToken)), 401, "invalid_token", longToken);
            assertEquals(verifications, limited.verifications(), "a too-long token was verified");
        }
    }

    @Test
    void maxTokenLength_tokenLongerInCookieOrQuery_401() {
        try (Deployment limited = deploy("maxTokenLength", "400", "tokenCookie", "at", "allowQueryParameter", "true")) {
            String longToken = Tokens.hs256(secret).claim("pad", "p".repeat(300)).sign();
            assertRefused(refused(limited, () -> limited.get("/x", "Cookie", "at=" + longToken)),
                    401, "invalid_token", longToken);
            assertRefused(refused(limited, () -> limited.get("/x?access_token=" + longToken)),
                    401, "invalid_token", longToken);
            assertEquals(0, limited.verifications());
        }
    }

    @Test
    void maxTokenLength_exactlyAtLimit_accepted() {
        String token = token();
        try (Deployment limited = deploy("maxTokenLength", Integer.toString(token.length()))) {
            assertAuthenticated(limited.bearer("/x", token));
        }
    }
}
