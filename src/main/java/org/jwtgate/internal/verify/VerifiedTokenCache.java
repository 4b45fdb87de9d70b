package org.jwtgate.internal.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
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
 * verifies, the others wait for its answer, outside any lock that another token could need. The
 * tokens being verified are kept apart from the cache, in a small map of their own, so that a
 * miss writes the cache once, with its answer (issue 19: an {@code AsyncCache} holding the
 * pending future wrote every miss twice, the future and then its completion, each write with a
 * maintenance pass, about 11% of an HS256 miss; a refused token wrote and removed an entry).</li>
 * <li>Bounded by {@code cacheMaxSize}; maintenance runs on the calling thread (no hand-off to the
 * common pool, which costs more than an HS256 verification on two cores).</li>
 * </ul>
 * One instance per filter: nothing is static.
 *
 * <h2>The hit path: measured invariants</h2>
 * A cache hit is the request JwtGate serves most, and its cost is the filter's overhead. These
 * hold today, each guarded by a JMH benchmark in {@code src/jmh} ({@code mvn -Pbench verify},
 * figures in BENCHMARKS.md); a change here is measured with them before and after.
 * <ol>
 * <li><b>One entry point, within the inlining budget.</b> {@link #get} is the cache's only lookup.
 * A hit is answered by {@code quietHit}, which makes its own {@link CacheKey}: Caffeine's lookup is
 * inlined into it (it is compiled as one unit), so the key never reaches the heap even when
 * HotSpot compiles {@code quietHit} on its own before its callers (a {@code CacheKey} made by the
 * caller escaped then, about one run in two under load). {@code get} stays under
 * {@code FreqInlineSize} (325 bytes of bytecode; 145 now, {@code javap -c}) so that it inlines
 * into the request path; its rare branches live in {@code hit}, {@code expiredHit}, {@code miss},
 * {@code verifyOnce} and {@code validUnderFresherKeys}. The price: a request past the quiet read (a miss, or the
 * once-a-second recorded read) hashes the key's last 24 characters a second time. Guarded by
 * {@code filterHitRs256} (time, and bytes per operation from the GC profiler).</li>
 * <li><b>The header neither copied nor hashed whole.</b> The key is the {@code Authorization}
 * value exactly as the container gave it; {@link CacheKey} hashes its length and last 24
 * characters with a per-cache seed. A naive cache keyed by {@code header.substring(7)} pays a copy
 * and a 900-character hash per request: {@code naiveCaffeineLookup} measures what this saves.</li>
 * <li><b>Quiet reads.</b> {@code quietHit} reads an entry without Caffeine's bookkeeping and shows
 * one read per entry a second to the eviction policy, so threads serving the same token do not
 * pass the entry's cache line back and forth. Guarded by {@code filterHitRs256Threads2} (two
 * threads, one filter: the throughput scaling).</li>
 * <li><b>Nothing allocated here on a hit.</b> The keys and the clock are read once by the caller
 * and passed in, the loader is made once, the key is scalar-replaced (above), and the entry's
 * prebuilt {@link Decision} is the answer: the only object JwtGate allocates for a hit is the
 * request wrapper (32 bytes with compressed references). {@code filterHitRs256} measured 72 bytes
 * per operation before issue 14, the harness's header enumeration included; guarded by it with
 * the GC profiler.</li>
 * <li><b>The clock read once.</b> A reading costs about 35 ns on the machines measured, more than a
 * tenth of a hit, and a hit used to take three: the request's own, the key source's (is a reload
 * due?) and Caffeine's ticker (has the entry expired?). The key sources are given the request's
 * reading ({@code KeySource.keys(long)}), and the ticker is {@code requestMillis}, the latest
 * request's reading, which a request writes only when its own differs (once a millisecond on a busy
 * filter). Acceptance never depends on the ticker: {@code exp}, the key and revocation are judged at
 * the request's own reading; the ticker only drops expired entries and bounds an entry by
 * {@code cacheMaxTtl}, at a time a request has just read. Guarded by {@code filterHitRs256}.</li>
 * </ol>
 *
 * <p>Thread-safe.
 */
final class VerifiedTokenCache {

    /** Verifies a token that is not in the cache, at the request's one reading of the clock. */
    @FunctionalInterface
    public interface Loader {
        VerifiedToken verify(String text, long nowMillis) throws TokenRejection, KeysUnavailableException;
    }

    /** The keys in force now: read again only when an entry or a waited-for answer fails the first reading. */
    @FunctionalInterface
    public interface CurrentKeys {
        KeySet get() throws KeysUnavailableException;
    }

