package org.jwtgate.bench;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.openjdk.jmh.infra.Blackhole;

/**
 * The application behind the filter: it hands the request it is given to JMH's {@link Blackhole}
 * and does nothing else, so the JIT cannot drop the work that produced it, and the application's
 * own cost is the same, and next to nothing, with and without the filter.
 *
 * <p>Not thread-safe: one per benchmark thread.
 */
final class ConsumingChain implements FilterChain {

    private final Blackhole blackhole;

    ConsumingChain(Blackhole blackhole) {
        this.blackhole = blackhole;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) {
        blackhole.consume(request);
    }
}
