package org.jwtgate.internal.logging;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Warnings that may repeat on every request (a key outage, say) written at most once per interval
 * per kind, on the injected clock. The next line written for a kind says how many were left out
 * since the one before, so an operator still sees how often it happened. During an outage 1,000
 * requests then make one line, not 1,000.
 *
 * <p>A kind is a constant chosen in code, never text from a request: the map of kinds stays as
 * small as the code that uses it. A clock that steps back lets the next line through rather than
 * silencing the kind.
 *
 * <p>Thread-safe: a suppressed warning costs a read and an increment, and builds no message.
 */
public final class RateLimitedLog {

    /** One kind's last line and how many were left out since. */
    private static final class Kind {
        final AtomicLong lastMillis = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }

    private final Logger logger;
    private final Clock clock;
    private final long intervalMillis;
    private final ConcurrentMap<String, Kind> kinds = new ConcurrentHashMap<>();

    /** How often a repeated warning is written by the sources and the filter: once a minute per kind. */
    public static final Duration EVERY_MINUTE = Duration.ofMinutes(1);

    /** At most one line per kind a minute ({@link #EVERY_MINUTE}). */
    public RateLimitedLog(Logger logger, Clock clock) {
        this(logger, clock, EVERY_MINUTE);
    }

    RateLimitedLog(Logger logger, Clock clock, Duration interval) {
        this.logger = logger;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** Logs {@code message} at WARNING unless a warning of this kind was logged within the interval. */
    public void warn(String kind, Supplier<String> message) {
        log(Level.WARNING, kind, message);
    }

    void log(Level level, String kind, Supplier<String> message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        Kind state = kinds.computeIfAbsent(kind, k -> new Kind());
        long now = clock.millis();
        long last = state.lastMillis.get();
        boolean due = last == Long.MIN_VALUE || now - last >= intervalMillis || now < last;
        if (!due || !state.lastMillis.compareAndSet(last, now)) {
            state.suppressed.incrementAndGet(); // another thread writes this interval's line
            return;
        }
        long left = state.suppressed.getAndSet(0);
        logger.log(level, left == 0 ? message.get() : message.get() + " (" + left + " more like this since the last"
                + " such warning, not logged)");
    }
}
