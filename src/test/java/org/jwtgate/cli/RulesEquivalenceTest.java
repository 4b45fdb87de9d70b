package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.internal.request.AccessRules;
import org.jwtgate.testing.ServletPatterns;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The semantic check of {@code jwtgate rules --container servlet}: for realistic legacy web.xml files, every
 * combination of path, method and role set in a generated table gets the same allow or deny from
 * the printed rules (under a small first-match evaluator of the {@code accessRules} grammar) as
 * from the file's constraints (under an implementation of Servlet §13.8 written here, apart from
 * the translator). Requests that no rule matches are allowed, as the container allowed them: the
 * operator gets that with {@code mode=optional}.
 *
 * <p>The one deliberate difference is modelled explicitly: where the best pattern's constraints do
 * not name {@code HEAD}, {@code HEAD} must pass both what the container asks of it and what it asks
 * of {@code GET}, because in {@code accessRules} {@code GET} covers {@code HEAD}.
 */
class RulesEquivalenceTest {

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
            "PROPFIND");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "intranet.xml,          0, 0",
        "struts.xml,            0, 1",
        "rest-api.xml,          0, 1",
        "everything-prefix.xml, 0, 1",
        "deny-uncovered.xml,    0, 0",
        "head-combinations.xml, 0, 0",
        "container-quirks.xml,  0, 1",
        "https-only.xml,        1, 1"})
    void rules_legacyWebXml_printedRulesAnswerAsTheContainerForEveryPathMethodAndRoles(String file, int exit,
            int strictestExit) throws Exception {
        byte[] xml = resource(file);
        Path webXml = Files.write(dir.resolve("web.xml"), xml);
        Cli.Result result = Cli.atFixtureNow().run("rules", "--web-xml", webXml.toString(), "--container", "servlet")
                .exits(exit);
        SecurityConstraints web = WebXmlReader.securityConstraints(xml, file);
        List<Rule> rules = Rule.parseAll(result.out);
        // Without --container: the strictest of the specification's, Tomcat's and Jetty's readings,
        // which RulesRoundTripIT checks against the real containers. Never looser than the specification.
        Cli.Result strictest = Cli.atFixtureNow().run("rules", "--web-xml", webXml.toString()).exits(strictestExit);
        List<Rule> strictestRules = Rule.parseAll(strictest.out);
        List<String> looser = new ArrayList<>();

        List<Set<String>> roleSets = roleSets(web);
        int allowed = 0;
        int denied = 0;
        List<String> mismatches = new ArrayList<>();
        for (String path : paths(web)) {
            for (String method : METHODS) {
                for (Set<String> roles : roleSets) {
                    boolean expected = JwtGateIntent.allows(web, path, method, roles);
                    boolean actual = Rule.firstMatch(rules, path, method, roles);
                    if (!expected && Rule.firstMatch(strictestRules, path, method, roles)) {
                        looser.add(method + " " + path + " roles=" + roles);
                    }
                    if (expected != actual) {
                        mismatches.add(method + " " + path + " roles=" + roles + ": container " + expected
                                + ", rules " + actual);
                    }
                    if (expected) {
                        allowed++;
                    } else {
                        denied++;
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches, () -> "rules:\n" + result.out + "\nstderr:\n" + result.err);
        assertEquals(List.of(), looser, () -> "strictest rules:\n" + strictest.out);

        // The same table through the filter's own rule engine, as the printed value is configured
        // (accessRules with mode=optional): the printed rules load, and decide alike.
        AccessRules engine = AccessRules.parse(List.of(result.out.split("\n")).stream()
                .filter(line -> !line.isBlank()).collect(java.util.stream.Collectors.toList()));
        List<String> engineMismatches = new ArrayList<>();
        for (String path : paths(web)) {
            for (String method : METHODS) {
                for (Set<String> roles : roleSets) {
                    boolean expected = JwtGateIntent.allows(web, path, method, roles);
                    boolean actual = engineAllows(engine, path, method, roles);
                    if (expected != actual) {
                        engineMismatches.add(method + " " + path + " roles=" + roles + ": container " + expected
                                + ", JwtGate " + actual);
                    }
                }
            }
        }
        assertEquals(List.of(), engineMismatches, () -> "rules:\n" + result.out);
        assertTrue(allowed > 50 && denied > 50, "the table exercises both answers: " + allowed + "/" + denied);
    }

    /**
     * What the filter answers, by its own {@code AccessRules}: {@code roles} {@code null} is a request
     * without a token. The filter-wide settings are those the runbook gives a migrated application
     * whose uncovered paths stay open, as the container left them: {@code mode=optional} and no
     * required roles (with the default {@code mode=required}, uncovered paths need a token: stricter).
     */
    private static boolean engineAllows(AccessRules engine, String path, String method, Set<String> roles) {
        AccessRules.Selection selection = engine.select(method, path, null, path, "");
        for (int i = 0; i < selection.size(); i++) {
            AccessRules.Rule rule = selection.rule(i);
            switch (rule.access()) {
                case DENY:
                    return false;
                case PERMIT:
                case ANONYMOUS:
                    break;
                default:
                    if (roles == null || rule.lacks(roles, Set.of()) != 0) {
                        return false;
                    }
            }
        }
        return true;
    }

    static byte[] resource(String file) {
        try (InputStream in = RulesEquivalenceTest.class.getResourceAsStream("rules/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No token, a token without roles, each declared role alone, all of them, and a stranger's. */
    private static List<Set<String>> roleSets(SecurityConstraints web) {
        Set<String> all = new TreeSet<>(web.declaredRoles);
        for (SecurityConstraints.Constraint constraint : web.constraints) {
            if (constraint.roles != null) {
                constraint.roles.stream().filter(r -> !r.equals("*") && !r.equals("**")).forEach(all::add);
            }
        }
        List<Set<String>> sets = new ArrayList<>();
        sets.add(null);
        sets.add(Set.of());
        all.forEach(role -> sets.add(Set.of(role)));
        sets.add(all);
        sets.add(Set.of("stranger"));
        return sets;
    }

    /** Around every url-pattern: on it, inside it, next to it, and a few that no pattern names. */
    private static Set<String> paths(SecurityConstraints web) {
        List<String> patterns = new ArrayList<>();
        web.constraints.forEach(c -> c.collections.forEach(collection -> patterns.addAll(collection.patterns)));
        return ServletPatterns.pathsAround(patterns);
    }

    /**
     * Servlet 4.0/6.0 §13.8.3 for one request, straight from the text: select the best-matching
     * url-pattern among all constrained ones, whatever the method; take the constraints on it that
     * cover the method; combine them; and then JwtGate's one deliberate difference for HEAD.
     */
    static final class JwtGateIntent {

        /** @param roles {@code null} for a request without credentials */
        static boolean allows(SecurityConstraints web, String path, String method, Set<String> roles) {
            String best = bestPattern(web, path);
            if (best == null) {
                return true;
            }
            boolean answer = containerAllows(web, best, method, roles);
            if (method.equals("HEAD") && !named(web, best, "HEAD")) {
                answer &= containerAllows(web, best, "GET", roles);
            }
            return answer;
        }

        static boolean containerAllows(SecurityConstraints web, String best, String method, Set<String> roles) {
            boolean covered = false;
            boolean open = false;
            boolean anyAuthenticated = false;
            Set<String> permitted = new LinkedHashSet<>();
            for (SecurityConstraints.Constraint constraint : web.constraints) {
                boolean applies = constraint.collections.stream().anyMatch(c -> c.patterns.contains(best)
                        && (c.methods.isEmpty() ? !c.omissions.contains(method) : c.methods.contains(method)));
                if (!applies) {
                    continue;
                }
                covered = true;
                if (constraint.roles == null) {
                    open = true;
                } else if (constraint.roles.isEmpty()) {
                    return false; // an empty auth-constraint overrides every other
                } else {
                    for (String role : constraint.roles) {
                        if (role.equals("**")) {
                            anyAuthenticated = true;
                        } else if (role.equals("*")) {
                            permitted.addAll(web.declaredRoles);
                        } else {
                            permitted.add(role);
                        }
                    }
                }
            }
            if (!covered) {
                return !web.denyUncoveredMethods;
            }
            if (open) {
                return true;
            }
            if (roles == null) {
                return false;
            }
            return anyAuthenticated || permitted.stream().anyMatch(roles::contains);
        }

        private static boolean named(SecurityConstraints web, String pattern, String method) {
            return web.constraints.stream().flatMap(c -> c.collections.stream())
                    .anyMatch(c -> c.patterns.contains(pattern)
                            && (c.methods.contains(method) || c.omissions.contains(method)));
        }

        static String bestPattern(SecurityConstraints web, String path) {
            List<String> patterns = new ArrayList<>();
            web.constraints.forEach(c -> c.collections.forEach(collection -> patterns.addAll(collection.patterns)));
            return ServletPatterns.best(patterns, path);
        }
    }

    /** One {@code accessRules} rule, read by the contract's grammar, and a first-match evaluator. */
    static final class Rule {
        final List<String> methods;
        final String pattern;
        final List<String> requirements;

        Rule(List<String> methods, String pattern, List<String> requirements) {
            this.methods = methods;
            this.pattern = pattern;
            this.requirements = requirements;
        }

        /** A newline or {@code ;} separates rules; blank ones are ignored. */
        static List<Rule> parseAll(String value) {
            List<Rule> rules = new ArrayList<>();
            for (String line : value.split("[\n;]")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] words = line.trim().split("\\s+");
                if (words.length < 3) {
                    throw new AssertionError("not a rule: " + line);
                }
                rules.add(new Rule(List.of(words[0].split(",")), words[1],
                        Arrays.asList(words).subList(2, words.length)));
            }
            return rules;
        }

        static boolean firstMatch(List<Rule> rules, String path, String method, Set<String> roles) {
            for (Rule rule : rules) {
                if (rule.matches(path, method)) {
                    return rule.requirements.stream().allMatch(r -> holds(r, roles));
                }
            }
            return true;
        }

        boolean matches(String path, String method) {
            boolean methodMatches = methods.equals(List.of("*")) || methods.contains(method)
                    || method.equals("HEAD") && methods.contains("GET");
            if (!methodMatches) {
                return false;
            }
            if (pattern.equals("/*")) {
                return true;
            }
            if (pattern.startsWith("*.")) {
                return path.substring(path.lastIndexOf('/') + 1).endsWith(pattern.substring(1));
            }
            if (pattern.endsWith("/*")) {
                String stem = pattern.substring(0, pattern.length() - 2);
                return path.equals(stem) || path.startsWith(stem + "/");
            }
            return path.equals(pattern);
        }

        private static boolean holds(String requirement, Set<String> roles) {
            switch (requirement) {
                case "permit":
                case "anonymous":
                    return true;
                case "authenticated":
                    return roles != null;
                case "deny":
                    return false;
                default:
                    if (!requirement.startsWith("role:")) {
                        throw new AssertionError("not a requirement rules prints: " + requirement);
                    }
                    return roles != null
                            && Arrays.stream(requirement.substring(5).split("\\|")).anyMatch(roles::contains);
            }
        }
    }
}
