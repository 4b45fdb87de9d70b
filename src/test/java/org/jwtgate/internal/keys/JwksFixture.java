package org.jwtgate.internal.keys;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.metrics.Metrics;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * One JWK Set test's world: a loopback server, a hand-moved clock, settings that point at the
 * server, and everything that must be closed afterwards. Sources built with {@link #source} fetch
 * on the calling thread ({@code Runnable::run}), so what a request triggers has happened when it
 * returns; {@link #backgroundSource} uses the source's own thread, as in production.
 */
public final class JwksFixture implements AutoCloseable {

    public static final Duration REFRESH = Duration.ofSeconds(300);
    static final Duration MIN_REFRESH = Duration.ofSeconds(30);

    private static KeyPair rsaB;
    private static KeyPair rsaAttacker;

    public final MutableClock clock = MutableClock.atFixtureNow();
    public final JwkSetServer server = JwkSetServer.start();
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** The first key of rotations (the JVM-wide test RSA key). */
    public static KeyPair rsaA() {
        return Keys.rsa();
    }

    /** The key rotated in. */
    public static synchronized KeyPair rsaB() {
        if (rsaB == null) {
            rsaB = Keys.newRsa(2048);
        }
        return rsaB;
    }

    /** A key nobody configured. */
    static synchronized KeyPair attacker() {
        if (rsaAttacker == null) {
            rsaAttacker = Keys.newRsa(2048);
        }
        return rsaAttacker;
    }

    /**
     * RS256 (and ES256, EdDSA), this server's URL, the fixture clock, 2 s timeout, and a cache TTL
     * longer than the refreshes tests step through (so "cached" stays true); change what a test needs.
     */
    public JwtGateSettings.Builder settings() {
        return JwtGateSettings.builder()
                .algorithms(JwtAlgorithm.RS256, JwtAlgorithm.ES256, JwtAlgorithm.EdDSA)
                .jwksUri(server.uri())
                .issuer(Set.of(Tokens.ISSUER))
                .audience(Set.of(Tokens.AUDIENCE))
                .jwksRefreshInterval(REFRESH)
                .jwksMinRefreshInterval(MIN_REFRESH)
                .jwksTimeout(Duration.ofSeconds(2))
                .cacheMaxTtl(Duration.ofSeconds(3000))
                .clock(clock);
    }

    /** Fetches on the calling thread: deterministic, no waiting on another thread. */
    public JwksKeySource source(JwtGateSettings settings) {
        return source(settings, Runnable::run);
    }

    JwksKeySource source() {
        return source(settings().build());
    }

    /** Fetches on the source's own daemon thread, as in production. */
    JwksKeySource backgroundSource(JwtGateSettings settings) {
        return source(settings, null);
    }

    JwksKeySource source(JwtGateSettings settings, Executor executor) {
        JwksKeySource source = new JwksKeySource(settings, executor);
        closing.add(source);
        return source;
    }

    /**
     * Fetches on the calling thread through {@code transport}: no server, each fetch's answer
     * written by the test.
     */
    JwksKeySource scriptedSource(JwtGateSettings settings, JwksKeySource.Transport transport) {
        return closeLater(new JwksKeySource(settings, Runnable::run, new Metrics(), transport));
    }

    /** Fetches on the calling thread, counting into {@code metrics}. */
    public JwksKeySource countingSource(JwtGateSettings settings, Metrics metrics) {
        return closeLater(new JwksKeySource(settings, Runnable::run, metrics));
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    public static Authenticator gate(JwtGateSettings settings, KeySource keys) {
        return new Authenticator(settings, keys);
    }

    public static AuthenticationResult send(Authenticator gate, String token) {
        return gate.authenticate(name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration(), null).result();
    }

    static boolean accepted(Authenticator gate, String token) {
        return send(gate, token).kind() == Kind.AUTHENTICATED;
    }

    /** An RS256 token; {@code kid} {@code null} leaves the header without one. */
    static String rs256(KeyPair pair, String kid) {
        Tokens tokens = Tokens.with("RS256", pair.getPrivate());
        return (kid == null ? tokens : tokens.keyId(kid)).sign();
    }

    /** A distinct RS256 token each call (its own jti), so the verified-token cache cannot answer it. */
    public static String fresh(KeyPair pair, String kid) {
        Tokens tokens = Tokens.with("RS256", pair.getPrivate()).claim("jti", java.util.UUID.randomUUID().toString());
        return (kid == null ? tokens : tokens.keyId(kid)).sign();
    }

    /**
     * Runs the fetches it is handed only when the test says so: a fetch that stalls exactly as long
     * as the test needs, with no network and no sleeping. Thread-safe.
     */
    static final class ScriptedExecutor implements Executor {
        private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        /** Fetches handed over and not run yet. */
        int pending() {
            return tasks.size();
        }

        /** Runs every fetch handed over so far, on the calling thread. */
        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }

    @Override
    public void close() {
        server.release();
        Collections.reverse(closing);
        for (AutoCloseable resource : closing) {
            try {
                resource.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        server.close();
    }
}
