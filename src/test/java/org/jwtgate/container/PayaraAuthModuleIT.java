package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * JwtGate's authentication module on a full Jakarta EE 10 server, Payara Micro 6, in its default
 * configuration: the cases of {@link AuthModuleIT} that need no moving clock, on real WAR files that
 * hold the {@code -all} jar in {@code WEB-INF/lib} and name the public installer as their
 * {@code <listener>}, with nothing added to the server. Payara grants the application's roles
 * that the token's roles (its groups, to Jakarta Authentication) name, unless the application maps
 * them itself in {@code payara-web.xml}, which is then honoured.
 *
 * <p>Payara runs in a JVM of its own, booted once for the class with five applications: the
 * module's ({@code /orders}), the filter's for the byte-for-byte comparison ({@code /filter}), one
 * with a {@code payara-web.xml} role mapping ({@code /mapped}), one whose JWK Set answers 500
 * ({@code /outage}) and one that cannot be configured ({@code /broken}). The HS256 secret reaches it
 * as an environment variable, as in production. Payara's clock is the system clock, so tokens are
 * issued now, not at {@code Tokens.NOW}, and the tests that move time stay with {@link AuthModuleIT}.
 * Payara's output is kept in {@code target/payara-micro/payara-micro.log}.
 *
 * <p>Runs in the tomcat10 cell only (the cell's JVM is only the HTTP client here), so that a build
 * boots Payara once.
 */
@EnabledIfSystemProperty(named = "jwtgate.container", matches = "tomcat10",
        disabledReason = "Payara Micro runs once per build, in the tomcat10 cell")
class PayaraAuthModuleIT {

    private static final String REALM = AuthModuleIT.REALM;
    private static final String SECURITY = AuthModuleIT.SECURITY;
    private static final String SECRET_VARIABLE = "JWTGATE_PAYARA_SECRET";
    private static final String SECRET_TEXT = SecretProperties.randomText(32);
    private static final byte[] SECRET = SecretProperties.utf8(SECRET_TEXT);
    /** The operator's mapping, where the identity provider's role names are not the application's. */
    private static final String PAYARA_WEB_XML = ""
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<!DOCTYPE payara-web-app PUBLIC \"-//Payara.fish//DTD Payara Server 4 Servlet 3.0//EN\"\n"
            + "    \"https://raw.githubusercontent.com/payara/Payara-Server-Documentation/master/schemas/payara-web-app_4.dtd\">\n"
            + "<payara-web-app>\n"
            + "  <security-role-mapping><role-name>admin</role-name><group-name>administrators</group-name></security-role-mapping>\n"
            + "  <security-role-mapping><role-name>auditor</role-name><group-name>auditor</group-name></security-role-mapping>\n"
            + "</payara-web-app>\n";
    /** What the applications' loaders define from {@code WEB-INF/classes}: the dump servlets and what they use. */
    private static final List<String> APPLICATION_CLASSES = List.of(Namespace.JAKARTA.dumpServletClass(),
            Namespace.JAKARTA.auditDumpServletClass(), Namespace.JAKARTA.sessionCounterClass(),
            Dump.class.getName(), TestBridge.class.getName());

    private static Path dir;
    private static JwkSetServer keysDown;
    private static PayaraMicro payara;

    @BeforeAll
    static void boot() throws IOException, InterruptedException {
        Path jar = CellServer.requiredPath("jwtgate.payaraMicro");
        dir = jar.resolveSibling("run");
        CellServer.delete(dir);
        Files.createDirectories(dir);
        keysDown = JwkSetServer.start().fail(500);
        Map<String, String> module = hs256ContextParams();
        List<Path> wars = new ArrayList<>();
        wars.add(war("orders", WebXml.authModule(Namespace.JAKARTA, Namespace.JAKARTA.authModuleInstallerClass(),
                module, SECURITY), null));
        Map<String, String> filter = new LinkedHashMap<>();
        module.forEach((name, value) -> filter.put(name.substring("jwtgate.".length()), value));
        wars.add(war("filter", WebXml.of(Namespace.JAKARTA, Namespace.JAKARTA.filterClass(), filter), null));
        wars.add(war("mapped", WebXml.authModule(Namespace.JAKARTA, Namespace.JAKARTA.authModuleInstallerClass(),
                module, SECURITY), PAYARA_WEB_XML));
        wars.add(war("outage", WebXml.authModule(Namespace.JAKARTA, Namespace.JAKARTA.authModuleInstallerClass(),
                WebXml.params("jwtgate.algorithms", "RS256", "jwtgate.jwksUri", keysDown.uri().toString(),
                        "jwtgate.issuer", Tokens.ISSUER, "jwtgate.audience", Tokens.AUDIENCE), SECURITY), null));
        wars.add(war("broken", WebXml.authModule(Namespace.JAKARTA, Namespace.JAKARTA.authModuleInstallerClass(),
                WebXml.without(module, "jwtgate.secret"), SECURITY), null));
        payara = PayaraMicro.start(jar, dir, jar.resolveSibling("payara-micro.log"), wars,
                Map.of(SECRET_VARIABLE, SECRET_TEXT));
        System.out.println("Payara Micro booted with " + wars.size() + " applications in " + payara.bootTime().toMillis()
                + " ms on Java " + Runtime.version().feature());
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (payara != null) {
                payara.close();
            }
        } finally {
            if (keysDown != null) {
                keysDown.close();
            }
            CellServer.delete(dir);
        }
    }

    /** The HS256 gate's context-params; the secret an {@code env:} reference. */
    private static Map<String, String> hs256ContextParams() {
        return WebXml.params("jwtgate.algorithms", "HS256", "jwtgate.secret", "env:" + SECRET_VARIABLE,
                "jwtgate.issuer", Tokens.ISSUER, "jwtgate.audience", Tokens.AUDIENCE, "jwtgate.realm", REALM);
    }

    /** Lays out an application, as {@link Deployment} does for embedded containers, and packs it as {@code NAME.war}. */
    private static Path war(String name, String webXml, String payaraWebXml) throws IOException {
        Path app = Files.createDirectories(dir.resolve("apps").resolve(name));
        Files.writeString(Files.createDirectories(app.resolve("WEB-INF")).resolve("web.xml"), webXml);
        if (payaraWebXml != null) {
            Files.writeString(app.resolve("WEB-INF/payara-web.xml"), payaraWebXml);
        }
        Path allJar = CellServer.requiredPath("jwtgate.allJar");
        Files.copy(allJar, Files.createDirectories(app.resolve("WEB-INF/lib")).resolve(allJar.getFileName()));
        Path classes = Files.createDirectories(app.resolve("WEB-INF/classes"));
        for (String className : APPLICATION_CLASSES) {
            Deployment.copyClassFile(className, classes);
        }
        return PayaraMicro.war(app, dir.resolve(name + ".war"));
    }

    /** Valid now, on Payara's clock, the system's. */
    private static Tokens token() {
        return token(SECRET);
    }

    private static Tokens token(byte[] secret) {
        Instant now = Instant.now();
        return Tokens.hs256(secret).issuedAt(now).expiresAt(now.plusSeconds(3600));
    }

    /** A response the application did not write: the dump's lines are not in it. */
    private static HttpReply refused(HttpReply reply) {
        assertFalse(reply.body().contains("servletPath="), () -> "the application answered a refused request: " + reply);
        return reply;
    }

    // --- protected resources ---

    @Test
    void protectedResource_noToken_theFilterChallengeByteForByte() {
        HttpReply module = refused(payara.get("/orders/admin/orders"));
        ErrorResponseAssertions.assertNoTokenChallenge(module, REALM);

        HttpReply reference = payara.get("/filter/admin/orders");
        assertEquals(reference.status(), module.status());
        for (String header : List.of("WWW-Authenticate", "Cache-Control", "Content-Type", "Content-Length")) {
            assertEquals(reference.headerValues(header), module.headerValues(header), header);
        }
        assertEquals(reference.body(), module.body());
    }

    @Test
    void protectedResource_tokenWithTheRole_theContainerSeesTheCaller() {
        HttpReply reply = payara.get("/orders/admin/orders?role=admin&role=auditor&role=**",
                "Authorization", "Bearer " + token().subject("alice").roles(List.of("admin", "user")).sign());
        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> dump = reply.dump();
        assertEquals("Payara Micro", dump.get("serverInfo"));
        assertEquals("alice", dump.get("principal"));
        assertEquals("org.jwtgate.JwtPrincipal", dump.get("principal.class"));
        assertEquals("alice", dump.get("remoteUser"));
        assertEquals("Bearer", dump.get("authType"));
        assertEquals("true", dump.get("role.admin"));
        assertEquals("false", dump.get("role.auditor"));
        assertEquals("true", dump.get("role.**"));
        assertEquals("org.jwtgate.JwtPrincipal", dump.get("attr.principal"));
        assertEquals("true", dump.get("attr.principal.sameAsUserPrincipal"));
        assertEquals(Dump.NONE, dump.get("session"), "the module creates no session");
    }

    @Test
    void protectedResource_tokenWithoutTheRole_theContainers403() {
        HttpReply reply = refused(payara.get("/orders/admin/orders",
                "Authorization", "Bearer " + token().roles(List.of("user")).sign()));
        assertEquals(403, reply.status(), reply::toString);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void emptyAuthConstraint_403WithOrWithoutAToken(boolean withToken) {
        HttpReply reply = refused(withToken
                ? payara.get("/orders/closed/x", "Authorization", "Bearer " + token().roles(List.of("admin")).sign())
                : payara.get("/orders/closed/x"));
        assertEquals(403, reply.status(), reply::toString);
    }

    static Stream<Arguments> badTokensOnEveryPath() {
        Instant now = Instant.now();
        String valid = token().roles(List.of("admin")).sign();
        return Stream.of(
                Named.of("expired", Tokens.hs256(SECRET).roles(List.of("admin"))
                        .issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).sign()),
                Named.of("signed with another key", token(Keys.secret(32)).roles(List.of("admin")).sign()),
                Named.of("alg none, no signature", Tokens.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}")
                        + "." + valid.split("\\.")[1] + "."),
                Named.of("malformed", "not.a.token"))
                .flatMap(token -> Stream.of("/orders/admin/orders", "/orders/public/orders")
                        .map(path -> Arguments.of(token, path)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("badTokensOnEveryPath")
    void badToken_401InvalidToken_protectedOrNot(String token, String path) {
        HttpReply reply = refused(payara.get(path, "Authorization", "Bearer " + token));
        ErrorResponseAssertions.assertRefused(reply, 401, "invalid_token", token);
    }

    // --- sessions, the access log ---

    /**
     * A session the application created never stands in for the token: each request is decided by
     * its own, none is the 401, one with fewer roles the 403, an open path anonymous.
     */
    @Test
    void session_callerOfAnEarlierToken_neverStandsInForThisRequestsToken() {
        String token = token().subject("erin").roles(List.of("admin")).sign();
        HttpReply first = payara.get("/orders/admin/orders?createSession=1", "Authorization", "Bearer " + token);
        assertEquals(200, first.status(), first::toString);
        String cookie = first.header("Set-Cookie").split(";")[0];
        HttpReply again = payara.get("/orders/admin/orders", "Cookie", cookie, "Authorization", "Bearer " + token);
        assertEquals("exists", again.dump().get("session"), again::toString);

        HttpReply anonymous = payara.get("/orders/public/orders", "Cookie", cookie);
        assertEquals(Dump.NONE, anonymous.dump().get("principal"), anonymous::toString);
        assertEquals("exists", anonymous.dump().get("session"), "the same session, without its caller");
        ErrorResponseAssertions.assertNoTokenChallenge(refused(payara.get("/orders/admin/orders", "Cookie", cookie)),
                REALM);
        HttpReply fewerRoles = refused(payara.get("/orders/admin/orders", "Cookie", cookie,
                "Authorization", "Bearer " + token().subject("erin").roles(List.of("user")).sign()));
        assertEquals(403, fewerRoles.status(), fewerRoles::toString);
    }

    @Test
    void accessLog_authenticatedRequest_namesTheUser_anonymousAndRefusedOnesNone() throws Exception {
        payara.get("/orders/admin/access-log", "Authorization", "Bearer "
                + token().subject("dave").roles(List.of("admin")).sign());
        payara.get("/orders/admin/access-log-refused");
        payara.get("/orders/public/access-log");
        assertEquals("\"GET /orders/admin/access-log HTTP/1.1\" 200 \"dave\"",
                payara.accessLogLine("\"GET /orders/admin/access-log "));
        assertEquals("\"GET /orders/admin/access-log-refused HTTP/1.1\" 401 \"NULL-AUTH-USER\"",
                payara.accessLogLine("\"GET /orders/admin/access-log-refused "));
        assertEquals("\"GET /orders/public/access-log HTTP/1.1\" 200 \"NULL-AUTH-USER\"",
                payara.accessLogLine("\"GET /orders/public/access-log "));
    }

    // --- @ServletSecurity ---

    @Test
    void servletSecurityAnnotation_tokenWithItsRole_200() {
        HttpReply reply = payara.get("/orders/audit/log",
                "Authorization", "Bearer " + token().subject("carol").roles(List.of("auditor")).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("carol", reply.dump().get("principal"));
    }

    @Test
    void servletSecurityAnnotation_tokenWithoutItsRole_403() {
        HttpReply reply = refused(payara.get("/orders/audit/log",
                "Authorization", "Bearer " + token().roles(List.of("admin")).sign()));
        assertEquals(403, reply.status(), reply::toString);
    }

    @Test
    void servletSecurityAnnotation_noToken_theFilterChallenge() {
        ErrorResponseAssertions.assertNoTokenChallenge(refused(payara.get("/orders/audit/log")), REALM);
    }

    // --- unprotected resources ---

    @Test
    void unprotectedResource_validToken_authenticated() {
        HttpReply reply = payara.get("/orders/public/orders?role=admin",
                "Authorization", "Bearer " + token().subject("bob").roles(List.of("admin")).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("bob", reply.dump().get("principal"));
        assertEquals("bob", reply.dump().get("remoteUser"));
        assertEquals("Bearer", reply.dump().get("authType"));
        assertEquals("true", reply.dump().get("role.admin"));
    }

    @Test
    void unprotectedResource_noToken_anonymous() {
        HttpReply reply = payara.get("/orders/public/orders?role=admin");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(Dump.NONE, reply.dump().get("principal"));
        assertEquals(Dump.NONE, reply.dump().get("remoteUser"));
        assertEquals(Dump.NONE, reply.dump().get("authType"));
        assertEquals("false", reply.dump().get("role.admin"));
    }

    // --- role mapping ---

    @Test
    void roleMapping_payaraWebXmlMapsAGroup_theTokenRoleOfThatNameGrantsTheRole() {
        HttpReply reply = payara.get("/mapped/admin/orders?role=admin&role=administrators",
                "Authorization", "Bearer " + token().roles(List.of("administrators")).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("true", reply.dump().get("role.admin"));
        assertEquals("false", reply.dump().get("role.administrators"), "a group is not a role of the application");
    }

    @Test
    void roleMapping_payaraWebXmlMapsAnotherGroup_theTokenRoleOfTheRolesNameIsNotEnough() {
        HttpReply reply = refused(payara.get("/mapped/admin/orders",
                "Authorization", "Bearer " + token().roles(List.of("admin")).sign()));
        assertEquals(403, reply.status(), reply::toString);
    }

    // --- key outage, configuration, logs ---

    @ParameterizedTest
    @ValueSource(strings = {"/outage/admin/orders", "/outage/public/orders"})
    void keySourceDown_theFilters503NotA401(String path) {
        String token = Tokens.with("RS256", Keys.rsa().getPrivate()).keyId("idp-1").roles(List.of("admin")).sign();
        ErrorResponseAssertions.assertUnavailable(refused(payara.get(path, "Authorization", "Bearer " + token)));
    }

    @Test
    void configurationError_theApplicationDoesNotStartAndTheServerLogNamesTheContextParam() {
        assertEquals(404, payara.get("/broken/public/orders").status(), "nothing answers for an application that failed");
        String log = payara.log();
        assertTrue(log.contains("JwtGate authentication module cannot start: jwtgate.secret:"),
                "the server log names the context-param");
    }

    @Test
    void serverLog_neverHoldsTheSecretOrAToken() {
        String token = token().roles(List.of("admin")).sign();
        assertEquals(200, payara.get("/orders/admin/orders", "Authorization", "Bearer " + token).status());
        String log = payara.log();
        ErrorResponseAssertions.assertNotShown(SECRET_TEXT, log);
        ErrorResponseAssertions.assertNotShown(token.substring(token.lastIndexOf('.') + 1), log);
    }
}
