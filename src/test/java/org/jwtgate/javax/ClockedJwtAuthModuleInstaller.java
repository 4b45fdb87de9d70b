package org.jwtgate.javax;

import javax.servlet.ServletContextEvent;

import org.jwtgate.container.TestBridge;

/**
 * The real installer, configured by the real web.xml's context-params, on the clock the tests
 * move by hand: fixture tokens are issued at {@code Tokens.NOW}, and time must pass without
 * sleeping.
 *
 * <p>Deployments copy this class file into {@code WEB-INF/classes}, so the web application's
 * loader defines it next to the installer from the {@code -all} jar in {@code WEB-INF/lib}: one
 * runtime package, so it may call the package-private constructor and {@code gatekeeper()}. It
 * hands the tests only JDK types, through {@link TestBridge}. Twin of
 * {@code org.jwtgate.javax.ClockedJwtAuthModuleInstaller}.
 */
public class ClockedJwtAuthModuleInstaller extends JwtAuthModuleInstaller {

    public ClockedJwtAuthModuleInstaller() {
        super(TestBridge.clock());
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String contextPath = event.getServletContext().getContextPath();
        try {
            super.contextInitialized(event);
        } catch (RuntimeException e) {
            TestBridge.filterFailed(contextPath, e.getMessage());
            throw e;
        }
        TestBridge.filterStarted(contextPath, () -> gatekeeper().authenticator().verifications(),
                () -> gatekeeper().authenticator().cachedTokens());
    }
}
