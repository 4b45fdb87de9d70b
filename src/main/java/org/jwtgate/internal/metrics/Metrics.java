package org.jwtgate.internal.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;

/**
 * What one filter instance counted since it started: request outcomes, verified-token cache
 * lookups, key reloads and JWK Set fetches. One instance per filter, nothing static, so two
 * filters never mix their counts and a redeploy starts from zero.
 *
 * <p>Recording is a single {@link LongAdder#increment()}: no lock, no map lookup, no allocation,
 * so it costs nothing measurable on a cache hit. Refusals are counted per {@link Reason}, in an
 * array indexed by the reason's ordinal. Sums are read without a snapshot: two attributes read one
 * after the other may be a request apart.
 *
 * <p>Thread-safe.
 */
public final class Metrics {

    private static final Reason[] REASONS = Reason.values();

    private final LongAdder accepted = new LongAdder();
    private final LongAdder anonymous = new LongAdder();
    private final LongAdder excluded = new LongAdder();
    private final LongAdder preflights = new LongAdder();
    /** By {@link Reason#ordinal()}: the rejections (400, 401, 403) and the 503s. */
    private final LongAdder[] refused = new LongAdder[REASONS.length];
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder cacheEvictions = new LongAdder();
    private final LongAdder keyReloads = new LongAdder();
    private final LongAdder keyReloadFailures = new LongAdder();
    private final LongAdder jwksFetches = new LongAdder();
    private final LongAdder jwksFetchFailures = new LongAdder();
    private final StatsCounter cacheStats = new CacheStatsCounter();
    /** Each JWK Set source's last good fetch (one per issuer block that has one), each written by its own fetch thread. */
    private final List<JwksSource> jwksSources = new CopyOnWriteArrayList<>();
    /** The {@code issuers} blocks, in order; empty without blocks. */
    private final List<String> issuerBlocks;
    /** By block index: verified tokens accepted, and tokens of that block refused (403s included). */
    private final LongAdder[] acceptedByIssuer;
    private final LongAdder[] rejectedByIssuer;

    public Metrics() {
        this(List.of());
    }

    /** @param issuerBlocks the names of the {@code issuers} blocks, in order, counted each on its own */
    public Metrics(List<String> issuerBlocks) {
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
        this.issuerBlocks = List.copyOf(issuerBlocks);
        this.acceptedByIssuer = adders(issuerBlocks.size());
        this.rejectedByIssuer = adders(issuerBlocks.size());
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** Counts the outcome of one request that was checked (not an excluded path). */
    public void record(AuthenticationResult result) {
        switch (result.kind()) {
            case AUTHENTICATED:
                accepted.increment();
                break;
            case ANONYMOUS:
                anonymous.increment();
                break;
            default:
                refused[result.reason().ordinal()].increment();
        }
    }

    /**
     * Counts a request whose token block {@code issuerBlock} verified (-1: no blocks, nothing to
     * count): accepted, or refused with a 403. One increment, as {@link #record} itself.
     */
    public void recordIssuer(int issuerBlock, boolean accepted) {
        if (issuerBlock >= 0 && issuerBlock < acceptedByIssuer.length) {
            (accepted ? acceptedByIssuer : rejectedByIssuer)[issuerBlock].increment();
        }
    }

    /** Counts a token that chose block {@code issuerBlock} by its {@code iss} and was refused (401). */
    public void recordIssuerRejected(int issuerBlock) {
        if (issuerBlock >= 0 && issuerBlock < rejectedByIssuer.length) { // metrics made without the block names count totals only
            rejectedByIssuer[issuerBlock].increment();
        }
    }

    /** Block name to requests its tokens were accepted on, in block order; empty without blocks. */
    public Map<String, Long> acceptedByIssuer() {
        return byIssuer(acceptedByIssuer);
    }

    /** Block name to requests its tokens were refused on (401 and 403), in block order. */
    public Map<String, Long> rejectedByIssuer() {
        return byIssuer(rejectedByIssuer);
    }

    private Map<String, Long> byIssuer(LongAdder[] counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            out.put(issuerBlocks.get(i), counts[i].sum());
        }
        return out;
    }

    /** Counts a request let through untouched because its path is excluded. */
    public void recordExcluded() {
        excluded.increment();
    }

    /** Counts a CORS preflight passed to the application unauthenticated ({@code corsPreflight=pass}). */
    public void recordPreflight() {
        preflights.increment();
    }

