package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.jwtgate.testing.ServletPatterns;
import org.jwtgate.testing.Tokens;

/**
 * The semantic round trip of {@code jwtgate rules}, with the container as the judge: for each
 * realistic legacy web.xml, one application keeps the file's {@code <security-constraint>}s and
 * lets the container enforce them (BASIC login against the container's own realm of test users),
 * and another drops them for JwtGate with the {@code accessRules} value that
 * {@code jwtgate rules --container tomcat} (or {@code jetty}, as the cell is) printed, run from the
 * {@code -all} jar as an operator runs it, and {@code mode=optional} (the runbook's setting for an
 * application whose unconstrained paths stay open). Every combination of path, method and user in a
 * generated table must get the same allow or deny from both: the same user's roles once as realm
 * roles, once as the token's {@code roles} claim; no credentials against no token.
 *
 * <p>Where the command says it cannot express the container exactly (Tomcat's fall-through from a
 * path prefix to the extension patterns depends on the path's extension, which a prefix rule cannot
 * say), it asks for the strictest answer: there JwtGate may refuse what the container allowed, and
 * must never allow what it refused. {@code container-quirks.xml} gathers the constructs the two
 * containers read differently from the specification and from each other.
 *
 * <p>The one deliberate difference is modelled, as in the unit test {@code RulesEquivalenceTest}:
 * where the constraints on the best-matching pattern name neither {@code HEAD} nor omit it,
 * {@code HEAD} must pass what the container asks of {@code GET} too, because in
 * {@code accessRules} {@code GET} covers {@code HEAD}. {@code TRACE} is left out: Tomcat refuses it
 * at the connector, before any security. {@code https-only.xml} is left out: its
 * {@code <transport-guarantee>} has no {@code accessRules} equivalent, and {@code jwtgate rules}
 * says so with exit code 1 (the unit test covers it).
 */
