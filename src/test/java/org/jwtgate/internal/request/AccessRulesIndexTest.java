package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The segment index of {@link AccessRules} picks exactly the rule a scan of every rule in order
 * would: for many random rule lists (every pattern kind, shared and distinct first segments,
 * method lists) and many paths around them, the first match is the same.
 */
class AccessRulesIndexTest {

    private static final String[] SEGMENTS = {"", "a", "ab", "b", "orders", "ba", "a.css"};
    private static final String[] METHODS = {"*", "GET", "POST", "GET,POST", "DELETE", "HEAD"};
    private static final String[] ASKED = {"GET", "HEAD", "POST", "DELETE", "PUT"};

    private static String segment(SplittableRandom random) {
        return SEGMENTS[random.nextInt(SEGMENTS.length)];
    }

    private static String pattern(SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0:
                return "/*";
            case 1:
                return random.nextBoolean() ? "*.css" : "*.do";
            case 2:
                return "/" + segment(random);
            case 3:
                return "/" + nonEmpty(random) + "/*";
            default:
                return "/" + nonEmpty(random) + "/" + nonEmpty(random) + (random.nextBoolean() ? "/*" : "");
        }
    }

    private static String nonEmpty(SplittableRandom random) {
        String segment = segment(random);
        return segment.isEmpty() ? "x" : segment;
    }

    private static String path(SplittableRandom random) {
        StringBuilder path = new StringBuilder();
        int depth = random.nextInt(4);
        for (int i = 0; i < depth; i++) {
            path.append('/').append(nonEmpty(random)); // plain paths: ambiguous ones are AccessRulesTest's
        }
        if (random.nextInt(4) == 0) {
            path.append(random.nextBoolean() ? "/f.css" : "/g.do");
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /** The first rule by a scan of all of them, as before the index. */
    private static int scan(AccessRules rules, String method, String path) {
        for (AccessRules.Rule rule : rules.rules()) {
            if (rule.matchesMethod(method) && rule.matchesPath(path, 0)) {
                return rule.index();
            }
        }
        return -1;
    }

    @Test
    void select_randomRulesAndPaths_sameFirstMatchAsAScanOfEveryRule() {
        SplittableRandom random = new SplittableRandom(20261207);
        int matched = 0;
        for (int set = 0; set < 500; set++) {
            List<String> texts = new ArrayList<>();
            int count = 1 + random.nextInt(25);
            for (int i = 0; i < count; i++) {
                texts.add(METHODS[random.nextInt(METHODS.length)] + " " + pattern(random) + " authenticated");
            }
            AccessRules rules = AccessRules.parse(texts);
            for (int request = 0; request < 40; request++) {
                String method = ASKED[random.nextInt(ASKED.length)];
                String path = path(random);
                int expected = scan(rules, method, path);
                AccessRules.Selection selection = rules.select(method, path, null, path, "");
                int actual = selection.size() == 0 ? -1 : selection.rule(0).index();
                assertEquals(expected, actual, () -> method + " " + path + " under " + texts);
                assertEquals(expected < 0, selection.includesUnmatched(), () -> method + " " + path + " under " + texts);
                matched += expected < 0 ? 0 : 1;
            }
        }
        assertEquals(true, matched > 5_000, "the table exercises matches: " + matched);
    }
}
