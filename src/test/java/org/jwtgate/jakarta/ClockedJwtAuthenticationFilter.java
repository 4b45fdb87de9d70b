package org.jwtgate.jakarta;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;

import org.jwtgate.testing.MutableClock;

/**
 * The real filter, configured by the real web.xml, but on a clock the tests move by hand: the
 * fixture tokens are issued at {@code Tokens.NOW}, and time must pass without sleeping.
 *
 * <p>Instances register under their context path, so a test can reach the running filter's
 * counters, and a failed {@code init()} leaves its exception here for the test to read.
 */
public class ClockedJwtAuthenticationFilter extends JwtAuthenticationFilter {

    /** Shared by every instance in the JVM; container tests run one at a time. */
    static final MutableClock CLOCK = MutableClock.atFixtureNow();

    private static final ConcurrentMap<String, ClockedJwtAuthenticationFilter> RUNNING = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, ServletException> FAILURES = new ConcurrentHashMap<>();

    public ClockedJwtAuthenticationFilter() {
        super(CLOCK);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        String contextPath = config.getServletContext().getContextPath();
        try {
            super.init(config);
        } catch (ServletException e) {
            FAILURES.put(contextPath, e);
            throw e;
        }
        RUNNING.put(contextPath, this);
    }

    @Override
    public void destroy() {
        RUNNING.values().remove(this);
        super.destroy();
    }

    /** The filter running in this context, or {@code null}. */
    static ClockedJwtAuthenticationFilter running(String contextPath) {
        return RUNNING.get(contextPath);
    }

    /** What {@code init()} threw in this context, or {@code null}. */
    static ServletException initFailure(String contextPath) {
        return FAILURES.get(contextPath);
    }

    /** Tokens that went through full verification so far. */
    long verifications() {
        return core().authenticator().verifications();
    }

    long cachedTokens() {
        return core().authenticator().cachedTokens();
    }
}
