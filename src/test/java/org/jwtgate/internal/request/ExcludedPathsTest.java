package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each case gives both views of one request: what the container routes on (servlet path + path
 * info) and the raw request URI. The bypass cases use the container view a careless or different
 * container could produce, so that only JwtGate's own reading of the raw URI stands between the
 * attacker and an unauthenticated protected resource.
 */
class ExcludedPathsTest {

    private static final String CONTEXT = "/app";
    /** The most permissive mapping for extension patterns, so that the bypass cases stay as strong as they were. */
    private static final String DEFAULT = ExcludedPaths.DEFAULT_SERVLET;

    private static ExcludedPaths paths(String... patterns) {
        return new ExcludedPaths(List.of(patterns));
    }

    /** A request whose container view is {@code path} and whose raw URI is the context path + {@code path}. */
    private static boolean matchesPlain(ExcludedPaths paths, String path) {
        return paths.matches(path, null, CONTEXT + path, CONTEXT, DEFAULT);
    }

    // --- the patterns ---

    @Test
    void matches_noPatterns_neverMatches() {
        assertFalse(matchesPlain(paths(), "/health"));
    }

    @Test
    void matches_exactPatternSamePath_matches() {
        assertTrue(matchesPlain(paths("/health"), "/health"));
    }

    @ParameterizedTest
    @CsvSource({"/healthx", "/health/x", "/healt", "/", "/x/health"})
    void matches_exactPatternOtherPath_doesNotMatch(String path) {
        assertFalse(matchesPlain(paths("/health"), path));
    }

    @Test
    void matches_exactPatternWithTrailingSlash_doesNotMatch() {
        assertFalse(matchesPlain(paths("/health"), "/health/"));
    }

    @ParameterizedTest
    @CsvSource({"/public", "/public/", "/public/x", "/public/x/y.html"})
    void matches_prefixPatternInsidePrefix_matches(String path) {
        assertTrue(matchesPlain(paths("/public/*"), path));
    }

    @ParameterizedTest
    @CsvSource({"/publicx", "/publicx/y", "/publi", "/", "/x/public/y"})
    void matches_prefixPatternOutsidePrefix_doesNotMatch(String path) {
        assertFalse(matchesPlain(paths("/public/*"), path));
    }

