package org.jwtgate.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.jwtgate.testing.LeakGuard;

/**
 * One web application on a {@link ServletContainer}, laid out as an operator would: the
 * {@code -all} jar (and any of the application's own jars) in {@code WEB-INF/lib}, a
 * {@code WEB-INF/web.xml} naming the filter with its init-params. JwtGate reaches the application
 * from that jar only. And the two ways tests talk to it over real HTTP: {@link HttpClient} for
 * ordinary requests, {@link RawHttp} where the exact bytes matter. Paths given to the request
 * methods are within the context.
 */
public final class Deployment implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ServletContainer container;
    private final String contextPath;
    private final Path directory;
    private final ServletContainer.Webapp webapp;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Deployment(ServletContainer container, String contextPath, Path directory, ServletContainer.Webapp webapp) {
        this.container = container;
        this.contextPath = contextPath;
        this.directory = directory;
        this.webapp = webapp;
    }

    /**
     * What goes into a web application besides the dump servlet; {@code async} adds the asynchronous
     * dump servlet on {@code /async/*} and makes the filter and both servlets async-supported;
     * {@code errorPages} maps the filter for ERROR dispatches too, with an error page for 500 and 503;
     * {@code staticServletClass}, when not {@code null}, puts that container servlet at {@code /}
     * instead of the dump servlet, to serve the application's files (among them
     * {@code styles/site.css}).
     */
    record Contents(Namespace namespace, Map<String, String> initParams, boolean clocked, Path allJar,
            List<Path> libraries, boolean async, boolean errorPages, String staticServletClass) {

        Contents(Namespace namespace, Map<String, String> initParams, boolean clocked, Path allJar,
                List<Path> libraries, boolean async, boolean errorPages) {
            this(namespace, initParams, clocked, allJar, libraries, async, errorPages, null);
        }
    }

    /** The static file every application holds, and its content. */
    static final String STATIC_FILE = "styles/site.css";
    static final String STATIC_CONTENT = "body { color: black }\n";

    /** Writes the application into {@code directory} and deploys it; it may have failed to start. */
    static Deployment create(ServletContainer container, ClassLoader parent, String contextPath, Path directory,
            Contents contents, boolean failureExpected) {
        layOut(directory, contents);
        ServletContainer.Webapp webapp = container.deploy(contextPath, directory, parent, failureExpected);
        return new Deployment(container, contextPath, directory, webapp);
    }

    /**
     * Writes an application whose {@code WEB-INF/web.xml} is {@code webXml}, exactly, into
     * {@code directory}, with the {@code -all} jar in {@code WEB-INF/lib} (used only if the web.xml
     * names JwtGate), and deploys it; it may have failed to start.
     */
    static Deployment createFromWebXml(ServletContainer container, ClassLoader parent, String contextPath,
            Path directory, String webXml, Path allJar) {
        return createFromWebXml(container, parent, contextPath, directory, webXml, allJar, List.of(), false, false);
    }

    /**
     * Like {@link #createFromWebXml(ServletContainer, ClassLoader, String, Path, String, Path)}, with
     * test classes copied into {@code WEB-INF/classes} (a clocked subclass of a JwtGate class must
     * share the jar's runtime package); the application may have failed to start. With
     * {@code authModule}, the web.xml installs JwtGate's authentication module, and the container is
     * configured for it as its operator would ({@link ServletContainer#deployWithAuthModule}).
     */
    static Deployment createFromWebXml(ServletContainer container, ClassLoader parent, String contextPath,
            Path directory, String webXml, Path allJar, List<String> classes, boolean failureExpected,
            boolean authModule) {
        try {
            Path lib = Files.createDirectories(directory.resolve("WEB-INF/lib"));
            Files.writeString(directory.resolve("WEB-INF/web.xml"), webXml);
            Files.copy(allJar, lib.resolve(allJar.getFileName()));
            for (String className : classes) {
                copyClassFile(className, Files.createDirectories(directory.resolve("WEB-INF/classes")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServletContainer.Webapp webapp = authModule
                ? container.deployWithAuthModule(contextPath, directory, parent, failureExpected)
                : container.deploy(contextPath, directory, parent, failureExpected);
        return new Deployment(container, contextPath, directory, webapp);
    }

    /**
     * Deploys an application the test laid out in {@code directory} itself, as it is (an example's
     * exploded WAR); it may have failed to start.
     */
    static Deployment createExploded(ServletContainer container, ClassLoader parent, String contextPath,
            Path directory) {
        ServletContainer.Webapp webapp = container.deploy(contextPath, directory, parent, false);
        return new Deployment(container, contextPath, directory, webapp);
    }

    private static void layOut(Path directory, Contents contents) {
        Namespace namespace = contents.namespace();
        String filterClass = contents.clocked() ? namespace.clockedFilterClass() : namespace.filterClass();
        try {
            Path lib = Files.createDirectories(directory.resolve("WEB-INF/lib"));
            Files.writeString(directory.resolve("WEB-INF/web.xml"), WebXml.of(namespace, filterClass, contents.initParams(),
                    contents.async(), contents.errorPages(), contents.staticServletClass()));
            Files.createDirectories(directory.resolve(STATIC_FILE).getParent());
            Files.writeString(directory.resolve(STATIC_FILE), STATIC_CONTENT);
            Files.copy(contents.allJar(), lib.resolve(contents.allJar().getFileName()));
            for (Path library : contents.libraries()) {
                Files.copy(library, lib.resolve(library.getFileName()));
            }
            if (contents.clocked()) {
                copyClassFile(namespace.clockedFilterClass(), Files.createDirectories(directory.resolve("WEB-INF/classes")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a test class (and any nested classes) from the test output into {@code WEB-INF/classes},
     * so the application's loader defines it next to JwtGate from the jar: the clocked filter must
     * share a runtime package with the filter it extends.
     */
    static void copyClassFile(String className, Path classes) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        URL url = Deployment.class.getClassLoader().getResource(resource);
        if (url == null || !url.getProtocol().equals("file")) {
            throw new IllegalStateException(resource + " not found as a file in the test output: " + url);
        }
        Path source;
        try {
            source = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path target = Files.createDirectories(classes.resolve(resource).getParent());
        String simpleName = source.getFileName().toString().replace(".class", "");
        try (Stream<Path> siblings = Files.list(source.getParent())) {
            for (Path file : (Iterable<Path>) siblings::iterator) {
                String name = file.getFileName().toString();
                if (name.equals(simpleName + ".class") || name.startsWith(simpleName + "$")) {
                    Files.copy(file, target.resolve(name));
                }
            }
        }
    }

    public String contextPath() {
        return contextPath;
    }

    /** Whether the application started and takes requests. */
    public boolean isServing() {
        return webapp.isServing();
    }

    /** The class loader the container gave the application. */
    ClassLoader classLoader() {
        return webapp.classLoader();
    }

    /** The message of the ServletException the filter's {@code init()} threw, or {@code null}. */
    public String initFailure() {
        return TestBridge.initFailure(contextPath);
    }

    /** Why the application is not serving, as far as anyone knows, for failure messages. */
    String whyNotServing() {
        String initFailure = initFailure();
        Throwable containerSays = webapp.startFailure();
        return "the application at " + contextPath + " did not start: init() failure: " + initFailure
                + (containerSays == null ? "" : "; container: " + containerSays);
    }

    /** How often the application behind the filter has been invoked. */
    public int invocations() {
        return TestBridge.invocations(contextPath);
    }

    /** Sessions the container created for this application, for whatever reason. */
    public int sessionsCreated() {
        return TestBridge.sessionsCreated(contextPath);
    }

    /** Tokens that went through full verification in the running filter. */
    public long verifications() {
        return TestBridge.verifications(contextPath);
    }

    /** Tokens the running filter holds in its cache now. */
    public long cachedTokens() {
        return TestBridge.cachedTokens(contextPath);
    }

    /** A GET with header name/value pairs. */
    public HttpReply get(String path, String... headers) {
        return request("GET", path, headers);
    }

    /**
     * A request with any method, no body, and header name/value pairs, on the shared client (its
     * connections kept alive, for tests that send thousands).
     */
    public HttpReply request(String method, String path, String... headers) {
        learnCredentials(path);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            learnCredentials(headers[i] + ": " + headers[i + 1]);
        }
        return send(method, uri(path), headers);
    }

    /** A request with no body and header name/value pairs to any URI, on the shared client. */
    static HttpReply send(String method, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HttpReply.of(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with {@code Authorization: Bearer token}. */
    public HttpReply bearer(String path, String token) {
        return get(path, "Authorization", "Bearer " + token);
    }

    /** A GET written byte for byte: each header line is sent exactly as given. */
    public HttpReply raw(String path, String... headerLines) {
        return send("GET", path, null, headerLines);
    }

    /**
     * A request written byte for byte, with a body (sent with its {@code Content-Length}) unless
     * {@code body} is {@code null}.
     */
    public HttpReply send(String method, String path, String body, String... headerLines) {
        learnCredentials(path);
        StringBuilder request = new StringBuilder(method).append(' ').append(contextPath).append(path)
                .append(" HTTP/1.1\r\n").append("Host: 127.0.0.1:").append(container.port()).append("\r\n");
        for (String line : headerLines) {
            learnCredentials(line);
            request.append(line).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Length: ").append(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length)
                    .append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        if (body != null) {
            request.append(body);
            learnCredentials(body);
        }
        return RawHttp.exchange(container.port(), request.toString());
    }

    /**
     * Tells the leak guard of a running attack family what credentials a request carries: the
     * values of {@code Authorization} and {@code Cookie} header lines, and of {@code access_token}
     * parameters in a path or body.
     */
    private static void learnCredentials(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? "" : text.substring(0, colon).trim();
        if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie")) {
            learnWords(text.substring(colon + 1));
        }
        for (int at = text.indexOf("access_token="); at >= 0; at = text.indexOf("access_token=", at + 1)) {
            int end = at + "access_token=".length();
            while (end < text.length() && text.charAt(end) != '&' && text.charAt(end) != ' ') {
                end++;
            }
            learnWords(text.substring(at + "access_token=".length(), end));
        }
    }

    private static void learnWords(String value) {
        LeakGuard.token(value.trim());
        for (String word : value.split("[\\s,;=\"]+")) {
            LeakGuard.token(word);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + container.port() + contextPath + path);
    }

    /** Undeploys the application and removes its files; does nothing the second time. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        webapp.undeploy();
        TestBridge.forget(contextPath);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
