package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.internal.request.AccessRules.Access;
import org.jwtgate.internal.request.AccessRules.Selection;

/**
 * Which rules a method and path select: grammar, first match, GET covering HEAD, the pattern
 * kinds, and the strictest reading whenever the two views of a path disagree or the path cannot be
 * read unambiguously.
 */
class AccessRulesTest {

    private static final AccessRules RULES = AccessRules.parse(List.of(
            "GET /public/* permit",
            "* /admin/* role:admin",
            "POST,DELETE /orders/* scope:orders.write",
            "* /orders/* authenticated",
            "GET *.css anonymous",
            "* /internal/* deny",
            "GET /exact/ authenticated"));

    /** The rule numbers (from 1) a plain request selects, and whether the filter-wide settings decide too. */
    private static String selected(String method, String path) {
        return selected(RULES, method, path);
    }

    private static String selected(AccessRules rules, String method, String path) {
        return describe(rules.select(method, path, null, "/app" + path, "/app"));
    }

    private static String describe(Selection selection) {
        String rules = selection.rules().stream().map(rule -> Integer.toString(rule.index() + 1))
                .collect(Collectors.joining(","));
        return rules + (selection.includesUnmatched() ? "+unmatched" : "");
    }

    @Test
    void select_plainPaths_firstMatchingRuleAlone() {
        assertEquals("1", selected("GET", "/public/a"));
        assertEquals("1", selected("GET", "/public"));
        assertEquals("2", selected("GET", "/admin/x"));
        assertEquals("2", selected("PATCH", "/admin"));
        assertEquals("3", selected("POST", "/orders/7"));
        assertEquals("4", selected("GET", "/orders/7"));
        assertEquals("5", selected("GET", "/site/a.css"));
        assertEquals("2", selected("GET", "/admin/a.css"));
        assertEquals("6", selected("GET", "/internal/x"));
        assertEquals("7", selected("GET", "/exact/"));
    }

    @Test
    void select_getRule_coversHeadButNotOtherMethods() {
        assertEquals("1", selected("HEAD", "/public/a"));
        assertEquals("+unmatched", selected("POST", "/public/a"));
        assertEquals("+unmatched", selected("OPTIONS", "/site/a.css"));
    }

    @Test
    void select_noRuleMatches_filterWideSettingsDecide() {
        assertEquals("+unmatched", selected("GET", "/other"));
        assertEquals("+unmatched", selected("GET", "/publicity")); // a prefix is whole segments
        assertEquals("+unmatched", selected("GET", "/exact"));
        assertEquals("+unmatched", selected("GET", "/css"));
        assertEquals("+unmatched", selected("GET", "/"));
    }

    @Test
    void select_caseOfThePath_matchedCaseSensitively() {
        assertEquals("+unmatched", selected("GET", "/ADMIN/x"));
        assertEquals("+unmatched", selected("GET", "/Internal/x"));
    }

    @Test
    void select_methodInLowerCase_heldToBothReadings() {
        // "post" matches no POST rule as written; a servlet that reads methods loosely takes it for POST.
        assertEquals("4,3", selected("post", "/orders/7"));
        assertEquals("1+unmatched", selected("get", "/public/a"));
    }

    @Test
    void select_methodNoRuleNames_onlyRulesForAnyMethod() {
        assertSelections(RULES, "PROPFIND /admin/x 2", "PROPFIND /orders/7 4", "PROPFIND /public/a +unmatched",
                "PROPFIND /site/a.css +unmatched");
        assertEquals("2", selected(null, "/admin/x"));
        assertEquals("+unmatched", selected(null, "/public/a"));
    }

    @Test
    void select_extensionMethodNamedByARule_matchedExactlyAndInLowerCaseBothWays() {
        AccessRules rules = AccessRules.parse(List.of("PROPFIND,MKCOL /dav/* role:dav", "* /dav/* deny",
                "HEAD /head/* deny", "GET /head/* permit"));
        // HEAD named on its own and through GET: the first rule still wins.
        assertSelections(rules, "PROPFIND /dav/a 1", "MKCOL /dav/a 1", "COPY /dav/a 2", "propfind /dav/a 2,1",
                "copy /dav/a 2", "HEAD /head/a 3", "GET /head/a 4", "POST /head/a +unmatched");
    }

    @Test
    void select_extensionRules_lastSegmentOnlyAndEveryDot() {
        AccessRules rules = AccessRules.parse(List.of("GET *.tar.gz deny", "GET *.gz permit"));
        assertSelections(rules, "GET /a/b.tar.gz 1", "GET /a/b.gz 2", "GET /a/.gz 2", "GET /a.gz/b +unmatched",
                "GET /a/gz +unmatched");
    }

