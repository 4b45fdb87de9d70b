package org.jwtgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jwt.JWTClaimsSet;

import org.jwtgate.jakarta.JwtAuthenticationFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JwtGate's jakarta filter against its peers, on the same realistic tokens ({@link BenchTokens}).
 * Every request brings a fresh {@code Authorization} String, copied from the header's bytes as a
 * container copies it out of its input buffer: a hit can never profit from a hash code cached in a
 * String it has seen before.
 *
 * <ul>
 * <li>{@code baselineFreshHeader}: the harness alone (fresh header, request reset, chain call), so that
 * the filter's added cost on a hit is {@code filterHitRs256 - baselineFreshHeader}.</li>
 * <li>{@code filterHitRs256}: {@code doFilter} with the token already in the filter's cache;
 * {@code filterHitRs256TwoIssuers} the same with two {@code issuers} blocks configured;
 * {@code filterHitRs256Rules20} with 20 {@code accessRules}, the request's own the last;
 * {@code filterHitRs256Revocation10k} and {@code filterHitRs256Revocation1m} with a revocation list of
 * that many entries (the token not among them).</li>
 * <li>{@code naiveCaffeineLookup}: what a cache keyed by the token String costs: Caffeine
 * {@code getIfPresent(header.substring(7))}, fresh header included.</li>
 * <li>{@code filterMiss*}: {@code doFilter} with {@code cacheMaxSize=0}, so every call verifies.</li>
 * <li>{@code javaJwtVerify*}: java-jwt's own {@link JWTVerifier}, built once, with issuer and audience checks.</li>
 * <li>{@code filterStreamMiss*}, {@code javaJwtStream*}: misses on a full cache, every token first-seen
 * ({@link FirstSeenTokens}); {@code javaJwtCachedStreamHs256} java-jwt's verify followed by an insert
 * into a Caffeine cache built as the filter's, the floor under the filter's HS256 stream.</li>
 * <li>{@code nimbus*}: {@link SpringStyleNimbusDecoder}.</li>
 * <li>{@code *Threads2}: the same on two threads, one filter, for throughput scaling; java-jwt's on
 * two threads is the control, the scaling the machine itself allows for work that is all computing;
 * {@code baselineFreshHeaderThreads2} is the harness's own, which allocates about 1 KB a request.</li>
 * </ul>
 * The suite is run by {@link BenchmarkSuite}, which adds JMH's GC profiler for bytes per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtGateBenchmarks {

    /** Keys, tokens and the header bytes a container would read, one set per JMH fork. */
    @State(Scope.Benchmark)
    public static class Material {
        BenchTokens tokens;
        byte[] hs256Header;
        byte[] rs256Header;
        byte[] es256Header;
        byte[] hs256Bytes;
        byte[] rs256Bytes;
        byte[] es256Bytes;

        @Setup(Level.Trial)
        public void setUp() {
            tokens = BenchTokens.create();
            hs256Header = BenchTokens.headerBytes(tokens.hs256);
            rs256Header = BenchTokens.headerBytes(tokens.rs256);
            es256Header = BenchTokens.headerBytes(tokens.es256);
            hs256Bytes = tokens.hs256.getBytes(StandardCharsets.ISO_8859_1);
            rs256Bytes = tokens.rs256.getBytes(StandardCharsets.ISO_8859_1);
            es256Bytes = tokens.es256.getBytes(StandardCharsets.ISO_8859_1);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            tokens.close();
        }
    }

    /** One request, response and chain per benchmark thread, reused for every call. */
    @State(Scope.Thread)
    public static class Exchange {
        final BenchRequest request = new BenchRequest();
        final BenchResponse response = new BenchResponse();
        ConsumingChain chain;

        @Setup(Level.Trial)
        public void setUp(Blackhole blackhole) {
            chain = new ConsumingChain(blackhole);
        }

        /** A refused request is a broken benchmark, never a fast one. */
        @TearDown(Level.Iteration)
        public void requireNoRefusal() {
            if (response.refusals() > 0) {
                throw new IllegalStateException("the filter refused " + response.refusals() + " requests (last status "
                        + response.lastRefusal() + "): the benchmark measured an error path");
            }
        }
    }

    /** A filter with the default cache, holding the RS256 token. */
    @State(Scope.Benchmark)
    public static class HitFilter {
        JwtAuthenticationFilter filter;

        @Setup(Level.Trial)
        public void setUp(Material material) throws ServletException, IOException {
            filter = startFilter("hit-rs256", material.tokens.initParameters("RS256", null));
            requireAuthenticated(filter, material.rs256Header);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** A filter with two trusted-issuer blocks and the default cache, holding the RS256 token. */
    @State(Scope.Benchmark)
    public static class TwoIssuersHitFilter {
        JwtAuthenticationFilter filter;

        @Setup(Level.Trial)
        public void setUp(Material material) throws ServletException, IOException {
            filter = startFilter("hit-rs256-two-issuers", material.tokens.twoIssuerParameters());
            requireAuthenticated(filter, material.rs256Header);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /**
     * As {@link HitFilter}, with 20 {@code accessRules}, the request's rule last: the request
     * ({@code GET /shop/orders/42}) passes all 19 others before its own, which asks for a role and a
     * scope the token has. Every pattern kind and method list is among them.
     */
    @State(Scope.Benchmark)
    public static class Rules20HitFilter {
        static final String RULES = String.join("\n",
                "GET /public/* permit",
                "GET /health permit",
                "GET,HEAD *.css permit",
                "GET *.js permit",
                "* /admin/* role:admin|ops",
                "* /internal/* deny",
                "POST,PUT,PATCH /orders/* scope:orders:write role:orders-writer",
                "DELETE /orders/* role:admin",
                "* /reports/* role:auditor scope:reports",
                "GET /catalog/* anonymous",
                "* /customers/* role:customer-admin",
                "* /invoices/* scope:invoices:read",
                "* /payments/* role:payments scope:payments:write",
                "* /users/* role:user-admin",
                "* /settings authenticated",
                "* /api/v1/* scope:api",
                "* /api/v2/* scope:api",
                "* /export/* role:exporter",
                "* *.do role:legacy",
                "GET /orders/* role:orders-reader|admin scope:orders:read");

        JwtAuthenticationFilter filter;

        @Setup(Level.Trial)
        public void setUp(Material material) throws ServletException, IOException {
            Map<String, String> parameters = new java.util.LinkedHashMap<>(material.tokens.initParameters("RS256", null));
            parameters.put("accessRules", RULES);
            filter = startFilter("hit-rs256-rules20", parameters);
            requireAuthenticated(filter, material.rs256Header);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /**
     * The realistic v2 configuration of issue 19, all at once: two {@code issuers} blocks (the
     * token's first), the 20 {@link Rules20HitFilter#RULES} (the request's own last) and revocation on
     * with 10,000 entries in the list; the default cache, holding the RS256 token.
     */
    @State(Scope.Benchmark)
    public static class V2HitFilter {
        JwtAuthenticationFilter filter;

        @Setup(Level.Trial)
        public void setUp(Material material) throws ServletException, IOException {
            filter = startFilter("hit-rs256-v2", material.tokens.v2Parameters(Rules20HitFilter.RULES, 10_000));
            requireAuthenticated(filter, material.rs256Header);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** As {@link HitFilter}, with revocation on and {@link #entries()} entries in the node's list (issue 17). */
    public abstract static class RevocationHitFilter {
        JwtAuthenticationFilter filter;

        abstract int entries();

        @Setup(Level.Trial)
        public void setUp(Material material) throws ServletException, IOException {
            filter = startFilter("hit-rs256-revocation-" + entries(), material.tokens.revocationParameters(entries()));
            requireAuthenticated(filter, material.rs256Header);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** 10,000 entries. */
    @State(Scope.Benchmark)
    public static class Revocation10kHitFilter extends RevocationHitFilter {
        @Override
        int entries() {
            return 10_000;
        }
    }

    /** 1,000,000 entries. */
    @State(Scope.Benchmark)
    public static class Revocation1mHitFilter extends RevocationHitFilter {
        @Override
        int entries() {
            return 1_000_000;
        }
    }

    /** Filters with the cache off, one per algorithm: every call verifies. */
    @State(Scope.Benchmark)
    public static class MissFilters {
        JwtAuthenticationFilter hs256;
        JwtAuthenticationFilter rs256;
        JwtAuthenticationFilter es256;

        @Setup(Level.Trial)
        public void setUp(Material material) throws ServletException, IOException {
            hs256 = startFilter("miss-hs256", material.tokens.initParameters("HS256", "0"));
            rs256 = startFilter("miss-rs256", material.tokens.initParameters("RS256", "0"));
            es256 = startFilter("miss-es256", material.tokens.initParameters("ES256", "0"));
            requireAuthenticated(hs256, material.hs256Header);
            requireAuthenticated(rs256, material.rs256Header);
            requireAuthenticated(es256, material.es256Header);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            hs256.destroy();
            rs256.destroy();
            es256.destroy();
        }
    }

    /** java-jwt verifiers, built once, checking what the filters check: signature, time, iss, aud. */
    @State(Scope.Benchmark)
    public static class JavaJwt {
        JWTVerifier hs256;
        JWTVerifier rs256;
        JWTVerifier es256;

        @Setup(Level.Trial)
        public void setUp(Material material) {
            BenchTokens tokens = material.tokens;
            hs256 = verifier(Algorithm.HMAC256(tokens.secret));
            rs256 = verifier(Algorithm.RSA256((RSAPublicKey) tokens.rsa.getPublic(), null));
            es256 = verifier(Algorithm.ECDSA256((ECPublicKey) tokens.ec.getPublic(), null));
            hs256.verify(tokens.hs256);
            rs256.verify(tokens.rs256);
            es256.verify(tokens.es256);
        }

        /** The verifier for {@code HS256}, {@code RS256} or {@code ES256}. */
        JWTVerifier verifier(String algorithm) {
            switch (algorithm) {
                case "HS256":
                    return hs256;
                case "RS256":
                    return rs256;
                case "ES256":
                    return es256;
                default:
                    throw new IllegalArgumentException(algorithm);
            }
        }

        private static JWTVerifier verifier(Algorithm algorithm) {
            return JWT.require(algorithm).withIssuer(BenchTokens.ISSUER).withAudience(BenchTokens.AUDIENCE).build();
        }
    }

    /** Nimbus as Spring Security wires it. */
    @State(Scope.Benchmark)
    public static class Nimbus {
        SpringStyleNimbusDecoder hs256;
        SpringStyleNimbusDecoder rs256;

        @Setup(Level.Trial)
        public void setUp(Material material) throws Exception {
            BenchTokens tokens = material.tokens;
            hs256 = SpringStyleNimbusDecoder.hs256(tokens.secret, BenchTokens.KEY_ID, BenchTokens.ISSUER,
                    BenchTokens.AUDIENCE);
            rs256 = SpringStyleNimbusDecoder.rs256((RSAPublicKey) tokens.rsa.getPublic(), BenchTokens.KEY_ID,
                    BenchTokens.ISSUER, BenchTokens.AUDIENCE);
            hs256.decode(tokens.hs256);
            rs256.decode(tokens.rs256);
        }
    }

    /** The naive cache: Caffeine keyed by the token String, holding the RS256 token. */
    @State(Scope.Benchmark)
    public static class NaiveCache {
        final Cache<String, Object> cache = Caffeine.newBuilder().maximumSize(10_000).build();

        @Setup(Level.Trial)
        public void setUp(Material material) {
            cache.put(new String(material.rs256Bytes, StandardCharsets.ISO_8859_1), Boolean.TRUE);
            if (cache.getIfPresent(fresh(material.rs256Header).substring(7)) == null) {
                throw new IllegalStateException("the naive cache misses");
            }
        }
    }

    /** A new String for every request, copied from bytes, as a container builds a header value. */
    static String fresh(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    // ---- cache hit

    @Benchmark
    public void baselineFreshHeader(Material m, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        x.chain.doFilter(x.request, x.response);
    }

    @Benchmark
    @Threads(2)
    public void baselineFreshHeaderThreads2(Material m, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        x.chain.doFilter(x.request, x.response);
    }

    @Benchmark
    public void filterHitRs256(Material m, HitFilter f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.filter.doFilter(x.request, x.response, x.chain);
    }

    /** As {@code filterHitRs256}, with 20 {@code accessRules}, the request's own last (issue 16). */
    @Benchmark
    public void filterHitRs256Rules20(Material m, Rules20HitFilter f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.filter.doFilter(x.request, x.response, x.chain);
    }

    /** As {@code filterHitRs256}, with revocation on and 10,000 entries in the list (issue 17). */
    @Benchmark
    public void filterHitRs256Revocation10k(Material m, Revocation10kHitFilter f, Exchange x)
            throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.filter.doFilter(x.request, x.response, x.chain);
    }

    /** As {@code filterHitRs256}, with revocation on and 1,000,000 entries in the list (issue 17). */
    @Benchmark
    public void filterHitRs256Revocation1m(Material m, Revocation1mHitFilter f, Exchange x)
            throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.filter.doFilter(x.request, x.response, x.chain);
    }

    /** As {@code filterHitRs256}, with two issuer blocks configured (issue 15). */
    @Benchmark
    public void filterHitRs256TwoIssuers(Material m, TwoIssuersHitFilter f, Exchange x)
            throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.filter.doFilter(x.request, x.response, x.chain);
    }

    /**
     * The hit with issue 19's realistic v2 configuration: two issuer blocks, 20 access rules,
     * revocation with 10,000 entries.
     */
    @Benchmark
    public void filterHitRs256V2(Material m, V2HitFilter f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.filter.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    @Threads(2)
    public void filterHitRs256Threads2(Material m, HitFilter f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.filter.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    public Object naiveCaffeineLookup(Material m, NaiveCache c) {
        String header = fresh(m.rs256Header);
        return c.cache.getIfPresent(header.substring(7));
    }

    // ---- cache miss: the filter verifies every time

    @Benchmark
    public void filterMissHs256(Material m, MissFilters f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.hs256Header));
        f.hs256.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    public void filterMissRs256(Material m, MissFilters f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.rs256.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    @Threads(2)
    public void filterMissRs256Threads2(Material m, MissFilters f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.rs256Header));
        f.rs256.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    public void filterMissEs256(Material m, MissFilters f, Exchange x) throws IOException, ServletException {
        x.request.reset(fresh(m.es256Header));
        f.es256.doFilter(x.request, x.response, x.chain);
    }

    // ---- cache miss as in production: the cache on (default size, full), every token first-seen
    // (FirstSeenTokens); single-shot batches of a known number of requests, so the pool suffices.
    // In single-shot mode JMH divides a batch's time (and its allocation) by the operations per
    // invocation alone: set to the batch, the figures are per request, as everywhere else.

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.RS256_WARMUP, batchSize = FirstSeenTokens.RS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.RS256_ITERATIONS, batchSize = FirstSeenTokens.RS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.RS256_BATCH)
    public void filterStreamMissRs256(FirstSeenTokens.Rs256 s, Exchange x) throws IOException, ServletException {
        x.request.reset(s.nextHeader());
        s.filter.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.RS256_WARMUP, batchSize = FirstSeenTokens.RS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.RS256_ITERATIONS, batchSize = FirstSeenTokens.RS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.RS256_BATCH)
    public void filterStreamMissRs256Threads2(FirstSeenTokens.Rs256 s, Exchange x)
            throws IOException, ServletException {
        x.request.reset(s.nextHeader());
        s.filter.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.HS256_WARMUP, batchSize = FirstSeenTokens.HS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.HS256_ITERATIONS, batchSize = FirstSeenTokens.HS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.HS256_BATCH)
    public void filterStreamMissHs256(FirstSeenTokens.Hs256 s, Exchange x) throws IOException, ServletException {
        x.request.reset(s.nextHeader());
        s.filter.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.HS256_WARMUP, batchSize = FirstSeenTokens.HS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.HS256_ITERATIONS, batchSize = FirstSeenTokens.HS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.HS256_BATCH)
    public void filterStreamMissHs256Threads2(FirstSeenTokens.Hs256 s, Exchange x)
            throws IOException, ServletException {
        x.request.reset(s.nextHeader());
        s.filter.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.ES256_WARMUP, batchSize = FirstSeenTokens.ES256_BATCH)
    @Measurement(iterations = FirstSeenTokens.ES256_ITERATIONS, batchSize = FirstSeenTokens.ES256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.ES256_BATCH)
    public void filterStreamMissEs256(FirstSeenTokens.Es256 s, Exchange x) throws IOException, ServletException {
        x.request.reset(s.nextHeader());
        s.filter.doFilter(x.request, x.response, x.chain);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.RS256_WARMUP, batchSize = FirstSeenTokens.RS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.RS256_ITERATIONS, batchSize = FirstSeenTokens.RS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.RS256_BATCH)
    public DecodedJWT javaJwtStreamRs256(FirstSeenTokens.Rs256 s, JavaJwt j) {
        return j.rs256.verify(s.nextToken());
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.RS256_WARMUP, batchSize = FirstSeenTokens.RS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.RS256_ITERATIONS, batchSize = FirstSeenTokens.RS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.RS256_BATCH)
    public DecodedJWT javaJwtStreamRs256Threads2(FirstSeenTokens.Rs256 s, JavaJwt j) {
        return j.rs256.verify(s.nextToken());
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.HS256_WARMUP, batchSize = FirstSeenTokens.HS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.HS256_ITERATIONS, batchSize = FirstSeenTokens.HS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.HS256_BATCH)
    public DecodedJWT javaJwtStreamHs256(FirstSeenTokens.Hs256 s, JavaJwt j) {
        return j.hs256.verify(s.nextToken());
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.HS256_WARMUP, batchSize = FirstSeenTokens.HS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.HS256_ITERATIONS, batchSize = FirstSeenTokens.HS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.HS256_BATCH)
    public DecodedJWT javaJwtStreamHs256Threads2(FirstSeenTokens.Hs256 s, JavaJwt j) {
        return j.hs256.verify(s.nextToken());
    }

    /**
     * The floor under {@code filterStreamMissHs256}: java-jwt's verify, then the token put into a
     * Caffeine cache built as the filter's, full (CacheInsertBenchmarks): what any filter that
     * verifies as java-jwt does and caches what it verified pays per first-seen token, and nothing
     * else the contract asks for.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.HS256_WARMUP, batchSize = FirstSeenTokens.HS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.HS256_ITERATIONS, batchSize = FirstSeenTokens.HS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.HS256_BATCH)
    public DecodedJWT javaJwtCachedStreamHs256(FirstSeenTokens.Hs256 s, JavaJwt j) {
        return verifyAndCache(s, j);
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.HS256_WARMUP, batchSize = FirstSeenTokens.HS256_BATCH)
    @Measurement(iterations = FirstSeenTokens.HS256_ITERATIONS, batchSize = FirstSeenTokens.HS256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.HS256_BATCH)
    public DecodedJWT javaJwtCachedStreamHs256Threads2(FirstSeenTokens.Hs256 s, JavaJwt j) {
        return verifyAndCache(s, j);
    }

    private static DecodedJWT verifyAndCache(FirstSeenTokens.Hs256 s, JavaJwt j) {
        String token = s.nextToken();
        DecodedJWT verified = j.hs256.verify(token);
        s.cacheVerified(token);
        return verified;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = FirstSeenTokens.ES256_WARMUP, batchSize = FirstSeenTokens.ES256_BATCH)
    @Measurement(iterations = FirstSeenTokens.ES256_ITERATIONS, batchSize = FirstSeenTokens.ES256_BATCH)
    @OperationsPerInvocation(FirstSeenTokens.ES256_BATCH)
    public DecodedJWT javaJwtStreamEs256(FirstSeenTokens.Es256 s, JavaJwt j) {
        return j.es256.verify(s.nextToken());
    }

    // ---- peers, on a fresh copy of the same token

    @Benchmark
    public DecodedJWT javaJwtVerifyHs256(Material m, JavaJwt j) {
        return j.hs256.verify(fresh(m.hs256Bytes));
    }

    @Benchmark
    public DecodedJWT javaJwtVerifyRs256(Material m, JavaJwt j) {
        return j.rs256.verify(fresh(m.rs256Bytes));
    }

    /**
     * The control for the two-thread figures: CPU-bound work that shares nothing, so its scaling is
     * what the machine itself gave this run (other tenants of a shared machine take cores too).
     */
    @Benchmark
    @Threads(2)
    public DecodedJWT javaJwtVerifyRs256Threads2(Material m, JavaJwt j) {
        return j.rs256.verify(fresh(m.rs256Bytes));
    }

    @Benchmark
    public DecodedJWT javaJwtVerifyEs256(Material m, JavaJwt j) {
        return j.es256.verify(fresh(m.es256Bytes));
    }

    @Benchmark
    public JWTClaimsSet nimbusHs256(Material m, Nimbus n) throws Exception {
        return n.hs256.decode(fresh(m.hs256Bytes));
    }

    @Benchmark
    public JWTClaimsSet nimbusRs256(Material m, Nimbus n) throws Exception {
        return n.rs256.decode(fresh(m.rs256Bytes));
    }

    // ---- setup helpers

    static JwtAuthenticationFilter startFilter(String name, Map<String, String> initParameters)
            throws ServletException {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter();
        filter.init(new BenchFilterConfig(name, initParameters));
        return filter;
    }

    /** Fails the setup unless the filter lets this header through as an authenticated caller. */
    static void requireAuthenticated(JwtAuthenticationFilter filter, byte[] header)
            throws IOException, ServletException {
        BenchRequest request = new BenchRequest();
        BenchResponse response = new BenchResponse();
        request.reset(fresh(header));
        ServletRequest[] passed = new ServletRequest[1];
        filter.doFilter(request, response, (req, res) -> passed[0] = req);
        Principal principal = passed[0] == null ? null : ((HttpServletRequest) passed[0]).getUserPrincipal();
        if (principal == null || !BenchTokens.SUBJECT.equals(principal.getName())) {
            throw new IllegalStateException("the filter did not authenticate the benchmark token (status "
                    + response.getStatus() + ", WWW-Authenticate " + response.getHeader("WWW-Authenticate") + ")");
        }
    }
}
