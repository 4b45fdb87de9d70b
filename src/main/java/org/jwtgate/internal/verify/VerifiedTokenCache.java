package org.jwtgate.internal.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeysUnavailableException;

/**
 * Verified tokens, keyed by the whole token, so a repeat request skips the signature check.
 * <ul>
 * <li>Only verified tokens are kept; a rejected token is never cached.</li>
 * <li>An entry lives until the earlier of {@code exp} + leeway and {@code cacheMaxTtl}, on the
 * injected clock, and every hit re-checks {@code exp} and that the verifying key is still in
 * force, so an entry never outlives its token or its key.</li>
 * <li>The same new token arriving on many threads at once is verified once: the first thread
 * verifies, the others wait for its answer, outside any lock that another token could need.</li>
 * <li>Bounded by {@code cacheMaxSize}; maintenance runs on the calling thread (no hand-off to the
 * common pool, which costs more than an HS256 verification on two cores).</li>
 * </ul>
 * One instance per filter: nothing is static.
 *
 * <p>Thread-safe.
 */
public final class VerifiedTokenCache {

    /** Verifies a token that is not in the cache. */
    @FunctionalInterface
    public interface Loader {
        VerifiedToken verify(String token) throws TokenRejection, KeysUnavailableException;
    }

    /** Verifies a token that is not in the cache, at the request's one reading of the clock. */
    @FunctionalInterface
    public interface TimedLoader {
        VerifiedToken verify(String text, long nowMillis) throws TokenRejection, KeysUnavailableException;
    }

    /** The keys in force now. */
    @FunctionalInterface
    public interface CurrentKeys {
        KeySet get() throws KeysUnavailableException;
    }

    private final AsyncCache<CacheKey, VerifiedToken> cache;
    private final ConcurrentMap<CacheKey, CompletableFuture<VerifiedToken>> map;
    private final int seed = new java.security.SecureRandom().nextInt();
    private final StatsCounter stats;
    private final Policy<CacheKey, VerifiedToken> quietly;
    /** At most one recorded read per entry in this many milliseconds of the injected clock. */
    static final long RECORD_INTERVAL_MILLIS = 1000;

    public VerifiedTokenCache(long maximumSize, Duration maxTtl, Clock clock) {
        this(maximumSize, maxTtl, clock, StatsCounter.disabledStatsCounter());
    }

