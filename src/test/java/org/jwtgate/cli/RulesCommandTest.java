package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jwtgate rules}: the exact rules for the hard cases of §13.8, what it reports and its exit
 * codes. {@link RulesEquivalenceTest} checks the meaning over whole files; this pins the text.
 */
class RulesCommandTest {

    private final Cli cli = Cli.atFixtureNow();

    @TempDir
    Path dir;

    private Cli.Result rules(String body, String... options) throws Exception {
        Path file = Files.writeString(dir.resolve("web.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n" + body + "</web-app>\n");
        List<String> args = new ArrayList<>(List.of("rules", "--web-xml", file.toString()));
        args.addAll(List.of(options));
        return cli.run(args.toArray(new String[0]));
    }

    private static String constraint(String collection, String auth) {
        return "<security-constraint><web-resource-collection><web-resource-name>r</web-resource-name>" + collection
                + "</web-resource-collection>" + auth + "</security-constraint>\n";
    }

    private static String patterns(String... patterns) {
        StringBuilder out = new StringBuilder();
        for (String pattern : patterns) {
            out.append("<url-pattern>").append(pattern).append("</url-pattern>");
        }
        return out.toString();
    }

    private static String roles(String... roles) {
        StringBuilder out = new StringBuilder("<auth-constraint>");
        for (String role : roles) {
            out.append("<role-name>").append(role).append("</role-name>");
        }
        return out.append("</auth-constraint>").toString();
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void rules_longerPrefixGetOnlyUnderAllMethodsPrefix_otherMethodsOpenThereNotFallingToTheShorterPrefix()
            throws Exception {
        Cli.Result result = rules(constraint(patterns("/admin/*"), roles("admin"))
                + constraint(patterns("/admin/reports/*") + "<http-method>GET</http-method>", roles("manager")))
                .exits(ExitCode.OK);

        assertEquals(lines(
                "GET /admin/reports/* role:manager",
                "*   /admin/reports/* anonymous",
                "*   /admin/*         role:admin"), result.out);
    }

    @Test
    void rules_getNamedHeadNot_headNeedsWhatGetNeeds_andANoteSaysTheContainerLetItThrough() throws Exception {
        Cli.Result result = rules(constraint(patterns("/docs/*") + "<http-method>GET</http-method>"
                + "<http-method>POST</http-method>", roles("reader"))).exits(ExitCode.OK);

        assertEquals(lines(
                "GET,POST /docs/* role:reader",
                "*        /docs/* anonymous"), result.out);
        assertTrue(result.err.contains("note: HEAD /docs/*: the constraints name GET but not HEAD, so the container "
                + "lets HEAD through unchecked"), result.err);
    }

    @Test
    void rules_getOmitted_headKeepsTheRoleThroughAHeadRuleBeforeTheGetRule() throws Exception {
        Cli.Result result = rules(constraint(patterns("/api/*") + "<http-method-omission>GET</http-method-omission>",
                roles("editor"))).exits(ExitCode.OK);

        assertEquals(lines(
                "HEAD /api/* role:editor",
                "GET  /api/* anonymous",
                "*    /api/* role:editor"), result.out);
    }

    @Test
    void rules_headUnnamedWhereGetDiffersFromTheRest_headMeetsBoth_writtenAsTwoRoleRequirements() throws Exception {
        Path file = Files.write(dir.resolve("web.xml"), RulesEquivalenceTest.resource("head-combinations.xml"));

        Cli.Result result = cli.run("rules", "--web-xml", file.toString()).exits(ExitCode.OK);

        assertEquals(lines(
                "HEAD /ledger/* role:accountant role:auditor",
                "GET  /ledger/* role:auditor",
                "*    /ledger/* role:accountant",
                "HEAD /shop/*   role:staff",
                "GET  /shop/*   role:staff|customer",
                "*    /shop/*   role:staff"), result.out);
    }

    @Test
    void rules_emptyAuthConstraintAndARoleOnOnePattern_denyWins() throws Exception {
        Cli.Result result = rules(constraint(patterns("/internal/*"), "<auth-constraint/>")
                + constraint(patterns("/internal/*"), roles("admin"))).exits(ExitCode.OK);

        assertEquals(lines("* /internal/* deny"), result.out);
    }

    @Test
    void rules_rolesOnOnePatternAndMethod_combineAsTheirUnion_noAuthConstraintOpens() throws Exception {
        Cli.Result result = rules(constraint(patterns("/a/*"), roles("x")) + constraint(patterns("/a/*"), roles("y"))
                + constraint(patterns("/b/*"), roles("x")) + constraint(patterns("/b/*"), "")
                + constraint(patterns("/c/*"), roles("**")) + constraint(patterns("/c/*"), roles("x")))
                .exits(ExitCode.OK);

        assertEquals(lines(
                "* /a/* role:x|y",
                "* /b/* anonymous",
                "* /c/* authenticated"), result.out);
    }

    @Test
    void rules_starRole_standsForTheDeclaredRoles_withNoneDeclaredItDenies() throws Exception {
        String declared = "<security-role><role-name>clerk</role-name></security-role>"
                + "<security-role><role-name>admin</role-name></security-role>\n";

        assertEquals(lines("* *.do role:clerk|admin"),
                rules(constraint(patterns("*.do"), roles("*")) + declared).exits(ExitCode.OK).out);
        Cli.Result none = rules(constraint(patterns("*.do"), roles("*"))).exits(ExitCode.OK);
        assertEquals(lines("* *.do deny"), none.out);
        assertTrue(none.err.contains("declares no <security-role>: it admits nobody"), none.err);
    }

    @Test
    void rules_doubleStarDeclaredAsARole_cannotBeWritten_deniesAndExits1() throws Exception {
        Cli.Result result = rules(constraint(patterns("/x/*"), roles("**"))
                + "<security-role><role-name>**</role-name></security-role>\n").exits(ExitCode.UNTRANSLATED);

        assertEquals(lines("* /x/* deny"), result.out);
        assertTrue(result.err.contains("cannot express: security-constraint #1: role '**' cannot be written"),
                result.err);
    }

    @Test
    void rules_specificityNotDocumentOrder_exactThenLongestPrefixThenExtensionThenDefault() throws Exception {
        Cli.Result result = rules(constraint(patterns("/"), roles("**"))
                + constraint(patterns("*.jsp"), roles("web"))
                + constraint(patterns("/a/*"), roles("a"))
                + constraint(patterns("/a/b/*"), roles("b"))
                + constraint(patterns("/a/b/c.jsp"), "")
                + constraint(patterns(""), "")).exits(ExitCode.OK);

        // The context root first: its rules are written apart (Tomcat reads "" and / together there).
        assertEquals(lines(
                "* /          anonymous",
                "* /a/b/c.jsp anonymous",
                "* /a/b/*     role:b",
                "* /a/*       role:a",
                "* *.jsp      role:web",
                "* /*         authenticated"), result.out);
    }

    @Test
    void rules_slashStarConstrained_servletReading_extensionAndDefaultNeverApply_andAreLeftOutWithANote()
            throws Exception {
        Cli.Result result = rules(constraint(patterns("/*") + "<http-method>POST</http-method>", roles("w"))
                + constraint(patterns("*.jsp"), "<auth-constraint/>") + constraint(patterns("/"), roles("**")),
                "--container", "servlet").exits(ExitCode.OK);

        assertEquals(lines(
                "POST /* role:w",
                "*    /* anonymous"), result.out);
        assertTrue(result.err.contains("note: the constraints on *.jsp never apply"), result.err);
        assertTrue(result.err.contains("note: the constraints on the default pattern / never apply"), result.err);
        assertFalse(result.err.contains("paths that no constraint covers"), "/* covers every path: " + result.err);
    }

    /**
     * Tomcat lets the methods /* does not constrain fall through to the extension patterns, then the
     * default pattern; at /* every path is /*'s, so a rule per extension says it exactly.
     */
    @Test
    void rules_slashStarConstrained_tomcatReading_uncoveredMethodsFallThroughByExtension_exact() throws Exception {
        Cli.Result result = rules(constraint(patterns("/*") + "<http-method>POST</http-method>", roles("w"))
                + constraint(patterns("*.jsp"), "<auth-constraint/>") + constraint(patterns("/"), roles("**")),
                "--container", "tomcat").exits(ExitCode.OK);

        assertEquals(lines(
                "HEAD *.jsp deny",
                "POST /*    role:w",
                "*    *.jsp deny",
                "*    /*    authenticated"), result.out);
        assertTrue(result.err.contains("note: url-pattern '/*', every method it does not name, paths matching '*.jsp': "
                + "the containers read the constraints differently (Servlet specification: anonymous; Tomcat: deny; "
                + "Jetty: anonymous); the rules follow Tomcat: deny"), result.err);
    }

    /** Without --container, the strictest reading wherever the containers differ, each place on a line, exit 1. */
    @Test
    void rules_containersDisagree_defaultReading_strictestAndCannotExpressLine_exit1() throws Exception {
        Cli.Result result = rules(constraint(patterns("/*") + "<http-method>POST</http-method>", roles("w"))
                + constraint(patterns("*.jsp"), "<auth-constraint/>") + constraint(patterns("/"), roles("**")))
                .exits(ExitCode.UNTRANSLATED);

        assertEquals(lines(
                "HEAD *.jsp deny",
                "POST /*    role:w",
                "*    *.jsp deny",
                "*    /*    authenticated"), result.out);
        assertTrue(result.err.contains("cannot express: url-pattern '/*', every method it does not name, paths without "
                + "a constrained extension: the containers read the constraints differently (Servlet specification: "
                + "anonymous; Tomcat: authenticated; Jetty: anonymous); the rules ask for the strictest, authenticated: "
                + "name the application's container with --container"), result.err);
    }

    /** Jetty: a method named by an http-method is judged by the constraints naming it alone. */
    @Test
    void rules_namedMethodAndDenyingOmission_jettyReading_namedMethodKeepsItsRole() throws Exception {
        String web = constraint(patterns("/m/*") + "<http-method>GET</http-method>", roles("reader"))
                + constraint(patterns("/m/*") + "<http-method-omission>PUT</http-method-omission>", "<auth-constraint/>");

        assertEquals(lines(
                "HEAD /m/* deny",
                "GET  /m/* role:reader",
                "PUT  /m/* anonymous",
                "*    /m/* deny"), rules(web, "--container", "jetty").exits(ExitCode.OK).out);
        assertEquals(lines(
                "PUT /m/* anonymous",
                "*   /m/* deny"), rules(web, "--container", "servlet").exits(ExitCode.OK).out);
        assertEquals(lines(
                "PUT /m/* anonymous",
                "*   /m/* deny"), rules(web).exits(ExitCode.UNTRANSLATED).out);
    }

    /** Jetty: each omission is a constraint of its own, so omitting GET and HEAD constrains both after all. */
    @Test
    void rules_twoOmissions_jettyReading_omittedMethodsConstrainedByEachOther() throws Exception {
        String web = constraint(patterns("/f/*") + "<http-method-omission>GET</http-method-omission>"
                + "<http-method-omission>HEAD</http-method-omission>", roles("uploader"));

        assertEquals(lines("* /f/* role:uploader"), rules(web, "--container", "jetty").exits(ExitCode.OK).out);
        assertEquals(lines(
                "GET /f/* anonymous",
                "*   /f/* role:uploader"), rules(web, "--container", "servlet").exits(ExitCode.OK).out);
    }

    /**
     * Tomcat: a prefix pattern's uncovered methods fall through to the extension patterns and the
     * default; on a prefix other than /* that depends on the path, which a rule cannot say.
     */
    @Test
    void rules_prefixFallThroughDependsOnExtension_tomcatReading_strictestAndCannotExpress_exit1() throws Exception {
        String web = constraint(patterns("/a/*") + "<http-method>GET</http-method>", roles("admin"))
                + constraint(patterns("*.do"), roles("clerk")) + constraint(patterns("/"), roles("**"));

        Cli.Result result = rules(web, "--container", "tomcat").exits(ExitCode.UNTRANSLATED);

        assertEquals(lines(
                "HEAD /a/* role:clerk role:admin",
                "GET  /a/* role:admin",
                "*    /a/* role:clerk",
                "*    *.do role:clerk",
                "*    /*   authenticated"), result.out);
        assertTrue(result.err.contains("cannot express: url-pattern '/a/*', every method it does not name: the "
                + "containers read the constraints differently (Servlet specification: anonymous; Tomcat: role:clerk "
                + "or authenticated, by the path's extension; Jetty: anonymous); Tomcat's answer depends on the path's "
                + "extension"), result.err);
    }

    /** Tomcat takes the default pattern / as an exact match for the context root, methods respected. */
    @Test
    void rules_defaultPatternWithMethods_tomcatReading_allMethodsButTheRootRespectsThem() throws Exception {
        String web = constraint(patterns("/") + "<http-method>POST</http-method>", roles("writer"));

        assertEquals(lines(
                "POST / role:writer",
                "*    / anonymous",
                "*    /* role:writer").replace("/ role", "/  role").replace("/ anon", "/  anon"),
                rules(web, "--container", "tomcat").exits(ExitCode.OK).out);
        assertEquals(lines(
                "POST /* role:writer",
                "*    /* anonymous"), rules(web, "--container", "jetty").exits(ExitCode.OK).out);
    }

    @Test
    void rules_unknownContainer_usageError_exit2() throws Exception {
        Cli.Result result = rules(constraint(patterns("/a/*"), roles("a")), "--container", "glassfish").exits(2);

        assertTrue(result.err.contains("--container is servlet, tomcat or jetty, not glassfish"), result.err);
    }

    @Test
    void rules_denyUncoveredHttpMethods_methodsNoConstraintNamesAreDenied() throws Exception {
        Cli.Result result = rules("<deny-uncovered-http-methods/>\n"
                + constraint(patterns("/o/*") + "<http-method>GET</http-method>", roles("clerk"))).exits(ExitCode.OK);

        assertEquals(lines(
                "HEAD /o/* deny",
                "GET  /o/* role:clerk",
                "*    /o/* deny"), result.out);
    }

    @Test
    void rules_transportGuarantee_reportedOnStderr_rulesStillPrinted_exit1() throws Exception {
        Cli.Result result = rules("<security-constraint><display-name>Checkout</display-name>"
                + "<web-resource-collection><web-resource-name>c</web-resource-name>" + patterns("/checkout/*")
                + "</web-resource-collection>" + roles("customer")
                + "<user-data-constraint><transport-guarantee>CONFIDENTIAL</transport-guarantee></user-data-constraint>"
                + "</security-constraint>\n").exits(ExitCode.UNTRANSLATED);

        assertEquals(lines("* /checkout/* role:customer"), result.out);
        assertTrue(result.err.contains("cannot express: security-constraint 'Checkout' on '/checkout/*' requires "
                + "<transport-guarantee>CONFIDENTIAL</transport-guarantee>"), result.err);
    }

    @Test
    void rules_transportGuaranteeNone_isNotAProblem() throws Exception {
        rules("<security-constraint><web-resource-collection><web-resource-name>p</web-resource-name>"
                + patterns("/p/*") + "</web-resource-collection><user-data-constraint><transport-guarantee>NONE"
                + "</transport-guarantee></user-data-constraint></security-constraint>\n").exits(ExitCode.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a*", "admin/*", "/a/*/b", "*.tar.gz", "*.", "/a b"})
    void rules_urlPatternTheGrammarCannotCarry_reportedAndLeftOut_exit1(String pattern) throws Exception {
        Cli.Result result = rules(constraint(patterns(pattern), roles("r"))).exits(ExitCode.UNTRANSLATED);

        assertEquals("", result.out);
        assertTrue(result.err.startsWith("cannot express: security-constraint #1: url-pattern '" + pattern + "'"),
                result.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a|b", "a;b", "a,b"})
    void rules_roleTheGrammarCannotCarry_itsConstraintDenies_exit1(String role) throws Exception {
        Cli.Result result = rules(constraint(patterns("/r/*"), roles(role, "ok"))).exits(ExitCode.UNTRANSLATED);

        assertEquals(lines("* /r/* deny"), result.out);
        assertTrue(result.err.contains("translated as deny"), result.err);
    }

    @Test
    void rules_lowerCaseOrStarMethod_reportedAndLeftOut_neverWidenedToAllMethods() throws Exception {
        Cli.Result result = rules(constraint(patterns("/m/*") + "<http-method>*</http-method>"
                + "<http-method>get</http-method>", roles("r"))
                + constraint(patterns("/n/*") + "<http-method>get</http-method><http-method>PUT</http-method>",
                        roles("r"))).exits(ExitCode.UNTRANSLATED);

        assertEquals(lines(
                "PUT /n/* role:r",
                "*   /n/* anonymous"), result.out);
        assertTrue(result.err.contains("http-method '*' cannot be written"), result.err);
    }

    @Test
    void rules_noSecurityConstraint_printsNothing_exit0() throws Exception {
        Cli.Result result = rules("<login-config><auth-method>BASIC</auth-method></login-config>\n")
                .exits(ExitCode.OK);

        assertEquals("", result.out);
        assertTrue(result.err.contains("declares no <security-constraint>"), result.err);
    }

    @Test
    void rules_pathsNoConstraintCovers_getNoCatchAllRule_andANoteSaysTheFilterSettingsApply() throws Exception {
        Cli.Result result = rules(constraint(patterns("/a/*"), roles("r"))).exits(ExitCode.OK);

        assertFalse(result.out.lines().anyMatch(line -> line.split("\\s+")[1].equals("/*")), result.out);
        assertTrue(result.err.contains("the filter's own settings (mode, requiredRoles, requiredScopes) apply"),
                result.err);
    }

    @Test
    void rules_collectionWithMethodAndOmission_isRefusedAsTheSchemaRefusesIt_exit5() throws Exception {
        Cli.Result result = rules(constraint(patterns("/a/*") + "<http-method>GET</http-method>"
                + "<http-method-omission>POST</http-method-omission>", roles("r"))).exits(ExitCode.CONFIGURATION);

        assertTrue(result.err.contains("both http-method and http-method-omission"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void rules_doctype_isRefusedBeforeAnyEntityIsRead_exit5() throws Exception {
        Path file = Files.writeString(dir.resolve("web.xml"), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE web-app [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<web-app><security-constraint><display-name>&x;</display-name></security-constraint></web-app>\n");

        Cli.Result result = cli.run("rules", "--web-xml", file.toString()).exits(ExitCode.CONFIGURATION);

        assertTrue(result.err.contains("has a DOCTYPE, which is refused"), result.err);
        assertFalse(result.all().contains("root:"), result.all());
    }

    @Test
    void rules_withoutWebXml_orWithAPositional_isAUsageError() {
        assertTrue(cli.run("rules").exits(ExitCode.USAGE).err.contains("--web-xml is required"));
        assertTrue(cli.run("rules", "--web-xml", "x.xml", "extra").exits(ExitCode.USAGE).err
                .contains("rules takes no arguments besides --web-xml FILE"));
    }

    @Test
    void rules_missingFile_isAUsageErrorNamingTheOption() {
        assertTrue(cli.run("rules", "--web-xml", dir.resolve("nope.xml").toString()).exits(ExitCode.USAGE).err
                .contains("--web-xml"));
    }

    @Test
    void rules_textFromTheFile_isPrintedWithoutControlCharacters() throws Exception {
        Cli.Result result = rules("<security-constraint><display-name>evil&#x202e;[2J</display-name>"
                + "<web-resource-collection><web-resource-name>e</web-resource-name>" + patterns("/e/*")
                + "</web-resource-collection>"
                + "<user-data-constraint><transport-guarantee>CONFIDENTIAL&#x200b;</transport-guarantee>"
                + "</user-data-constraint></security-constraint>\n").exits(ExitCode.UNTRANSLATED);

        assertFalse(result.all().contains("\u202e") || result.all().contains("\u200b"), result.all());
        assertTrue(result.err.contains("'evil?[2J'"), result.err);
    }
}
