package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * The example {@code examples/legacy-javax-webapp} in its variant that keeps its 2014
 * {@code <security-constraint>}s ({@code mvn -Pmodule}, {@code ./demo.sh legacy-module}), deployed as
 * that build lays it out: the example's pages, its servlets compiled from its own sources, its
 * module {@code WEB-INF/web.xml} and {@code META-INF/context.xml} (the access log), the {@code -all}
 * jar in {@code WEB-INF/lib}. One thing is changed: the web.xml's {@code env:JWT_SECRET} becomes a
 * {@code sysprop:} reference, since a test cannot set its own environment. The installer is the
 * public class the web.xml names, on the system clock, so the tokens are minted for now.
 *
 * <p>Tomcat 9 only: the example is a {@code javax.servlet} application, and Jetty 12's ee8
 * environment runs an authentication module only with its jaspi module in the server. The JSP and
 * the static pages need Jasper and the default servlet, which the suite's Tomcat leaves out:
 * {@code ./demo.sh legacy-module} shows them.
 */
class LegacyModuleExampleIT {

    private static final Path EXAMPLE = Path.of("examples/legacy-javax-webapp");
    private static final Path MODULE_WEB_XML = EXAMPLE.resolve("src/module/webapp/WEB-INF/web.xml");
    private static final String ISSUER = "https://login.example.com";
    private static final String AUDIENCE = "orders-app";
    private static final String ACCESS_LOG = "logs/acme-orders-access.log";

    @RegisterExtension
    static final CellServer server = new CellServer();

    private static byte[] secret;
    private static Deployment app;

    @BeforeAll
    static void deploy() throws IOException {
        if (server.cell() != Cell.TOMCAT9) {
            return;
        }
        secret = Keys.secret(32);
        LeakGuard.secret(secret);
        app = server.deployExploded(layOut("legacy-javax-webapp-module", EXAMPLE.resolve("src/module/webapp")));
    }

    /**
     * The example's exploded WAR as its build makes it: {@code src/main/webapp}, then the variant's
     * own files over it ({@code overlay}, or none for the filter variant), the compiled classes, the
     * {@code -all} jar; the secret's reference replaced.
     */
    private static Path layOut(String name, Path overlay) throws IOException {
        Path war = server.dir().resolve(name);
        copyTree(EXAMPLE.resolve("src/main/webapp"), war);
        if (overlay != null) {
            copyTree(overlay, war);
        }
        Path webXmlFile = war.resolve("WEB-INF/web.xml");
        String webXml = Files.readString(webXmlFile, StandardCharsets.UTF_8);
        assertEquals(1, webXml.split("env:JWT_SECRET", -1).length - 1, "the example reads its secret from JWT_SECRET");
        Files.writeString(webXmlFile,
                webXml.replace("env:JWT_SECRET", server.reference(Base64.getEncoder().encodeToString(secret))));
        compile(EXAMPLE.resolve("src/main/java"), Files.createDirectories(war.resolve("WEB-INF/classes")));
        Path allJar = CellServer.requiredPath("jwtgate.allJar");
        Files.copy(allJar, Files.createDirectories(war.resolve("WEB-INF/lib")).resolve(allJar.getFileName()));
        return war;
    }

    /** Per test, so that each is reported skipped, with the reason. */
    @BeforeEach
    void onTomcat9Only() {
        assumeTrue(server.cell() == Cell.TOMCAT9, () -> server.cell() + ": the example is a javax.servlet application "
                + "for Tomcat 9 (Jetty 12 ee8 would need its jaspi module in the server)");
    }

    private static String token(String subject, String... roles) {
        Instant now = Instant.now();
        return Tokens.hs256(secret).issuer(ISSUER).audience(AUDIENCE).subject(subject).roles(List.of(roles))
                .issuedAt(now).expiresAt(now.plusSeconds(3600)).sign();
    }

    // --- the web.xml ---

    @Test
    void webXml_the2014ConstraintsUnchanged_theListenerInsteadOfLoginConfig_noFilter() throws Exception {
        Document module = parse(MODULE_WEB_XML);
        Document original = parse(EXAMPLE.resolve("web-2014-constraints.xml"));
        for (String element : List.of("security-constraint", "security-role")) {
            assertEquals(canonical(original, element), canonical(module, element), element);
        }
        assertEquals(1, original.getElementsByTagName("login-config").getLength(), "2014: a FORM login");
        assertEquals(0, module.getElementsByTagName("login-config").getLength());
        assertEquals(0, module.getElementsByTagName("filter").getLength());
        assertEquals("org.jwtgate.javax.JwtAuthModuleInstaller",
                module.getElementsByTagName("listener-class").item(0).getTextContent().trim());
    }

    // --- what Tomcat does with the token ---

    @Test
    void protectedPath_noToken_401Challenge() {
        ErrorResponseAssertions.assertNoTokenChallenge(app.get("/api/orders"), "orders");
    }