    /**
     * @param stats counts hits and misses (recorded here) and evictions (recorded by Caffeine);
     *              a hit costs one increment
     */
    public VerifiedTokenCache(long maximumSize, Duration maxTtl, Clock clock, StatsCounter stats) {
        long maxTtlNanos = maxTtl.toNanos();
        this.stats = stats;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .recordStats(() -> stats)
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<CacheKey, VerifiedToken>() {
                    @Override
                    public long expireAfterCreate(CacheKey token, VerifiedToken verified, long currentTime) {
                        long untilExpiry = TimeUnit.MILLISECONDS.toNanos(verified.acceptUntilMillis())
                                - currentTime;
                        return Math.max(0, Math.min(maxTtlNanos, untilExpiry));
                    }

                    @Override
                    public long expireAfterUpdate(CacheKey token, VerifiedToken verified, long currentTime,
                            long currentDuration) {
                        return expireAfterCreate(token, verified, currentTime);
                    }

                    @Override
                    public long expireAfterRead(CacheKey token, VerifiedToken verified, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                .buildAsync();
        this.map = cache.asMap();
        this.quietly = cache.synchronous().policy();
    }

    /**
     * The verified token, from the cache when it is there and still valid at {@code nowMillis} under
     * {@code keys}, otherwise from {@code loader} (once, however many threads ask at the same time).
     */
    public VerifiedToken get(String token, long nowMillis, CurrentKeys currentKeys, Loader loader)
            throws TokenRejection, KeysUnavailableException {
        return get(new CacheKey(token, seed), nowMillis, currentKeys, (text, now) -> loader.verify(text));
    }

    /** The key for this text in this cache (the seed is the cache's own). */
    CacheKey key(String text) {
        return new CacheKey(text, seed);
    }

    /**
     * As {@link #get(String, long, CurrentKeys, Loader)}, for a key made by {@link #key}; the
     * loader is given the key's text and the request's time (so callers can pass loaders made once,
     * and a hit allocates nothing for them).
     */
    VerifiedToken get(CacheKey token, long nowMillis, CurrentKeys currentKeys, TimedLoader loader)
            throws TokenRejection, KeysUnavailableException {
        KeySet keys = currentKeys.get();
        VerifiedToken quiet = quietHit(token, nowMillis, keys);
        if (quiet != null) {
            return quiet;
        }
        CompletableFuture<VerifiedToken> cached = map.get(token);
        if (cached != null && cached.isDone()) {
            VerifiedToken verified = cached.getNow(null);
            if (verified != null) {
                if (verified.isValid(nowMillis, keys)) {
                    return hit(verified);
                }
                if (nowMillis < verified.acceptUntilMillis()) {
                    // The keys may have changed between reading them and this lookup: ask once more
                    // before throwing a good entry away.
                    KeySet fresh = currentKeys.get();
                    if (fresh != keys && verified.isValid(nowMillis, fresh)) {
                        return hit(verified);
                    }
                }
                map.remove(token, cached);
                if (nowMillis >= verified.acceptUntilMillis()) {
                    throw expiredHit();
                }
                // its key was withdrawn: verify again against the keys in force now
            }
        }
        CompletableFuture<VerifiedToken> mine = new CompletableFuture<>();
        CompletableFuture<VerifiedToken> prior = map.putIfAbsent(token, mine);
        if (prior != null) {
            VerifiedToken verified = prior.join();
            if (verified == null) {
                // The first thread refused it (or failed): decide for ourselves; nothing is cached.
                return miss(loader, token, nowMillis);
            }
            if (nowMillis >= verified.acceptUntilMillis()) {
                throw expiredHit();
            }
            // The first thread may have brought new keys (an unknown kid fetched): judge the shared
            // answer by the keys in force now, not by those read before waiting.
            return verified.isValid(nowMillis, currentKeys.get()) ? hit(verified) : miss(loader, token, nowMillis);
        }
        try {
            VerifiedToken verified = miss(loader, token, nowMillis);
            mine.complete(verified);
            return verified;
        } finally {
            // A refusal completes with null rather than exceptionally: Caffeine drops the entry
            // silently instead of logging a warning per bad token, and waiters verify for themselves.
            mine.complete(null);
        }
    }

    // hit, expiredHit and miss keep get() small as well as counted: below HotSpot's FreqInlineSize
    // (325 bytecodes), get() is inlined into the request path and its CacheKey is never allocated.

    /**
     * Most hits read the entry quietly, leaving Caffeine's bookkeeping out: with per-entry expiry,
     * every recorded read writes the entry's access time and has the maintenance pass re-file it in
     * the timer wheel, writes that two cores serving the same token then pass back and forth (two
     * threads gave about 1.05x one thread's throughput; recording one read in 16 at random, 1.35x
     * to 1.7x). A read is recorded when the entry's last recorded read is at least
     * {@value #RECORD_INTERVAL_MILLIS} ms away from now, so the eviction policy learns in how many
     * seconds a token was used: every use of a token used less often than that, and one a second of
     * a hot one (Caffeine's 4-bit frequency counters cap a hot token's count at 15 either way). A
     * distance in either direction counts, so a clock set back records again, while a thread whose
     * reading is a little older than another's does not. The entry is judged exactly as on a
     * recorded read; anything but a valid entry ({@code null} here) takes the full path.
     */
    private VerifiedToken quietHit(CacheKey token, long nowMillis, KeySet keys) {
        VerifiedToken verified = quietly.getIfPresentQuietly(token);
        if (verified == null || !verified.isValid(nowMillis, keys)) {
            return null;
        }
        long recordedAt = verified.recordedAtMillis;
        if (Math.abs(nowMillis - recordedAt) >= RECORD_INTERVAL_MILLIS) {
            verified.recordedAtMillis = nowMillis;
            return null;
        }
        return hit(verified);
    }

    /** A valid entry, answered without verifying. */
    private VerifiedToken hit(VerifiedToken verified) {
        stats.recordHits(1);
        return verified;
    }

    /** An entry whose token has expired: answered without verifying, a refusal. */
    private TokenRejection expiredHit() {
        stats.recordHits(1);
        return new TokenRejection(Reason.EXPIRED);
    }

    /** No usable entry: the token is verified (once per request that gets here). */
    private VerifiedToken miss(TimedLoader loader, CacheKey token, long nowMillis)
            throws TokenRejection, KeysUnavailableException {
        stats.recordMisses(1);
        return loader.verify(token.text(), nowMillis);
    }

    /** Entries currently held (approximate). */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    /** Runs pending maintenance now; for tests that count entries. */
    public void cleanUp() {
        cache.synchronous().cleanUp();
    }
}
