package org.jwtgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite in one go and says what it means: every {@link JwtGateBenchmarks} benchmark
 * through JMH's Runner API (each in forked JVMs, with JMH's GC profiler for bytes per operation),
 * then {@link CacheFootprint} in a JVM of its own, then the ratios, computed from this run
 * only and marked PASS or FAIL against their targets. The same report is written to
 * {@code summary.md} in the output directory, next to JMH's JSON.
 *
 * <p>The machine is shared, and its load comes and goes over minutes. So the suite runs in rounds:
 * each round runs every benchmark once (one fork each, by default), figures that are compared
 * side by side, in one order and then in the reverse order, and a figure is the median of its
 * measurement iterations over all rounds. Two figures that are compared are then sampled in the
 * same stretches of time, and a median shrugs off the iteration a neighbour slowed down.
 *
 * <p>Settings come from system properties, set by the {@code bench} Maven profile from
 * {@code -Dbench.*}; empty means the default. Exits non-zero when a benchmark or the footprint
 * measurement failed to produce a figure; a target missed is a finding, reported, not an error.
 */
public final class BenchmarkSuite {

    private static final String ALLOCATION = "gc.alloc.rate.norm";
    /** Each filter figure next to what it is compared with. */
    private static final List<String> ORDER = List.of("baselineFreshHeader", "filterHitRs256",
            "filterHitRs256TwoIssuers", "filterHitRs256Rules20", "filterHitRs256Revocation10k",
            "filterHitRs256Revocation1m", "naiveCaffeineLookup",
            "baselineFreshHeaderThreads2", "filterHitRs256Threads2",
            "filterMissHs256", "javaJwtVerifyHs256", "nimbusHs256", "filterMissRs256",
            "javaJwtVerifyRs256", "nimbusRs256", "filterMissRs256Threads2", "javaJwtVerifyRs256Threads2",
            "filterMissEs256", "javaJwtVerifyEs256", "filterHitRs256V2",
            "filterStreamMissHs256", "javaJwtStreamHs256", "filterStreamMissHs256Threads2", "javaJwtStreamHs256Threads2",
            "javaJwtCachedStreamHs256", "javaJwtCachedStreamHs256Threads2",
            "filterStreamMissRs256", "javaJwtStreamRs256", "filterStreamMissRs256Threads2", "javaJwtStreamRs256Threads2",
            "filterStreamMissEs256", "javaJwtStreamEs256");
    private static final double KIB = 1024;

    private final boolean quick = Boolean.parseBoolean(property("bench.quick", "false"));
    private final int rounds = number("bench.rounds", quick ? 1 : 3);
    private final int forks = number("bench.forks", 1);
    private final int warmupIterations = number("bench.warmupIterations", quick ? 2 : 4);
    private final int warmupSeconds = number("bench.warmupTime", quick ? 1 : 2);
    private final int iterations = number("bench.iterations", quick ? 2 : 3);
    private final int iterationSeconds = number("bench.time", quick ? 1 : 2);
    private final String include = property("bench.include", "");
    private final int cacheEntries = number("bench.cacheEntries", quick ? 1_000 : 8_000);
    private final int cacheRepeats = number("bench.cacheRepeats", quick ? 3 : 5);
    private final Path output = Paths.get(property("bench.outputDirectory", "target/benchmarks"));

    /** By benchmark method name, over all rounds. */
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private Double bytesPerEntry;
    private String loadAtStart = "";
    private String footprintRuns = "";
    private final List<String> problems = new ArrayList<>();

    private static final class Figure {
        final List<Double> scores = new ArrayList<>();
        final Map<Integer, List<Double>> scoresByRound = new LinkedHashMap<>();
        final List<Double> allocations = new ArrayList<>();
        int threads;

        double median() {
            return BenchmarkSuite.median(scores);
        }

