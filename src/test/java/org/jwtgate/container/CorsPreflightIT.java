package org.jwtgate.container;

import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * Browsers send a CORS preflight without credentials: with {@code corsPreflight=pass} (the
 * default) a real one reaches the application unauthenticated, so that the container's or the
 * application's CORS handling can answer it; anything that merely looks like one is authenticated
 * as usual. On every container, from a real web.xml.
 */
class CorsPreflightIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;

    private static final String ORIGIN = "Origin: https://shop.example";
    private static final String REQUEST_METHOD = "Access-Control-Request-Method: DELETE";
    private static final String REQUEST_HEADERS = "Access-Control-Request-Headers: authorization";

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        app = server.deploy(server.hs256("claimHeaders", "X-User=sub"));
    }

    @Test
    void options_realPreflight_reachesTheApplicationUnauthenticated() {
        int before = app.invocations();
        HttpReply reply = app.send("OPTIONS", "/orders/7?header=X-User", null, ORIGIN, REQUEST_METHOD,
                REQUEST_HEADERS, "X-User: admin");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(before + 1, app.invocations());
        assertEquals(Dump.NONE, reply.dump().get("remoteUser"));
        assertEquals(Dump.NONE, reply.dump().get("principal"));
        assertEquals(Dump.NONE, reply.dump().get("header.X-User"), "a claim header's client copy stays hidden");
    }

    @Test
    void options_preflightWithAValidToken_authenticatedAsUsual() {
        HttpReply reply = app.send("OPTIONS", "/orders/7", null, ORIGIN, REQUEST_METHOD,
                "Authorization: Bearer " + Tokens.hs256(secret).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
    }

    @Test
    void options_preflightWithABadToken_401() {
        String forged = Tokens.hs256(Keys.secret(32)).sign();
        assertRefused(refused(app, () -> app.send("OPTIONS", "/orders/7", null, ORIGIN, REQUEST_METHOD,
                "Authorization: Bearer " + forged)), 401, "invalid_token", forged);
    }

    @Test
    void options_nearMisses_authenticatedSo401WithoutAToken() {
        assertNoTokenChallenge(refused(app, () -> app.send("OPTIONS", "/orders/7", null, REQUEST_METHOD)), null);
        assertNoTokenChallenge(refused(app, () -> app.send("OPTIONS", "/orders/7", null, ORIGIN)), null);
        assertNoTokenChallenge(refused(app, () -> app.send("OPTIONS", "/orders/7", null)), null);
        assertNoTokenChallenge(refused(app, () -> app.send("GET", "/orders/7", null, ORIGIN, REQUEST_METHOD)), null);
        assertNoTokenChallenge(refused(app, () -> app.send("DELETE", "/orders/7", null, ORIGIN, REQUEST_METHOD)),
                null);
    }

    @Test
    void options_corsPreflightAuthenticate_realPreflight401() {
        Deployment strict = server.deploy(server.hs256("corsPreflight", "authenticate"));
        assertNoTokenChallenge(refused(strict, () -> strict.send("OPTIONS", "/orders/7", null, ORIGIN,
                REQUEST_METHOD)), null);
    }
}
