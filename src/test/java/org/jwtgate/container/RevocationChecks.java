package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the revocation suites ({@code RevocationIT}, {@code RevocationRedisIT}) ask of a node: its
 * MBean's operations and attributes, an answer awaited while the node's own thread reads the list,
 * and the revoked token's 401.
 */
final class RevocationChecks {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    /** Time for a node's thread to read the list: its 1 s interval, and a margin for a slow machine. */
    private static final long PROPAGATION_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(4);

    private RevocationChecks() {
    }

    private static ObjectName mbean(Deployment app) throws Exception {
        return new ObjectName("org.jwtgate:type=JwtAuthenticationFilter,context=" + app.contextPath() + ",filter=jwtgate");
    }

    /** Calls an MBean operation; {@code Long} arguments are {@code long}, the others strings. */
    static Object invoke(Deployment app, String operation, Object... arguments) throws Exception {
        String[] signature = new String[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            signature[i] = arguments[i] instanceof Long ? "long" : String.class.getName();
        }
        return JMX.invoke(mbean(app), operation, arguments, signature);
    }

    static long attribute(Deployment app, String name) throws Exception {
        return ((Number) JMX.getAttribute(mbean(app), name)).longValue();
    }

    /** Asks until the answer is {@code status} or the limit passes, and requires {@code status}. */
    static HttpReply awaitStatus(Deployment app, String token, int status) {
        long start = System.nanoTime();
        HttpReply reply = app.bearer("/x", token);
        while (reply.status() != status && System.nanoTime() - start < PROPAGATION_LIMIT_NANOS) {
            reply = app.bearer("/x", token);
        }
        HttpReply last = reply;
        assertEquals(status, last.status(), () -> "after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + last);
        return last;
    }

    /** Whether the store's errors counter has moved past {@code before} within the limit, the node asked meanwhile. */
    static boolean awaitStoreError(Deployment app, long before, String token) throws Exception {
        long start = System.nanoTime();
        while (attribute(app, "RevocationStoreErrors") == before && System.nanoTime() - start < PROPAGATION_LIMIT_NANOS) {
            app.bearer("/x", token); // the node's thread reads the list meanwhile
        }
        return attribute(app, "RevocationStoreErrors") > before;
    }

    static void assertRevoked(HttpReply reply) {
        assertRefused(reply, 401, "invalid_token");
        assertTrue(reply.header("WWW-Authenticate").contains("The access token has been revoked."), reply::toString);
    }
}
