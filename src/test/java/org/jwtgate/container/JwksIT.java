package org.jwtgate.container;

import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.assertUnavailable;
import static org.jwtgate.container.ErrorResponseAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * {@code jwksUri} from a real web.xml, on every container: keys published by a JWK Set server on
 * loopback verify tokens, a newly published kid is picked up without a restart, and an identity
 * provider that cannot be reached is the contract's 503 with {@code Retry-After}, never a 401.
 */
class JwksIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static JwkSetServer idp;
    static JwkSetServer down;
    static KeyPair a;
    static KeyPair b;

    @BeforeAll
    static void start() {
        a = Keys.rsa();
        b = Keys.newRsa(2048);
        idp = JwkSetServer.start().serve(Jwks.set(Jwks.of("a", a.getPublic())));
        down = JwkSetServer.start().respond(exchange -> JwkSetServer.send(exchange, 500, "down"));
    }

    @AfterAll
    static void stop() {
        idp.close();
        down.close();
    }

    private static Map<String, String> params(JwkSetServer jwks) {
        return WebXml.params("algorithms", "RS256", "jwksUri", jwks.uri().toString(), "jwksMinRefreshInterval", "1",
                "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE);
    }

    @Test
    void get_tokenSignedByPublishedKey_accepted() {
        Deployment app = server.deploy(params(idp));
        HttpReply reply = app.bearer("/x", Tokens.with("RS256", a.getPrivate()).keyId("a").sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
        String forged = Tokens.with("RS256", Keys.newRsa(2048).getPrivate()).keyId("a").sign();
        assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
    }

    @Test
    void get_keyPublishedAfterStart_pickedUpWithoutRestart() {
        Deployment app = server.deploy(params(idp));
        String signedByB = Tokens.with("RS256", b.getPrivate()).keyId("b").sign();
        assertEquals(401, app.bearer("/x", signedByB).status(), "not published yet");
        idp.serve(Jwks.set(Jwks.of("a", a.getPublic()), Jwks.of("b", b.getPublic())));
        TestBridge.advanceClock(Duration.ofSeconds(2)); // past jwksMinRefreshInterval
        HttpReply reply = app.bearer("/x", signedByB);
        assertEquals(200, reply.status(), reply::toString);
        idp.serve(Jwks.set(Jwks.of("a", a.getPublic())));
    }

    @Test
    void get_identityProviderUnreachable_503WithRetryAfterNotA401() {
        Deployment app = server.deploy(params(down));
        String token = Tokens.with("RS256", a.getPrivate()).keyId("a").sign();
        assertUnavailable(refused(app, () -> app.bearer("/x", token)));
        // A request without a token is still a plain 401: only verification needs the keys.
        assertEquals(401, app.get("/x").status());
    }
}
