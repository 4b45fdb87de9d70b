package org.jwtgate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.management.JMException;
import javax.management.ObjectName;

import jakarta.servlet.ServletException;

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
 * Misses as production has them (issue 19): the filter's cache on at its default size and a stream
 * of tokens it has never seen, so that every request verifies, inserts and, the cache being full,
 * evicts. A cycle over a fixed pool would not do: W-TinyLFU refuses to admit a newcomer no more
 * frequent than its victim, so the entries admitted first stay and are hit on every later cycle
 * (about {@code cacheMaxSize ÷ pool} of the requests). So every request here brings a token of its
 * own, signed before the trial (never measured), and the benchmarks run in single-shot mode with a
 * fixed batch, whose number of requests is known in advance.
 *
 * <ul>
 * <li>The pool: {@code threads × (warmup + measurement requests)} distinct valid tokens of one
 * algorithm (different {@code jti}, so one length), as header bytes in one array: one humongous
 * object without references, which the collector neither copies nor scans. Each request copies its
 * header out as a fresh String, as in {@link JwtGateBenchmarks}.</li>
 * <li>A cache that the warmup would not fill is filled first, in the setup, with tokens of the same
 * pool, so that every measured miss evicts.</li>
 * <li>At the end of the trial, the filter's own hit and miss counters (its MBean) must show no hit
 * and one miss per request: otherwise the run fails. The line {@code first-seen stream: …} says so.</li>
 * </ul>
 * The peers ({@code javaJwtStream*}) verify the same stream, in the same mode.
 */
public final class FirstSeenTokens {

    private static final int CACHE_SIZE = Math.toIntExact(JwtGateSettings.DEFAULT_CACHE_MAX_SIZE);

    // Requests per iteration (batch) and iterations: iterations of 40 to 200 ms, the JIT warmed by
    // 10,000 requests or more, and a pool that fits in the forks' 1 GiB heap on two threads.
    static final int RS256_BATCH = 1_000;
    static final int RS256_WARMUP = 20;
    static final int RS256_ITERATIONS = 15;
    static final int HS256_BATCH = 5_000;
    static final int HS256_WARMUP = 20;
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
        private int count;
        private int threads;
        private String name;
        private final AtomicInteger slots = new AtomicInteger();
        /** Thread k takes tokens k, k + threads, k + 2 × threads, …: nothing shared per request. */
        private final ThreadLocal<int[]> cursor = ThreadLocal.withInitial(() -> new int[] {slots.getAndIncrement()});
        private long hitsBefore;
        private long missesBefore;

        abstract String algorithm();

        @Setup(Level.Trial)
        public void setUp(JwtGateBenchmarks.Material material, BenchmarkParams params)
                throws ServletException, IOException, JMException {
            threads = params.getThreads();
            boolean forFilter = params.getBenchmark().contains(".filter");
            int warmup = threads * requests(params.getWarmup());
            int prefill = forFilter ? Math.max(0, CACHE_SIZE + CACHE_SIZE / 10 - warmup) : 0;
            int measured = threads * requests(params.getMeasurement());
            count = warmup + measured + prefill;
            BenchTokens tokens = material.tokens;
            length = BenchTokens.headerBytes(tokens.token(algorithm(), BenchTokens.randomJti())).length;
            pool = new byte[Math.multiplyExact(count, length)];
            IntStream.range(0, count).parallel().forEach(i -> {
                byte[] header = BenchTokens.headerBytes(tokens.token(algorithm(), BenchTokens.randomJti()));
                if (header.length != length) {
                    throw new IllegalStateException("the " + algorithm() + " tokens differ in length");
                }
                System.arraycopy(header, 0, pool, i * length, length);
            });
            if (!forFilter) {
                return;
            }
            name = "stream-" + algorithm().toLowerCase(java.util.Locale.ROOT);
            filter = JwtGateBenchmarks.startFilter(name, tokens.initParameters(algorithm(), null));
            // The prefill is the pool's tail, which the benchmark threads never reach.
            for (int i = count - prefill; i < count; i++) {
                JwtGateBenchmarks.requireAuthenticated(filter, java.util.Arrays.copyOfRange(pool, i * length,
                        (i + 1) * length));
            }
            count -= prefill;
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
            int index = next[0];
            if (index >= count) {
                throw new IllegalStateException("the stream of first-seen tokens ran out: the pool is sized for "
                        + "the benchmark's own batch and iteration counts only");
            }
            next[0] = index + threads;
            return index * length;
        }

        /** Fails the run unless every request of the trial was a miss; says how many there were. */
        @TearDown(Level.Trial)
        public void tearDown() throws JMException {
            if (filter == null) {
                return;
            }
            try {
                long hits = counter("CacheHits") - hitsBefore;
                long misses = counter("CacheMisses") - missesBefore;
                System.out.printf("%nfirst-seen stream: %s, %d requests: %d misses, %d hits (hit ratio %.4f), "
                        + "%d entries cached%n", algorithm(), hits + misses, misses, hits,
                        (double) hits / Math.max(1, hits + misses), counter("CacheSize"));
                if (hits != 0) {
                    throw new IllegalStateException("the stream of first-seen tokens had " + hits + " cache hits");
                }
            } finally {
                filter.destroy();
            }
        }

        private long counter(String attribute) throws JMException {
            ObjectName bean = new ObjectName("org.jwtgate:type=JwtAuthenticationFilter,context=/bench,filter=" + name);
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
    }

    /** HS256. */
    @State(Scope.Benchmark)
    public static class Hs256 extends Stream {
        @Override
        String algorithm() {
            return "HS256";
        }
    }

    /** ES256 (P-256). */
    @State(Scope.Benchmark)
    public static class Es256 extends Stream {
        @Override
        String algorithm() {
            return "ES256";
        }
    }
}