    private final Cache<CacheKey, VerifiedToken> cache;
    /** The cache's entries; its reads are shown to the eviction policy, without counting a hit or a miss. */
    private final ConcurrentMap<CacheKey, VerifiedToken> map;
    /** The tokens being verified now, each by the thread that put it here; the others wait for its answer. */
    private final ConcurrentMap<CacheKey, CompletableFuture<VerifiedToken>> verifying = new ConcurrentHashMap<>();
    private final int seed = new java.security.SecureRandom().nextInt();
    private final StatsCounter stats;
    private final Policy<CacheKey, VerifiedToken> quietly;
    private final Clock clock;
    /**
     * The cache's ticker: the latest request's reading of the clock, so that a lookup does not read
     * the clock a second time (invariant 5). Written by a request only when its reading differs.
     */
    private volatile long requestMillis;
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
        this.clock = clock;
        this.requestMillis = clock.millis();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .recordStats(() -> stats)
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(requestMillis))
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
                .build();
        this.map = cache.asMap();
        this.quietly = cache.policy();
    }

    /**
     * The verified token for {@code text}, from the cache when it is there and still valid at
     * {@code nowMillis} under {@code keys}, otherwise from {@code loader} (once, however many threads
     * ask at the same time). The one lookup of this cache: see the invariants above.
     *
     * @param text      the exact text the token arrived in (the key; the loader is given it back)
     * @param nowMillis the request's one reading of the clock
     * @param keys      the keys in force, as the request read them once; {@code null} with several
     *                  issuers, whose entries are each judged by their own issuer's keys
     * @param current   reads the keys again, for the rare entry that fails {@code keys}
     * @param loader    verifies on a miss; made once by the caller, so a hit allocates nothing for it
     */
    public VerifiedToken get(String text, long nowMillis, KeySet keys, CurrentKeys current, Loader loader)
            throws TokenRejection, KeysUnavailableException {
        if (nowMillis != requestMillis) {
            requestMillis = nowMillis;
        }
        VerifiedToken quiet = quietHit(text, nowMillis, keys);
        if (quiet != null) {
            return quiet;
        }
        CacheKey token = new CacheKey(text, seed);
        VerifiedToken verified = map.get(token);
        if (verified != null) {
            if (verified.isValid(nowMillis, verified.keysFor(keys, nowMillis))
                    || validUnderFresherKeys(verified, nowMillis, keys, current)) {
                return hit(verified);
            }
            map.remove(token, verified);
            if (nowMillis >= verified.acceptUntilMillis()) {
                throw expiredHit();
            }
            // its key was withdrawn: verify again against the keys in force now
        }
        return verifyOnce(token, nowMillis, current, loader);
    }

    /**
     * No usable entry: this thread verifies the token and stores the answer, unless another thread
     * is verifying the same token, whose answer it then waits for. A verifier stores its answer
     * before it leaves {@link #verifying}, so a thread that finds no one verifying looks in the
     * cache once more: an answer stored since its own lookup is used, not verified again.
     */
    private VerifiedToken verifyOnce(CacheKey token, long nowMillis, CurrentKeys current, Loader loader)
            throws TokenRejection, KeysUnavailableException {
        CompletableFuture<VerifiedToken> mine = new CompletableFuture<>();
        CompletableFuture<VerifiedToken> prior = verifying.putIfAbsent(token, mine);
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
            return verified.isValid(nowMillis, verified.keysFor(current.get(), clock.millis())) ? hit(verified)
                    : miss(loader, token, nowMillis);
        }
        try {
            VerifiedToken stored = quietly.getIfPresentQuietly(token);
            if (stored != null && nowMillis < stored.acceptUntilMillis()
                    && stored.isValid(nowMillis, stored.keysFor(current.get(), clock.millis()))) {
                mine.complete(stored);
                return hit(stored);
            }
            VerifiedToken verified = miss(loader, token, nowMillis);
            map.put(token, verified);
            mine.complete(verified);
            return verified;
        } finally {
            // A refusal (or a failure) completes with null: nothing was stored, and the waiters
            // verify for themselves.
            mine.complete(null);
            verifying.remove(token, mine);
        }
    }

    // hit, expiredHit, miss and validUnderFresherKeys keep get() small as well as counted: below
    // HotSpot's FreqInlineSize (325 bytecodes), get() is inlined into the request path.

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
    private VerifiedToken quietHit(String text, long nowMillis, KeySet keys) throws KeysUnavailableException {
        VerifiedToken verified = quietly.getIfPresentQuietly(new CacheKey(text, seed));
        if (verified == null || !verified.isValid(nowMillis, verified.keysFor(keys, nowMillis))) {
            return null;
        }
        long recordedAt = verified.recordedAtMillis;
        if (Math.abs(nowMillis - recordedAt) >= RECORD_INTERVAL_MILLIS) {
            verified.recordedAtMillis = nowMillis;
            return null;
        }
        return hit(verified);
    }

    /**
     * The keys may have changed between the request reading them and this lookup: asks once more
     * before a good entry is thrown away.
     */
    private static boolean validUnderFresherKeys(VerifiedToken verified, long nowMillis, KeySet keys,
            CurrentKeys current) throws KeysUnavailableException {
        if (nowMillis >= verified.acceptUntilMillis()) {
            return false;
        }
        KeySet fresh = current.get();
        // With several issuers (no keys read by the request) the entry was judged by its issuer's current keys.
        return fresh != keys && fresh != null && verified.isValid(nowMillis, fresh);
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
    private VerifiedToken miss(Loader loader, CacheKey token, long nowMillis)
            throws TokenRejection, KeysUnavailableException {
        stats.recordMisses(1);
        return loader.verify(token.text(), nowMillis);
    }

    /** Entries currently held (approximate). */
    public long size() {
        return cache.estimatedSize();
    }

    /** Runs pending maintenance now, at the clock's time; for tests that count entries. */
    public void cleanUp() {
        requestMillis = clock.millis();
        cache.cleanUp();
    }
}
