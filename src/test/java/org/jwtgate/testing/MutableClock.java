package org.jwtgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand: no sleeps. Thread-safe. */
public final class MutableClock extends Clock {

    private final AtomicLong millis;
    private final AtomicLong reads = new AtomicLong();

    public MutableClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public static MutableClock atFixtureNow() {
        return new MutableClock(Tokens.NOW);
    }

    public void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    public void set(Instant instant) {
        millis.set(instant.toEpochMilli());
    }

    /** How many times the time was read ({@link #millis()} or {@link #instant()}), for tests that count readings. */
    public long reads() {
        return reads.get();
    }

    @Override
    public long millis() {
        reads.incrementAndGet();
        return millis.get();
    }

    @Override
    public Instant instant() {
        reads.incrementAndGet();
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
