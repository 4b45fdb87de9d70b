package org.jwtgate.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * One server of the cell under test per test class, and the HS256 gate most tests deploy on it:
 * a random secret handed over as a {@code sysprop:} reference, issuer and audience of the token
 * fixture. The clock is back at {@code Tokens.NOW} before every test. Register it as
 * {@code @RegisterExtension static final CellServer server = new CellServer();}.
 *
 * <p>Files (the server's, the applications', keys written by tests) live in a temporary
 * directory removed after the class.
 */
public final class CellServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    /** JVM-wide, so a context path names one deployment: the bridge keeps its entries by path. */
    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    /** Held so the level set here is not lost when the logger is collected. */
    private static final Logger JWTGATE_LOG = Logger.getLogger("org.jwtgate");

    private final Cell cell = Cell.current();
    private final SecretProperties secrets = new SecretProperties();
    private final ClassLoader webappParent = new WebappParentClassLoader(CellServer.class.getClassLoader());
    private final List<Deployment> deployments = new ArrayList<>();
    private Path baseDir;
    private ServletContainer container;
    private byte[] secret;
    private Map<String, String> hs256;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // The filter's start-up INFO line, per deployment, would drown the test output.
        JWTGATE_LOG.setLevel(Level.SEVERE);
        TestBridge.setClock(Tokens.NOW);
        baseDir = Files.createTempDirectory("jwtgate-" + cell.id() + "-");
        Files.createDirectories(baseDir.resolve("apps"));
        Files.createDirectories(baseDir.resolve("files"));
        container = cell.start(Files.createDirectories(baseDir.resolve("server")));
        String text = SecretProperties.randomText(32);
        secret = SecretProperties.utf8(text);
        hs256 = WebXml.params("algorithms", "HS256", "secret", secrets.reference(text),
                "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestBridge.setClock(Tokens.NOW);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            // Those the class kept for all its tests: undeployed so the bridge lets go of their filters.
            deployments.forEach(Deployment::close);
            if (container != null) {
                container.close();
            }
        } finally {
            secrets.close();
            delete(baseDir);
        }
    }

    public Cell cell() {
        return cell;
    }

    /** The HS256 secret of {@link #hs256}'s gate. */
    public byte[] secret() {
        return secret.clone();
    }

    /**
     * Init-params of the HS256 gate: {@code algorithms=HS256}, the secret, issuer and audience of
     * the token fixture, with some params added or replaced.
     */
    public Map<String, String> hs256(String... params) {
        return WebXml.with(hs256, params);
    }

    /** Puts {@code value} into a system property cleared after the class; returns {@code sysprop:NAME}. */
    public String reference(String value) {
        return secrets.reference(value);
    }

    /** A directory for files the test writes (keys, secrets), removed after the class. */
    public Path dir() {
        return baseDir.resolve("files");
    }

    /** Deploys the clocked filter with these init-params, and fails unless it serves. */
    public Deployment deploy(Map<String, String> initParams) {
        return serving(create(initParams, true, List.of(), false, false, false));
    }

    /**
     * Like {@link #deploy}, with the container's own static-content servlet at {@code /} instead of
     * the dump servlet (which still answers on {@code /public/*}, {@code /admin/*} and {@code *.do}).
     */
    public Deployment deployWithStaticFiles(Map<String, String> initParams) {
        return serving(create(initParams, true, List.of(), false, false, false, cell.staticContentServletClass()));
    }

    /**
     * Like {@link #deploy}, with the filter mapped for REQUEST and ERROR dispatches (as the README
     * advises) and an error page, the dump servlet, for 500 and 503: a request with
     * {@code ?sendError=503} is answered by {@code sendError(503)}, and so by the error page.
     */
    public Deployment deployWithErrorPages(Map<String, String> initParams) {
        return serving(create(initParams, true, List.of(), false, false, true));
    }

    /**
     * Like {@link #deploy}, with the filter and the servlets async-supported, the filter mapped for
     * REQUEST and ASYNC dispatches, and the asynchronous dump servlet on {@code /async/*}.
     */
    public Deployment deployAsync(Map<String, String> initParams) {
        return serving(create(initParams, true, List.of(), false, true, false));
    }

    /**
     * Deploys an application with exactly this {@code WEB-INF/web.xml} (JwtGate's {@code -all} jar
     * beside it in {@code WEB-INF/lib}), and fails unless it serves: for the container's own
     * security, judged against JwtGate's.
     */
    public Deployment deployWebXml(String webXml) {
        String contextPath = "/c" + CONTEXTS.incrementAndGet();
        Deployment deployment = Deployment.createFromWebXml(container, webappParent, contextPath,
                baseDir.resolve("apps" + contextPath), webXml, requiredPath("jwtgate.allJar"));
        deployments.add(deployment);
        return serving(deployment);
    }

    /**
     * Deploys an exploded WAR the test laid out itself (an example application, with whatever it
     * holds in {@code WEB-INF/lib}), as it is, and fails unless it serves.
     */
    public Deployment deployExploded(Path directory) {
        Deployment deployment = Deployment.createExploded(container, webappParent, "/c" + CONTEXTS.incrementAndGet(),
                directory);
        deployments.add(deployment);
        return serving(deployment);
    }

    /** The server's own directory: Tomcat's {@code catalina.base}, against which relative log directories resolve. */
    public Path serverDir() {
        return baseDir.resolve("server");
    }

    /**
     * Deploys an application secured by the container with JwtGate's authentication module: the
     * clocked installer as its {@code <listener>}, configured by {@code jwtgate.}-prefixed
     * {@code <context-param>}s (see {@link WebXml#authModule}); fails unless it serves.
     */
    public Deployment deployAuthModule(Map<String, String> contextParams, String securityElements) {
        return serving(createAuthModule(contextParams, securityElements, false));
    }

    /** Like {@link #deployAuthModule}; the application may have failed to start. */
    public Deployment tryDeployAuthModule(Map<String, String> contextParams, String securityElements) {
        return createAuthModule(contextParams, securityElements, true);
    }

    private Deployment createAuthModule(Map<String, String> contextParams, String securityElements,
            boolean failureExpected) {
        String contextPath = "/c" + CONTEXTS.incrementAndGet();
        LeakGuard.configured(contextParams.values());
        String installer = cell.namespace().clockedAuthModuleInstallerClass();
        Deployment deployment = Deployment.createFromWebXml(container, webappParent, contextPath,
                baseDir.resolve("apps" + contextPath), WebXml.authModule(cell.namespace(), installer, contextParams,
                        securityElements), requiredPath("jwtgate.allJar"), List.of(installer), failureExpected, true);
        deployments.add(deployment);
        return deployment;
    }

    /** Context-params of the HS256 gate {@link #hs256} gives as init-params: each name {@code jwtgate.}-prefixed. */
    public Map<String, String> hs256ContextParams(String... params) {
        Map<String, String> prefixed = new java.util.LinkedHashMap<>();
        hs256(params).forEach((name, value) -> prefixed.put("jwtgate." + name, value));
        return prefixed;
    }

    /** The container's access log from now on; see {@link ServletContainer#accessLog}. */
    public java.util.concurrent.BlockingQueue<String> accessLog() {
        return container.accessLog();
    }

    /** Adds a user to the container's realm {@link ServletContainer#REALM}; see {@link ServletContainer#addUser}. */
    public void addUser(String name, String password, java.util.Set<String> roles) {
        container.addUser(name, password, roles);
    }

    /** Deploys the clocked filter with these init-params; the application may have failed to start. */
    public Deployment tryDeploy(Map<String, String> initParams) {
        return create(initParams, true, List.of(), true, false, false);
    }

    /**
     * Deploys the public filter class, as an operator's web.xml names it, on the system clock,
     * with the application's own {@code libraries} next to the {@code -all} jar; fails unless it
     * serves.
     */
    public Deployment deployUnclocked(Map<String, String> initParams, List<Path> libraries) {
        return serving(create(initParams, false, libraries, false, false, false));
    }

    private Deployment create(Map<String, String> initParams, boolean clocked, List<Path> libraries,
            boolean failureExpected, boolean async, boolean errorPages) {
        return create(initParams, clocked, libraries, failureExpected, async, errorPages, null);
    }

    private Deployment create(Map<String, String> initParams, boolean clocked, List<Path> libraries,
            boolean failureExpected, boolean async, boolean errorPages, String staticServletClass) {
        String contextPath = "/c" + CONTEXTS.incrementAndGet();
        LeakGuard.configured(initParams.values());
        Deployment.Contents contents = new Deployment.Contents(cell.namespace(), initParams, clocked,
                requiredPath("jwtgate.allJar"), libraries, async, errorPages, staticServletClass);
        Deployment deployment = Deployment.create(container, webappParent, contextPath,
                baseDir.resolve("apps" + contextPath), contents, failureExpected);
        deployments.add(deployment);
        return deployment;
    }

    private static Deployment serving(Deployment deployment) {
        if (!deployment.isServing()) {
            String why = deployment.whyNotServing();
            deployment.close();
            throw new IllegalStateException(why);
        }
        return deployment;
    }

    /** A file or directory the build hands the tests in a system property; it must exist. */
    public static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the suite with mvn verify");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + "=" + value + " does not exist: run mvn verify, not only the tests");
        }
        return path;
    }

    static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