    @Test
    void read_tokenWithRoleUser_200_theServletSeesTheCaller() {
        HttpReply reply = app.bearer("/api/orders", token("alice", "user"));
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.body().contains("(getRemoteUser: alice, admin: false)"), reply::toString);
    }

    @Test
    void write_tokenWithoutAdmin_theContainers403_withAdmin_theServletAnswers() {
        HttpReply alice = app.request("POST", "/api/orders", "Authorization", "Bearer " + token("alice", "user"));
        assertEquals(403, alice.status(), alice::toString);
        assertEquals(null, alice.header("WWW-Authenticate"), alice::toString);
        // Past the constraint, the servlet (which has no doPost) answers for itself.
        HttpReply carol = app.request("POST", "/api/orders", "Authorization", "Bearer " + token("carol", "user", "admin"));
        assertEquals(405, carol.status(), carol::toString);
    }

    @Test
    void admin_tokenWithoutAdmin_403_withAdmin_theConsole() {
        HttpReply alice = app.bearer("/admin/", token("alice", "user"));
        assertEquals(403, alice.status(), alice::toString);
        HttpReply carol = app.bearer("/admin/", token("carol", "user", "admin"));
        assertEquals(200, carol.status(), carol::toString);
        assertEquals("Admin console. Welcome, carol.", carol.body().strip());
    }

    @Test
    void healthCheck_noToken_anonymous200() {
        HttpReply reply = app.get("/api/health");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("ok", reply.body().strip());
    }

    @Test
    void healthCheck_expiredToken_401InvalidToken() {
        Instant now = Instant.now();
        String expired = Tokens.hs256(secret).issuer(ISSUER).audience(AUDIENCE).roles(List.of("user"))
                .issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).sign();
        ErrorResponseAssertions.assertRefused(app.bearer("/api/health", expired), 401, "invalid_token", expired);
    }

    /**
     * What the README says to choose the filter for: the module sets no header from the token and
     * hides none, so the old code's {@code X-Remote-User} is whatever the client sent, while
     * {@code getRemoteUser()} is the token's.
     */
    @Test
    void proxyHeader_notSetNorHidden_getRemoteUserIsTheTokens() {
        HttpReply reply = app.get("/api/orders", "Authorization", "Bearer " + token("alice", "user"),
                "X-Remote-User", "admin");
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.body().startsWith("Hello, admin."), reply::toString);
        assertTrue(reply.body().contains("(getRemoteUser: alice, admin: false)"), reply::toString);
    }

    // --- the application's own access log (META-INF/context.xml) ---

    @Test
    void accessLog_namesTheTokensUser_onAllowedAndRefusedRequests_dashWithoutOne() throws Exception {
        Path file = server.serverDir().resolve(ACCESS_LOG);
        BlockingQueue<String> hostLog = server.accessLog();
        String read = app.contextPath() + "/api/orders/access-log-read";
        String write = app.contextPath() + "/api/orders/access-log-write";
        String anonymous = app.contextPath() + "/api/orders/access-log-anonymous";

        app.bearer("/api/orders/access-log-read", token("dave", "user"));
        app.request("POST", "/api/orders/access-log-write", "Authorization", "Bearer " + token("dave", "user"));
        app.get("/api/orders/access-log-anonymous");

        assertEquals("127.0.0.1 dave \"GET " + read + " HTTP/1.1\" 200", logged(hostLog, file, read));
        assertEquals("127.0.0.1 dave \"POST " + write + " HTTP/1.1\" 403", logged(hostLog, file, write));
        assertEquals("127.0.0.1 - \"GET " + anonymous + " HTTP/1.1\" 401", logged(hostLog, file, anonymous));
    }

    /**
     * The README's reason to pick the module for access logs: with the filter variant (the example's
     * main web.xml, the same request and token), the container authenticated no one, so its
     * {@code %u} is {@code -} although the application sees alice.
     */
    @Test
    void accessLog_filterVariant_noUser() throws Exception {
        BlockingQueue<String> hostLog = server.accessLog();
        try (Deployment filter = server.deployExploded(layOut("legacy-javax-webapp", null))) {
            HttpReply reply = filter.bearer("/api/orders/access-log", token("alice", "user"));
            assertTrue(reply.body().contains("(getRemoteUser: alice, admin: false)"), reply::toString);
            String uri = filter.contextPath() + "/api/orders/access-log";
            assertEquals(uri + " 200 -", AuthModuleIT.next(hostLog, uri));
        }
    }

    /**
     * The application's log line for {@code uri}, without its time and size. Tomcat writes it
     * before the host's log (the suite's queue), in the same thread: once the queue has the line,
     * the unbuffered file has it too.
     */
    private static String logged(BlockingQueue<String> hostLog, Path file, String uri) throws Exception {
        String hostLine = AuthModuleIT.next(hostLog, uri);
        assertTrue(hostLine.startsWith(uri + " "), hostLine);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(" " + uri + " "))
                .map(line -> line.replaceFirst(" \\[[^]]*\\]", "").replaceFirst(" \\S+$", ""))
                .collect(Collectors.toList());
        assertEquals(1, lines.size(), () -> "in " + file + ": " + lines);
        return lines.get(0);
    }

    // --- laying out the WAR ---

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The example's sources, compiled against the cell's Servlet API as its build compiles them (Java 8). */
    private static void compile(Path sources, Path classes) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "--release", "8", "-Xlint:-options",
                "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = compiler.run(null, errors, errors, arguments.toArray(String[]::new));
        assertEquals(0, exit, () -> "the example did not compile: " + errors.toString(StandardCharsets.UTF_8));
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setIgnoringComments(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    /** Each such element as element names and trimmed texts, in document order. */
    private static List<String> canonical(Document document, String tag) {
        List<String> out = new ArrayList<>();
        NodeList elements = document.getElementsByTagName(tag);
        for (int i = 0; i < elements.getLength(); i++) {
            StringBuilder text = new StringBuilder();
            append((Element) elements.item(i), text);
            out.add(text.toString());
        }
        assertFalse(out.isEmpty(), tag);
        return out;
    }

    private static void append(Element element, StringBuilder out) {
        out.append('<').append(element.getTagName()).append('>');
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                append((Element) child, out);
            } else if (child.getNodeType() == Node.TEXT_NODE) {
                out.append(child.getTextContent().trim());
            }
        }
        out.append("</").append(element.getTagName()).append('>');
    }
}
