package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.internal.keys.JwksFixture.MIN_REFRESH;
import static org.jwtgate.internal.keys.JwksFixture.REFRESH;
import static org.jwtgate.internal.keys.JwksFixture.accepted;
import static org.jwtgate.internal.keys.JwksFixture.fresh;
import static org.jwtgate.internal.keys.JwksFixture.gate;
import static org.jwtgate.internal.keys.JwksFixture.rs256;
import static org.jwtgate.internal.keys.JwksFixture.rsaA;
import static org.jwtgate.internal.keys.JwksFixture.rsaB;
import static org.jwtgate.internal.keys.JwksFixture.send;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.verify.Authenticator;
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
        CountDownLatch go = new CountDownLatch(1);
        AtomicReferenceArray<AuthenticationResult> results = new AtomicReferenceArray<>(tokens.size());
        List<Thread> workers = startedAndReady(tokens.size(), "request-", go,
                index -> results.set(index, send(gate, tokens.get(index))));
        try {
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

    /** {@code n} daemon threads, each parked on {@code go} (at most 10 s) before {@code work} on its index. */
    private static List<Thread> startedAndReady(int n, String name, CountDownLatch go, java.util.function.IntConsumer work)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(n);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                work.accept(index);
            }, name + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        return workers;
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
    void keysIncluding_sameNewKidOn32ThreadsAtOnce_oneFetchFewWaitOthers503ThenAllAccepted() throws Exception {
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
        // Only a few threads may wait for the fetch; the others are answered at once, and honestly:
        // while the fetch that could bring kid B runs, 503, never 401 (those that arrive after it
        // completed are simply accepted). How many wait is proven with a scripted fetch below.
        assertAll(
                () -> assertEquals(2, f.server.hits(), "one fetch for all 32 requests"),
                () -> assertEquals(THREADS, count(results, Kind.AUTHENTICATED) + count(results, Kind.UNAVAILABLE),
                        "accepted after waiting, or 503 at once; never a 401 for a kid being fetched: " + results));
        for (String token : distinctTokens(THREADS, "B")) {
            assertTrue(accepted(gate, token), "once the fetch is in, every token with the new kid is accepted");
        }
        assertEquals(2, f.server.hits());
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
        // 401 if the fetch came back within the request's short wait, else 503: never accepted.
        assertTrue(results.get(0).reason() == Reason.NO_MATCHING_KEY || results.get(0).kind() == Kind.UNAVAILABLE,
                results::toString);
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
                        // 503 only while the one fetch of the interval runs (see the bounded-waiting tests).
                        if (result.reason() != Reason.NO_MATCHING_KEY && result.kind() != Kind.UNAVAILABLE) {
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
    void keys_neverFetchedAnd16ThreadsAtOnce_fewShareTheFirstFetchOthers503AtOnce() throws Exception {
        holdFetchesThenServe(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        Authenticator gate = gate(settings, f.backgroundSource(settings));
        assertTrue(fetchArrived.await(5, TimeUnit.SECONDS), "the first fetch starts at construction");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tokens.add(fresh(rsaA(), "A"));
        }
        List<AuthenticationResult> results = sendAtOnce(gate, tokens, answerFetch::countDown);
        assertEquals(16, count(results, Kind.AUTHENTICATED) + count(results, Kind.UNAVAILABLE), results::toString);
        for (AuthenticationResult result : results) {
            assertTrue(result.kind() == Kind.AUTHENTICATED || result.retryAfterSeconds() == 1,
                    "a 503 while the fetch runs asks for a retry in a second: " + result.retryAfterSeconds());
        }
        for (String token : tokens) {
            assertTrue(accepted(gate, token));
        }
        assertEquals(1, f.server.hits());
    }

    // --- bounded waiting: junk kids and a stalled identity provider cannot tie up request threads ---

    /** Each request's answer and how long it took, from one release of many threads at once. */
    private static final class Batch {
        final AuthenticationResult[] results;
        final long[] millis;
        final long wholeMillis;

        private Batch(AuthenticationResult[] results, long[] millis, long wholeMillis) {
            this.results = results;
            this.millis = millis;
            this.wholeMillis = wholeMillis;
        }

        /**
         * Sends each token on its own thread, all released at once; runs {@code meanwhile} on this
         * thread as soon as {@code answeredBefore} of them are answered, then waits for the rest.
         */
        static Batch send(Authenticator gate, List<String> tokens, int answeredBefore, Runnable meanwhile)
                throws Exception {
            int n = tokens.size();
            AuthenticationResult[] results = new AuthenticationResult[n];
            long[] millis = new long[n];
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch answered = new CountDownLatch(answeredBefore);
            List<Thread> workers = startedAndReady(n, "junk-", go, index -> {
                long start = System.nanoTime();
                AuthenticationResult result = JwksFixture.send(gate, tokens.get(index));
                millis[index] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                results[index] = result;
                answered.countDown();
            });
            long start = System.nanoTime();
            go.countDown();
            assertTrue(answered.await(20, TimeUnit.SECONDS), "requests were answered");
            meanwhile.run();
            for (Thread worker : workers) {
                worker.join(20_000);
                assertTrue(!worker.isAlive(), worker.getName() + " still waiting");
            }
            return new Batch(results, millis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        long count(Kind kind) {
            return java.util.Arrays.stream(results).filter(r -> r.kind() == kind).count();
        }

        /** Requests that took at least the wait a request may spend on a fetch: those that waited. */
        long waited() {
            return java.util.Arrays.stream(millis).filter(m -> m >= JwksKeySource.MAX_REQUEST_WAIT_MILLIS).count();
        }

        @Override
        public String toString() {
            return java.util.Arrays.toString(results) + " in " + java.util.Arrays.toString(millis) + " ms";
        }
    }

    private static List<String> randomKids(int n) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(fresh(JwksFixture.attacker(), java.util.UUID.randomUUID().toString()));
        }
        return tokens;
    }

    @Test
    void keysIncluding_40RandomKidsAgainstStalledFetch_atMostFourWaitAll503WellWithinTimeoutKnownKidAtOnce()
            throws Exception {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        JwksFixture.ScriptedExecutor fetches = new JwksFixture.ScriptedExecutor();
        Authenticator gate = gate(settings, f.source(settings, fetches));
        fetches.runAll(); // the first fetch: kid A in hand
        f.clock.advance(MIN_REFRESH);
        int waiting = JwksKeySource.MAX_WAITING_REQUESTS;
        long[] knownMillis = new long[1];
        Batch batch = Batch.send(gate, randomKids(40), 40 - waiting, () -> {
            // The kid-driven fetch is still stalled (never run) and up to four requests wait for it.
            assertEquals(1, fetches.pending(), "one fetch for 40 random kids");
            long start = System.nanoTime();
            assertTrue(accepted(gate, fresh(rsaA(), "A")), "a known kid is answered while the fetch stalls");
            knownMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
        assertAll(
                () -> assertEquals(40, batch.count(Kind.UNAVAILABLE),
                        "the fetch that could bring the kids is still running: 503, not 401: " + batch),
                () -> assertTrue(java.util.Arrays.stream(batch.results).allMatch(r -> r.retryAfterSeconds() == 1),
                        batch::toString),
                () -> assertTrue(batch.waited() <= waiting, "at most four requests waited: " + batch),
                () -> assertTrue(batch.wholeMillis < settings.jwksTimeout().toMillis(),
                        "the whole batch is answered well within jwksTimeout: " + batch.wholeMillis + " ms"),
                () -> assertTrue(knownMillis[0] < JwksKeySource.MAX_REQUEST_WAIT_MILLIS,
                        "the known kid did not wait: " + knownMillis[0] + " ms"),
                () -> assertEquals(1, f.server.hits(), "the stalled fetch never reached the server"));

        fetches.runAll(); // the fetch completes, without any of those kids
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, randomKids(1).get(0)).reason(),
                "once the fetch has completed without the kid: 401");
        assertEquals(0, fetches.pending(), "and within jwksMinRefreshInterval no further fetch");
    }

    @Test
    void keys_40RequestsWhileFirstFetchStalls_atMostFourWaitAll503WellWithinTimeoutThenAccepted() throws Exception {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic())));
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        JwksFixture.ScriptedExecutor fetches = new JwksFixture.ScriptedExecutor();
        Authenticator gate = gate(settings, f.source(settings, fetches));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add(fresh(rsaA(), "A"));
        }
        Batch batch = Batch.send(gate, tokens, 40 - JwksKeySource.MAX_WAITING_REQUESTS,
                () -> assertEquals(1, fetches.pending(), "the first fetch is still stalled"));
        assertAll(
                () -> assertEquals(40, batch.count(Kind.UNAVAILABLE), batch::toString),
                () -> assertTrue(batch.waited() <= JwksKeySource.MAX_WAITING_REQUESTS, "at most four waited: " + batch),
                () -> assertTrue(batch.wholeMillis < settings.jwksTimeout().toMillis(),
                        "the whole batch is answered well within jwksTimeout: " + batch.wholeMillis + " ms"));
        fetches.runAll();
        for (String token : tokens) {
            assertTrue(accepted(gate, token), "once the first fetch is in, the same tokens are accepted");
        }
    }

    /**
     * Two requests bring a kid the provider has just published, within nanoseconds of each other
     * (both threads spin rather than park), 3,000 times over. One of them fetches (on its own
     * thread here, so the fetch is quick); the other must join that fetch or read the set it
     * brought, or at worst be told to retry (503). A request that found no fetch running, then
     * found the attempt already taken by the other, used to answer from the set it had read first:
     * a 401 for a key the provider did publish, seen once in a container test. Without the second
     * look this test counted 79 to 124 such refusals in a run; {@code -Drace.rounds} changes the count.
     */
    @Test
    void keysIncluding_newKidOnTwoThreadsAtOnceManyTimes_neitherIsEverRefusedIt() throws Exception {
        int rounds = Integer.getInteger("race.rounds", 3_000);
        AtomicInteger published = new AtomicInteger();
        JwksKeySource.Transport transport = () -> new JwksKeySource.Fetched(
                Jwks.set(Jwks.of("k" + published.get(), rsaA().getPublic())).getBytes(StandardCharsets.UTF_8), -1);
        JwksKeySource source = f.scriptedSource(f.settings().build(), transport);
        AtomicInteger go = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread other = new Thread(() -> {
            for (int round = 1; round <= rounds; round++) {
                int now;
                while ((now = go.get()) >= 0 && now < round) {
                    Thread.onSpinWait();
                }
                if (now < 0) {
                    return; // the test has ended early
                }
                refused.addAndGet(refusedTheNewKid(source, round));
                done.set(round);
            }
        }, "request-2");
        other.setDaemon(true);
        other.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (int round = 1; round <= rounds; round++) {
                published.set(round);
                f.clock.advance(MIN_REFRESH); // each round's new kid may fetch
                go.set(round); // both threads spin, so they ask within nanoseconds of each other
                refused.addAndGet(refusedTheNewKid(source, round));
                while (done.get() < round) {
                    assertTrue(System.nanoTime() < deadline, "the other request thread stopped");
                    Thread.onSpinWait();
                }
            }
        } finally {
            go.set(Integer.MIN_VALUE); // never left spinning, whatever happened here
        }
        assertEquals(0, refused.get(), "requests refused a kid the fetch beside them brought, of " + 2 * rounds);
    }

    /** 1 when the set this request gets lacks round's kid (a 401 to come); 0 when it has it, or says retry (503). */
    private static int refusedTheNewKid(JwksKeySource source, int round) {
        String kid = "k" + round;
        try {
            return source.keysIncluding(kid).candidates(JwtAlgorithm.RS256, kid).isEmpty() ? 1 : 0;
        } catch (KeysUnavailableException e) {
            return 0;
        }
    }
}
