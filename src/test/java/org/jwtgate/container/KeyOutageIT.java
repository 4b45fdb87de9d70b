package org.jwtgate.container;

import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.assertUnavailable;
import static org.jwtgate.container.ErrorResponseAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * Key outages over real HTTP, from a real web.xml, on every container: an identity provider that
 * is down is a 503 even when a configured key of the same family sits next to it (never a 401 for
 * a bad signature), and a stalled identity provider cannot tie up the container's threads with
 * junk kids: they are all answered, with 503 and {@code Retry-After}, long before
 * {@code jwksTimeout}, while a token with a known kid is answered at once.
 */
class KeyOutageIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static KeyPair idpKey;
    static KeyPair configured;

    @BeforeAll
    static void keys() {
        idpKey = Keys.rsa();
        configured = Keys.newRsa(2048);
    }

    private static String idpToken(String kid) {
        Tokens token = Tokens.with("RS256", idpKey.getPrivate()).claim("jti", UUID.randomUUID().toString());
        return (kid == null ? token : token.keyId(kid)).sign();
    }

    @Test
    void get_unlabelledConfiguredKeyNextToJwksThatIsDown_identityProviderToken503NotBadSignature() {
        String pem = Keys.fileRef(server.dir(), "outage-configured.pem", Keys.pem(configured.getPublic()));
        try (JwkSetServer down = JwkSetServer.start().fail(500);
                Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "publicKeys", pem,
                        "jwksUri", down.uri().toString(), "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE))) {
            assertUnavailable(refused(app, () -> app.bearer("/x", idpToken("idp-2026"))));
            assertUnavailable(refused(app, () -> app.bearer("/x", idpToken(null))));
            HttpReply reply = app.bearer("/x", Tokens.with("RS256", configured.getPrivate()).sign());
            assertEquals(200, reply.status(), reply::toString);
            assertEquals("alice", reply.dump().get("remoteUser"));
        }
    }

    @Test
    void get_40RandomKidsWhileIdentityProviderStalls_all503WellWithinJwksTimeoutAndKnownKidAnswered()
            throws Exception {
        int jwksTimeoutSeconds = 10;
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try (JwkSetServer idp = JwkSetServer.start().serve(Jwks.set(Jwks.of("a", idpKey.getPublic())));
                Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "jwksUri", idp.uri().toString(),
                        "jwksMinRefreshInterval", "1", "jwksTimeout", Integer.toString(jwksTimeoutSeconds),
                        "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE))) {
            assertEquals(200, app.bearer("/x", idpToken("a")).status(), "the first fetch is in");
            CountDownLatch stalled = new CountDownLatch(1);
            String set = Jwks.set(Jwks.of("a", idpKey.getPublic()));
            idp.respond(exchange -> {
                stalled.countDown();
                idp.awaitRelease();
                JwkSetServer.send(exchange, 200, set);
            });
            TestBridge.advanceClock(Duration.ofSeconds(2)); // past jwksMinRefreshInterval: a new kid may fetch

            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpReply>> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String junk = Tokens.with("RS256", configured.getPrivate())
                        .keyId(UUID.randomUUID().toString()).sign();
                replies.add(clients.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return app.bearer("/x", junk);
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            assertTrue(stalled.await(10, TimeUnit.SECONDS), "a random kid started a fetch");
            HttpReply known = app.bearer("/x", idpToken("a"));
            assertEquals(200, known.status(), () -> "a known kid is answered while the fetch stalls: " + known);
            for (Future<HttpReply> reply : replies) {
                assertUnavailable(reply.get(jwksTimeoutSeconds, TimeUnit.SECONDS));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < TimeUnit.SECONDS.toMillis(jwksTimeoutSeconds) / 2,
                    "all 40 answered well within jwksTimeout, the fetch still stalled: " + millis + " ms");
            assertEquals(2, idp.hits(), "one fetch for 40 random kids");

            idp.release(); // the fetch completes, without any of those kids
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            HttpReply after;
            do {
                String junk = Tokens.with("RS256", configured.getPrivate()).keyId(UUID.randomUUID().toString()).sign();
                after = app.bearer("/x", junk);
            } while (after.status() == 503 && System.nanoTime() < deadline);
            assertRefused(after, 401, "invalid_token");
            assertEquals(2, idp.hits(), "within jwksMinRefreshInterval, no further fetch");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void get_requestsWhileFirstFetchStalls_all503WellWithinJwksTimeoutThenAccepted() throws Exception {
        int jwksTimeoutSeconds = 10;
        ExecutorService clients = Executors.newFixedThreadPool(40);
        CountDownLatch stalled = new CountDownLatch(1);
        String set = Jwks.set(Jwks.of("a", idpKey.getPublic()));
        try (JwkSetServer idp = JwkSetServer.start()) {
            idp.respond(exchange -> {
                stalled.countDown();
                idp.awaitRelease();
                JwkSetServer.send(exchange, 200, set);
            });
            try (Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "jwksUri", idp.uri().toString(),
                    "jwksTimeout", Integer.toString(jwksTimeoutSeconds), "issuer", Tokens.ISSUER,
                    "audience", Tokens.AUDIENCE))) {
                assertTrue(stalled.await(10, TimeUnit.SECONDS), "the first fetch starts at init");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpReply>> replies = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String token = idpToken("a");
                    replies.add(clients.submit(() -> {
                        go.await(10, TimeUnit.SECONDS);
                        return app.bearer("/x", token);
                    }));
                }
                long start = System.nanoTime();
                go.countDown();
                for (Future<HttpReply> reply : replies) {
                    assertUnavailable(reply.get(jwksTimeoutSeconds, TimeUnit.SECONDS));
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < TimeUnit.SECONDS.toMillis(jwksTimeoutSeconds) / 2,
                        "all 40 answered well within jwksTimeout, the first fetch still stalled: " + millis + " ms");

                idp.release();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                HttpReply after;
                do {
                    after = app.bearer("/x", idpToken("a"));
                } while (after.status() == 503 && System.nanoTime() < deadline);
                assertEquals(200, after.status(), after::toString);
                assertEquals(1, idp.hits(), "one first fetch, shared");
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
