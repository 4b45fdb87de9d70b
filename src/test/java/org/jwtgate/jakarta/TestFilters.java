package org.jwtgate.jakarta;

import java.time.Clock;

/**
 * The filter on a test's clock, for unit tests outside this package: the constructor that takes a
 * {@link Clock} is a package-private test hook, not API. Twin of {@code org.jwtgate.javax.TestFilters}.
 */
public final class TestFilters {

    private TestFilters() {
    }

    /** A filter configured by init-params in {@code init()}, reading {@code clock}. */
    public static JwtAuthenticationFilter clocked(Clock clock) {
        return new JwtAuthenticationFilter(clock);
    }
}
