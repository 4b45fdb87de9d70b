package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.ConnectionRecorder;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Key-carrying headers on a real container: the filter as deployed from the {@code -all} jar never
 * contacts a URL a token names, nor trusts a key it carries. The full family (every header, every
 * kid) is {@code org.jwtgate.security.KeyHeaderAttackTest}; this is its over-the-wire check.
 */
class KeyHeaderAttackIT {

    @RegisterExtension
    @Order(1)
    static final CellServer server = new CellServer();
    @RegisterExtension
    @Order(2)
    static final LeakGuard leaks = new LeakGuard();

    @Test
    void jkuX5uJwkAndKidInTokens_noConnectionAndNoTrust() {
        byte[] secret = server.secret();
        LeakGuard.secret(secret);
        byte[] attackers = Keys.secret(32);
        try (ConnectionRecorder listener = ConnectionRecorder.start();
                Deployment app = server.deploy(server.hs256("secret", "k1=" + server.hs256().get("secret")))) {
            String jku = listener.uri("/jwks.json").toString();
            String x5u = listener.uri("/cert.pem").toString();
            Map<String, Object> jwk = Map.of("kty", "oct", "k", java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(attackers));
            for (String kid : List.of("k2", "../../../../dev/null", "' OR 1=1 --", "$(reboot)", jku)) {
                String forged = Tokens.hs256(attackers).keyId(kid).headerParam("jku", jku).headerParam("x5u", x5u)
                        .headerParam("jwk", jwk).sign();
                assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
            }
            String genuine = Tokens.hs256(secret).keyId("k1").headerParam("jku", jku).headerParam("x5u", x5u).sign();
            HttpReply reply = app.bearer("/x", genuine);
            assertEquals(200, reply.status(), reply::toString);
            assertEquals("alice", reply.dump().get("remoteUser"));
            assertEquals(0, listener.connections(), "a URL named by a token was contacted");
        }
    }
}