        double min() {
            return scores.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return scores.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        Double allocation() {
            return allocations.isEmpty() ? null : BenchmarkSuite.median(allocations);
        }
    }

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSuite suite = new BenchmarkSuite();
        Instant start = Instant.now();
        suite.loadAtStart = loadAverage();
        suite.runBenchmarks();
        suite.runFootprint();
        Duration took = Duration.between(start, Instant.now());
        String report = suite.report(start, took);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(suite.output);
        Files.writeString(suite.output.resolve("summary.md"), report);
        System.out.println("Written to " + suite.output.resolve("summary.md") + ", beside JMH's own "
                + "jmh-result.json (each benchmark once per round)");
        if (!suite.problems.isEmpty()) {
            System.err.println("The suite is incomplete: " + String.join("; ", suite.problems));
            System.exit(1);
        }
    }

    private void runBenchmarks() throws Exception {
        Files.createDirectories(output);
        List<String> order = ordered(expectedBenchmarks());
        List<RunResult> all = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // A B C, then C B A, then A B C: a drift in the machine's load weighs on a figure and on the
            // one it is divided by (its neighbour) alike, over the rounds.
            List<String> thisRound = new ArrayList<>(order);
            if (round % 2 == 0) {
                Collections.reverse(thisRound);
            }
            for (int k = 0; k < thisRound.size(); k++) {
                System.out.printf("%n# Round %d of %d, benchmark %d of %d: %s%n", round, rounds, k + 1,
                        thisRound.size(), thisRound.get(k));
                all.addAll(run(thisRound.get(k), round));
            }
        }
        try (PrintStream json = new PrintStream(Files.newOutputStream(output.resolve("jmh-result.json")), true,
                StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json).writeOut(all);
        }
        for (String expected : order) {
            if (!figures.containsKey(expected)) {
                problems.add(expected + " produced no result (see JMH's output above)");
            }
        }
    }

    private Collection<RunResult> run(String benchmark, int round) throws Exception {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include("^" + Pattern.quote(JwtGateBenchmarks.class.getName() + "." + benchmark) + "$")
                .forks(forks)
                .addProfiler(GCProfiler.class)
                // Not the driver's own -Xmx: every fork gets the same fixed heap.
                .jvmArgs("-Xms1g", "-Xmx1g");
        if (!singleShot(benchmark)) {
            // The first-seen streams keep their own batches and counts: their pool is sized by them.
            builder.warmupIterations(warmupIterations)
                    .warmupTime(TimeValue.seconds(warmupSeconds))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(iterationSeconds));
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult run : results) {
            Figure figure = figures.computeIfAbsent(benchmark, n -> new Figure());
            figure.threads = run.getParams().getThreads();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    double score = iteration.getPrimaryResult().getScore();
                    figure.scores.add(score);
                    figure.scoresByRound.computeIfAbsent(round, r -> new ArrayList<>()).add(score);
                    Result allocation = secondary(iteration.getSecondaryResults());
                    if (allocation != null) {
                        figure.allocations.add(allocation.getScore());
                    }
                }
            }
        }
        return results;
    }

    /** The report's order, which is also the order they run in: what is compared runs side by side. */
    private static List<String> ordered(List<String> names) {
        List<String> order = new ArrayList<>(ORDER);
        order.retainAll(names);
        names.stream().filter(name -> !order.contains(name)).sorted().forEach(order::add);
        return order;
    }

    private static Result secondary(Map<String, Result> results) {
        for (Map.Entry<String, Result> entry : results.entrySet()) {
            if (entry.getKey().endsWith(ALLOCATION)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The first-seen streams ({@link FirstSeenTokens}): single-shot batches of their own size. */
    private static boolean singleShot(String benchmark) {
        for (Method method : JwtGateBenchmarks.class.getMethods()) {
            if (method.getName().equals(benchmark)) {
                BenchmarkMode mode = method.getAnnotation(BenchmarkMode.class);
                return mode != null && java.util.Arrays.asList(mode.value()).contains(Mode.SingleShotTime);
            }
        }
        return false;
    }

    private List<String> expectedBenchmarks() {
        Pattern selected = Pattern.compile(include.isEmpty() ? "" : include);
        List<String> names = new ArrayList<>();
        for (Method method : JwtGateBenchmarks.class.getMethods()) {
            if (method.isAnnotationPresent(Benchmark.class) && selected.matcher(method.getName()).find()) {
                names.add(method.getName());
            }
        }
        return names;
    }

    /** {@link CacheFootprint} in a JVM of its own, so nothing the benchmarks left behind is counted. */
    private void runFootprint() throws IOException, InterruptedException {
        if (cacheEntries <= 0) {
            return;
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xms1g", "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), CacheFootprint.class.getName(),
                Integer.toString(cacheEntries), Integer.toString(cacheRepeats))
                .redirectErrorStream(true);
        System.out.println();
        System.out.println("# Heap per cached token: " + cacheEntries + " distinct RS256 tokens, " + cacheRepeats
                + " runs");
        Process process = builder.start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith("footprint.bytesPerEntry=")) {
                    bytesPerEntry = Double.valueOf(line.substring(line.indexOf('=') + 1));
                } else if (line.startsWith("footprint.runs=")) {
                    footprintRuns = line.substring(line.indexOf('=') + 1);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || bytesPerEntry == null) {
            problems.add("the cache footprint measurement failed (exit " + exit + ")");
            bytesPerEntry = null;
        }
    }

    // ---- the report

    private String report(Instant start, Duration took) {
        StringBuilder out = new StringBuilder();
        out.append("## Run\n\n");
        out.append("| | |\n|---|---|\n");
        out.append("| date | ").append(DateTimeFormatter.ISO_INSTANT.format(start.truncatedTo(ChronoUnit.SECONDS)))
                .append(" |\n");
        out.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores")
                .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch"))
                .append(" |\n");
        out.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        out.append("| JMH | ").append(jmhVersion()).append(", mode avgt, ").append(rounds).append(" round(s) × ")
                .append(forks).append(" fork(s) × (")
                .append(warmupIterations).append(" × ").append(warmupSeconds).append(" s warmup + ")
                .append(iterations).append(" × ").append(iterationSeconds).append(" s measurement), ")
                .append("-prof gc, forks with -Xms1g -Xmx1g").append(quick ? ", QUICK run" : "")
                .append(include.isEmpty() ? "" : ", only " + include).append(" |\n");
        out.append("| heap per cached token | ").append(cacheEntries <= 0 ? "not measured"
                : cacheEntries + " tokens, " + cacheRepeats + " runs, median").append(" |\n");
        if (!loadAtStart.isEmpty()) {
            out.append("| load average (1, 5, 15 min) at start / end | ").append(loadAtStart).append(" / ")
                    .append(loadAverage()).append(" (other tenants' work counts too) |\n");
        }
        out.append("| whole suite took | ").append(took.toMinutes()).append(" min ").append(took.toSecondsPart())
                .append(" s |\n\n");

        out.append("## Figures\n\n");
        out.append("Median of all measurement iterations of all rounds, and the slowest and fastest iteration: "
                + "µs per operation, per thread. Bytes per operation from JMH's GC profiler (`gc.alloc.rate.norm`).\n\n");
        out.append("| benchmark | threads | median µs/op | fastest – slowest | bytes/op |\n|---|---:|---:|---:|---:|\n");
        for (String name : ordered(new ArrayList<>(figures.keySet()))) {
            Figure f = figures.get(name);
            out.append("| `").append(name).append("` | ").append(f.threads).append(" | ")
                    .append(micros(f.median())).append(" | ").append(micros(f.min())).append(" – ")
                    .append(micros(f.max())).append(" | ")
                    .append(f.allocation() == null ? "n/a" : String.format(Locale.ROOT, "%.0f", f.allocation()))
                    .append(" |\n");
        }
        if (bytesPerEntry != null) {
            out.append(String.format(Locale.ROOT, "| heap per cached 926-character RS256 token | | | | %.0f |\n",
                    bytesPerEntry));
            out.append("\nHeap per cached token, each run: ").append(footprintRuns).append(" bytes.\n");
        }

        out.append("\n## Ratios and targets (issue 6), from this run only\n\n");
        out.append("From the medians above; \"per round\" computes the same from each round's own medians, "
                + "figures measured side by side.\n\n");
        out.append("| what | this run | per round | target | |\n|---|---:|---:|---:|---|\n");
        derived(out, "hit: the filter's added cost (`filterHitRs256` − `baselineFreshHeader`)",
                BenchmarkSuite::addedCost, v -> micros(v) + " µs", "≤ 0.25 µs", v -> v <= 0.25);
        derived(out, "hit: java-jwt RS256 verify ÷ the filter's added cost",
                m -> divide(m.of("javaJwtVerifyRs256"), addedCost(m)), BenchmarkSuite::ratio, "≥ 150×",
                v -> v >= 150);
        derived(out, "hit: the filter's added cost ÷ naive Caffeine lookup (`naiveCaffeineLookup`)",
                m -> divide(addedCost(m), m.of("naiveCaffeineLookup")), BenchmarkSuite::ratio, "≤ 0.3×",
                v -> v <= 0.3);
        derived(out, "hit, two issuer blocks: the filter's added cost (`filterHitRs256TwoIssuers` − "
                + "`baselineFreshHeader`)", m -> {
                    Double hit = m.of("filterHitRs256TwoIssuers");
                    Double base = m.of("baselineFreshHeader");
                    return hit == null || base == null ? null : hit - base;
                }, v -> micros(v) + " µs", "≤ 0.25 µs", v -> v <= 0.25);
        derived(out, "hit, 20 access rules: the filter's added cost (`filterHitRs256Rules20` − "
                + "`baselineFreshHeader`)", m -> addedCost(m, "filterHitRs256Rules20", "baselineFreshHeader"),
                v -> micros(v) + " µs", "≤ 0.25 µs", v -> v <= 0.25);
        derived(out, "hit, 20 access rules: java-jwt RS256 verify ÷ the filter's added cost",
                m -> divide(m.of("javaJwtVerifyRs256"), addedCost(m, "filterHitRs256Rules20", "baselineFreshHeader")),
                BenchmarkSuite::ratio, "≥ 150×", v -> v >= 150);
        allocationAdded(out, "hit, 20 access rules: allocation added by the filter (bytes/op, `-prof gc`)",
                "filterHitRs256Rules20");
        for (String revocation : List.of("filterHitRs256Revocation10k", "filterHitRs256Revocation1m")) {
            String entries = revocation.endsWith("10k") ? "10,000" : "1,000,000";
            derived(out, "hit, revocation on, " + entries + " entries: the filter's added cost (`" + revocation
                    + "` − `baselineFreshHeader`)", m -> addedCost(m, revocation, "baselineFreshHeader"),
                    v -> micros(v) + " µs", "≤ 0.25 µs", v -> v <= 0.25);
            derived(out, "hit, revocation on, " + entries + " entries: what revocation adds (`" + revocation
                    + "` − `filterHitRs256`)", m -> addedCost(m, revocation, "filterHitRs256"),
                    v -> micros(v) + " µs", "", null);
            allocationAdded(out, "hit, revocation on, " + entries + " entries: allocation added by the filter "
                    + "(bytes/op)", revocation);
        }
        derived(out, "hit, v2 configuration (two issuer blocks, 20 access rules, revocation with 10,000 entries): "
                + "the filter's added cost (`filterHitRs256V2` − `baselineFreshHeader`)",
                m -> addedCost(m, "filterHitRs256V2", "baselineFreshHeader"), v -> micros(v) + " µs", "≤ 0.25 µs",
                v -> v <= 0.25);
        derived(out, "hit, v2 configuration: java-jwt RS256 verify ÷ the filter's added cost",
                m -> divide(m.of("javaJwtVerifyRs256"), addedCost(m, "filterHitRs256V2", "baselineFreshHeader")),
                BenchmarkSuite::ratio, "≥ 150×", v -> v >= 150);
        derived(out, "hit, v2 configuration: the filter's added cost ÷ naive Caffeine lookup",
                m -> divide(addedCost(m, "filterHitRs256V2", "baselineFreshHeader"), m.of("naiveCaffeineLookup")),
                BenchmarkSuite::ratio, "≤ 0.3×", v -> v <= 0.3);
        allocationAdded(out, "hit, v2 configuration: allocation added by the filter (bytes/op, `-prof gc`)",
                "filterHitRs256V2");
        quotient(out, "miss, cache on and full, first-seen tokens, RS256: `filterStreamMissRs256` ÷ "
                + "`javaJwtStreamRs256`", "filterStreamMissRs256", "javaJwtStreamRs256", "≤ 1.15×", 1.15);
        quotient(out, "miss, cache on and full, first-seen tokens, HS256: `filterStreamMissHs256` ÷ "
                + "`javaJwtStreamHs256`", "filterStreamMissHs256", "javaJwtStreamHs256", "≤ 1.3×", 1.3);
        quotient(out, "miss, cache on and full, first-seen tokens, ES256: `filterStreamMissEs256` ÷ "
                + "`javaJwtStreamEs256`", "filterStreamMissEs256", "javaJwtStreamEs256", "≤ 1.05×", 1.05);
        scaling(out, "miss (first-seen stream) RS256: throughput on 2 threads ÷ 1 thread", "filterStreamMissRs256",
                "filterStreamMissRs256Threads2", "≥ 1.8×", 1.8);
        scaling(out, "miss (first-seen stream) HS256: throughput on 2 threads ÷ 1 thread", "filterStreamMissHs256",
                "filterStreamMissHs256Threads2", "≥ 1.8×", 1.8);
        scaling(out, "control: java-jwt on the RS256 stream, 2 threads ÷ 1 thread", "javaJwtStreamRs256",
                "javaJwtStreamRs256Threads2", "none", null);
        scaling(out, "control: java-jwt on the HS256 stream, 2 threads ÷ 1 thread", "javaJwtStreamHs256",
                "javaJwtStreamHs256Threads2", "none", null);
        quotient(out, "floor of the HS256 target: java-jwt, each verified token then put into a full Caffeine "
                + "cache built as the filter's (`javaJwtCachedStreamHs256` ÷ `javaJwtStreamHs256`)",
                "javaJwtCachedStreamHs256", "javaJwtStreamHs256", "none", null);
        scaling(out, "floor of the HS256 scaling: java-jwt and the cache, 2 threads ÷ 1 thread",
                "javaJwtCachedStreamHs256", "javaJwtCachedStreamHs256Threads2", "none", null);
        for (String stream : List.of("filterStreamMissRs256", "javaJwtStreamRs256", "filterStreamMissHs256",
                "javaJwtStreamHs256", "filterStreamMissEs256", "javaJwtStreamEs256")) {
            Figure f = figures.get(stream);
            if (f != null) {
                double median = f.median();
                row(out, "spread of `" + stream + "`: fastest and slowest iteration ÷ median",
                        String.format(Locale.ROOT, "%.2f / %.2f", f.min() / median, f.max() / median), "", "", null);
            }
        }
        Double hitBytes = allocation("filterHitRs256");
        Double baselineBytes = allocation("baselineFreshHeader");
        Double addedBytes = hitBytes == null || baselineBytes == null ? null : hitBytes - baselineBytes;
        row(out, "hit: allocation added by the filter (bytes/op, `-prof gc`)",
                addedBytes == null ? null : String.format(Locale.ROOT, "%.0f B", addedBytes), "", "≤ 200 B",
                addedBytes == null ? null : addedBytes <= 200);
        quotient(out, "miss RS256: `filterMissRs256` ÷ `javaJwtVerifyRs256`", "filterMissRs256", "javaJwtVerifyRs256",
                "≤ 1.15×", 1.15);
        quotient(out, "miss HS256: `filterMissHs256` ÷ `javaJwtVerifyHs256`", "filterMissHs256", "javaJwtVerifyHs256",
                "≤ 1.5×", 1.5);
        quotient(out, "miss ES256: `filterMissEs256` ÷ `javaJwtVerifyEs256`", "filterMissEs256", "javaJwtVerifyEs256",
                "none", null);
        quotient(out, "peer: `nimbusRs256` ÷ `javaJwtVerifyRs256`", "nimbusRs256", "javaJwtVerifyRs256",
                "none (PERFORMANCE.md: 1.45×)", null);
        quotient(out, "peer: `nimbusHs256` ÷ `javaJwtVerifyHs256`", "nimbusHs256", "javaJwtVerifyHs256",
                "none (PERFORMANCE.md: 3.95×)", null);
        scaling(out, "hit: throughput on 2 threads ÷ 1 thread", "filterHitRs256", "filterHitRs256Threads2", "≥ 1.8×",
                1.8);
        derived(out, "hit: the filter's added cost alone, throughput on 2 threads ÷ 1 thread", m -> {
            Double q = divide(addedCost(m), addedCost(m, "filterHitRs256Threads2", "baselineFreshHeaderThreads2"));
            return q == null ? null : 2 * q;
        }, BenchmarkSuite::ratio, "none (the harness's part is below)", null);
        scaling(out, "control: the harness alone (`baselineFreshHeader`: a fresh 933-byte header String per "
                + "request) on 2 threads ÷ 1 thread", "baselineFreshHeader", "baselineFreshHeaderThreads2",
                "none (allocation-bound)", null);
        scaling(out, "miss RS256: throughput on 2 threads ÷ 1 thread", "filterMissRs256", "filterMissRs256Threads2",
                "≥ 1.8×", 1.8);
        scaling(out, "control: java-jwt RS256 throughput on 2 threads ÷ 1 thread (what the machine allowed)",
                "javaJwtVerifyRs256", "javaJwtVerifyRs256Threads2", "none (2× on 2 idle cores)", null);
        row(out, "heap per cached 926-character RS256 token",
                bytesPerEntry == null ? null : String.format(Locale.ROOT, "%.0f B (%.2f KiB)", bytesPerEntry,
                        bytesPerEntry / KIB),
                "", "≤ 3 KiB (3072 B)", bytesPerEntry == null ? null : bytesPerEntry <= 3 * KIB);
        out.append("\nThroughput on n threads is n ÷ (µs/op per thread), so 2 threads ÷ 1 thread = 2 × t(1) ÷ t(2).\n");
        if (!problems.isEmpty()) {
            out.append("\n**Incomplete:** ").append(String.join("; ", problems)).append(".\n");
        }
        return out.toString();
    }

    /** Bytes per request of a hit benchmark beyond the harness's own ({@code baselineFreshHeader}), judged. */
    private void allocationAdded(StringBuilder out, String what, String hitBenchmark) {
        Double bytes = allocation(hitBenchmark);
        Double base = allocation("baselineFreshHeader");
        Double added = bytes == null || base == null ? null : bytes - base;
        row(out, what, added == null ? null : String.format(Locale.ROOT, "%.0f B", added), "", "≤ 200 B",
                added == null ? null : added <= 200);
    }

    /** A benchmark's median: over the whole run, or within one round. */
    @FunctionalInterface
    private interface Medians {
        Double of(String benchmark);
    }

    /** A figure derived from medians; {@code null} when one of them is missing. */
    @FunctionalInterface
    private interface Derivation {
        Double from(Medians medians);
    }

    private static Double addedCost(Medians m) {
        return addedCost(m, "filterHitRs256", "baselineFreshHeader");
    }

    private static Double addedCost(Medians m, String hitBenchmark, String baselineBenchmark) {
        Double hit = m.of(hitBenchmark);
        Double baseline = m.of(baselineBenchmark);
        return hit == null || baseline == null ? null : hit - baseline;
    }

    /** An added cost at or below zero is below what the run can resolve: the quotient is then infinite. */
    private static Double divide(Double numerator, Double denominator) {
        if (numerator == null || denominator == null) {
            return null;
        }
        return denominator <= 0 ? Double.POSITIVE_INFINITY : numerator / denominator;
    }

    private void quotient(StringBuilder out, String what, String numerator, String denominator, String target,
            Double limit) {
        derived(out, what, m -> divide(m.of(numerator), m.of(denominator)), BenchmarkSuite::ratio, target,
                limit == null ? null : v -> v <= limit);
    }

    private void scaling(StringBuilder out, String what, String oneThread, String twoThreads, String target,
            Double limit) {
        derived(out, what, m -> {
            Double q = divide(m.of(oneThread), m.of(twoThreads));
            return q == null ? null : 2 * q;
        }, BenchmarkSuite::ratio, target, limit == null ? null : v -> v >= limit);
    }

    /** The figure from the whole run's medians, judged; beside it the same from each round's. */
    private void derived(StringBuilder out, String what, Derivation derivation,
            Function<Double, String> format, String target,
            Predicate<Double> passes) {
        Double value = derivation.from(name -> median(name, 0));
        StringBuilder perRound = new StringBuilder();
        for (int round = 1; rounds > 1 && round <= rounds; round++) {
            int r = round;
            Double v = derivation.from(name -> median(name, r));
            perRound.append(round > 1 ? " / " : "").append(v == null ? "–" : format.apply(v));
        }
        row(out, what, value == null ? null : format.apply(value), perRound.toString(), target,
                value == null || passes == null ? null : passes.test(value));
    }

    /** {@code pass} null: no target (or no figure). */
    private static void row(StringBuilder out, String what, String value, String perRound, String target,
            Boolean pass) {
        out.append("| ").append(what).append(" | ").append(value == null ? "n/a (not run)" : value).append(" | ")
                .append(perRound).append(" | ").append(target).append(" | ")
                .append(value == null || pass == null ? "" : pass ? "PASS" : "**FAIL**").append(" |\n");
    }

    /** Over all rounds for round 0, else within that round; {@code null} if it did not run. */
    private Double median(String benchmark, int round) {
        Figure f = figures.get(benchmark);
        if (f == null) {
            return null;
        }
        List<Double> scores = round == 0 ? f.scores : f.scoresByRound.get(round);
        return scores == null || scores.isEmpty() ? null : median(scores);
    }

    private Double allocation(String benchmark) {
        Figure f = figures.get(benchmark);
        return f == null ? null : f.allocation();
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String micros(double value) {
        double magnitude = Math.abs(value);
        String format = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }

    private static String ratio(double value) {
        if (Double.isInfinite(value)) {
            return "∞ (added cost below resolution)";
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.0f×" : "%.2f×", value);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return " (" + line.substring(line.indexOf(':') + 1).trim() + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count says enough
        }
        return "";
    }

    /** The machine's 1, 5 and 15 minute load averages, where Linux says; empty elsewhere. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String jmhVersion() {
        return "JMH " + org.openjdk.jmh.util.Version.getPlainVersion();
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int number(String name, int fallback) {
        String value = property(name, "");
        return value.isEmpty() ? fallback : Integer.parseInt(value);
    }
}
