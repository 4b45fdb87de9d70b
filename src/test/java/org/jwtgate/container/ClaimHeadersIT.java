package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Tokens;

/**
 * claimHeaders: claims reach the application as request headers. That a client can never supply
 * a header of those names itself (not with a token, not without one, not on an excluded path, not
 * after startAsync) is {@link PathAndScopeAttackIT}'s.
 */
class ClaimHeadersIT {

    private static final String HEADERS = "?header=X-Remote-User&header=X-Email&header=X-Groups&header=X-Tenant"
            + "&header=X-Uid&header=X-Auth-Time&header=X-Other";

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        app = server.deploy(WebXml.without(server.hs256("mode", "optional", "excludePaths", "/public/*",
                "claimHeaders", "X-Remote-User=sub, X-Email=email, X-Groups=groups, X-Tenant=tenant.id, "
                        + "X-Uid=uid, X-Auth-Time=auth_time"), "issuer", "audience"));
    }

    private static void assertHeader(Map<String, String> seen, String name, String value) {
        assertEquals(value, seen.get("header." + name), name);
        assertEquals("[" + value + "]", seen.get("headers." + name), name);
        assertEquals("1", seen.get("headerNames." + name), name);
    }

    private static Map<String, String> served(HttpReply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.dump();
    }

    @Test
    void get_validToken_claimsVisibleAsHeaders() {
        String token = Tokens.hs256(secret).claim("email", "alice@example.com")
                .claim("groups", List.of("staff", "ops")).claim("tenant", Map.of("id", "t-42"))
                .claim("uid", 1000).sign();
        Map<String, String> seen = served(app.bearer("/x" + HEADERS, token));
        assertHeader(seen, "X-Remote-User", "alice");
        assertHeader(seen, "X-Email", "alice@example.com");
        assertHeader(seen, "X-Groups", "staff, ops");
        assertHeader(seen, "X-Tenant", "t-42");
        assertHeader(seen, "X-Uid", "1000");
        assertEquals("1000", seen.get("intHeader.X-Uid"));
    }

    @Test
    void get_validToken_claimHeaderLookupIgnoresCase() {
        Map<String, String> seen = served(app.bearer("/x?header=x-remote-user&header=X-REMOTE-USER",
                Tokens.hs256(secret).sign()));
        assertHeader(seen, "x-remote-user", "alice");
        assertHeader(seen, "X-REMOTE-USER", "alice");
    }

}
