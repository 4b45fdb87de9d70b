package org.jwtgate.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the tests and the web applications they deploy share. The two sides run in different
 * class loaders (the filter comes from the {@code -all} jar in {@code WEB-INF/lib}), so the only
 * types they can both see are the JDK's: the state lives in {@link System#getProperties()} as an
 * {@link AtomicLong} (the clock's millis) and a {@link ConcurrentHashMap} keyed by context path
 * ({@link LongSupplier}s for the filter's counters, the init failure's message as a
 * {@code String}, {@link AtomicInteger}s for servlet invocations and sessions created). This class
 * holds no state of its own, so it does not matter which loader reads it.
 *
 * <p>Thread-safe. One JVM runs one cell's tests one class at a time; context paths are unique
 * within the JVM, so entries of different deployments never collide.
 */
public final class TestBridge {

    private static final String CLOCK = "jwtgate.test.bridge.clock";
    private static final String REGISTRY = "jwtgate.test.bridge.registry";

    private static final String VERIFICATIONS = "#verifications";
    private static final String CACHED_TOKENS = "#cachedTokens";
    private static final String INIT_FAILURE = "#initFailure";
    private static final String INVOCATIONS = "#invocations";
    private static final String SESSIONS = "#sessionsCreated";

    private TestBridge() {
    }

    /** A clock that reads the shared millis: every clocked filter in the JVM runs on it. */
    public static Clock clock() {
        return new SharedClock(millis());
    }

    /** Moves the shared clock to {@code instant}. */
    public static void setClock(Instant instant) {
        millis().set(instant.toEpochMilli());
    }

    /** Moves the shared clock forward; nothing sleeps. */
    public static void advanceClock(Duration duration) {
        millis().addAndGet(duration.toMillis());
    }

    /** Called by a clocked filter whose {@code init()} succeeded. */
    public static void filterStarted(String contextPath, LongSupplier verifications, LongSupplier cachedTokens) {
        registry().put(contextPath + VERIFICATIONS, verifications);
        registry().put(contextPath + CACHED_TOKENS, cachedTokens);
    }

    /** Called by a clocked filter whose {@code init()} threw. */
    public static void filterFailed(String contextPath, String message) {
        registry().put(contextPath + INIT_FAILURE, String.valueOf(message));
    }

    /** Called by the application behind the filter on every request it serves. */
    public static void invoked(String contextPath) {
        counter(contextPath + INVOCATIONS).incrementAndGet();
    }

    /** Called by the session listener whenever the application's container creates a session. */
    public static void sessionCreated(String contextPath) {
        counter(contextPath + SESSIONS).incrementAndGet();
    }

    /** Tokens that went through full verification in the filter running at this path. */
    static long verifications(String contextPath) {
        return supplier(contextPath + VERIFICATIONS).getAsLong();
    }

    /** Tokens the filter running at this path holds in its cache now. */
    static long cachedTokens(String contextPath) {
        return supplier(contextPath + CACHED_TOKENS).getAsLong();
    }

    /** The message of the ServletException the filter's {@code init()} threw here, or {@code null}. */
    static String initFailure(String contextPath) {
        return (String) registry().get(contextPath + INIT_FAILURE);
    }

    static int invocations(String contextPath) {
        return counter(contextPath + INVOCATIONS).get();
    }

    static int sessionsCreated(String contextPath) {
        return counter(contextPath + SESSIONS).get();
    }

    /** Drops what a deployment left here, once it is gone. */
    static void forget(String contextPath) {
        registry().keySet().removeIf(key -> key.startsWith(contextPath + "#"));
    }

    private static LongSupplier supplier(String key) {
        Object supplier = registry().get(key);
        if (supplier == null) {
            throw new IllegalStateException("no running filter registered " + key);
        }
        return (LongSupplier) supplier;
    }

    private static AtomicInteger counter(String key) {
        return (AtomicInteger) registry().computeIfAbsent(key, k -> new AtomicInteger());
    }

    private static AtomicLong millis() {
        return (AtomicLong) properties().computeIfAbsent(CLOCK, k -> new AtomicLong());
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMap<String, Object> registry() {
        return (ConcurrentMap<String, Object>) properties().computeIfAbsent(REGISTRY, k -> new ConcurrentHashMap<>());
    }

    private static Properties properties() {
        return System.getProperties();
    }

    /** Reads the shared millis on every call; moved only by the tests. */
    private static final class SharedClock extends Clock {

        private final AtomicLong millis;

        SharedClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
