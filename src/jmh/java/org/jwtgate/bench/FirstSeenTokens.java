package org.jwtgate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.management.JMException;
import javax.management.ObjectName;

import jakarta.servlet.ServletException;

import com.github.benmanes.caffeine.cache.Cache;

import org.jwtgate.JwtGateSettings;
import org.jwtgate.jakarta.JwtAuthenticationFilter;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Misses as production has them (issue 19): the filter's cache on at its default size and full,
 * and a stream of tokens it has never seen, so that every request verifies, inserts and evicts. A
 * cycle over a fixed pool would not do: W-TinyLFU refuses to admit a newcomer no more frequent
 * than its victim, so the entries admitted first stay and are hit on every later cycle (about
 * {@code cacheMaxSize ÷ pool} of the requests). So within a filter's life every request brings a
 * token of its own, signed before the trial (never measured), and the benchmarks run in
 * single-shot mode with a fixed batch, whose number of requests is known in advance.
 *
 * <ul>
 * <li>RS256 and HS256: each iteration gets a filter of its own (the same code, so the JIT's
 * profile carries over), filled in the iteration's setup with 11,000 tokens of the pool's tail,
 * then sent the pool's head, {@code threads × batch} tokens it has not seen. Signing a token for
 * every request of a trial instead (35,000 RS256 tokens) left the JIT too few misses to warm on:
 * the filter's first measured iterations were still compiling, 4× java-jwt.</li>
 * <li>ES256 (where verifying 11,000 tokens per iteration would take 12 s): one filter for the
 * trial, filled first, and a token for every request of the trial; java-jwt verifies as many
 * tokens before its warmup as the filter was filled with.</li>
 * <li>The pool: header bytes in one array, one object without references, which the collector
 * neither copies nor scans. Each request copies its header out as a fresh String, as in
 * {@link JwtGateBenchmarks}.</li>
 * <li>Each filter's own hit and miss counters (its MBean) must show no hit, and its cache must be
 * full at the end: otherwise the run fails. The line {@code first-seen stream: …} says so.</li>
 * </ul>
 * The peers ({@code javaJwtStream*}) verify the same tokens, in the same mode, and verify the
 * tokens the filter is filled with where the filter is filled, so the JIT warms alike.
 */
public final class FirstSeenTokens {

    private static final int CACHE_SIZE = Math.toIntExact(JwtGateSettings.DEFAULT_CACHE_MAX_SIZE);
    /** How many tokens fill a filter (a tenth more than its cache holds), so that it is full and evicting. */
    static final int FILL = CACHE_SIZE + CACHE_SIZE / 10;

    // Requests per iteration (batch) and iterations: iterations of 20 to 200 ms; every iteration
    // of RS256 and HS256 comes after 11,000 misses of its own filter's filling, which warm the JIT.
    static final int RS256_BATCH = 1_000;
    static final int RS256_WARMUP = 10;
    static final int RS256_ITERATIONS = 15;
    static final int HS256_BATCH = 5_000;
    static final int HS256_WARMUP = 10;
    static final int HS256_ITERATIONS = 15;
    static final int ES256_BATCH = 200;
    static final int ES256_WARMUP = 10;
    static final int ES256_ITERATIONS = 10;

    private FirstSeenTokens() {
    }

    /** One algorithm's stream: the pool, each thread's place in it, and the filter it goes to. */
    public abstract static class Stream {
        JwtAuthenticationFilter filter;
        private byte[] pool;
        private int length;
        /** Tokens the benchmark threads may take (the pool's head; the prefill is its tail). */
        private int count;
        private int prefill;
        private int threads;
        private boolean forFilter;
        /** java-jwt with a cache ({@code javaJwtCachedStream*}): each verified token is put in {@link #peerCache}. */
        private boolean forCachedPeer;
        /** The cached peer's cache, one per iteration, built as the filter's (CacheInsertBenchmarks). */
        Cache<CacheInsertBenchmarks.Key, byte[]> peerCache;
        private String name;
        private int filters;
        private final AtomicInteger slots = new AtomicInteger();
        /** Bumped when a new filter starts: each thread then starts again from its first token. */
        private volatile int generation;
        /**
         * Thread k takes tokens k, k + threads, k + 2 × threads, …: nothing shared per request.
         * {slot, generation, next index}.
         */
        private final ThreadLocal<int[]> cursor = ThreadLocal.withInitial(() -> {
            int slot = slots.getAndIncrement();
            return new int[] {slot, generation, slot};
        });
        private BenchTokens tokens;
        private com.auth0.jwt.JWTVerifier peer;
        private long hitsBefore;
        private long missesBefore;
        private long hits;
        private long misses;

