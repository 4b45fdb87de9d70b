package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * The verified-token cache seen from outside: hits skip verification, entries die with the token
 * (exp + leeway) or at cacheMaxTtl on the filter's clock, cacheMaxSize=0 turns it off, and a new
 * token arriving on many connections at once is verified once. Each test deploys its own filter,
 * so counters start at zero.
 */
class CacheIT {

    private static final int THREADS = 64;

    @RegisterExtension
    static final CellServer server = new CellServer();

    private static Deployment deploy(String... params) {
        return server.deploy(server.hs256(params));
    }

    /** A token no earlier test has presented. */
    private static Tokens newToken() {
        return Tokens.hs256(server.secret()).claim("jti", UUID.randomUUID().toString());
    }

    private static void advance(long seconds) {
        TestBridge.advanceClock(Duration.ofSeconds(seconds));
    }

    private static void assertServed(Deployment app, String token) {
        HttpReply reply = app.bearer("/x", token);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
    }

    @Test
    void get_sameTokenTwice_secondIsCacheHit() {
        try (Deployment app = deploy()) {
            String token = newToken().sign();
            assertServed(app, token);
            assertServed(app, token);
            assertServed(app, token);
            assertEquals(1, app.verifications());
            assertEquals(1, app.cachedTokens());
        }
    }

    /** Issue 13, defect 3: every spelling of the scheme and its spaces is one entry, not one each. */
    @Test
    void get_oneTokenInManySpellings_verifiedOnceCachedOnce() {
        try (Deployment app = deploy()) {
            String token = newToken().sign();
            List<String> spellings = List.of("Bearer " + token, "bearer " + token, "BEARER " + token,
                    "bEaReR " + token, "Bearer  " + token, "Bearer     " + token, "bearer   " + token);
            for (String spelling : spellings) {
                HttpReply reply = app.raw("/x", "Authorization: " + spelling);
                assertEquals(200, reply.status(), reply::toString);
                assertEquals("alice", reply.dump().get("remoteUser"));
            }
            assertEquals(1, app.verifications());
            assertEquals(1, app.cachedTokens());
        }
    }

    @Test
    void get_twoTokens_eachVerifiedOnce() {
        try (Deployment app = deploy()) {
            String first = newToken().sign();
            String second = newToken().sign();
            assertServed(app, first);
            assertServed(app, second);
            assertServed(app, first);
            assertServed(app, second);
            assertEquals(2, app.verifications());
        }
    }

    @Test
    void get_cachedTokenPastExpPlusLeeway_401() {
        try (Deployment app = deploy("leeway", "30")) {
            String token = newToken().expiresAt(Tokens.NOW.plusSeconds(100)).sign();
            assertServed(app, token);
            advance(129);
            assertServed(app, token);
            assertEquals(1, app.verifications(), "still a cache hit inside exp + leeway");
            advance(1);
            assertRefused(refused(app, () -> app.bearer("/x", token)), 401, "invalid_token", token);
            assertEquals(0, app.cachedTokens());
        }
    }

    @Test
    void get_cachedTokenPastCacheMaxTtl_verifiedAgain() {
        try (Deployment app = deploy("cacheMaxTtl", "60")) {
            String token = newToken().sign();
            assertServed(app, token);
            advance(59);
            assertServed(app, token);
            assertEquals(1, app.verifications(), "a hit within cacheMaxTtl");
            advance(2);
            assertServed(app, token);
            assertEquals(2, app.verifications(), "re-verified after cacheMaxTtl");
            assertServed(app, token);
            assertEquals(2, app.verifications(), "cached again after re-verification");
        }
    }

    @Test
    void get_cacheMaxTtlOneSecond_verifiedAgainAfterOneSecond() {
        try (Deployment app = deploy("cacheMaxTtl", "1")) {
            String token = newToken().sign();
            assertServed(app, token);
            assertServed(app, token);
            assertEquals(1, app.verifications());
            advance(1);
            assertServed(app, token);
            assertEquals(2, app.verifications());
        }
    }

    @Test
    void get_cacheMaxSizeZero_everyRequestVerifies() {
        try (Deployment app = deploy("cacheMaxSize", "0")) {
            String token = newToken().sign();
            assertServed(app, token);
            assertServed(app, token);
            assertServed(app, token);
            assertEquals(3, app.verifications());
            assertEquals(0, app.cachedTokens());
        }
    }

    @Test
    void get_rejectedToken_notCached() {
        try (Deployment app = deploy()) {
            String forged = Tokens.hs256(Keys.secret(32)).claim("jti", UUID.randomUUID().toString()).sign();
            assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
            assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
            assertEquals(2, app.verifications());
            assertEquals(0, app.cachedTokens());
        }
    }

    @Test
    void get_cachedTokenMissingRole_stillForbiddenOnHit() {
        try (Deployment app = deploy("requiredRoles", "admin")) {
            String token = newToken().roles(List.of("user")).sign();
            assertRefused(refused(app, () -> app.bearer("/x", token)), 403, "insufficient_scope", token);
            assertRefused(refused(app, () -> app.bearer("/x", token)), 403, "insufficient_scope", token);
            assertEquals(1, app.verifications());
        }
    }

    /** ES512, the slowest verification offered, widens the window in which the requests overlap. */
    @Test
    void get_sameNewTokenOn64ConnectionsAtOnce_allServedAndVerifiedOnce() throws Exception {
        String pem = Keys.fileRef(server.dir(), "es512.pem", Keys.pem(Keys.ec521().getPublic()));
        try (Deployment app = server.deploy(WebXml.params("algorithms", "ES512", "publicKeys", pem))) {
            String token = Tokens.with("ES512", Keys.ec521().getPrivate())
                    .claim("jti", UUID.randomUUID().toString()).sign();
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<HttpReply>> replies = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    replies.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return app.bearer("/x", token);
                    }));
                }
                ready.await(30, TimeUnit.SECONDS);
                go.countDown();
                for (Future<HttpReply> future : replies) {
                    HttpReply reply = future.get(60, TimeUnit.SECONDS);
                    assertEquals(200, reply.status(), reply::toString);
                    assertEquals("alice", reply.dump().get("remoteUser"));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, app.verifications());
            assertEquals(THREADS, app.invocations());
        }
    }
}