    @Test
    void matches_prefixPatternFromServletPathAndPathInfo_matches() {
        assertTrue(paths("/public/*").matches("/public", "/x", "/app/public/x", CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({"/style.css", "/a/b/style.css", "/a/.css"})
    void matches_extensionPatternSameExtension_matches(String path) {
        assertTrue(matchesPlain(paths("*.css"), path));
    }

    @ParameterizedTest
    @CsvSource({"/style.cssx", "/a.css/b", "/css", "/stylecss", "/style.CSS", "/style.css/"})
    void matches_extensionPatternOtherPath_doesNotMatch(String path) {
        assertFalse(matchesPlain(paths("*.css"), path));
    }

    // --- extension patterns open only what the container serves by extension or as static content ---

    @Test
    void matches_extensionPatternServedBySameExtensionMapping_matches() {
        assertTrue(paths("*.jsp").matches("/admin/x.jsp", null, "/app/admin/x.jsp", CONTEXT, "*.jsp"));
    }

    @ParameterizedTest
    @CsvSource(value = {
        // servlet path, path info, raw URI, how the container mapped it (null: path, exact or unknown)
        "/admin, /x.css, /app/admin/x.css, null",
        "/admin, /x.css, /app/admin/x.c%73s, null",
        "/admin, /x.css, /app/public/../admin/x.css, null",
        "/admin/x.css, null, /app/admin/x.css, null",
        "/admin/x.css, null, /app/admin/x.css, *.jsp",
        "'', /admin/x.css, /app/admin/x.css, null"}, nullValues = "null")
    void matches_extensionPatternServedByAnotherServlet_doesNotMatch(String servletPath, String pathInfo,
            String uri, String servedBy) {
        assertFalse(paths("/public/*", "*.css").matches(servletPath, pathInfo, uri, CONTEXT, servedBy));
    }

    @Test
    void matches_pathPatternWhateverTheMapping_matches() {
        assertTrue(paths("/public/*", "*.css").matches("/public", "/x.css", "/app/public/x.css", CONTEXT, null));
    }

    @ParameterizedTest
    @CsvSource({"org.apache.catalina.servlets.DefaultServlet", "org.eclipse.jetty.ee10.servlet.DefaultServlet",
        "org.eclipse.jetty.ee8.servlet.DefaultServlet", "io.undertow.servlet.handlers.DefaultServlet"})
    void isStaticContentServlet_containersOwnStaticServlet_true(String className) {
        assertTrue(ExcludedPaths.isStaticContentServlet(className));
    }

    @ParameterizedTest
    @CsvSource({"org.springframework.web.servlet.DispatcherServlet", "org.glassfish.jersey.servlet.ServletContainer",
        "com.example.DefaultServlet", "org.apache.catalina.servlets.DefaultServletX", "''"})
    void isStaticContentServlet_anyOtherServlet_false(String className) {
        assertFalse(ExcludedPaths.isStaticContentServlet(className));
        assertFalse(ExcludedPaths.isStaticContentServlet(null));
    }

    @Test
    void hasExtensionPatterns_onlyWithAnExtensionPattern() {
        assertTrue(paths("/health", "*.css").hasExtensionPatterns());
        assertFalse(paths("/health", "/public/*", "/*").hasExtensionPatterns());
    }

    @ParameterizedTest
    @CsvSource({"/", "/x", "/a/b/c.html"})
    void matches_slashStarPattern_matchesEverything(String path) {
        assertTrue(matchesPlain(paths("/*"), path));
    }

    @Test
    void matches_slashStarPatternEmptyServletPath_matches() {
        assertTrue(paths("/*").matches("", null, "/app/", CONTEXT, DEFAULT));
    }

    @Test
    void matches_rootContext_matches() {
        assertTrue(paths("/public/*").matches("/public/x", null, "/public/x", "", DEFAULT));
    }

    @Test
    void matches_pathParameterOnLastSegment_matches() {
        // Path parameters are not part of the path: both views agree on /public/x.
        assertTrue(paths("/public/*").matches("/public/x", null, "/app/public/x;jsessionid=0123ABC", CONTEXT, DEFAULT));
    }

    // --- bypass attempts: never excluded ---

    @ParameterizedTest
    @CsvSource({
            // container resolved the dot segment, so it routes to /admin
            "/admin, /app/public/..;/admin",
            // a container that kept the segment literally would see a /public path
            "/public/..;/admin, /app/public/..;/admin",
            "/public/x, /app/public/..;/admin",
    })
    void matches_dotDotSemicolon_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/admin, /app/public/%2e%2e/admin",
            "/public/../admin, /app/public/%2e%2e/admin",
            "/public/x, /app/public/%2E%2E/admin",
            "/public/x, /app/public/.%2e/admin",
            "/public/x, /app/public/%2e%2e;x=y/admin",
    })
    void matches_encodedDotDot_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/public/x, /app/public%2Fx",
            "/public/x, /app/public%2fx",
            "/public/../admin, /app/public%2F..%2Fadmin",
            "/public/x, /app/public/x%2F",
    })
    void matches_encodedSlash_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/public/x, /app/public/..%5Cadmin",
            "/public/x, /app/public%5C..%5Cadmin",
            "/public/x, /app/public%5cx",
            "/public/x, /app/public\\x",
    })
    void matches_backslash_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            // merging // first gives /admin; treating it as an empty segment gives /public/admin
            "/public/admin, /app/public//../admin",
            "/public/admin, /app/public/x//../../admin",
    })
    void matches_doubleSlashBeforeDotDot_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/admin, /app/public;jsessionid=1/../admin",
            "/public/x, /app/public;jsessionid=1/../admin",
            "/public/x, /app/public;/../admin",
            "/public/x, /app/public/x%3Bjsessionid=1",
    })
    void matches_pathParameterHidingDotDot_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @Test
    void matches_pathParameterFakingExtension_doesNotMatch() {
        // Tomcat routes /admin/secret;.css to /admin/secret; a container that kept ";.css" would see *.css.
        assertFalse(paths("*.css").matches("/admin/secret;.css", null, "/app/admin/secret;.css", CONTEXT, DEFAULT));
        assertFalse(paths("*.css").matches("/admin/secret", null, "/app/admin/secret;.css", CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({"/PUBLIC/x", "/Public/x", "/pUBLIC"})
    void matches_otherCaseOfPrefix_doesNotMatch(String path) {
        assertFalse(matchesPlain(paths("/public/*"), path));
    }

    @Test
    void matches_otherCaseOfExact_doesNotMatch() {
        assertFalse(matchesPlain(paths("/health"), "/HEALTH"));
    }

    @Test
    void matches_containerViewInOtherCaseThanRawUri_doesNotMatch() {
        // A case-insensitive container may route /PUBLIC/x and report it as /public/x.
        assertFalse(paths("/public/*").matches("/public/x", null, "/app/PUBLIC/x", CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/public/x.css, /app/public/x%00.css",
            "/public/x, /app/public/x%00",
            "/public/x, /app/public/%00/../x",
            "/public/x, /app/public/x%0A",
            "/public/x, /app/public/x%7F",
    })
    void matches_encodedControlCharacter_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*", "*.css").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            // overlong encodings of '.', '/' and '\'
            "/public/x, /app/public/%C0%AE%C0%AE/admin",
            "/public/x, /app/public/..%C0%AFadmin",
            "/public/x, /app/public/..%C1%9Cadmin",
            // truncated sequence, lone continuation byte, surrogate half, not UTF-8 at all
            "/public/x, /app/public/%E2%82",
            "/public/x, /app/public/%80",
            "/public/x, /app/public/%ED%A0%80",
            "/public/x, /app/public/%FF",
    })
    void matches_badUtf8_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/public/x, /app/public/%",
            "/public/x, /app/public/%2",
            "/public/x, /app/public/%zz",
    })
    void matches_brokenPercentEscape_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/public/x, /app/../public/x",
            "/public/x, /app/public/../../public/x",
            "/public/x, /app/%2e%2e/public/x",
            "/public/x, /app/..;/public/x",
    })
    void matches_dotDotAboveRoot_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({
            "/public/x, /other/public/x",
            "/public/x, /APP/public/x",
            "/public/x, /apppublic/x",
            "/public/x, /ap/public/x",
            "/public/x, public/x",
    })
    void matches_contextPathMismatch_doesNotMatch(String containerPath, String uri) {
        assertFalse(paths("/public/*").matches(containerPath, null, uri, CONTEXT, DEFAULT));
    }

    @Test
    void matches_nullRequestUri_doesNotMatch() {
        assertFalse(paths("/public/*").matches("/public/x", null, null, CONTEXT, DEFAULT));
    }

    @Test
    void matches_rawUriExcludedButContainerRoutesElsewhere_doesNotMatch() {
        assertFalse(paths("/public/*").matches("/admin", null, "/app/public/x", CONTEXT, DEFAULT));
    }

    @Test
    void matches_slashStarPatternWithAmbiguousUri_doesNotMatch() {
        assertFalse(paths("/*").matches("/x", null, "/app/a%2Fx", CONTEXT, DEFAULT));
    }
}
