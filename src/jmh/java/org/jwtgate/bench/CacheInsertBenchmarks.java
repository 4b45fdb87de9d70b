package org.jwtgate.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.jwtgate.JwtGateSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The floor under a miss on the first-seen stream (issue 19): what inserting a first-seen token into
 * a full Caffeine cache costs by itself, with no verification at all, in the HS256 stream's shape
 * ({@link FirstSeenTokens}: per iteration a cache of the default size filled with 11,000 entries,
 * then a batch of 5,000 keys it has never seen, every one of which inserts and evicts). Run it in the
 * same JMH invocation as {@code filterStreamMissHs256} and {@code javaJwtStreamHs256}, which it is
 * compared with (BENCHMARKS.md). Not part of {@link BenchmarkSuite}.
 *
 * <ul>
 * <li>{@code caffeineInsertAsConfigured}: Caffeine built as {@code VerifiedTokenCache} builds it
 * (maximum size, maintenance on the caller's thread, a ticker, per-entry expiry at the token's
 * {@code exp}); the key as {@code CacheKey} (the text, hashed over its last 24 characters).</li>
 * <li>{@code caffeineInsertSizeOnly}: the maximum size alone, maintenance on the caller's thread: what
 * the per-entry expiry adds.</li>
 * <li>{@code caffeineInsertAsConfiguredThreads2}: two threads inserting into one cache, each a batch
 * of its own: how inserting scales (Caffeine applies inserts to its policy under one lock).</li>
 * </ul>
 * Keys are the HS256 token's length, made afresh for each insert from a pool held as one byte array
 * (as a container makes a header's text); each value is one {@value #VALUE_BYTES}-byte array, about
 * what a cached entry holds besides its token text (BENCHMARKS.md, heap per cached token). One array
 * is the cheapest graph for the collector to copy, so the figures are a lower bound on what any cache
 * entry of that size costs to insert, keep and evict. The suite measures the same insert after
 * java-jwt's own verify, on the HS256 stream itself ({@code javaJwtCachedStreamHs256} in
 * {@link JwtGateBenchmarks}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = FirstSeenTokens.HS256_WARMUP, batchSize = CacheInsertBenchmarks.BATCH)
@Measurement(iterations = FirstSeenTokens.HS256_ITERATIONS, batchSize = CacheInsertBenchmarks.BATCH)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class CacheInsertBenchmarks {

    static final int BATCH = FirstSeenTokens.HS256_BATCH;
    private static final int FILL = FirstSeenTokens.FILL;
    static final int VALUE_BYTES = 1_800;
    private static final int HASHED_CHARS = 24;

    /** As {@code CacheKey}: the text, hashed over its last characters. */
    static final class Key {
        private final String text;
        private final int hash;

        Key(String text) {
            this.text = text;
            int h = text.length();
            for (int i = Math.max(0, text.length() - HASHED_CHARS); i < text.length(); i++) {
                h = 31 * h + text.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && hash == ((Key) other).hash && text.equals(((Key) other).text);
        }
    }

    /**
     * One iteration's cache, full with the pool's first {@link #FILL} keys (11,000); the batch sends the
     * next {@link #BATCH}, which it has not seen. The pool is the HS256 token with its last four
     * characters numbering the key, held as one byte array.
     */
    @State(Scope.Benchmark)
    public abstract static class Stream {
        private byte[] pool;
        private int keyLength;
        /** The next key's number; shared by the benchmark's threads (one atomic increment an insert). */
        private final AtomicInteger next = new AtomicInteger();
        Cache<Key, byte[]> cache;

        abstract Cache<Key, byte[]> build();

        @Setup(Level.Trial)
        public void setUp(JwtGateBenchmarks.Material material, BenchmarkParams params) {
            byte[] token = material.hs256Bytes;
            keyLength = token.length;
            int keys = FILL + BATCH * params.getThreads();
            pool = new byte[keys * keyLength];
            byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < keys; k++) {
                int at = k * keyLength;
                System.arraycopy(token, 0, pool, at, keyLength);
                for (int d = 0, n = k; d < 4; d++, n >>>= 6) {
                    pool[at + keyLength - 1 - d] = alphabet[n & 63];
                }
            }
        }

        @Setup(Level.Iteration)
        public void fill() {
            cache = build();
            next.set(0);
            for (int k = 0; k < FILL; k++) {
                cache.put(nextKey(), new byte[VALUE_BYTES]);
            }
        }

        Key nextKey() {
            int at = next.getAndIncrement() * keyLength;
            return new Key(new String(pool, at, keyLength, StandardCharsets.ISO_8859_1));
        }
    }

    /** Caffeine as {@code VerifiedTokenCache} builds it, every entry's token an hour from expiry. */
    public static class AsConfigured extends Stream {
        @Override
        Cache<Key, byte[]> build() {
            return filterLikeCache();
        }
    }

    /**
     * A cache built as {@code VerifiedTokenCache} builds its Caffeine (the default maximum size and
     * longest lifetime, maintenance on the caller's thread, a ticker, per-entry expiry at the
     * token's {@code exp}), for values standing in for a verified token whose {@code exp} is an hour
     * away; also the cache of {@code javaJwtCachedStream*} (FirstSeenTokens). Its ticker stands
     * still, so its timer wheel never has to advance: if anything, cheaper than the filter's.
     */
    static Cache<Key, byte[]> filterLikeCache() {
        long startMillis = System.currentTimeMillis();
        long maxTtlNanos = JwtGateSettings.DEFAULT_CACHE_MAX_TTL.toNanos();
        long startNanos = TimeUnit.MILLISECONDS.toNanos(startMillis);
        long expiresNanos = TimeUnit.MILLISECONDS.toNanos(startMillis + Duration.ofHours(1).toMillis());
        return Caffeine.newBuilder()
                .maximumSize(JwtGateSettings.DEFAULT_CACHE_MAX_SIZE)
                .executor(Runnable::run)
                .ticker(() -> startNanos) // the filter's ticker is the latest request's reading; here time stands still
                .expireAfter(new Expiry<Key, byte[]>() {
                    @Override
                    public long expireAfterCreate(Key key, byte[] value, long currentTime) {
                        return Math.max(0, Math.min(maxTtlNanos, expiresNanos - currentTime));
                    }

                    @Override
                    public long expireAfterUpdate(Key key, byte[] value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, byte[] value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The maximum size alone. */
    public static class SizeOnly extends Stream {
        @Override
        Cache<Key, byte[]> build() {
            return Caffeine.newBuilder()
                    .maximumSize(JwtGateSettings.DEFAULT_CACHE_MAX_SIZE)
                    .executor(Runnable::run)
                    .build();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void caffeineInsertAsConfigured(AsConfigured s) {
        s.cache.put(s.nextKey(), new byte[VALUE_BYTES]);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void caffeineInsertSizeOnly(SizeOnly s) {
        s.cache.put(s.nextKey(), new byte[VALUE_BYTES]);
    }

    /** As {@link #caffeineInsertAsConfigured}, two threads inserting into the one cache. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void caffeineInsertAsConfiguredThreads2(AsConfigured s) {
        s.cache.put(s.nextKey(), new byte[VALUE_BYTES]);
    }
}
