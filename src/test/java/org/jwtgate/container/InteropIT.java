package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Tokens;

/**
 * Tokens as the common libraries mint them with a shared string secret, byte for byte:
 * {@code jwt.sign({sub}, secret, {expiresIn})} in node's jsonwebtoken and
 * {@code jwt.encode({...}, secret, algorithm="HS256")} in PyJWT. Header exactly
 * {@code {"alg":"HS256","typ":"JWT"}}, compact JSON, no iss or aud; the filter is configured
 * with no issuer and no audience, as such an application would be.
 */
class InteropIT {

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        String text = SecretProperties.randomText(36);
        secret = SecretProperties.utf8(text);
        app = server.deploy(WebXml.params("algorithms", "HS256", "secret", server.reference(text)));
    }

    private static long now() {
        return Tokens.NOW.getEpochSecond();
    }

    @Test
    void get_nodeJsonwebtokenStyleHs256Token_accepted() {
        String payload = "{\"sub\":\"1234567890\",\"iat\":" + now() + ",\"exp\":" + (now() + 3600) + "}";
        String token = Tokens.hs256(secret).rawHeader(HEADER).rawPayload(payload).sign();
        assertEquals(Tokens.b64(HEADER), token.substring(0, token.indexOf('.')));
        HttpReply reply = app.bearer("/x", token);
        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> seen = reply.dump();
        assertEquals("1234567890", seen.get("remoteUser"));
        assertEquals("Long:" + now(), seen.get("claim.iat"));
        assertEquals("Long:" + (now() + 3600), seen.get("claim.exp"));
    }

    @Test
    void get_pyjwtStyleHs256Token_accepted() {
        String payload = "{\"sub\":\"alice\",\"exp\":" + (now() + 600) + ",\"iat\":" + now() + "}";
        String token = Tokens.hs256(secret).rawHeader(HEADER).rawPayload(payload).sign();
        HttpReply reply = app.bearer("/x", token);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
    }
}
