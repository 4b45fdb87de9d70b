package org.jwtgate.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jwtgate.internal.request.AccessRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The access rules alone, outside the filter: what selecting the request's rule among the 20 of
 * {@link JwtGateBenchmarks.Rules20HitFilter} and checking the token's roles and scopes against it
 * cost. Not part of {@link BenchmarkSuite}: run it by name when working on the rules (BENCHMARKS.md).
 *
 * <p>The request's strings are made afresh for every operation, as a container makes them: a
 * literal would bring its hash code already computed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class AccessRulesBenchmarks {

    private final AccessRules rules = AccessRules.parse(Arrays.asList(JwtGateBenchmarks.Rules20HitFilter.RULES.split("\n")));
    private final Set<String> roles = Set.copyOf(List.of("customer", "orders-reader", "orders-writer"));
    private final Set<String> scopes = Set.copyOf(List.of("openid", "profile", "email", "orders:read", "orders:write"));
    private final byte[] uri = ascii("/shop/orders/42");
    private final byte[] servletPath = ascii("/orders");
    private final byte[] pathInfo = ascii("/42");
    private final byte[] contextPath = ascii("/shop");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String fresh(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The four fresh strings alone: the harness's share of the two benchmarks below. */
    @Benchmark
    public int freshStrings() {
        return fresh(uri).length() + fresh(servletPath).length() + fresh(pathInfo).length()
                + fresh(contextPath).length();
    }

    /** {@code GET /shop/orders/42}: its rule is the last of the 20. */
    @Benchmark
    public AccessRules.Selection select() {
        return rules.select("GET", fresh(servletPath), fresh(pathInfo), fresh(uri), fresh(contextPath));
    }

    /** Selecting, then the token's roles and scopes against the rule, as a hit does. */
    @Benchmark
    public int selectAndCheck() {
        AccessRules.Selection selection = rules.select("GET", fresh(servletPath), fresh(pathInfo), fresh(uri),
                fresh(contextPath));
        int lacks = 0;
        for (int i = 0; i < selection.size(); i++) {
            lacks |= selection.rule(i).lacks(roles, scopes);
        }
        return lacks;
    }
}
