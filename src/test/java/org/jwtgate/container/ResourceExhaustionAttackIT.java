package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Resource exhaustion over HTTP: many headers, long header values, many cookies, a stream of
 * distinct bad tokens. Each answer comes in bounded time (generous bounds), the application is
 * never invoked for a refused request, and refused tokens leave nothing in the filter's cache.
 * Where a request exceeds the container's own limits (header count or size), the container refuses
 * it: also fine, as long as nothing is served. The core side is
 * {@code org.jwtgate.security.ResourceExhaustionAttackTest}.
 */
class ResourceExhaustionAttackIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @RegisterExtension
    @Order(1)
    static final CellServer server = new CellServer();
    @RegisterExtension
    @Order(2)
    static final LeakGuard leaks = new LeakGuard();

    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        LeakGuard.secret(secret);
        app = server.deploy(server.hs256("tokenCookie", "at"));
    }

    private static String[] headers(int count, String... first) {
        List<String> lines = new ArrayList<>(List.of(first));
        for (int i = 0; i < count; i++) {
            lines.add("X-Filler-" + i + ": " + "v".repeat(20));
        }
        return lines.toArray(String[]::new);
    }

    @Test
    void manyHeaders_boundedTimeAndNeverServedWithoutAValidToken() {
        String valid = Tokens.hs256(secret).sign();
        String forged = Tokens.hs256(Keys.secret(32)).sign();
        assertTimeoutPreemptively(BOUND, () -> {
            HttpReply ok = app.raw("/x", headers(80, "Authorization: Bearer " + valid));
            assertEquals(200, ok.status(), ok::toString);
            assertEquals("alice", ok.dump().get("remoteUser"));
            assertRefused(refused(app, () -> app.raw("/x", headers(80, "Authorization: Bearer " + forged))), 401,
                    "invalid_token", forged);
            // Past most containers' header-count limit: refused by the container, or served only as alice.
            HttpReply many = app.raw("/x", headers(500, "Authorization: Bearer " + valid));
            assertTrue(many.status() >= 400 || "alice".equals(many.dump().get("remoteUser")), many::toString);
            int before = app.invocations();
            assertTrue(app.raw("/x", headers(500, "Authorization: Bearer " + forged)).status() >= 400);
            assertEquals(before, app.invocations());
        });
    }

    @Test
    void longHeaderValues_boundedTimeAndRefused() {
        assertTimeoutPreemptively(BOUND, () -> {
            // Within the containers' 8 KiB header limit: JwtGate's own checks refuse it.
            String junk = "A".repeat(7_000);
            assertRefused(refused(app, () -> app.raw("/x", "Authorization: Bearer " + junk)), 401, "invalid_token");
            String dotted = "eyJhbGciOiJIUzI1NiJ9." + "A".repeat(6_000) + ".c2ln";
            assertRefused(refused(app, () -> app.raw("/x", "Authorization: Bearer " + dotted)), 401, "invalid_token");
            // Beyond them: whoever refuses, nothing is served.
            for (int size : new int[] {9_000, 20_000, 64_000}) {
                int before = app.invocations();
                HttpReply reply = app.raw("/x", "Authorization: Bearer " + "A".repeat(size));
                assertTrue(reply.status() >= 400, reply::toString);
                assertEquals(before, app.invocations());
            }
            int before = app.invocations();
            HttpReply longOther = app.raw("/x", "X-Long: " + "x".repeat(7_000));
            assertEquals(401, longOther.status(), longOther::toString);
            assertEquals(before, app.invocations());
        });
    }

    @Test
    void manyCookies_boundedTime() {
        StringBuilder cookies = new StringBuilder();
        // Under Tomcat's 200-cookie limit, so the filter, not the container, reads them all.
        for (int i = 0; i < 150; i++) {
            cookies.append("c").append(i).append("=v; ");
        }
        String valid = Tokens.hs256(secret).sign();
        assertTimeoutPreemptively(BOUND, () -> {
            assertEquals(401, refused(app, () -> app.raw("/x", "Cookie: " + cookies)).status());
            HttpReply reply = app.raw("/x", "Cookie: " + cookies + "at=" + valid);
            assertEquals(200, reply.status(), reply::toString);
            assertEquals("alice", reply.dump().get("remoteUser"));
            assertRefused(refused(app, () -> app.raw("/x", "Cookie: at=" + valid + "; " + cookies + "at=" + valid)),
                    400, "invalid_request");
        });
    }

    @Test
    void streamOfDistinctBadTokens_boundedTimeNothingCachedNothingServed() {
        Deployment fresh = server.deploy(server.hs256());
        try (fresh) {
            byte[] other = Keys.secret(32);
            int before = fresh.invocations();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 300; i++) {
                    String forged = Tokens.hs256(other).claim("jti", "flood-" + i).sign();
                    assertEquals(401, fresh.bearer("/x", forged).status());
                }
            });
            assertEquals(before, fresh.invocations());
            assertEquals(0, fresh.cachedTokens());
            assertEquals(300, fresh.verifications());
        }
    }
}
