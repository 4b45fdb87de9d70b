package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Tokens;

/**
 * excludePaths: excluded paths pass untouched, and paths that are not excluded are protected. That
 * no spelling of a protected path ({@code ..}, {@code ;}, {@code %2e}, {@code %2F}, {@code //},
 * case, trailing slash) reaches the application anonymously is {@link PathAndScopeAttackIT}'s.
 */
class ExcludePathsIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        app = server.deploy(WebXml.without(server.hs256("excludePaths", "/public/*, /health, *.css"),
                "issuer", "audience"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public", "/public/", "/public/x", "/public/a/b", "/health",
        "/secret/../public/x", "/public/./x"})
    void get_excludedPathWithoutToken_passesAnonymous(String path) {
        HttpReply reply = app.raw(path);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(Dump.NONE, reply.dump().get("remoteUser"));
    }

    @Test
    void get_excludedPathUnderPathMapping_matchedOnServletPathPlusPathInfo() {
        Map<String, String> seen = app.raw("/public/a/b").dump();
        assertEquals("/public", seen.get("servletPath"));
        assertEquals("/a/b", seen.get("pathInfo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/x", "/health"})
    void get_excludedPathWithValidToken_passesUntouched(String path) {
        HttpReply reply = app.bearer(path, Tokens.hs256(secret).sign());
        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> seen = reply.dump();
        assertEquals(Dump.NONE, seen.get("remoteUser"));
        assertEquals(Dump.NONE, seen.get("attr.principal"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/x", "/health"})
    void get_excludedPathWithInvalidToken_passesUntouched(String path) {
        HttpReply reply = app.bearer(path, "not.a.token");
        assertEquals(200, reply.status(), reply::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/x", "/healthz", "/health/x", "/publicity", "/pub", "/site.css.bak", "/site.cssx"})
    void get_pathNotExcludedWithoutToken_401(String path) {
        assertNoTokenChallenge(refused(app, () -> app.raw(path)), null);
    }

    // --- issue 13, defect 1: an extension pattern opens only what the container serves by extension ---

    /**
     * The dump servlet also answers on {@code /admin/*}: a servlet other than the default one. A
     * name ending in {@code .css}, however spelled, must not take its paths out of protection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/admin/x.css", "/admin/x.c%73s", "/public/../admin/x.css", "/admin/a/b.css",
        "/admin/x.css;x=1"})
    void get_extensionExcludedButServedByAnotherServlet_401(String path) {
        assertNoTokenChallenge(refused(app, () -> app.raw(path)), null);
    }

    /**
     * The dump servlet is also the application's servlet at {@code /}, as Spring's
     * {@code DispatcherServlet} or any front controller is: its paths are application code, so a
     * {@code .css} ending opens none of them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/site.css", "/styles/site.css", "/api/users.css"})
    void get_extensionExcludedButApplicationServletAtRoot_401(String path) {
        assertNoTokenChallenge(refused(app, () -> app.raw(path)), null);
    }

    @Test
    void get_extensionExcludedFileOfTheContainersStaticServlet_servedAnonymously() {
        try (Deployment files = server.deployWithStaticFiles(WebXml.without(server.hs256("excludePaths", "*.css"),
                "issuer", "audience"))) {
            HttpReply reply = files.raw("/" + Deployment.STATIC_FILE);
            assertEquals(200, reply.status(), reply::toString);
            assertEquals(Deployment.STATIC_CONTENT, reply.body());
            assertNoTokenChallenge(refused(files, () -> files.raw("/admin/site.css")), null);
            assertNoTokenChallenge(refused(files, () -> files.send("PUT", "/" + Deployment.STATIC_FILE, "x")), null);
        }
    }

    @Test
    void get_extensionExcludedPathOfAnotherServletWithToken_authenticated() {
        HttpReply reply = app.bearer("/admin/x.css", Tokens.hs256(secret).sign());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
    }

    @Test
    void get_extensionExcludedAndMappedByThatExtension_passesAnonymous() {
        try (Deployment extension = server.deploy(WebXml.without(server.hs256("excludePaths", "*.do"),
                "issuer", "audience"))) {
            HttpReply reply = extension.raw("/orders/list.do");
            assertEquals(200, reply.status(), reply::toString);
            assertEquals(Dump.NONE, reply.dump().get("remoteUser"));
            assertNoTokenChallenge(refused(extension, () -> extension.raw("/admin/list.do")), null);
        }
    }

    // --- issue 13, defect 8: an error page for an excluded path is not turned into a 401 ---

    @Test
    void errorDispatch_excludedPathAnswering503WithoutToken_clientGets503Anonymous() {
        try (Deployment errors = server.deployWithErrorPages(WebXml.without(server.hs256("excludePaths", "/health",
                "claimHeaders", "X-User=sub"), "issuer", "audience"))) {
            HttpReply reply = errors.raw("/health?sendError=503&header=X-User", "X-User: mallory");
            assertEquals(503, reply.status(), reply::toString);
            assertTrue(reply.body().contains("remoteUser="), () -> "not the error page's answer: " + reply);
            Map<String, String> seen = reply.dump();
            assertEquals(Dump.NONE, seen.get("remoteUser"));
            assertEquals(Dump.NONE, seen.get("attr.principal"));
            assertEquals(Dump.NONE, seen.get("header.X-User"), "claim headers stay hidden on the error page");
        }
    }

    /** A monitor with a stale token: the excluded path passed it untouched, and its 503 must reach the client. */
    @Test
    void errorDispatch_excludedPathAnswering503WithExpiredToken_clientGets503Anonymous() {
        try (Deployment errors = server.deployWithErrorPages(WebXml.without(server.hs256("excludePaths", "/health"),
                "issuer", "audience"))) {
            String expired = Tokens.hs256(secret).expiresAt(Tokens.NOW.minusSeconds(3600)).sign();
            HttpReply reply = errors.bearer("/health?sendError=503", expired);
            assertEquals(503, reply.status(), reply::toString);
            assertEquals(Dump.NONE, reply.dump().get("remoteUser"));
        }
    }

    @Test
    void errorDispatch_protectedPathWithValidToken_errorPageSeesThePrincipal() {
        try (Deployment errors = server.deployWithErrorPages(WebXml.without(server.hs256("excludePaths", "/health"),
                "issuer", "audience"))) {
            HttpReply reply = errors.bearer("/orders?sendError=500", Tokens.hs256(secret).sign());
            assertEquals(500, reply.status(), reply::toString);
            assertEquals("alice", reply.dump().get("remoteUser"));
            assertNoTokenChallenge(refused(errors, () -> errors.raw("/orders?sendError=500")), null);
        }
    }
}
