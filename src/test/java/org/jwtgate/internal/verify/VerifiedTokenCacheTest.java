package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.auth0.jwt.algorithms.Algorithm;

import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.VerificationKey;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;

/** The cache on a hand-moved clock: no sleeps, and maintenance runs on the calling thread. */
class VerifiedTokenCacheTest {

    private static final String TOKEN = "aGVhZGVy.cGF5bG9hZA.c2lnbmF0dXJl";
    private static final Duration MAX_TTL = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.atFixtureNow();
    private final long start = clock.millis();
    private final VerificationKey keyA = key("A");
    private final VerificationKey keyB = key("B");
    private final KeySet keysA = new KeySet(1, List.of(keyA));

    private static VerificationKey key(String name) {
        return new VerificationKey(null, "test key " + name, Map.of(JwtAlgorithm.HS256, Algorithm.HMAC256(Keys.secret(32))));
    }

    private static VerifiedToken verified(long acceptUntilMillis, VerificationKey key, KeySet keys) {
        JwtPrincipal principal = new JwtPrincipal("alice", Map.of(), Set.of(), Set.of(), null);
        return new VerifiedToken(AuthenticationResult.authenticated(principal), Map.of(), acceptUntilMillis, key,
                keys);
    }

    private VerifiedToken goodForAnHour() {
        return verified(start + Duration.ofHours(1).toMillis(), keyA, keysA);
    }

    private VerifiedTokenCache cache() {
        return new VerifiedTokenCache(100, MAX_TTL, clock);
    }

    /** Counts calls and answers with a fixed token. */
    private static final class CountingLoader implements VerifiedTokenCache.Loader {
        final AtomicInteger calls = new AtomicInteger();
        private final VerifiedToken answer;

        CountingLoader(VerifiedToken answer) {
            this.answer = answer;
        }

        @Override
        public VerifiedToken verify(String token, long nowMillis) {
            calls.incrementAndGet();
            return answer;
        }
    }

    private static VerifiedTokenCache.Loader rejecting(Reason reason, AtomicInteger calls) {
        return (token, now) -> {
            calls.incrementAndGet();
            throw new TokenRejection(reason);
        };
    }

    private VerifiedToken get(VerifiedTokenCache cache, String token, VerifiedTokenCache.Loader loader)
            throws Exception {
        return cache.get(token, clock.millis(), keysA, () -> keysA, loader);
    }

    // --- hits ---

    @Test
    void get_secondRequestForSameToken_sameResultWithoutLoader() throws Exception {
        VerifiedTokenCache cache = cache();
        CountingLoader loader = new CountingLoader(goodForAnHour());
        VerifiedToken first = get(cache, TOKEN, loader);
        VerifiedToken second = get(cache, TOKEN, loader);
        assertSame(first, second);
        assertEquals(1, loader.calls.get());
    }

    // --- what the eviction policy learns from hits ---

    /**
     * Hits are mostly read quietly; one a second per entry is shown to the eviction policy. A token
     * in use every second must therefore outlive a stream of tokens used once (25 times the cache's
     * size), while a token used once and never again gives way to them: the control that shows the
     * stream is large enough to evict.
     */
    @Test
    void get_tokenUsedEverySecond_outlivesFloodOfOneTimeTokens() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(200, MAX_TTL, clock);
        CountingLoader hot = new CountingLoader(goodForAnHour());
        CountingLoader once = new CountingLoader(goodForAnHour());
        get(cache, "hot", hot);
        get(cache, "once", once);
        CountingLoader flood = new CountingLoader(goodForAnHour());
        for (int second = 0; second < 20; second++) {
            for (int i = 0; i < 250; i++) {
                get(cache, "flood-" + second + "-" + i, flood);
                get(cache, "hot", hot);
            }
            clock.advance(Duration.ofMillis(VerifiedTokenCache.RECORD_INTERVAL_MILLIS));
        }
        cache.cleanUp();

