package org.jwtgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;

import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.SignedParts;
import org.jwtgate.internal.jose.TokenRejection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An HS256 miss taken apart (cache off): what each stage the filter runs costs, next to the stages of
 * java-jwt's own {@code JWTVerifier.verify}, so that the filter's excess over java-jwt can be
 * placed. Not part of {@link BenchmarkSuite}: run it by name (BENCHMARKS.md). The token's text is
 * made afresh for every operation, as a container makes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class MissStagesBenchmarks {

    private Algorithm hmac;
    private DecodedJWT decoded;
    private byte[] token;

    @Setup(Level.Trial)
    public void setUp(JwtGateBenchmarks.Material material) {
        hmac = Algorithm.HMAC256(material.tokens.secret);
        token = material.hs256Bytes;
        decoded = JWT.decode(material.tokens.hs256);
    }

    private String fresh() {
        return new String(token, StandardCharsets.ISO_8859_1);
    }

    /** The fresh token text alone: every benchmark here pays it. */
    @Benchmark
    public String freshToken() {
        return fresh();
    }

    /** java-jwt: split, base64url-decode and parse header and payload into Jackson trees. */
    @Benchmark
    public DecodedJWT javaJwtDecode() {
        return JWT.decode(fresh());
    }

    /** java-jwt: the HMAC over a token already decoded (the signature's share of its verify). */
    @Benchmark
    public DecodedJWT javaJwtSignatureOnly() {
        hmac.verify(decoded);
        return decoded;
    }

    /** java-jwt's whole verify: decode, signature, iss, aud, exp. */
    @Benchmark
    public DecodedJWT javaJwtVerify(JwtGateBenchmarks.JavaJwt j) {
        return j.hs256.verify(fresh());
    }

    /** The filter: the three segments, each checked canonical base64url. */
    @Benchmark
    public String[] split() throws TokenRejection {
        return JwsParser.split(fresh());
    }

    /** The filter: split, then header and payload decoded, checked strict UTF-8 and parsed. */
    @Benchmark
    public Map<String, Object> splitAndParse() throws TokenRejection {
        String[] parts = JwsParser.split(fresh());
        JwsParser.object(parts[0]);
        return JwsParser.object(parts[1]);
    }

    /** The filter: split, then the signature checked by java-jwt's HMAC (what the filter asks of java-jwt). */
    @Benchmark
    public String[] splitAndSignature() throws TokenRejection {
        String[] parts = JwsParser.split(fresh());
        hmac.verify(new SignedParts(parts, BenchTokens.KEY_ID));
        return parts;
    }

    /** The whole filter on a miss with the cache off: {@code filterMissHs256} of the suite. */
    @Benchmark
    public void filterMiss(JwtGateBenchmarks.Material m, JwtGateBenchmarks.MissFilters f,
            JwtGateBenchmarks.Exchange x) throws IOException, ServletException {
        x.request.reset(JwtGateBenchmarks.fresh(m.hs256Header));
        f.hs256.doFilter(x.request, x.response, x.chain);
    }
}