    public long preflights() {
        return preflights.sum();
    }

    /**
     * The verified-token cache's counter. Caffeine reports evictions to it ({@code recordStats});
     * hits and misses are recorded by the cache itself, because its lookups go through
     * {@code asMap()}, which Caffeine does not count. Load statistics are not kept: a "load" here is
     * a whole token verification, already visible as a miss.
     */
    public StatsCounter cacheStats() {
        return cacheStats;
    }

    /** A file key or secret changed and the new keys are in force. */
    public void recordKeysReloaded() {
        keyReloads.increment();
    }

    /** A changed file key could not be used; the previous keys stay in force. */
    public void recordKeyReloadFailure() {
        keyReloadFailures.increment();
    }

    /** One JWK Set source's figures: when its last good fetch finished, and its usable keys. */
    public static final class JwksSource {
        volatile long lastFetchMillis;
        volatile int keys;
    }

    /** Registers a JWK Set source (each issuer block's own), whose figures the aggregates take in. */
    public JwksSource jwksSource() {
        JwksSource source = new JwksSource();
        jwksSources.add(source);
        return source;
    }

    /** {@code source} fetched its JWK Set at {@code atMillis}, with {@code usableKeys} usable keys. */
    public void recordJwksFetched(JwksSource source, long atMillis, int usableKeys) {
        source.keys = usableKeys;
        source.lastFetchMillis = atMillis;
        jwksFetches.increment();
    }


    /** A JWK Set fetch failed (network, status, body); the last good set, if any, stays in use. */
    public void recordJwksFetchFailure() {
        jwksFetchFailures.increment();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long anonymous() {
        return anonymous.sum();
    }

    public long excluded() {
        return excluded.sum();
    }

    /** Requests refused for {@code reason} ({@link Reason#KEYS_UNAVAILABLE}: the 503s). */
    public long refused(Reason reason) {
        return refused[reason.ordinal()].sum();
    }

    /** Requests refused with this HTTP status (400, 401, 403 or 503). */
    public long refusedWithStatus(int httpStatus) {
        long sum = 0;
        for (Reason reason : REASONS) {
            if (reason.httpStatus() == httpStatus) {
                sum += refused[reason.ordinal()].sum();
            }
        }
        return sum;
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long cacheMisses() {
        return cacheMisses.sum();
    }

    public long cacheEvictions() {
        return cacheEvictions.sum();
    }

    public long keyReloads() {
        return keyReloads.sum();
    }

    public long keyReloadFailures() {
        return keyReloadFailures.sum();
    }

    public long jwksFetches() {
        return jwksFetches.sum();
    }

    public long jwksFetchFailures() {
        return jwksFetchFailures.sum();
    }

    /**
     * When the last good JWK Set fetch finished, epoch millis on the filter's clock; 0 before any.
     * With several JWK Sets (issuer blocks), the oldest of their last good fetches, 0 while one has
     * none: an alert on its age fires for any one source that stopped fetching.
     */
    public long jwksLastFetchMillis() {
        long oldest = Long.MAX_VALUE;
        for (JwksSource source : jwksSources) {
            oldest = Math.min(oldest, source.lastFetchMillis);
        }
        return oldest == Long.MAX_VALUE ? 0 : oldest;
    }

    /** Usable keys in the last good JWK Set of each source, summed; 0 before any. */
    public int jwksKeys() {
        int keys = 0;
        for (JwksSource source : jwksSources) {
            keys += source.keys;
        }
        return keys;
    }

    /** Caffeine's view of the cache counters; see {@link #cacheStats()}. */
    private final class CacheStatsCounter implements StatsCounter {

        @Override
        public void recordHits(int count) {
            cacheHits.add(count);
        }

        @Override
        public void recordMisses(int count) {
            cacheMisses.add(count);
        }

        @Override
        public void recordLoadSuccess(long loadTime) {
            // A load is a verification, counted as a miss.
        }

        @Override
        public void recordLoadFailure(long loadTime) {
            // A refused token; the refusal is counted by its reason.
        }

        @Override
        public void recordEviction(int weight, RemovalCause cause) {
            cacheEvictions.increment();
        }

        @Override
        public CacheStats snapshot() {
            return CacheStats.of(cacheHits.sum(), cacheMisses.sum(), 0, 0, 0, cacheEvictions.sum(), 0);
        }
    }
}
