package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The segment index of {@link AccessRules} picks exactly the rule a scan of every rule in order
 * would: for many random rule lists (every pattern kind, shared and distinct first segments,
 * method lists, methods in any case and methods no rule names, multi-dot extensions) and many
 * paths around them, the first match is the same. The per-method candidate lists and the one
 * look for a dot in the last segment are what this pins against the plain scan.
 */
class AccessRulesIndexTest {

    private static final String[] SEGMENTS = {"", "a", "ab", "b", "orders", "ba", "a.css", "v.tar.gz"};
    private static final String[] METHODS = {"*", "GET", "POST", "GET,POST", "DELETE", "HEAD", "PROPFIND",
        "HEAD,PROPFIND", "PUT,PATCH,GET"};
    /** Upper case, lower and mixed case, methods only some rule lists, and methods no rule names. */
    private static final String[] ASKED = {"GET", "HEAD", "POST", "DELETE", "PUT", "get", "Post", "head", "PROPFIND",
        "propFind", "OPTIONS", "X-ANY", "PATCH"};

    private static String segment(SplittableRandom random) {
        return SEGMENTS[random.nextInt(SEGMENTS.length)];
    }

    private static String pattern(SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0:
                return "/*";
            case 1:
                return random.nextBoolean() ? "*.css" : random.nextBoolean() ? "*.do" : "*.tar.gz";
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
            String[] files = {"/f.css", "/g.do", "/h.tar.gz", "/gz", "/.css", "/i.gz"};
            path.append(files[random.nextInt(files.length)]);
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /**
     * The first rule by a scan of all of them, as before the index, read from each rule's text:
     * nothing of {@link AccessRules}' own matching is reused, so that the reference cannot share a
     * mistake with it.
     */
    private static int scan(AccessRules rules, String method, String path) {
        for (AccessRules.Rule rule : rules.rules()) {
            String[] words = rule.text().split(" ");
            if (acceptsMethod(words[0], method) && matchesPath(words[1], path)) {
                return rule.index();
            }
        }
        return -1;
    }

    private static boolean acceptsMethod(String methods, String method) {
        if (methods.equals("*")) {
            return true;
        }
        for (String allowed : methods.split(",")) {
            if (allowed.equals(method) || allowed.equals("GET") && method.equals("HEAD")) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesPath(String pattern, String path) {
        if (pattern.equals("/*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            return last.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String stem = pattern.substring(0, pattern.length() - 2);
            return path.equals(stem) || path.startsWith(stem + "/");
        }
        return path.equals(pattern);
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
                // A method in lower case is read both ways: as sent and in upper case.
                int expected = scan(rules, method, path);
                int upper = scan(rules, method.toUpperCase(Locale.ROOT), path);
                Set<Integer> expectedRules = new LinkedHashSet<>();
                for (int index : new int[] {expected, upper}) {
                    if (index >= 0) {
                        expectedRules.add(index);
                    }
                }
                AccessRules.Selection selection = rules.select(method, path, null, path, "");
                Set<Integer> actual = new LinkedHashSet<>();
                selection.rules().forEach(rule -> actual.add(rule.index()));
                assertEquals(expectedRules, actual, () -> method + " " + path + " under " + texts);
                assertEquals(expected < 0 || upper < 0, selection.includesUnmatched(),
                        () -> method + " " + path + " under " + texts);
                matched += expected < 0 ? 0 : 1;
            }
        }
        assertEquals(true, matched > 5_000, "the table exercises matches: " + matched);
    }
}