        abstract String algorithm();

        /**
         * Whether every iteration gets a filter of its own, filled in the iteration's setup (so that
         * each request of the iteration is first-seen and evicts), which also warms the JIT with
         * 11,000 misses per iteration; otherwise one filter for the trial, filled once, and a pool
         * as large as all the trial's requests. Per iteration where verifying 11,000 tokens
         * between iterations is cheap (RS256, HS256), per trial where it is not (ES256: 12 s).
         */
        abstract boolean filterPerIteration();

        @Setup(Level.Trial)
        public void setUp(JwtGateBenchmarks.Material material, JwtGateBenchmarks.JavaJwt javaJwt,
                BenchmarkParams params) throws ServletException, IOException, JMException {
            threads = params.getThreads();
            forFilter = params.getBenchmark().contains(".filter");
            forCachedPeer = params.getBenchmark().contains(".javaJwtCached");
            int warmup = threads * requests(params.getWarmup());
            int measured = threads * requests(params.getMeasurement());
            if (filterPerIteration()) {
                if (params.getWarmup().getBatchSize() != params.getMeasurement().getBatchSize()) {
                    throw new IllegalStateException("warmup and measurement batches differ");
                }
                count = threads * params.getMeasurement().getBatchSize();
                // The peer verifies the tail too, before each iteration: the same warming, the same pause.
                prefill = FILL;
            } else {
                count = warmup + measured;
                // The peer verifies as many tokens before its warmup as the filter is filled with.
                prefill = Math.max(0, FILL - warmup);
            }
            BenchTokens tokens = material.tokens;
            this.tokens = tokens;
            this.peer = javaJwt.verifier(algorithm());
            length = BenchTokens.headerBytes(tokens.token(algorithm(), BenchTokens.randomJti())).length;
            pool = new byte[Math.multiplyExact(count + prefill, length)];
            IntStream.range(0, count + prefill).parallel().forEach(i -> {
                byte[] header = BenchTokens.headerBytes(tokens.token(algorithm(), BenchTokens.randomJti()));
                if (header.length != length) {
                    throw new IllegalStateException("the " + algorithm() + " tokens differ in length");
                }
                System.arraycopy(header, 0, pool, i * length, length);
            });
            name = "stream-" + algorithm().toLowerCase(java.util.Locale.ROOT);
            if (!filterPerIteration()) {
                if (forFilter) {
                    startFilter();
                } else {
                    verifyTail();
                }
            }
        }

        /**
         * What the peer does where the filter is filled: verifies the pool's tail; the cached peer puts
         * each token in a new cache too, which is then full.
         */
        private void verifyTail() {
            if (forCachedPeer) {
                peerCache = CacheInsertBenchmarks.filterLikeCache();
            }
            for (int i = count; i < count + prefill; i++) {
                String token = new String(pool, i * length + 7, length - 7, StandardCharsets.ISO_8859_1);
                peer.verify(token);
                if (forCachedPeer) {
                    cacheVerified(token);
                }
            }
        }

        /** The cached peer's insert: the token as the key, a stand-in of a cached entry's size as the value. */
        void cacheVerified(String token) {
            peerCache.put(new CacheInsertBenchmarks.Key(token), new byte[CacheInsertBenchmarks.VALUE_BYTES]);
        }

        @Setup(Level.Iteration)
        public void startIteration() throws ServletException, IOException, JMException {
            if (filterPerIteration()) {
                generation++;
                if (forFilter) {
                    startFilter();
                } else {
                    verifyTail();
                }
            }
        }

