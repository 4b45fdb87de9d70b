package org.jwtgate.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.internal.JwksFixture.MIN_REFRESH;
import static org.jwtgate.internal.JwksFixture.REFRESH;
import static org.jwtgate.internal.JwksFixture.accepted;
import static org.jwtgate.internal.JwksFixture.fresh;
import static org.jwtgate.internal.JwksFixture.gate;
import static org.jwtgate.internal.JwksFixture.rs256;
import static org.jwtgate.internal.JwksFixture.rsaA;
import static org.jwtgate.internal.JwksFixture.rsaB;
import static org.jwtgate.internal.JwksFixture.send;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * The JWK Set source under many threads released at once, with its own fetch thread as in
 * production. The server holds each fetch open until every request thread is either parked (waiting
 * for something) or finished, so "all requests shared one fetch" is checked at the worst moment, not
 * by luck of timing. Everything waits at most seconds: a broken source fails, it never hangs.
 */
class JwksKeySourceConcurrencyTest {

    private static final int THREADS = 32;

    private final JwksFixture f = new JwksFixture();
    private final CountDownLatch fetchArrived = new CountDownLatch(1);
    private final CountDownLatch answerFetch = new CountDownLatch(1);

    @AfterEach
    void close() {
        answerFetch.countDown();
        f.close();
    }

