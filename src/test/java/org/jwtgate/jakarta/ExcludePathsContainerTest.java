package org.jwtgate.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.jwtgate.jakarta.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.jakarta.ErrorResponseAssertions.refused;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Tokens;

/**
 * excludePaths: excluded paths pass untouched, and no spelling of a protected path reaches the
 * application anonymously, whatever Tomcat makes of it.
 */
class ExcludePathsContainerTest {

    @TempDir
    static Path dir;
    static EmbeddedTomcat tomcat;
    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start(dir);
        String text = SecretProperties.randomText(32);
        secret = SecretProperties.utf8(text);
        try (SecretProperties secrets = new SecretProperties()) {
            app = tomcat.deploy(WebXml.params("algorithms", "HS256", "secret", secrets.reference(text),
                    "excludePaths", "/public/*, /health, *.css"));
        }
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    @BeforeEach
    void resetClock() {
        ClockedJwtAuthenticationFilter.CLOCK.set(Tokens.NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public", "/public/", "/public/x", "/public/a/b", "/health", "/site.css",
        "/styles/site.css", "/secret/../public/x", "/public/./x"})
    void get_excludedPathWithoutToken_passesAnonymous(String path) {
        HttpReply reply = app.raw(path);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(DumpServlet.NONE, reply.dump().get("remoteUser"));
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
        assertEquals(DumpServlet.NONE, seen.get("remoteUser"));
        assertEquals(DumpServlet.NONE, seen.get("attr.principal"));
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