    /** Each case is "METHOD /path selected", the selection as {@link #describe} spells it. */
    private static void assertSelections(AccessRules rules, String... cases) {
        for (String selection : cases) {
            String[] words = selection.split(" ");
            assertEquals(words[2], selected(rules, words[0], words[1]), selection);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/admin;jsessionid=1/x", "/app/public/../admin/x", "/app/public/%2e%2e/admin/x",
            "/app//admin/x", "/app/./admin/x", "/app/%61dmin/x"})
    void select_rawUriReachingAdminWhileContainerSaysPublic_bothRulesMustHold(String rawUri) {
        // The container's view says /public/x; the URI itself names /admin/x: the admin rule must hold too.
        Selection selection = RULES.select("GET", "/public/x", null, rawUri, "/app");
        assertEquals("1,2", describe(selection));
        assertEquals(Access.AUTHENTICATED, selection.access());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/public/a%2fb", "/app/public/a%5cb", "/app/public/%00", "/app/public/%ff",
            "/app/../admin/x", "/app/public/a\\b"})
    void select_uriThatCannotBeReadUnambiguously_everyRuleAndTheFilterWideSettings(String rawUri) {
        Selection selection = RULES.select("GET", "/public/a", null, rawUri, "/app");
        assertEquals(RULES.rules().size(), selection.size());
        assertTrue(selection.includesUnmatched());
        assertEquals(Access.DENY, selection.access());
    }

    @Test
    void select_normalisedUriAgreeingWithContainer_oneRule() {
        assertEquals("2", describe(RULES.select("GET", "/admin/x", null, "/app/admin;jsessionid=1/./x", "/app")));
        assertEquals("1", describe(RULES.select("GET", "/public", "/a", "/app/public/a", "/app")));
    }

    @Test
    void select_plainUri_allocatesNoSelection() {
        assertSame(RULES.select("GET", "/admin/x", null, "/app/admin/x", "/app"),
                RULES.select("GET", "/admin/y", null, "/app/admin/y", "/app"));
        assertSame(RULES.select("GET", "/nowhere", null, "/app/nowhere", "/app"),
                RULES.select("GET", "/", null, "/app/", "/app"));
    }

    @Test
    void select_rootWithEmptyContainerPath_readAsSlash() {
        AccessRules rules = AccessRules.parse(List.of("GET / permit"));
        assertEquals("1", describe(rules.select("GET", "", null, "/app/", "/app")));
        assertEquals("1", describe(rules.select("GET", "", "/", "/app/", "/app")));
    }

    @Test
    void parse_requirements_accessAndNames() {
        AccessRules rules = AccessRules.parse(List.of("GET /a role:x|y role:z scope:s1 authenticated",
                "* /b anonymous", "* /c permit", "* /d deny"));
        assertEquals(Access.AUTHENTICATED, rules.rules().get(0).access());
        assertEquals(Set.of("x", "y", "z"), rules.rules().get(0).roleNames());
        assertEquals(Set.of("s1"), rules.rules().get(0).scopeNames());
        assertEquals(Access.ANONYMOUS, rules.rules().get(1).access());
        assertEquals(Access.PERMIT, rules.rules().get(2).access());
        assertEquals(Access.DENY, rules.rules().get(3).access());
    }

    @Test
    void lacks_anyOfWithinAGroupAllGroups_scopesFirst() {
        AccessRules.Rule rule = AccessRules.parse(List.of("GET /a role:x|y role:z scope:s1|s2")).rules().get(0);
        assertEquals(0, rule.lacks(Set.of("y", "z"), Set.of("s2")));
        assertEquals(2, rule.lacks(Set.of("y"), Set.of("s2")));
        assertEquals(1, rule.lacks(Set.of("y", "z"), Set.of("s3")));
        assertEquals(1, rule.lacks(Set.of(), Set.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /a", "GET", "get /a permit", "GET;POST /a permit", "GET, /a permit",
            "* admin permit", "* /a* permit", "* /a/*/b permit", "* *. permit", "* *.c/s permit",
            "* /a;b permit", "* /a%2fb permit", "* /a//b permit", "* /a/./b permit", "* /a/../b permit",
            "* /a/.. permit", "* /a\\b permit", "* /a allow", "* /a role:", "* /a role:a|", "* /a scope:a\"b",
            "* /a permit role:x", "* /a deny authenticated", "* /a anonymous scope:s", "* /a permit deny",
            "* /a anonymous authenticated"})
    void parse_badRule_refusedNamingAccessRulesAndQuotingTheRule(String rule) {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> AccessRules.parse(List.of("GET /ok permit", rule)));
        assertEquals("accessRules", e.getParameter());
        assertTrue(e.getMessage().contains("'" + rule.strip() + "'"), e.getMessage());
    }

    @Test
    void parse_none_empty() {
        assertTrue(AccessRules.parse(List.of()).isEmpty());
        assertFalse(RULES.isEmpty());
    }
}
