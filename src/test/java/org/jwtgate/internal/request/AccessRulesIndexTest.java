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

    /** One to 25 rules of every pattern kind and method list. */
    private static List<String> ruleTexts(SplittableRandom random) {
        List<String> texts = new ArrayList<>();
        int count = 1 + random.nextInt(25);
        for (int i = 0; i < count; i++) {
            texts.add(METHODS[random.nextInt(METHODS.length)] + " " + pattern(random) + " authenticated");
        }
        return texts;
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
            List<String> texts = ruleTexts(random);
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

    /** Pieces of raw URIs: plain segments, and everything that keeps a URI from being plain. */
    private static final String[] RAW = {"a", "ab", "orders", "a.css", "v.tar.gz", "", ".", "..", "...", ".a",
        "%2e", "%2F", "a;j=1", "a\\b", "\u00e9", "~x", "a b", "\t", "*", "A"};

    private static String rawPath(SplittableRandom random) {
        StringBuilder path = new StringBuilder();
        int depth = random.nextInt(5);
        for (int i = 0; i < depth; i++) {
            path.append('/').append(random.nextInt(3) == 0 ? RAW[random.nextInt(RAW.length)]
                    : SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        return path.length() == 0 || random.nextInt(8) == 0 ? path + "/" : path.toString();
    }

    /**
     * {@code select}'s one pass over a plain URI (plainness, agreement with the container, the first
     * segment's hash and end, the last slash and its dot, packed in a long) gives what reading both
     * views by normalising gives, for random rules and random raw URIs, contexts and container
     * paths: agreeing and not, plain and not (every character that keeps a URI from being plain,
     * dot segments, empty segments, the root, empty and missing servlet paths).
     */
    @Test
    void select_onePassOverPlainUris_sameAsReadingBothViewsByNormalising() {
        SplittableRandom random = new SplittableRandom(20261208);
        String[] contexts = {"", "/app", "/shop"};
        int plainAndAgreeing = 0;
        for (int set = 0; set < 300; set++) {
            List<String> texts = ruleTexts(random);
            AccessRules rules = AccessRules.parse(texts);
            int other = rules.methodId("NAMED-BY-NO-RULE");
            for (int request = 0; request < 60; request++) {
                String method = ASKED[random.nextInt(ASKED.length)];
                String context = contexts[random.nextInt(contexts.length)];
                String path = random.nextBoolean() ? path(random) : rawPath(random);
                String servletPath;
                String pathInfo;
                int split = random.nextInt(path.length() + 1);
                switch (random.nextInt(4)) {
                    case 0: // the container agrees, split anywhere (a servlet path of "" and path info of all)
                        servletPath = path.substring(0, split);
                        pathInfo = split == path.length() && random.nextBoolean() ? null : path.substring(split);
                        break;
                    case 1: // the container reads another path
                        servletPath = path(random);
                        pathInfo = null;
                        break;
                    case 2: // the container's empty path (the root)
                        servletPath = random.nextBoolean() ? "" : null;
                        pathInfo = random.nextBoolean() ? null : "";
                        break;
                    default: // the container agrees on a path one character off
                        servletPath = path.isEmpty() ? "/" : path.substring(0, path.length() - 1);
                        pathInfo = random.nextBoolean() ? "/" : "x";
                }
                String uri = random.nextInt(10) == 0 ? "/elsewhere" + path : context + path;
                int id = rules.methodId(method);
                int upper = id == other && !method.equals(method.toUpperCase(Locale.ROOT))
                        ? rules.methodId(method.toUpperCase(Locale.ROOT)) : id;
                AccessRules.Selection fast = rules.select(method, servletPath, pathInfo, uri, context);
                AccessRules.Selection reference = rules.selectByNormalising(id, upper, servletPath, pathInfo, uri,
                        context);
                String what = method + " " + uri + " (context " + context + ", servlet path " + servletPath
                        + ", path info " + pathInfo + ") under " + texts;
                assertEquals(reference.rules(), fast.rules(), what);
                assertEquals(reference.includesUnmatched(), fast.includesUnmatched(), what);
                String container = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
                boolean agrees = container.equals(path) || container.isEmpty() && path.equals("/");
                plainAndAgreeing += agrees && uri.startsWith(context) && ExcludedPaths.normalise(uri, context) != null
                        && path.equals(ExcludedPaths.normalise(uri, context)) ? 1 : 0;
            }
        }
        assertEquals(true, plainAndAgreeing > 3_000, "the table exercises the one pass: " + plainAndAgreeing);
    }
}
