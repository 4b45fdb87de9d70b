package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * excludePaths: excluded paths pass untouched, and no spelling of a protected path reaches the
 * application anonymously, whatever the container makes of it. Containers legitimately differ on
 * the status of odd spellings (Tomcat answers 400 to an encoded slash, Jetty to ambiguous
 * segments, others normalise and reach the filter's 401): what must hold everywhere is that the
 * application never answers one anonymously.
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

    @ParameterizedTest
    @ValueSource(strings = {
        "/public/..;/secret",
        "/public/%2e%2e/secret",
        "/public/%2E%2E/secret",
        "/public/.%2e/secret",
        "/public/%2e%2e%2fsecret",
        "/public%2f..%2fsecret",
        "/public/..%2fsecret",
        "/public/..%5csecret",
        "/public/..%3b/secret",
        "/public/%2e%2e%3b/secret",
        "/public/..\\secret",
        "/public/../secret",
        "/public/./../secret",
        "/public/x/../../secret",
        "/public;x=1/../secret",
        "//secret",
        "///secret",
        "/./secret",
        "/PUBLIC/x",
        "/Public/x",
        "/HEALTH",
        "/health/",
        "/health;/../secret",
        "/secret;.css",
        "/secret;/public/x",
        "/secret%3b.css",
        "/secret/%2e%2e/public/x/../../secret",
        "/public%00/../secret",
        "/public/%00/../../secret"})
    void get_bypassAttemptOnProtectedPath_neverServedAnonymously(String path) {
        int before = app.invocations();
        HttpReply reply = app.raw(path);
        assertNotEquals(200, reply.status(), () -> path + " was served anonymously: " + reply);
        assertEquals(before, app.invocations(), () -> path + " reached the application: " + reply);
    }
}
