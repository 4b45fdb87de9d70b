package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * A redeploy lets go of the application (issue 13, defect 6): an operator who reloads an
 * application through the manager ten times must not end up with ten class loaders, nor
 * with threads JwtGate started, in the container's JVM. Each round deploys the public filter class
 * (with a JWK Set and a revocation list, whose threads must end on undeploy)
 * from the {@code -all} jar with a JWK Set on loopback, sends requests (so the container's request
 * threads parse tokens and the filter fetches keys over HTTP), and undeploys. Afterwards no live
 * thread may be JwtGate's or carry an old application's class loader, and every old loader must be
 * collected. The same for the authentication module (issue 18), on Tomcat.
 *
 * <p>The loaders are watched through weak references after {@link System#gc()} with the JVM's
 * ordinary soft-reference policy, as the managers' "find leaks" does: a soft reference to
 * something used seconds ago survives such a collection, so a loader held only softly (a
 * thread-local buffer cache on a request thread) is found too, not only one held strongly.
 *
 * <p>The test has a container of its own, not {@link CellServer}'s: that one keeps every
 * {@link Deployment} until the class ends, and with it the container's handle on the application.
 */
class RedeployLeakIT {

    /** Any loader or thread a round leaves behind shows after one round; ten show it does not build up. */
    private static final int REDEPLOYS = 10;
    /** Collections to wait for the loaders; each waits at most {@link #GC_WAIT_MILLIS} for one to go. */
    private static final int MAX_COLLECTIONS = 20;
    private static final long GC_WAIT_MILLIS = 250;

    @TempDir
    static Path dir;
    static ServletContainer container;
    static JwkSetServer idp;
    static KeyPair key;
    /** Threads alive before the first deployment, the harness's own HTTP client's among them. */
    static Set<Thread> before;

    @BeforeAll
    static void start() throws ClassNotFoundException {
        key = Keys.rsa();
        idp = JwkSetServer.start().serve(Jwks.set(Jwks.of("a", key.getPublic())));
        container = Cell.current().start(dir.resolve("server"));
        // Deployment's HTTP client starts its threads when the class initialises: before, not during.
        Class.forName(Deployment.class.getName(), true, RedeployLeakIT.class.getClassLoader());
        before = new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    /**
     * For the filter, and for the authentication module (issue 18), which the container's JVM-wide
     * {@code AuthConfigFactory} holds from registration to removal: what a module left registered
     * would keep its application's loader alive. The module's round needs a container that carries
     * the module: Tomcat (the Jetty cells: {@link AuthModuleIT#NOT_ON_JETTY}).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"filter", "module"})
    void undeploy_tenRedeploysWithJwksAndRequests_noThreadLeftAndEveryClassLoaderCollected(String front)
            throws Exception {
        boolean module = front.equals("module");
        assumeTrue(!module || Cell.current().id().startsWith("tomcat"),
                () -> "the authentication module runs on Tomcat here: " + AuthModuleIT.NOT_ON_JETTY.get(Cell.current().id()));
        String policy = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("SoftRefLRUPolicyMSPerMB").getValue();
        assertNotEquals("0", policy, "with soft references cleared at every collection, a loader held only softly"
                + " would go unnoticed: run this test with the JVM's default soft-reference policy");
        ClassLoader parent = new WebappParentClassLoader(RedeployLeakIT.class.getClassLoader());
        ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
        Map<Reference<ClassLoader>, String> loaders = new LinkedHashMap<>();
        for (int round = 1; round <= REDEPLOYS; round++) {
            String contextPath = "/redeploy" + round;
            loaders.put(deployExerciseUndeploy(parent, contextPath, collected, module), contextPath);
        }
        assertEquals(List.of(), threadsLeft(loaders.keySet()),
                "threads that JwtGate started, or that hold an undeployed application's class loader");
        awaitCollection(loaders.keySet(), collected);
        List<String> alive = new ArrayList<>();
        loaders.forEach((loader, contextPath) -> {
            if (loader.get() != null) {
                alive.add(contextPath);
            }
        });
        assertEquals(List.of(), alive, "undeployed applications whose class loader is still reachable, strongly or softly");
    }

    /**
     * One round; returns only a weak reference, so that no frame of the test still holds the
     * deployment (Jetty's context keeps the loader it was given after it stops).
     */
    private static Reference<ClassLoader> deployExerciseUndeploy(ClassLoader parent, String contextPath,
            ReferenceQueue<ClassLoader> collected, boolean module) {
        Deployment app = module
                ? Deployment.createFromWebXml(container, parent, contextPath, dir.resolve("apps" + contextPath),
                        moduleWebXml(), CellServer.requiredPath("jwtgate.allJar"), List.of(), false, true)
                : Deployment.create(container, parent, contextPath, dir.resolve("apps" + contextPath), contents(),
                        false);
        try {
            assertTrue(app.isServing(), app::whyNotServing);
            exercise(app);
            return new WeakReference<>(app.classLoader(), collected);
        } finally {
            app.close();
        }
    }

    private static Map<String, String> params() {
        // With a revocation list too: its thread must end with the application.
        return WebXml.params("algorithms", "RS256", "jwksUri", idp.uri().toString(),
                "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE,
                "revocation", "file:" + dir.resolve("revoked.txt"), "revocationRefreshInterval", "1");
    }

    /**
     * The public installer with the same settings as context-params, and every path for any
     * authenticated caller: a request without a token gets the 401, as from the filter.
     */
    private static String moduleWebXml() {
        Map<String, String> contextParams = new LinkedHashMap<>();
        params().forEach((name, value) -> contextParams.put("jwtgate." + name, value));
        Namespace namespace = Cell.current().namespace();
        return WebXml.authModule(namespace, namespace.authModuleInstallerClass(), contextParams, ""
                + "  <security-constraint>\n"
                + "      <web-resource-collection>\n"
                + "          <web-resource-name>all</web-resource-name>\n"
                + "          <url-pattern>/*</url-pattern>\n"
                + "      </web-resource-collection>\n"
                + "      <auth-constraint><role-name>**</role-name></auth-constraint>\n"
                + "  </security-constraint>\n");
    }

    private static Deployment.Contents contents() {
        Map<String, String> params = params();
        Cell cell = Cell.current();
        return new Deployment.Contents(cell.namespace(), params, false, CellServer.requiredPath("jwtgate.allJar"),
                List.of(), false, false);
    }

    /**
     * A verified token (the JWK Set fetched, the token parsed on a request thread), an unknown kid, no
     * token. Each on a connection of its own, closed after the answer: Jetty caches per connection the
     * servlet channel of the last application it served, and a connection kept alive by the test
     * would hold the last application here, not JwtGate.
     */
    private static void exercise(Deployment app) {
        Instant now = Instant.now();
        String token = Tokens.with("RS256", key.getPrivate()).keyId("a").issuedAt(now).expiresAt(now.plusSeconds(600))
                .sign();
        HttpReply accepted = app.raw("/x", "Authorization: Bearer " + token);
        assertEquals(200, accepted.status(), accepted::toString);
        String unknownKid = Tokens.with("RS256", key.getPrivate()).keyId("z").issuedAt(now)
                .expiresAt(now.plusSeconds(600)).sign();
        HttpReply refused = app.raw("/x", "Authorization: Bearer " + unknownKid);
        assertEquals(401, refused.status(), refused::toString);
        assertEquals(401, app.raw("/x").status(), "no token");
    }

    /**
     * Live threads named for JwtGate, or whose context class loader is one of the applications', or
     * that the JDK's HTTP client started since the first deployment (whatever their loader).
     */
    private static List<String> threadsLeft(Iterable<Reference<ClassLoader>> loaders) {
        List<String> left = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            ClassLoader context = thread.getContextClassLoader();
            boolean applications = false;
            for (Reference<ClassLoader> loader : loaders) {
                applications |= context != null && context == loader.get();
            }
            String name = thread.getName();
            boolean jwtGates = name.toLowerCase(Locale.ROOT).startsWith("jwtgate")
                    || name.startsWith("HttpClient-") && !before.contains(thread);
            if (thread.isAlive() && (applications || jwtGates)) {
                left.add(name);
            }
        }
        return left;
    }

    /**
     * Collects until every loader is gone or {@link #MAX_COLLECTIONS} collections have passed; waits
     * on the reference queue, not a clock, between them.
     */
    private static void awaitCollection(Iterable<Reference<ClassLoader>> loaders, ReferenceQueue<ClassLoader> queue)
            throws InterruptedException {
        for (int i = 0; i < MAX_COLLECTIONS && anyReachable(loaders); i++) {
            System.gc();
            if (queue.remove(GC_WAIT_MILLIS) != null) {
                while (queue.poll() != null) {
                    // drained: the loop asks the references themselves
                }
            }
        }
    }

    private static boolean anyReachable(Iterable<Reference<ClassLoader>> loaders) {
        for (Reference<ClassLoader> loader : loaders) {
            if (loader.get() != null) {
                return true;
            }
        }
        return false;
    }
}
