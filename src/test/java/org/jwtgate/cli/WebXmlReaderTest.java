package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.ConnectionRecorder;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * web.xml as {@code verify} reads it: the JwtGate filters only, by name, whatever the namespace; a
 * choice required when there are several; and no DOCTYPE, so no external entity is ever resolved.
 */
class WebXmlReaderTest {

    private final byte[] secret = Keys.secret(32);
    private final Cli cli = Cli.atFixtureNow();

    @TempDir
    Path dir;

    @BeforeEach
    void secretInTheEnvironment() {
        cli.env("JWT_SECRET", java.util.Base64.getEncoder().encodeToString(secret));
    }

    private static String filter(String name, String filterClass, String issuer) {
        return "  <filter>\n"
                + "    <filter-name>" + name + "</filter-name>\n"
                + "    <filter-class>" + filterClass + "</filter-class>\n"
                + RoundTripTest.param("algorithms", "HS256")
                + RoundTripTest.param("secret", "env:JWT_SECRET")
                + RoundTripTest.param("secretEncoding", "base64")
                + RoundTripTest.param("issuer", issuer)
                + "  </filter>\n";
    }

    private static String webApp(String namespace, String filters) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<web-app"
                + (namespace.isEmpty() ? "" : " xmlns=\"" + namespace + "\"") + " version=\"4.0\">\n" + filters
                + "</web-app>\n";
    }

    private Path write(String xml) throws Exception {
        return Files.writeString(dir.resolve("web.xml"), xml);
    }

    private static final String JAKARTA = "org.jwtgate.jakarta.JwtAuthenticationFilter";
    private static final String JAVAX = "org.jwtgate.javax.JwtAuthenticationFilter";

    private Path severalFilters() throws Exception {
        return write(webApp("https://jakarta.ee/xml/ns/jakartaee",
                "  <filter><filter-name>cors</filter-name><filter-class>com.example.Cors</filter-class></filter>\n"
                        + filter("api", JAKARTA, "https://api.example") + filter("admin", JAKARTA, Tokens.ISSUER)));
    }

    @Test
    void verify_severalJwtGateFilters_withoutFilter_isAUsageErrorListingThem() throws Exception {
        Cli.Result result = cli.run("verify", "--web-xml", severalFilters().toString(), Tokens.hs256(secret).sign())
                .exits(ExitCode.USAGE);

        assertTrue(result.err.contains("declares 2 JwtGate filters; choose one with --filter NAME: api, admin"),
                result.err);
    }

    @Test
    void verify_severalJwtGateFilters_filterChoosesWhichOneChecks() throws Exception {
        Path webXml = severalFilters();
        String token = Tokens.hs256(secret).sign();

        Cli.Result admin = cli.run("verify", "--web-xml", webXml.toString(), "--filter", "admin", token)
                .exits(ExitCode.OK);
        Cli.Result api = cli.run("verify", "--web-xml", webXml.toString(), "--filter", "api", token)
                .exits(ExitCode.REJECTED);

        assertTrue(admin.out.startsWith("configuration: filter 'admin' of " + webXml), admin.out);
        assertTrue(api.out.contains("REJECTED: BAD_ISSUER"), api.out);
    }

    @Test
    void verify_filterNameNotDeclared_isAUsageErrorListingTheNames() throws Exception {
        Cli.Result result = cli.run("verify", "--web-xml", severalFilters().toString(), "--filter", "cors", "x")
                .exits(ExitCode.USAGE);

        assertTrue(result.err.contains("no JwtGate filter named cors; its JwtGate filters: api, admin"), result.err);
    }

    @Test
    void verify_noJwtGateFilter_isAUsageError() throws Exception {
        Path webXml = write(webApp("", "  <filter><filter-name>cors</filter-name><filter-class>x.Cors</filter-class>"
                + "</filter>\n"));

        assertTrue(cli.run("verify", "--web-xml", webXml.toString(), "x").exits(ExitCode.USAGE)
                .err.contains("declares no JwtGate filter"));
    }

    // --- the authentication module: jwtgate.* context-params and its listener ---

    private static String contextParam(String name, String value) {
        return "  <context-param><param-name>" + name + "</param-name><param-value>" + value
                + "</param-value></context-param>\n";
    }

    /** A module application: constraints kept, a listener, jwtgate.* context-params beside another framework's. */
    private Path moduleWebXml(String listenerClass, String... extra) throws Exception {
        StringBuilder params = new StringBuilder()
                .append(contextParam("jwtgate.algorithms", "HS256"))
                .append(contextParam("jwtgate.secret", "env:JWT_SECRET"))
                .append(contextParam("jwtgate.secretEncoding", "base64"))
                .append(contextParam("jwtgate.issuer", Tokens.ISSUER))
                .append(contextParam("spring.profiles.active", "prod"));
        for (int i = 0; i < extra.length; i += 2) {
            params.append(contextParam(extra[i], extra[i + 1]));
        }
        return write(webApp("https://jakarta.ee/xml/ns/jakartaee", params
                + "  <listener><listener-class> " + listenerClass + " </listener-class></listener>\n"
                + "  <security-constraint><web-resource-collection><url-pattern>/*</url-pattern>"
                + "</web-resource-collection><auth-constraint><role-name>user</role-name></auth-constraint>"
                + "</security-constraint>\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.jwtgate.jakarta.JwtAuthModuleInstaller", "org.jwtgate.javax.JwtAuthModuleInstaller"})
    void verify_authModuleWebXml_checksWithItsContextParams(String listener) throws Exception {
        Path webXml = moduleWebXml(listener);

        Cli.Result accepted = cli.run("verify", "--web-xml", webXml.toString(), Tokens.hs256(secret).sign())
                .exits(ExitCode.OK);
        Cli.Result otherIssuer = cli.run("verify", "--web-xml", webXml.toString(),
                Tokens.hs256(secret).issuer("https://elsewhere.example").sign()).exits(ExitCode.REJECTED);

        assertTrue(accepted.out.startsWith("configuration: authentication module (jwtgate.* context-params) of "
                + webXml), accepted.out);
        assertTrue(otherIssuer.out.contains("REJECTED: BAD_ISSUER"), otherIssuer.out);
    }

    @Test
    void verify_authModuleWebXml_modeOptionalUnlessSet_asTheModuleReadsIt() throws Exception {
        // Refused, so that the filter's start line (the effective settings) is shown.
        Cli.Result result = cli.run("verify", "--web-xml", moduleWebXml(WebXmlReader.MODULE_LISTENERS.get(0))
                .toString(), Tokens.hs256(secret).issuer("https://elsewhere.example").sign()).exits(ExitCode.REJECTED);

        assertTrue(result.err.contains("mode=optional"), result.err);
    }

    @Test
    void verify_authModuleWebXml_claimHeaders_refusedAsTheModuleRefusesIt() throws Exception {
        Cli.Result result = cli.run("verify", "--web-xml", moduleWebXml(WebXmlReader.MODULE_LISTENERS.get(0),
                "jwtgate.claimHeaders", "email=X-Email").toString(), "x").exits(ExitCode.CONFIGURATION);

        assertTrue(result.err.contains("jwtgate.claimHeaders: not supported by the authentication module"), result.err);
    }

    @Test
    void verify_contextParamsWithoutTheModulesListener_areNotAConfiguration() throws Exception {
        Path webXml = moduleWebXml("com.example.SomeOtherListener");

        assertTrue(cli.run("verify", "--web-xml", webXml.toString(), "x").exits(ExitCode.USAGE)
                .err.contains("declares no JwtGate filter (filter-class"));
    }

    @Test
    void verify_filterOptionNamingAnotherFilter_onAModuleWebXml_isAUsageError() throws Exception {
        Path webXml = moduleWebXml(WebXmlReader.MODULE_LISTENERS.get(1));

        assertTrue(cli.run("verify", "--web-xml", webXml.toString(), "--filter", "api", "x").exits(ExitCode.USAGE)
                .err.contains("named api"));
        cli.run("verify", "--web-xml", webXml.toString(), "--filter", "jwtgate-auth-module",
                Tokens.hs256(secret).sign()).exits(ExitCode.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://xmlns.jcp.org/xml/ns/javaee", "http://java.sun.com/xml/ns/javaee",
        "https://jakarta.ee/xml/ns/jakartaee"})
    void jwtGateFilters_anyNamespaceEitherFilterClass_readsNamesAndTrimmedValues(String namespace) throws Exception {
        String xml = webApp(namespace, "  <filter>\n    <filter-name> legacy </filter-name>\n"
                + "    <filter-class>\n      " + JAVAX + "\n    </filter-class>\n"
                + "    <init-param><param-name> algorithms </param-name><param-value>\n HS256, HS384 \n</param-value>"
                + "</init-param>\n    <init-param><param-name>realm</param-name><param-value><![CDATA[a & b]]>"
                + "</param-value></init-param>\n  </filter>\n" + filter("modern", JAKARTA, "https://i"));

        Map<String, Map<String, String>> filters = WebXmlReader.jwtGateFilters(xml.getBytes(StandardCharsets.UTF_8), "w");

        assertEquals(List.of("legacy", "modern"), List.copyOf(filters.keySet()));
        assertEquals(Map.of("algorithms", "HS256, HS384", "realm", "a & b"), filters.get("legacy"));
        assertEquals("https://i", filters.get("modern").get("issuer"));
    }

    @Test
    void jwtGateFilters_prefixedNamespace_isReadByLocalName() throws Exception {
        String xml = "<j:web-app xmlns:j=\"https://jakarta.ee/xml/ns/jakartaee\"><j:filter><j:filter-name>p"
                + "</j:filter-name><j:filter-class>" + JAKARTA + "</j:filter-class><j:init-param><j:param-name>mode"
                + "</j:param-name><j:param-value>optional</j:param-value></j:init-param></j:filter></j:web-app>";

        assertEquals(Map.of("p", Map.of("mode", "optional")),
                WebXmlReader.jwtGateFilters(xml.getBytes(StandardCharsets.UTF_8), "w"));
    }

    @Test
    void verify_externalEntity_isRefusedAsADoctype_andTheFileIsNeverRead() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("etc-passwd"), "root:x:0:0:the-file-content");
        Path webXml = write("<?xml version=\"1.0\"?>\n<!DOCTYPE web-app [\n  <!ENTITY xxe SYSTEM \""
                + secretFile.toUri() + "\">\n]>\n" + webApp("", filter("api", JAKARTA, "&xxe;"))
                .substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".length()));

        Cli.Result result = cli.run("verify", "--web-xml", webXml.toString(), "x").exits(ExitCode.CONFIGURATION);

        assertTrue(result.err.contains("has a DOCTYPE, which is refused: it can pull in external entities (XXE)"),
                result.err);
        assertFalse(result.all().contains("the-file-content"));
    }

    @Test
    void verify_externalParameterEntityOrDtd_neverConnects() throws Exception {
        try (ConnectionRecorder recorder = ConnectionRecorder.start()) {
            Path webXml = write("<?xml version=\"1.0\"?>\n<!DOCTYPE web-app SYSTEM \"" + recorder.uri("/web-app.dtd")
                    + "\" [\n  <!ENTITY % remote SYSTEM \"" + recorder.uri("/evil.dtd") + "\">\n  %remote;\n]>\n"
                    + "<web-app/>\n");

            cli.run("verify", "--web-xml", webXml.toString(), "x").exits(ExitCode.CONFIGURATION);

            assertEquals(0, recorder.connections());
        }
    }

    @Test
    void verify_entityExpansionBomb_isRefusedAsADoctype() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY a0 \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            entities.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        Path webXml = write("<?xml version=\"1.0\"?>\n<!DOCTYPE web-app [\n" + entities + "]>\n<web-app>&a9;</web-app>\n");

        assertTrue(cli.run("verify", "--web-xml", webXml.toString(), "x").exits(ExitCode.CONFIGURATION)
                .err.contains("DOCTYPE"));
    }

    @Test
    void verify_notWellFormed_isInvalidConfiguration_withTheLine() throws Exception {
        Path webXml = write("<web-app>\n  <filter>\n</web-app>\n");

        assertTrue(cli.run("verify", "--web-xml", webXml.toString(), "x").exits(ExitCode.CONFIGURATION)
                .err.contains("is not well-formed XML (line 3"));
    }

    @Test
    void jwtGateFilters_rootIsNotWebApp_isRefused() {
        CommandException e = assertThrows(CommandException.class, () -> WebXmlReader.jwtGateFilters(
                "<beans/>".getBytes(StandardCharsets.UTF_8), "w"));

        assertEquals(ExitCode.CONFIGURATION, e.exitCode());
        assertTrue(e.getMessage().contains("root element is beans"), e.getMessage());
    }

    @Test
    void jwtGateFilters_initParamTwice_isRefused() {
        String xml = webApp("", "  <filter><filter-name>a</filter-name><filter-class>" + JAKARTA + "</filter-class>"
                + RoundTripTest.param("mode", "optional") + RoundTripTest.param("mode", "required") + "</filter>\n");

        CommandException e = assertThrows(CommandException.class,
                () -> WebXmlReader.jwtGateFilters(xml.getBytes(StandardCharsets.UTF_8), "w"));

        assertTrue(e.getMessage().contains("filter a has init-param mode twice"), e.getMessage());
    }

    @Test
    void jwtGateFilters_sameFilterNameTwice_isRefused() {
        String xml = webApp("", filter("a", JAKARTA, "https://i") + filter("a", JAVAX, "https://j"));

        assertThrows(CommandException.class, () -> WebXmlReader.jwtGateFilters(xml.getBytes(StandardCharsets.UTF_8), "w"));
    }

    @Test
    void securityConstraints_legacyIntranet_readsEveryCollectionRoleAndGuaranteeAsWritten() throws Exception {
        SecurityConstraints web = WebXmlReader.securityConstraints(RulesEquivalenceTest.resource("intranet.xml"),
                "intranet.xml");

        assertEquals(7, web.constraints.size());
        assertEquals(List.of("admin", "manager", "viewer", "editor"), List.copyOf(web.declaredRoles));
        assertFalse(web.denyUncoveredMethods);
        SecurityConstraints.Constraint reports = web.constraints.get(1);
        assertEquals("security-constraint 'Reports'", reports.name);
        assertEquals(List.of("/admin/reports/*"), reports.collections.get(0).patterns);
        assertEquals(List.of("GET"), reports.collections.get(0).methods);
        assertEquals(List.of("manager", "admin"), reports.roles);
        SecurityConstraints.Constraint documents = web.constraints.get(2);
        assertEquals(List.of("/documents/*", "/search"), documents.collections.get(0).patterns);
        assertEquals(List.of(), web.constraints.get(4).roles, "<auth-constraint/>: nobody");
        assertEquals("security-constraint #6", web.constraints.get(5).name);
        assertEquals(null, web.constraints.get(6).roles, "no auth-constraint: no authorization");
        assertEquals("NONE", web.constraints.get(6).transportGuarantee);
    }

    @Test
    void securityConstraints_omissionsAndDenyUncovered_areRead() throws Exception {
        SecurityConstraints api = WebXmlReader.securityConstraints(RulesEquivalenceTest.resource("rest-api.xml"),
                "rest-api.xml");
        assertEquals(List.of("GET", "HEAD", "OPTIONS"), api.constraints.get(1).collections.get(0).omissions);
        assertEquals(List.of(), api.constraints.get(1).collections.get(0).methods);
        assertTrue(WebXmlReader.securityConstraints(RulesEquivalenceTest.resource("deny-uncovered.xml"),
                "deny-uncovered.xml").denyUncoveredMethods);
    }
}
