package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * Container-managed security with JwtGate's authentication module (issue 18): an application
 * keeps its {@code <security-constraint>}s, declares the installer as a {@code <listener>} with
 * {@code jwtgate.*} context-params, and the container itself authenticates with the token and
 * enforces the constraints (web.xml's and {@code @ServletSecurity}'s) with the token's roles, and
 * its access log names the token's user. The application gets JwtGate from the
 * {@code -all} jar in {@code WEB-INF/lib} only, and the server is not changed.
 *
 * <p>Tomcat cells only: Tomcat (9 with JASPIC 1.1, 10.1 and 11 with Jakarta Authentication)
 * uses a module an application registers for itself. The jetty12-ee10 cell has Jetty's Jakarta
 * Authentication enabled as the README says, and {@link JettyJaspiIT} shows what Jetty 12.0.19 does
 * with the module there: not this contract. The jetty12-ee8 cell has none (see {@link #NOT_ON_JETTY}).
 */
class AuthModuleIT {

    static final String REALM = "orders";
    /** The constraints every module application keeps: {@code admin} on {@code /admin/*}, nobody on {@code /closed/*}. */
    static final String SECURITY = ""
            + "  <security-constraint>\n"
            + "      <web-resource-collection>\n"
            + "          <web-resource-name>admin</web-resource-name>\n"
            + "          <url-pattern>/admin/*</url-pattern>\n"
            + "      </web-resource-collection>\n"
            + "      <auth-constraint><role-name>admin</role-name></auth-constraint>\n"
            + "  </security-constraint>\n"
            + "  <security-constraint>\n"
            + "      <web-resource-collection>\n"
            + "          <web-resource-name>closed</web-resource-name>\n"
            + "          <url-pattern>/closed/*</url-pattern>\n"
            + "      </web-resource-collection>\n"
            + "      <auth-constraint/>\n"
            + "  </security-constraint>\n"
            + "  <security-role><role-name>admin</role-name></security-role>\n"
            + "  <security-role><role-name>auditor</role-name></security-role>\n";

    @RegisterExtension
    static final CellServer server = new CellServer();

    private static Deployment app;

    @BeforeAll
    static void deploy() {
        if (isTomcat()) {
            app = server.deployAuthModule(server.hs256ContextParams("realm", REALM), SECURITY);
        }
    }

    /** Why each Jetty cell skips the contract. */
    static final Map<String, String> NOT_ON_JETTY = Map.of(
            "jetty12-ee10", "Jetty 12.0.19's ee10 Jakarta Authentication (enabled in this cell as the README says) "
                    + "runs the module before the servlet channel: after a refusal the module writes (401, 503) the "
                    + "exchange is never finished and the connection answers no more (jetty/jetty.project#14978); "
                    + "without a token Jetty sends its 403, not the challenge, and getAuthType() is JASPI (#14165); "
                    + "JettyJaspiIT shows each",
            "jetty12-ee8", "Jetty 12's ee8 Jakarta Authentication is the jetty-ee8-jaspi module (JASPIC 1.1), and "
                    + "jetty-ee8-jaspi 12.0.19 is not in the build's Maven repository, so this cell cannot enable it");

    /** Per test, so that each is reported skipped, with the reason. */
    @BeforeEach
    void onTomcatOnly() {
        assumeTrue(isTomcat(), () -> server.cell() + ": " + NOT_ON_JETTY.get(server.cell().id()));
    }

    private static boolean isTomcat() {
        return server.cell().id().startsWith("tomcat");
    }

    private static Tokens token() {
        return Tokens.hs256(server.secret());
    }

    // --- protected resources ---

    @Test
    void protectedResource_noToken_theFilterChallengeByteForByte() {
        HttpReply module = ErrorResponseAssertions.refused(app, () -> app.get("/admin/orders"));
        ErrorResponseAssertions.assertNoTokenChallenge(module, REALM);

        try (Deployment filter = server.deploy(server.hs256("realm", REALM))) {
            HttpReply reference = filter.get("/admin/orders");
            assertEquals(reference.status(), module.status());
            for (String header : List.of("WWW-Authenticate", "Cache-Control", "Content-Type", "Content-Length")) {
                assertEquals(reference.headerValues(header), module.headerValues(header), header);
            }
            assertEquals(reference.body(), module.body());
        }
    }

    @Test
    void protectedResource_tokenWithTheRole_theContainerSeesTheCaller() {
        HttpReply reply = app.bearer("/admin/orders?role=admin&role=auditor&role=**",
                token().subject("alice").roles(List.of("admin", "user")).sign());
        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> dump = reply.dump();
        assertEquals("alice", dump.get("principal"));
        assertEquals("org.jwtgate.JwtPrincipal", dump.get("principal.class"));
        assertEquals("alice", dump.get("remoteUser"));
        assertEquals("Bearer", dump.get("authType"));
        assertEquals("true", dump.get("role.admin"));
        assertEquals("false", dump.get("role.auditor"));
        assertEquals("true", dump.get("role.**"));
        assertEquals("org.jwtgate.JwtPrincipal", dump.get("attr.principal"));
        assertEquals("true", dump.get("attr.principal.sameAsUserPrincipal"));
        assertEquals("Map", dump.get("attr.claims"));
    }

    @Test
    void protectedResource_tokenWithoutTheRole_theContainers403() {
        HttpReply reply = ErrorResponseAssertions.refused(app, () -> app.bearer("/admin/orders",
                token().roles(List.of("user")).sign()));
        assertEquals(403, reply.status(), reply::toString);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void emptyAuthConstraint_403WithOrWithoutAToken(boolean withToken) {
        HttpReply reply = ErrorResponseAssertions.refused(app, () -> withToken
                ? app.bearer("/closed/x", token().roles(List.of("admin")).sign())
                : app.get("/closed/x"));
        assertEquals(403, reply.status(), reply::toString);
    }

    static Stream<Arguments> badTokens() {
        String valid = Tokens.hs256(server.secret()).roles(List.of("admin")).sign();
        return Stream.of(
                Arguments.of(Named.of("expired", Tokens.hs256(server.secret()).roles(List.of("admin"))
                        .expiresAt(Tokens.NOW.minusSeconds(3600)).sign())),
                Arguments.of(Named.of("signed with another key", Tokens.hs256(Keys.secret(32))
                        .roles(List.of("admin")).sign())),
                Arguments.of(Named.of("alg none, no signature", Tokens.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}")
                        + "." + valid.split("\\.")[1] + ".")),
                Arguments.of(Named.of("malformed", "not.a.token")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("badTokensOnEveryPath")
    void badToken_401InvalidToken_protectedOrNot(String token, String path) {
        HttpReply reply = ErrorResponseAssertions.refused(app, () -> app.bearer(path, token));
        ErrorResponseAssertions.assertRefused(reply, 401, "invalid_token", token);
    }

    static Stream<Arguments> badTokensOnEveryPath() {
        return badTokens().flatMap(token -> Stream.of("/admin/orders", "/public/orders")
                .map(path -> Arguments.of(token.get()[0], path)));
    }

    // --- sessions ---

    /**
     * Tomcat caches an authenticated caller in the session, if there is one: that must never
     * stand in for the token. Each request is decided by its own token: none is the 401, one
     * with fewer roles is the 403, not the session's caller and roles. The session gets a new ID
     * once, when a token first authenticates a request that has it (the container's protection
     * against session fixation, as at a form login); the same token again keeps it.
     */
    @Test
    void session_callerOfAnEarlierToken_neverStandsInForThisRequestsToken() {
        String token = token().subject("erin").roles(List.of("admin")).sign();
        HttpReply first = app.bearer("/admin/orders?createSession=1", token);
        assertEquals(200, first.status(), first::toString);
        String created = first.header("Set-Cookie").split(";")[0];

        HttpReply login = app.get("/admin/orders", "Cookie", created, "Authorization", "Bearer " + token);
        assertEquals(200, login.status(), login::toString);
        String cookie = login.header("Set-Cookie").split(";")[0];
        HttpReply again = app.get("/admin/orders", "Cookie", cookie, "Authorization", "Bearer " + token);
        assertEquals(200, again.status(), again::toString);
        assertEquals("exists", again.dump().get("session"));
        assertEquals(null, again.header("Set-Cookie"), "the same caller keeps its session ID");

        HttpReply anonymous = app.get("/public/orders", "Cookie", cookie);
        assertEquals(Dump.NONE, anonymous.dump().get("principal"), anonymous::toString);
        assertEquals("exists", anonymous.dump().get("session"), "the same session, without its caller");
        HttpReply noToken = ErrorResponseAssertions.refused(app, () -> app.get("/admin/orders", "Cookie", cookie));
        ErrorResponseAssertions.assertNoTokenChallenge(noToken, REALM);
        HttpReply fewerRoles = ErrorResponseAssertions.refused(app, () -> app.get("/admin/orders", "Cookie", cookie,
                "Authorization", "Bearer " + token().subject("erin").roles(List.of("user")).sign()));
        assertEquals(403, fewerRoles.status(), fewerRoles::toString);
    }

    // --- @ServletSecurity ---

    @Test
    void servletSecurityAnnotation_tokenWithItsRole_200() {
        HttpReply reply = app.bearer("/audit/log", token().subject("carol").roles(List.of("auditor")).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("carol", reply.dump().get("principal"));
    }

    @Test
    void servletSecurityAnnotation_tokenWithoutItsRole_403() {
        HttpReply reply = ErrorResponseAssertions.refused(app, () -> app.bearer("/audit/log",
                token().roles(List.of("admin")).sign()));
        assertEquals(403, reply.status(), reply::toString);
    }

    @Test
    void servletSecurityAnnotation_noToken_theFilterChallenge() {
        ErrorResponseAssertions.assertNoTokenChallenge(ErrorResponseAssertions.refused(app,
                () -> app.get("/audit/log")), REALM);
    }

    // --- the container's access log ---

    @Test
    void accessLog_authenticatedRequest_namesTheUser_anonymousAndRefusedOnesNone() throws InterruptedException {
        BlockingQueue<String> log = server.accessLog();
        String uri = app.contextPath() + "/admin/access-log";
        app.bearer("/admin/access-log", token().subject("dave").roles(List.of("admin")).sign());
        assertEquals(uri + " 200 dave", next(log, uri));
        app.get("/admin/access-log");
        assertEquals(uri + " 401 -", next(log, uri));
        String open = app.contextPath() + "/public/access-log";
        app.get("/public/access-log");
        assertEquals(open + " 200 -", next(log, open));
    }

    /** The next line for {@code uri}, skipping others; the container logs after the response, so this waits. */
    static String next(BlockingQueue<String> log, String uri) throws InterruptedException {
        for (String line = log.poll(10, TimeUnit.SECONDS); line != null; line = log.poll(10, TimeUnit.SECONDS)) {
            if (line.startsWith(uri + " ")) {
                return line;
            }
        }
        return "no access log line for " + uri;
    }

    // --- unprotected resources ---

    @Test
    void unprotectedResource_validToken_authenticated() {
        HttpReply reply = app.bearer("/public/orders?role=admin", token().subject("bob").roles(List.of("admin")).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("bob", reply.dump().get("principal"));
        assertEquals("bob", reply.dump().get("remoteUser"));
        assertEquals("Bearer", reply.dump().get("authType"));
        assertEquals("true", reply.dump().get("role.admin"));
    }

    @Test
    void unprotectedResource_noToken_anonymous() {
        HttpReply reply = app.get("/public/orders?role=admin");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(Dump.NONE, reply.dump().get("principal"));
        assertEquals(Dump.NONE, reply.dump().get("remoteUser"));
        assertEquals(Dump.NONE, reply.dump().get("authType"));
        assertEquals("false", reply.dump().get("role.admin"));
        assertEquals(Dump.NONE, reply.dump().get("attr.principal"));
    }

    // --- key outage ---

    @ParameterizedTest
    @ValueSource(strings = {"/admin/orders", "/public/orders"})
    void keySourceDown_theFilters503NotA401(String path) {
        KeyPair idp = Keys.rsa();
        try (JwkSetServer down = JwkSetServer.start().fail(500);
                Deployment outage = server.deployAuthModule(WebXml.params("jwtgate.algorithms", "RS256",
                        "jwtgate.jwksUri", down.uri().toString(), "jwtgate.issuer", Tokens.ISSUER,
                        "jwtgate.audience", Tokens.AUDIENCE), SECURITY)) {
            String token = Tokens.with("RS256", idp.getPrivate()).keyId("idp-1").roles(List.of("admin")).sign();
            ErrorResponseAssertions.assertUnavailable(ErrorResponseAssertions.refused(outage,
                    () -> outage.bearer(path, token)));
        }
    }

    // --- time, configuration ---

    @Test
    void clock_tokenOutlivesItsExpiry_401() {
        String token = token().roles(List.of("admin")).sign(); // expires an hour after Tokens.NOW
        assertEquals(200, app.bearer("/admin/orders", token).status());
        TestBridge.advanceClock(Duration.ofHours(2));
        ErrorResponseAssertions.assertRefused(app.bearer("/admin/orders", token), 401, "invalid_token", token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwtgate.algorithms", "jwtgate.secret"})
    void configurationError_theApplicationDoesNotStartAndTheFailureNamesTheContextParam(String missing) {
        Map<String, String> params = WebXml.without(server.hs256ContextParams(), missing);
        try (Deployment failed = server.tryDeployAuthModule(params, SECURITY)) {
            assertFalse(failed.isServing(), "an application whose module cannot start must not serve");
            String failure = failed.initFailure();
            assertTrue(failure != null && failure.contains(missing + ":"), failure);
            assertEquals(404, failed.get("/public/orders").status(), "nothing answers for a context that failed to start");
        }
    }

    @Test
    void configurationError_unknownContextParam_namedWithItsPrefix() {
        Map<String, String> params = WebXml.with(server.hs256ContextParams(), "jwtgate.algoritms", "HS256");
        try (Deployment failed = server.tryDeployAuthModule(params, SECURITY)) {
            assertFalse(failed.isServing());
            assertTrue(failed.initFailure().contains("jwtgate.algoritms:"), failed.initFailure());
        }
    }
}
