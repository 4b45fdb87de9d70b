package org.jwtgate.jakarta;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;

import org.jwtgate.container.TestBridge;

/**
 * The real filter, configured by the real web.xml, on the clock the tests move by hand: fixture
 * tokens are issued at {@code Tokens.NOW}, and time must pass without sleeping.
 *
 * <p>Deployments copy this class file into {@code WEB-INF/classes}, so the web application's
 * loader defines it next to the filter from the {@code -all} jar in {@code WEB-INF/lib}: one
 * runtime package, so it may call the package-private constructor and {@code gatekeeper()}. It hands the tests only JDK
 * types, through {@link TestBridge}. Twin of {@code org.jwtgate.javax.ClockedJwtAuthenticationFilter}.
 */
public class ClockedJwtAuthenticationFilter extends JwtAuthenticationFilter {

    public ClockedJwtAuthenticationFilter() {
        super(TestBridge.clock());
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        String contextPath = config.getServletContext().getContextPath();
        try {
            super.init(config);
        } catch (ServletException e) {
            TestBridge.filterFailed(contextPath, e.getMessage());
            throw e;
        }
        TestBridge.filterStarted(contextPath, () -> gatekeeper().authenticator().verifications(),
                () -> gatekeeper().authenticator().cachedTokens());
    }
}