    /** From now on the JWK Set request waits until the test calls {@code answerFetch}, then serves {@code json}. */
    private void holdFetchesThenServe(String json) {
        f.server.respond(exchange -> {
            fetchArrived.countDown();
            try {
                answerFetch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            JwkSetServer.send(exchange, 200, json);
        });
    }

    /** Sends each token on its own thread, all released at once; runs {@code meanwhile} once all are parked or done. */
    private List<AuthenticationResult> sendAtOnce(Authenticator gate, List<String> tokens, Runnable meanwhile)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(tokens.size());
        CountDownLatch go = new CountDownLatch(1);
        AtomicReferenceArray<AuthenticationResult> results = new AtomicReferenceArray<>(tokens.size());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            int index = i;
            Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                results.set(index, send(gate, tokens.get(index)));
            }, "request-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            awaitParkedOrDone(workers);
            meanwhile.run();
            for (Thread worker : workers) {
                worker.join(10_000);
                assertTrue(!worker.isAlive(), worker.getName() + " still running");
            }
        } finally {
            answerFetch.countDown();
            for (Thread worker : workers) {
                worker.interrupt();
            }
        }
        List<AuthenticationResult> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            out.add(results.get(i));
        }
        return out;
    }

    /** Until every worker waits on something or has finished; at most 5 seconds. */
    private static void awaitParkedOrDone(List<Thread> workers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean settled = true;
            for (Thread worker : workers) {
                Thread.State state = worker.getState();
                if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING
                        && state != Thread.State.TERMINATED) {
                    settled = false;
                    break;
                }
            }
            if (settled) {
                return;
            }
            Thread.yield();
        }
    }

    private static long count(List<AuthenticationResult> results, Kind kind) {
        return results.stream().filter(r -> r != null && r.kind() == kind).count();
    }

    private static List<String> distinctTokens(int n, String kid) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(Tokens.with("RS256", rsaB().getPrivate()).keyId(kid).claim("jti", "t" + i).sign());
        }
        return tokens;
    }

    private Authenticator started(JwtGateSettings settings) throws Exception {
        JwksKeySource source = f.backgroundSource(settings);
        source.keys(); // the first fetch, done before the test proper
        return gate(settings, source);
    }

    @Test
    void keysIncluding_sameNewKidOn32ThreadsAtOnce_oneFetchAndAllAccepted() throws Exception {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = started(settings);
        f.clock.advance(MIN_REFRESH);
        holdFetchesThenServe(Jwks.set(Jwks.of("A", rsaA().getPublic()), Jwks.of("B", rsaB().getPublic())));
        // Distinct tokens, so the verified-token cache cannot coalesce them: the key source must.
        List<AuthenticationResult> results = sendAtOnce(gate, distinctTokens(THREADS, "B"), () -> {
            try {
                assertTrue(fetchArrived.await(5, TimeUnit.SECONDS), "the new kid started a fetch");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answerFetch.countDown();
        });
        assertAll(
                () -> assertEquals(2, f.server.hits(), "one fetch for all 32 requests"),
                () -> assertEquals(THREADS, count(results, Kind.AUTHENTICATED),
                        "every request with the new kid shares the one fetch and is accepted: " + results));
    }

    @Test
    void authenticate_sameNewTokenOn32ThreadsAtOnce_oneVerificationOneFetch() throws Exception {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = started(settings);
        f.clock.advance(MIN_REFRESH);
        holdFetchesThenServe(Jwks.set(Jwks.of("A", rsaA().getPublic()), Jwks.of("B", rsaB().getPublic())));
        String token = rs256(rsaB(), "B");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tokens.add(token);
        }
        List<AuthenticationResult> results = sendAtOnce(gate, tokens, answerFetch::countDown);
        assertEquals(THREADS, count(results, Kind.AUTHENTICATED));
        assertEquals(2, f.server.hits());
        // VerifiedTokenCache promises one verification for the same new token on many threads. The
        // waiters hold the KeySet they read before the fetch, which lacks B, so each re-verifies.
        assertEquals(1, gate.verifications(), "the cache's single flight survives a key set change");
    }

    @Test
    void keysIncluding_newKidWhileRefreshInFlight_sharesThatFetchAndIsAccepted() throws Exception {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = started(settings);
        holdFetchesThenServe(Jwks.set(Jwks.of("A", rsaA().getPublic()), Jwks.of("B", rsaB().getPublic())));
        f.clock.advance(REFRESH);
        assertTrue(accepted(gate, rs256(rsaA(), "A")), "starts the background refresh, answered at once");
        assertTrue(fetchArrived.await(5, TimeUnit.SECONDS));
        List<AuthenticationResult> results = sendAtOnce(gate, distinctTokens(4, "B"), answerFetch::countDown);
        assertAll(
                () -> assertEquals(2, f.server.hits(), "no second fetch while one is in flight"),
                () -> assertEquals(4, count(results, Kind.AUTHENTICATED),
                        "a kid the in-flight fetch brings is accepted, not refused for lack of a fetch: " + results));
    }

    @Test
    void keysIncluding_unknownKidFetchStalled_knownKidsAnsweredWithoutWaiting() throws Exception {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        Authenticator gate = started(settings);
        f.clock.advance(MIN_REFRESH);
        holdFetchesThenServe(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            known.add(fresh(rsaA(), "A"));
        }
        List<AuthenticationResult> results = sendAtOnce(gate, List.of(fresh(rsaB(), "unknown")), () -> {
            try {
                assertTrue(fetchArrived.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (String token : known) {
                assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(1), () -> accepted(gate, token)),
                        "a known kid never waits behind an unknown one's fetch");
            }
            answerFetch.countDown();
        });
        assertEquals(Reason.NO_MATCHING_KEY, results.get(0).reason());
        assertEquals(2, f.server.hits());
    }

    @Test
    void keysIncluding_floodOfRandomKidsOn8Threads_atMostOneFetchAndKnownKidsAccepted() throws Exception {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic()), Jwks.of("E", Keys.ec256().getPublic())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = started(settings);
        f.clock.advance(MIN_REFRESH);
        String[] template = rs256(rsaA(), "A").split("\\.");
        int threads = 8;
        int perThread = 250;
        List<Thread> workers = new ArrayList<>();
        AtomicReferenceArray<String> failures = new AtomicReferenceArray<>(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    go.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        String forged = Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"" + java.util.UUID.randomUUID() + "\"}")
                                + "." + template[1] + "." + template[2];
                        AuthenticationResult result = send(gate, forged);
                        if (result.reason() != Reason.NO_MATCHING_KEY) {
                            failures.set(index, "random kid answered " + result);
                            return;
                        }
                        if (i % 25 == 0 && !accepted(gate, Tokens.with("ES256", Keys.ec256().getPrivate())
                                .keyId("E").claim("jti", index + "-" + i).sign())) {
                            failures.set(index, "known kid refused during the flood");
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    failures.set(index, "interrupted");
                }
            }, "flood-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join(20_000);
            assertTrue(!worker.isAlive(), "the flood is answered quickly");
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(null, failures.get(t));
        }
        assertTrue(f.server.hits() <= 2, "2000 random kids in one interval cost at most one fetch: " + f.server.hits());
    }

    @Test
    void keys_neverFetchedAnd16ThreadsAtOnce_allShareTheFirstFetch() throws Exception {
        holdFetchesThenServe(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        Authenticator gate = gate(settings, f.backgroundSource(settings));
        assertTrue(fetchArrived.await(5, TimeUnit.SECONDS), "the first fetch starts at construction");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tokens.add(fresh(rsaA(), "A"));
        }
        List<AuthenticationResult> results = sendAtOnce(gate, tokens, answerFetch::countDown);
        assertEquals(16, count(results, Kind.AUTHENTICATED), results.toString());
        assertEquals(1, f.server.hits());
    }
}
