package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    @ValueSource(strings = {"/public", "/public/", "/public/x", "/public/a/b", "/health", "/site.css",
        "/styles/site.css", "/secret/../public/x", "/public/./x"})
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

}