        /** A new filter, filled with the pool's tail, which the benchmark threads never reach. */
        private void startFilter() throws ServletException, IOException, JMException {
            filter = JwtGateBenchmarks.startFilter(name + "-" + ++filters, tokens.initParameters(algorithm(), null));
            for (int i = count; i < count + prefill; i++) {
                JwtGateBenchmarks.requireAuthenticated(filter, java.util.Arrays.copyOfRange(pool, i * length,
                        (i + 1) * length));
            }
            hitsBefore = counter("CacheHits");
            missesBefore = counter("CacheMisses");
        }

        private static int requests(IterationParams iterations) {
            return iterations.getCount() * iterations.getBatchSize();
        }

        /** The next first-seen {@code Authorization} header of this thread, as a fresh String. */
        String nextHeader() {
            return new String(pool, offset(), length, StandardCharsets.ISO_8859_1);
        }

        /** The next first-seen token of this thread (the header without {@code Bearer }), as a fresh String. */
        String nextToken() {
            return new String(pool, offset() + 7, length - 7, StandardCharsets.ISO_8859_1);
        }

        private int offset() {
            int[] next = cursor.get();
            int current = generation;
            if (next[1] != current) {
                next[1] = current;
                next[2] = next[0];
            }
            int index = next[2];
            if (index >= count) {
                throw new IllegalStateException("the stream of first-seen tokens ran out: the pool is sized for "
                        + "the benchmark's own batch and iteration counts only");
            }
            next[2] = index + threads;
            return index * length;
        }

        @TearDown(Level.Iteration)
        public void endIteration() throws JMException {
            if (filterPerIteration() && forFilter) {
                stopFilter();
            }
            if (forCachedPeer) {
                peerCache.cleanUp();
                if (peerCache.estimatedSize() != CACHE_SIZE) {
                    throw new IllegalStateException("the cached peer's cache held " + peerCache.estimatedSize()
                            + " entries, not " + CACHE_SIZE + ": its inserts did not fill it and evict");
                }
            }
        }

        /** Fails the run unless every request of the trial was a miss; says how many there were. */
        @TearDown(Level.Trial)
        public void tearDown() throws JMException {
            if (!forFilter) {
                return;
            }
            if (!filterPerIteration()) {
                stopFilter();
            }
            System.out.printf("%nfirst-seen stream: %s, %d filter(s), each filled with %d tokens first; %d requests: "
                    + "%d misses, %d hits (hit ratio %.4f)%n", algorithm(), filters, prefill, hits + misses, misses,
                    hits, (double) hits / Math.max(1, hits + misses));
            if (hits != 0) {
                throw new IllegalStateException("the stream of first-seen tokens had " + hits + " cache hits");
            }
        }

        private void stopFilter() throws JMException {
            try {
                hits += counter("CacheHits") - hitsBefore;
                misses += counter("CacheMisses") - missesBefore;
                if (counter("CacheSize") < CACHE_SIZE) {
                    throw new IllegalStateException("the filter's cache was not full: its misses did not evict");
                }
            } finally {
                filter.destroy();
            }
        }

        private long counter(String attribute) throws JMException {
            ObjectName bean = new ObjectName("org.jwtgate:type=JwtAuthenticationFilter,context=/bench,filter="
                    + name + "-" + filters);
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(bean, attribute)).longValue();
        }
    }

    /** RS256, 926-character tokens. */
    @State(Scope.Benchmark)
    public static class Rs256 extends Stream {
        @Override
        String algorithm() {
            return "RS256";
        }

        @Override
        boolean filterPerIteration() {
            return true;
        }
    }

    /** HS256. */
    @State(Scope.Benchmark)
    public static class Hs256 extends Stream {
        @Override
        String algorithm() {
            return "HS256";
        }

        @Override
        boolean filterPerIteration() {
            return true;
        }
    }

    /** ES256 (P-256). */
    @State(Scope.Benchmark)
    public static class Es256 extends Stream {
        @Override
        String algorithm() {
            return "ES256";
        }

        @Override
        boolean filterPerIteration() {
            return false;
        }
    }
}