        get(cache, "hot", hot);
        get(cache, "once", once);
        assertEquals(1, hot.calls.get(), "the token used every second was evicted");
        assertEquals(2, once.calls.get(), "the flood never evicted the token used once: the test proves nothing");
    }

    /** The throttle itself: the first hit is recorded, then one per interval of the injected clock. */
    @Test
    void get_hits_recordedOncePerInterval() throws Exception {
        VerifiedTokenCache cache = cache();
        VerifiedToken token = get(cache, TOKEN, new CountingLoader(goodForAnHour()));
        assertEquals(0, token.recordedAtMillis, "the miss itself is not a recorded hit");
        long first = clock.millis();
        get(cache, TOKEN, null);
        assertEquals(first, token.recordedAtMillis);
        clock.advance(Duration.ofMillis(VerifiedTokenCache.RECORD_INTERVAL_MILLIS - 1));
        get(cache, TOKEN, null);
        assertEquals(first, token.recordedAtMillis, "recorded again within the interval");
        clock.advance(Duration.ofMillis(1));
        get(cache, TOKEN, null);
        assertEquals(clock.millis(), token.recordedAtMillis);
    }

    /** A clock set back by an interval or more records again; one a moment behind does not. */
    @Test
    void get_clockSetBack_recordedAgainOnlyWhenAnIntervalAway() throws Exception {
        VerifiedTokenCache cache = cache();
        VerifiedToken token = get(cache, TOKEN, new CountingLoader(goodForAnHour()));
        clock.advance(Duration.ofSeconds(10));
        get(cache, TOKEN, null);
        long recorded = clock.millis();
        assertEquals(recorded, token.recordedAtMillis);
        clock.advance(Duration.ofMillis(-(VerifiedTokenCache.RECORD_INTERVAL_MILLIS - 1)));
        get(cache, TOKEN, null);
        assertEquals(recorded, token.recordedAtMillis, "a reading a moment older than the last recorded one");
        clock.advance(Duration.ofMillis(-1));
        get(cache, TOKEN, null);
        assertEquals(clock.millis(), token.recordedAtMillis);
    }

    /** Hits within one interval are served alike, quiet or recorded: none reaches the loader. */
    @Test
    void get_manyHitsInOneMillisecond_allServedFromCache() throws Exception {
        VerifiedTokenCache cache = cache();
        CountingLoader loader = new CountingLoader(goodForAnHour());
        VerifiedToken first = get(cache, TOKEN, loader);
        for (int i = 0; i < 1_000; i++) {
            assertSame(first, get(cache, TOKEN, loader));
        }
        assertEquals(1, loader.calls.get());
    }

    // --- lifetime ---

    @Test
    void get_justBeforeMaxTtl_servedFromCache() throws Exception {
        VerifiedTokenCache cache = cache();
        CountingLoader loader = new CountingLoader(goodForAnHour());
        get(cache, TOKEN, loader);
        clock.advance(MAX_TTL.minusMillis(1));
        get(cache, TOKEN, loader);
        assertEquals(1, loader.calls.get());
    }

    @Test
    void get_afterMaxTtl_verifiesAgain() throws Exception {
        VerifiedTokenCache cache = cache();
        CountingLoader loader = new CountingLoader(goodForAnHour());
        get(cache, TOKEN, loader);
        clock.advance(MAX_TTL.plusMillis(1));
        get(cache, TOKEN, loader);
        assertEquals(2, loader.calls.get());
    }

    @Test
    void get_justBeforeExpPlusLeewayShorterThanMaxTtl_servedFromCache() throws Exception {
        VerifiedTokenCache cache = cache();
        CountingLoader loader = new CountingLoader(verified(start + 10_000, keyA, keysA));
        get(cache, TOKEN, loader);
        clock.advance(Duration.ofMillis(9_999));
        get(cache, TOKEN, loader);
        assertEquals(1, loader.calls.get());
    }

    @Test
    void get_atExpPlusLeeway_expired() throws Exception {
        VerifiedTokenCache cache = cache();
        get(cache, TOKEN, new CountingLoader(verified(start + 10_000, keyA, keysA)));
        clock.advance(Duration.ofSeconds(10));
        AtomicInteger calls = new AtomicInteger();
        // A real verifier would refuse it as expired too: whichever path the cache takes, the answer is EXPIRED.
        TokenRejection rejection = assertThrows(TokenRejection.class,
                () -> get(cache, TOKEN, rejecting(Reason.EXPIRED, calls)));
        assertEquals(Reason.EXPIRED, rejection.reason());
    }

    @Test
    void get_requestTimePastExpPlusLeewayBeforeCacheClockEvicts_expired() throws Exception {
        VerifiedTokenCache cache = cache();
        get(cache, TOKEN, new CountingLoader(verified(start + 10_000, keyA, keysA)));
        // The cache's clock has not moved, so Caffeine still holds the entry; the request's reading has.
        AtomicInteger calls = new AtomicInteger();
        TokenRejection rejection = assertThrows(TokenRejection.class,
                () -> cache.get(TOKEN, start + 10_000, keysA, () -> keysA, rejecting(Reason.EXPIRED, calls)));
        assertEquals(Reason.EXPIRED, rejection.reason());
        TokenRejection later = assertThrows(TokenRejection.class,
                () -> cache.get(TOKEN, start + 3_600_000, keysA, () -> keysA, rejecting(Reason.EXPIRED, calls)));
        assertEquals(Reason.EXPIRED, later.reason());
    }

    @Test
    void get_alreadyExpiredWhenLoaded_notServedLater() throws Exception {
        VerifiedTokenCache cache = cache();
        // acceptUntil already behind the clock: the entry must not live at all
        get(cache, TOKEN, new CountingLoader(verified(start - 1, keyA, keysA)));
        AtomicInteger calls = new AtomicInteger();
        assertThrows(TokenRejection.class, () -> get(cache, TOKEN, rejecting(Reason.EXPIRED, calls)));
    }

    // --- rejections (a refused token is never cached: org.jwtgate.security.CacheAttackTest) ---

    @Test
    void get_keysUnavailable_notCached() throws Exception {
        VerifiedTokenCache cache = cache();
        assertThrows(KeysUnavailableException.class, () -> get(cache, TOKEN, (token, now) -> {
            throw new KeysUnavailableException("down", 5);
        }));
        CountingLoader loader = new CountingLoader(goodForAnHour());
        get(cache, TOKEN, loader);
        assertEquals(1, loader.calls.get());
    }

    @Test
    void get_loaderThrowsRuntimeException_propagatesAndNotCached() throws Exception {
        VerifiedTokenCache cache = cache();
        assertThrows(IllegalStateException.class, () -> get(cache, TOKEN, (token, now) -> {
            throw new IllegalStateException("boom");
        }));
        CountingLoader loader = new CountingLoader(goodForAnHour());
        get(cache, TOKEN, loader);
        assertEquals(1, loader.calls.get());
    }

    // --- keys ---

    @Test
    void get_verifyingKeyWithdrawn_verifiesAgain() throws Exception {
        VerifiedTokenCache cache = cache();
        get(cache, TOKEN, new CountingLoader(goodForAnHour()));
        KeySet rotated = new KeySet(2, List.of(keyB));
        CountingLoader loader = new CountingLoader(verified(start + 3_600_000, keyB, rotated));
        VerifiedToken again = cache.get(TOKEN, clock.millis(), rotated, () -> rotated, loader);
        assertEquals(1, loader.calls.get());
        assertSame(keyB, again.key());
    }

    @Test
    void get_waiterWhoseKeysChangedDuringVerification_verifiesUnderItsOwnKeys() throws Exception {
        VerifiedTokenCache cache = cache();
        KeySet rotated = new KeySet(2, List.of(keyB));
        CountDownLatch firstIsVerifying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        VerifiedTokenCache.Loader slowUnderOldKeys = (token, now) -> {
            firstIsVerifying.countDown();
            awaitUninterruptibly(release);
            return goodForAnHour();
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<VerifiedToken> first = pool.submit(
                    () -> cache.get(TOKEN, clock.millis(), keysA, () -> keysA, slowUnderOldKeys));
            assertTrue(firstIsVerifying.await(10, TimeUnit.SECONDS));
            CountingLoader underNewKeys = new CountingLoader(verified(start + 3_600_000, keyB, rotated));
            Future<VerifiedToken> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return cache.get(TOKEN, clock.millis(), rotated, () -> rotated, underNewKeys);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.countDown();
            assertSame(keyA, first.get(10, TimeUnit.SECONDS).key());
            assertSame(keyB, waiter.get(10, TimeUnit.SECONDS).key());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void get_verifyingKeyWithdrawnAndTokenNowBad_rejected() throws Exception {
        VerifiedTokenCache cache = cache();
        get(cache, TOKEN, new CountingLoader(goodForAnHour()));
        KeySet rotated = new KeySet(2, List.of(keyB));
        AtomicInteger calls = new AtomicInteger();
        TokenRejection rejection = assertThrows(TokenRejection.class,
                () -> cache.get(TOKEN, clock.millis(), rotated, () -> rotated, rejecting(Reason.BAD_SIGNATURE, calls)));
        assertEquals(Reason.BAD_SIGNATURE, rejection.reason());
        assertEquals(1, calls.get());
    }

    @Test
    void get_newGenerationStillHoldingVerifyingKey_servedFromCache() throws Exception {
        VerifiedTokenCache cache = cache();
        VerifiedToken first = get(cache, TOKEN, new CountingLoader(goodForAnHour()));
        KeySet extended = new KeySet(2, List.of(keyA, keyB));
        CountingLoader loader = new CountingLoader(goodForAnHour());
        assertSame(first, cache.get(TOKEN, clock.millis(), extended, () -> extended, loader));
        assertEquals(0, loader.calls.get());
    }

    // --- concurrency ---

    /** Waits at most 10 seconds, so a broken cache fails the test instead of hanging the build. */
    private static boolean awaitUninterruptibly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void get_sameNewTokenOn64ThreadsAtOnce_loaderCalledOnceAndAllShareResult() throws Exception {
        int threads = 64;
        VerifiedTokenCache cache = cache();
        VerifiedToken answer = goodForAnHour();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch calledGet = new CountDownLatch(threads);
        AtomicInteger loads = new AtomicInteger();
        VerifiedTokenCache.Loader slowLoader = (token, now) -> {
            loads.incrementAndGet();
            // Hold the verification open until every thread is on its way into get().
            if (!awaitUninterruptibly(calledGet)) {
                throw new IllegalStateException("not all threads arrived");
            }
            return answer;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<VerifiedToken>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    calledGet.countDown();
                    return cache.get(TOKEN, clock.millis(), keysA, () -> keysA, slowLoader);
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            for (Future<VerifiedToken> result : results) {
                assertSame(answer, result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, loads.get());
    }

    @Test
    void get_sameBadTokenOn16ThreadsAtOnce_everyThreadRejected() throws Exception {
        int threads = 16;
        VerifiedTokenCache cache = cache();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch calledGet = new CountDownLatch(threads);
        VerifiedTokenCache.Loader slowRejecting = (token, now) -> {
            awaitUninterruptibly(calledGet);
            throw new TokenRejection(Reason.BAD_SIGNATURE);
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Reason>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    calledGet.countDown();
                    try {
                        cache.get(TOKEN, clock.millis(), keysA, () -> keysA, slowRejecting);
                        return null;
                    } catch (TokenRejection e) {
                        return e.reason();
                    }
                }));
            }
            go.countDown();
            for (Future<Reason> result : results) {
                assertEquals(Reason.BAD_SIGNATURE, result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        cache.cleanUp();
        assertEquals(0, cache.size());
    }
}