class RulesRoundTripIT {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "PROPFIND");
    private static final Set<String> SECURITY_ELEMENTS = Set.of("security-constraint", "security-role",
            "deny-uncovered-http-methods");

    @RegisterExtension
    static final CellServer server = new CellServer();

    /**
     * Every fixture on Tomcat 10.1 and on both Jetty 12 environments. Tomcat 9 and 11 enforce
     * {@code <security-constraint>} with the same Catalina code as Tomcat 10.1, so there the round
     * trip runs the fixtures that show where Tomcat reads the constraints its own way (the quirks,
     * the {@code HEAD} combinations) and the example application's: what the README's table says of
     * "Tomcat 9 to 11" stays checked on each, and the build stays within its time.
     */
    static Stream<String> fixtures() {
        List<String> own = List.of("head-combinations.xml", "container-quirks.xml",
                "examples/legacy-javax-webapp/web-2014-constraints.xml");
        List<String> all = List.of("intranet.xml", "struts.xml", "rest-api.xml", "everything-prefix.xml",
                "deny-uncovered.xml", "head-combinations.xml", "container-quirks.xml",
                "examples/legacy-javax-webapp/web-2014-constraints.xml");
        Cell cell = Cell.current();
        return (cell == Cell.TOMCAT9 || cell == Cell.TOMCAT11 ? own : all).stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rules_legacyWebXml_jwtGateAnswersAsTheContainerForEveryPathMethodAndUser(String file) throws Exception {
        byte[] xml = fixture(file);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml));
        Constraints web = Constraints.of(document);
        Printed printed = printedRules(file, xml);
        String rules = printed.rules;

        Deployment container = server.deployWebXml(WebXml.containerSecured(server.cell().namespace(),
                securityElements(document)));
        Deployment jwtGate = server.deploy(server.hs256("accessRules", rules, "mode", "optional"));

        // Each user once in the realm (BASIC credentials) and once as a token with the same roles.
        String name = Path.of(file).getFileName().toString();
        String prefix = name.substring(0, name.indexOf('.')) + "-";
        Map<String, String[]> credentials = new LinkedHashMap<>();
        credentials.put("no credentials", new String[0]);
        int n = 0;
        for (Set<String> roles : roleSets(web)) {
            String user = prefix + n++;
            String password = "pw-" + user;
            server.addUser(user, password, roles);
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            String token = Tokens.hs256(server.secret()).subject(user).roles(List.copyOf(roles)).sign();
            credentials.put(user + " " + roles, new String[] {"Basic " + basic, "Bearer " + token});
        }

        List<String> mismatches = new ArrayList<>();
        int allowed = 0;
        int denied = 0;
        int stricter = 0;
        for (String path : ServletPatterns.pathsAround(web.patterns)) {
            Map<String, Map<String, Boolean>> containerSays = new LinkedHashMap<>();
            for (String method : METHODS) {
                for (Map.Entry<String, String[]> who : credentials.entrySet()) {
                    containerSays.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(who.getKey(),
                            allows(container, method, path, who.getValue().length == 0 ? null : who.getValue()[0]));
                }
            }
            for (String method : METHODS) {
                for (Map.Entry<String, String[]> who : credentials.entrySet()) {
                    boolean expected = containerSays.get(method).get(who.getKey());
                    if (method.equals("HEAD") && !web.namesHead(path)) {
                        expected &= containerSays.get("GET").get(who.getKey());
                    }
                    boolean actual = allows(jwtGate, method, path, who.getValue().length == 0 ? null : who.getValue()[1]);
                    boolean disputed = printed.disputes(web, path, method);
                    if (disputed && expected && !actual) {
                        stricter++;
                    }
                    if (disputed ? actual && !expected : expected != actual) {
                        mismatches.add(method + " " + path + " " + who.getKey() + ": container "
                                + (expected ? "allows" : "denies") + ", JwtGate " + (actual ? "allows" : "denies"));
                    }
                    if (expected) {
                        allowed++;
                    } else {
                        denied++;
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(40, mismatches.size())),
                () -> mismatches.size() + " mismatches; accessRules:\n" + rules);
        assertTrue(allowed > 50 && denied > 50, "the table exercises both answers: " + allowed + "/" + denied);
        System.out.printf("%s on %s: %d requests to each application, %d allowed, %d denied; JwtGate stricter than "
                + "the container in %d, where jwtgate rules said it could not be exact%n", file, server.cell(),
                allowed + denied, allowed, denied, stricter);
        container.close();
        jwtGate.close();
    }

    /**
     * Whether the application let the request through: anything but 401 and 403 (the dump answers
     * 200 to every method; a container may answer an odd method otherwise, the same way for both).
     */
    private static boolean allows(Deployment app, String method, String path, String authorization) {
        HttpReply reply = authorization == null ? app.request(method, path)
                : app.request(method, path, "Authorization", authorization);
        return reply.status() != 401 && reply.status() != 403;
    }

    /**
     * What {@code jwtgate rules} printed: the rules, and the places where it said the containers read
     * the constraints differently (a "cannot express" line; exit code 1). There the rules ask for
     * the strictest reading, so this container may have let through more, never less.
     */
    private static final class Printed {
        private static final java.util.regex.Pattern DISPUTE = java.util.regex.Pattern.compile(
                "cannot express: url-pattern '([^']*)', (?:method (\\S+)|every method it does not name)"
                        + "(?:, paths matching '\\*(\\.[^']+)'|, (paths without a constrained extension))?"
                        + ": the containers read the constraints differently.*");

        final String rules;
        /** Each dispute: url-pattern, method ({@code null}: those it does not name), extension narrowing. */
        final List<String[]> disputes = new ArrayList<>();

        Printed(String rules, List<String> errors) {
            this.rules = rules;
            for (String line : errors) {
                java.util.regex.Matcher matcher = DISPUTE.matcher(line);
                if (matcher.matches()) {
                    disputes.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3),
                        matcher.group(4) == null ? null : "none"});
                } else {
                    assertTrue(line.startsWith("note: "), "jwtgate rules reported what it could not translate: " + line);
                }
            }
        }

        /**
         * Whether the request falls where {@code jwtgate rules} reported the containers disagree:
         * its best pattern, its method (HEAD follows GET where it is not named), its extension.
         */
        boolean disputes(Constraints web, String path, String method) {
            String best = web.bestPattern(path);
            for (String[] dispute : disputes) {
                if (!dispute[0].equals(best)) {
                    continue;
                }
                boolean methodMatches = dispute[1] == null ? !web.namedAt(best).contains(method)
                        : dispute[1].equals(method) || method.equals("HEAD") && dispute[1].equals("GET")
                                && !web.namedAt(best).contains("HEAD");
                String last = path.substring(path.lastIndexOf('/') + 1);
                String extension = last.lastIndexOf('.') < 0 ? null : last.substring(last.lastIndexOf('.'));
                boolean pathMatches = dispute[2] == null && dispute[3] == null
                        || dispute[2] != null && dispute[2].equals(extension)
                        || dispute[3] != null && (extension == null || !web.patterns.contains("*" + extension));
                if (methodMatches && pathMatches) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Runs {@code java -jar jwtgate-all.jar rules --web-xml FILE}, as the runbook says, and returns what it printed. */
    private static Printed printedRules(String file, byte[] xml) throws IOException, InterruptedException {
        String name = Path.of(file).getFileName().toString();
        Path webXml = Files.write(server.dir().resolve(name), xml);
        Path out = server.dir().resolve(name + ".rules");
        Path err = server.dir().resolve(name + ".err");
        String container = server.cell().id().startsWith("tomcat") ? "tomcat" : "jetty";
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CellServer.requiredPath("jwtgate.allJar").toString(), "rules", "--web-xml", webXml.toString(),
                "--container", container)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "jwtgate rules did not finish");
        List<String> errors = read(err).lines().collect(java.util.stream.Collectors.toList());
        Printed printed = new Printed(read(out).strip(), errors);
        assertEquals(printed.disputes.isEmpty() ? 0 : 1, process.exitValue(), () -> read(err));
        assertTrue(!printed.rules.isEmpty(), "jwtgate rules printed nothing");
        return printed;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource, or a file of the examples (the build runs the tests in the project directory). */
    private static byte[] fixture(String file) throws IOException {
        if (file.startsWith("examples/")) {
            return Files.readAllBytes(Path.of(file));
        }
        try (InputStream in = RulesRoundTripIT.class.getResourceAsStream("/org/jwtgate/cli/rules/" + file)) {
            return in.readAllBytes();
        }
    }

    /** The file's security elements, serialised without a namespace of their own, in their order. */
    private static String securityElements(Document document) throws Exception {
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        NodeList children = document.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child instanceof Element && SECURITY_ELEMENTS.contains(child.getNodeName())) {
                transformer.transform(new DOMSource(child), new StreamResult(out));
                out.write("\n");
            }
        }
        return out.toString();
    }

    /** A user without roles, each role alone, all of them, and a stranger's role. */
    private static List<Set<String>> roleSets(Constraints web) {
        List<Set<String>> sets = new ArrayList<>();
        sets.add(Set.of());
        web.roles.forEach(role -> sets.add(Set.of(role)));
        sets.add(web.roles);
        sets.add(Set.of("stranger"));
        return sets;
    }

    /** What the table needs from the file: its url-patterns, its roles, and where HEAD is named. */
    private static final class Constraints {
        final Set<String> patterns = new LinkedHashSet<>();
        final Set<String> roles = new TreeSet<>();
        /** By url-pattern, the methods its collections list as http-methods or omissions. */
        final Map<String, Set<String>> named = new LinkedHashMap<>();

        static Constraints of(Document document) {
            Constraints web = new Constraints();
            NodeList roleNames = document.getElementsByTagName("role-name");
            for (int i = 0; i < roleNames.getLength(); i++) {
                String role = roleNames.item(i).getTextContent().trim();
                if (!role.equals("*") && !role.equals("**")) {
                    web.roles.add(role);
                }
            }
            NodeList collections = document.getElementsByTagName("web-resource-collection");
            for (int i = 0; i < collections.getLength(); i++) {
                Element collection = (Element) collections.item(i);
                List<String> patterns = texts(collection, "url-pattern");
                web.patterns.addAll(patterns);
                for (String pattern : patterns) {
                    Set<String> methods = web.named.computeIfAbsent(pattern, p -> new LinkedHashSet<>());
                    methods.addAll(texts(collection, "http-method"));
                    methods.addAll(texts(collection, "http-method-omission"));
                }
            }
            return web;
        }

        private static List<String> texts(Element parent, String tag) {
            List<String> texts = new ArrayList<>();
            NodeList nodes = parent.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent().trim());
            }
            return texts;
        }

        /** Whether the constraints on the path's best-matching pattern (Servlet §13.8.3) name HEAD. */
        boolean namesHead(String path) {
            String best = bestPattern(path);
            return best != null && namedAt(best).contains("HEAD");
        }

        Set<String> namedAt(String pattern) {
            return named.getOrDefault(pattern, Set.of());
        }

        String bestPattern(String path) {
            return ServletPatterns.best(patterns, path);
        }
    }
}
