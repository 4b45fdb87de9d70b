package org.jwtgate.container;

import java.nio.file.Path;
import java.util.Set;

/**
 * A real servlet container, embedded in the test JVM, listening on a loopback port the OS picks.
 * Web applications are deployed as directories laid out like an exploded WAR; the container
 * reads their {@code WEB-INF/web.xml} itself and gives each its own class loader.
 */
public interface ServletContainer extends AutoCloseable {

    /** One web application on the container. */
    interface Webapp {

        /** Whether the application started and takes requests. */
        boolean isServing();

        /** The container's own account of a failed start, where it keeps one; else {@code null}. */
        Throwable startFailure();

        /** The class loader the container gave the application: what a redeploy must let go of. */
        ClassLoader classLoader();

        void undeploy();
    }

    /**
     * The realm name a test application's {@code <login-config>} gives: the container's own user
     * store, which {@link #addUser} fills, answers for it.
     */
    String REALM = "jwtgate-test";

    /** The port the container listens on, at 127.0.0.1. */
    int port();

    /**
     * Deploys the application in {@code directory} at {@code contextPath}, its class loader a
     * child of {@code parent}. The application may fail to start; {@code failureExpected} only
     * keeps the container from logging such a failure.
     */
    Webapp deploy(String contextPath, Path directory, ClassLoader parent, boolean failureExpected);

    /**
     * Like {@link #deploy}, for an application that registers a Jakarta Authentication module from
     * its own listener (JwtGate's {@code JwtAuthModuleInstaller}), with what the operator of this
     * container configures for such an application: Tomcat needs nothing.
     */
    default Webapp deployWithAuthModule(String contextPath, Path directory, ClassLoader parent,
            boolean failureExpected) {
        return deploy(contextPath, directory, parent, failureExpected);
    }

    /**
     * Adds a user, with a password and roles, to the container's own user store: what a
     * {@code <login-config>} naming {@link #REALM} authenticates against (container-managed
     * security, the container as the oracle of what {@code <security-constraint>}s mean). Add users
     * before the requests that use them.
     */
    void addUser(String name, String password, Set<String> roles);

    /**
     * From now on, the container's access log: one line per request, {@code "URI STATUS USER"}
     * ({@code -} for no user), as the container's own logger formats it ({@code %U %s %u}), taken
     * from the queue as the container writes them (after the response, so poll with a timeout).
     *
     * @throws UnsupportedOperationException where the suite keeps no access log
     */
    default java.util.concurrent.BlockingQueue<String> accessLog() {
        throw new UnsupportedOperationException("no access log kept for " + getClass().getSimpleName());
    }

    @Override
    void close();
}
