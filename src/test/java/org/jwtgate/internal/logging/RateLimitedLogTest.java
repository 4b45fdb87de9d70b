package org.jwtgate.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;

/** One line per kind of trouble per interval, and a count of what was left out. */
class RateLimitedLogTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private static final System.Logger JWTGATE = System.getLogger("org.jwtgate");

    @Test
    void rateLimitedLog_repeatsWithinInterval_oneLinePerKindThenCountOfSuppressed() {
        MutableClock clock = MutableClock.atFixtureNow();
        RateLimitedLog warnings = new RateLimitedLog(JWTGATE, clock, Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            warnings.warn("outage", () -> "down");
            warnings.warn("other", () -> "other trouble");
        }
        assertEquals(List.of("down", "other trouble"), log.messages(Level.WARNING), "each kind has its own interval");
        clock.advance(Duration.ofSeconds(59));
        warnings.warn("outage", () -> "down");
        assertEquals(2, log.messages(Level.WARNING).size(), "still within the interval");
        clock.advance(Duration.ofSeconds(1));
        warnings.warn("outage", () -> "down");
        assertEquals("down (5 more like this since the last such warning, not logged)",
                log.messages(Level.WARNING).get(2));
        clock.advance(Duration.ofSeconds(60));
        warnings.warn("outage", () -> "down");
        assertEquals("down", log.messages(Level.WARNING).get(3), "nothing was left out this time");
        clock.advance(Duration.ofSeconds(-3600));
        warnings.warn("outage", () -> "down");
        assertEquals(5, log.messages(Level.WARNING).size(), "a clock stepped back does not silence a kind");
    }

    @Test
    void rateLimitedLog_suppressedWarning_messageNotBuilt() {
        RateLimitedLog warnings = new RateLimitedLog(JWTGATE, MutableClock.atFixtureNow(), Duration.ofSeconds(60));
        warnings.warn("outage", () -> "down");
        warnings.warn("outage", () -> {
            throw new AssertionError("a suppressed warning costs no message");
        });
        assertEquals(1, log.messages(Level.WARNING).size());
    }
}
