package org.jwtgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.stream.IntStream;

import jakarta.servlet.FilterChain;

import org.jwtgate.JwtGateSettings;
import org.jwtgate.jakarta.JwtAuthenticationFilter;

/**
 * Heap retained per cached token: one filter with the default cache (or one just large enough, if N
 * does not fit in the default) is filled with N distinct valid RS256 tokens of
 * {@value BenchTokens#RS256_LENGTH} characters, each arriving as a fresh header String exactly as in
 * the benchmarks, and the heap in use after a full GC is compared before and after.
 * Whatever the cache keeps (key, value, Caffeine's node, the principal and its claims, its share of
 * the cache's own tables) is counted; the request's garbage is not. The headers' bytes exist before
 * and after, so they cancel out. Repeated with a new filter each time; the median is reported.
 *
 * <p>Usage: {@code CacheFootprint <entries> <repeats>}. Prints one machine-readable line,
 * {@code footprint.bytesPerEntry=<median>}, for {@link BenchmarkSuite}.
 */
public final class CacheFootprint {

    private CacheFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int entries = Integer.parseInt(args[0]);
        int repeats = Integer.parseInt(args[1]);
        try (BenchTokens tokens = BenchTokens.create()) {
            byte[][] headers = IntStream.range(0, entries).parallel()
                    .mapToObj(i -> BenchTokens.headerBytes(tokens.rs256(BenchTokens.randomJti())))
                    .toArray(byte[][]::new);
            for (byte[] header : headers) {
                if (header.length != "Bearer ".length() + BenchTokens.RS256_LENGTH) {
                    throw new IllegalStateException("a token is not " + BenchTokens.RS256_LENGTH + " characters");
                }
            }
            double[] perEntry = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                perEntry[r] = measure(tokens, headers);
                System.out.printf("footprint run %d: %.0f bytes per cached token%n", r + 1, perEntry[r]);
            }
            double[] sorted = perEntry.clone();
            Arrays.sort(sorted);
            double median = repeats % 2 == 1 ? sorted[repeats / 2]
                    : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
            System.out.printf("footprint.entries=%d%n", entries);
            System.out.printf("footprint.runs=%s%n", Arrays.toString(perEntry));
            System.out.printf("footprint.bytesPerEntry=%.1f%n", median);
        }
    }

    private static double measure(BenchTokens tokens, byte[][] headers) throws Exception {
        // The default cache, unless it is too small to hold them all.
        String cacheMaxSize = headers.length + 1 > JwtGateSettings.DEFAULT_CACHE_MAX_SIZE
                ? Integer.toString(headers.length + 1) : null;
        JwtAuthenticationFilter filter = JwtGateBenchmarks.startFilter("footprint",
                tokens.initParameters("RS256", cacheMaxSize));
        BenchRequest request = new BenchRequest();
        BenchResponse response = new BenchResponse();
        FilterChain chain = (req, res) -> { };
        // Loads every class and builds everything lazy before the first reading; leaves one entry.
        JwtGateBenchmarks.requireAuthenticated(filter, BenchTokens.headerBytes(tokens.rs256));

        long before = heapUsedAfterGc();
        long start = System.nanoTime();
        for (byte[] header : headers) {
            request.reset(JwtGateBenchmarks.fresh(header));
            filter.doFilter(request, response, chain);
        }
        long firstPass = System.nanoTime() - start;
        request.reset(null);
        long after = heapUsedAfterGc();
        if (response.refusals() > 0) {
            throw new IllegalStateException("the filter refused " + response.refusals() + " tokens");
        }

        // Proof that they were all kept: a second pass, all hits, must be far quicker than the first,
        // which verified every signature.
        start = System.nanoTime();
        for (byte[] header : headers) {
            request.reset(JwtGateBenchmarks.fresh(header));
            filter.doFilter(request, response, chain);
        }
        long secondPass = System.nanoTime() - start;
        request.reset(null);
        if (secondPass * 3 > firstPass) {
            throw new IllegalStateException(String.format("the second pass took %.1f µs per token, the first %.1f: "
                    + "the cache did not keep them all", secondPass / 1e3 / headers.length,
                    firstPass / 1e3 / headers.length));
        }
        Reference.reachabilityFence(filter);
        filter.destroy();
        return (after - before) / (double) headers.length;
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
