package org.jwtgate.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns {@code <security-constraint>}s into {@code accessRules} that give the same answer.
 *
 * <p>The container (Servlet 4.0/6.0 §13.8.3) first picks the url-pattern that best matches the path,
 * whatever the method: exact, then the longest path prefix ({@code /*} being the shortest), then
 * extension, then the default {@code /}. Only the constraints on that pattern count: a method they
 * do not constrain is let through, even when a less specific pattern constrains it. Constraints on
 * the same pattern and method combine (§13.8.1): an empty {@code <auth-constraint/>} wins, then a
 * constraint without {@code <auth-constraint>} (open), then {@code **} (authenticated), else the
 * union of the roles, {@code *} standing for the roles the {@code <security-role>}s declare.
 *
 * <p>JwtGate's rules are first match. So each pattern gets rules for every method, ending with a
 * {@code *} rule for the methods it does not name (open ones included: they must not fall through
 * to a shorter pattern), and patterns are written most specific first; extension and default
 * patterns are dropped when {@code /*} is constrained, which beats them all. One deliberate
 * difference: {@code GET} covers {@code HEAD} in {@code accessRules}, so where the constraints name
 * {@code GET} but not {@code HEAD}, {@code HEAD} needs what {@code GET} needs as well (the
 * container let it through: a known way round a GET-only constraint). Paths no constraint covers get
 * no rule: the filter's own settings apply to them.
 *
 * <p>What cannot be said in {@code accessRules} is reported, never silently dropped: a
 * {@code <transport-guarantee>}, a pattern, role or method the grammar cannot carry. A role that
 * cannot be written makes its constraint deny (closed, not open).
 *
 * <p>Stateless; each {@link #translate} works on its own objects.
 */
final class ConstraintTranslator {

    /** What {@link #translate} produced. Immutable. */
    static final class Translation {
        /** The {@code accessRules} value, one rule a line, columns aligned. */
        final List<String> rules;
        /** What could not be expressed, one line each; not empty means the rules are not equivalent. */
        final List<String> problems;
        /** What the operator should know, though the rules are equivalent. */
        final List<String> notes;

        Translation(List<String> rules, List<String> problems, List<String> notes) {
            this.rules = List.copyOf(rules);
            this.problems = List.copyOf(problems);
            this.notes = List.copyOf(notes);
        }
    }

    private enum Kind { EXACT, PREFIX, EXTENSION, DEFAULT }

    /** One url-pattern and every collection that names it, with its constraint's requirement. */
    private static final class Pattern {
        final Kind kind;
        /** As the rule writes it. */
        final String rulePattern;
        final List<SecurityConstraints.Collection> collections = new ArrayList<>();
        final List<Requirement> requirements = new ArrayList<>();

        Pattern(Kind kind, String rulePattern) {
            this.kind = kind;
            this.rulePattern = rulePattern;
        }

        int prefixLength() {
            return kind == Kind.PREFIX ? rulePattern.length() : 0;
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private ConstraintTranslator() {
    }

    static Translation translate(SecurityConstraints constraints) {
        return new ConstraintTranslator().run(constraints);
    }

    private Translation run(SecurityConstraints web) {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (SecurityConstraints.Constraint constraint : web.constraints) {
            Requirement requirement = requirement(constraint, web.declaredRoles);
            transportGuarantee(constraint);
            for (SecurityConstraints.Collection collection : constraint.collections) {
                SecurityConstraints.Collection checked = checkedMethods(constraint, collection);
                if (checked == null) {
                    continue;
                }
                for (String text : collection.patterns) {
                    Pattern pattern = pattern(constraint, text);
                    if (pattern == null) {
                        continue;
                    }
                    Pattern entry = patterns.computeIfAbsent(pattern.kind + " " + pattern.rulePattern, k -> pattern);
                    entry.collections.add(checked);
                    entry.requirements.add(requirement);
                }
            }
        }
        if (web.constraints.isEmpty()) {
            notes.add("the web.xml declares no <security-constraint>: there is nothing to translate");
        }

        List<Pattern> ordered = new ArrayList<>(patterns.values());
        // Stable: within a kind, document order (exact and extension patterns never overlap one another).
        ordered.sort(Comparator.comparing((Pattern p) -> p.kind).thenComparing(p -> -p.prefixLength()));
        boolean everythingByPrefix = patterns.containsKey(Kind.PREFIX + " /*");
        List<String[]> rules = new ArrayList<>();
        for (Pattern pattern : ordered) {
            if (everythingByPrefix && (pattern.kind == Kind.EXTENSION || pattern.kind == Kind.DEFAULT)) {
                notes.add("the constraints on " + describe(pattern) + " never apply: /* matches every path and, "
                        + "as a path prefix, is a better match than any extension or the default pattern");
                continue;
            }
            rules.addAll(rulesFor(pattern, web.denyUncoveredMethods));
        }
        boolean everyPathCovered = everythingByPrefix || patterns.containsKey(Kind.DEFAULT + " /*");
        if (!rules.isEmpty() && !everyPathCovered) {
            notes.add("paths that no constraint covers match no rule, so the filter's own settings (mode, "
                    + "requiredRoles, requiredScopes) apply to them; the container let them through");
        }
        return new Translation(aligned(rules), problems, notes);
    }

    /** What one constraint asks wherever it applies. */
    private Requirement requirement(SecurityConstraints.Constraint constraint, Set<String> declaredRoles) {
        if (constraint.roles == null) {
            return Requirement.OPEN;
        }
        if (constraint.roles.isEmpty()) {
            return Requirement.DENY;
        }
        Set<String> roles = new LinkedHashSet<>();
        boolean anyAuthenticated = false;
        boolean unwritable = false;
        Set<String> named = new LinkedHashSet<>();
        for (String role : constraint.roles) {
            if (role.equals("*")) {
                named.addAll(declaredRoles);
            } else if (role.equals("**") && !declaredRoles.contains("**")) {
                anyAuthenticated = true;
            } else {
                named.add(role);
            }
        }
        for (String role : named) {
            if (isWritableRole(role)) {
                roles.add(role);
            } else {
                problems.add(constraint.name + ": role " + quote(role) + " cannot be written as role:NAME (empty, or "
                        + "with whitespace, a control character, '|', ';', ',' or '*', which may read as a wildcard); "
                        + "its constraint is translated as deny");
                unwritable = true;
            }
        }
        if (unwritable) {
            return Requirement.DENY;
        }
        if (anyAuthenticated) {
            return Requirement.AUTHENTICATED;
        }
        if (roles.isEmpty()) {
            notes.add(constraint.name + " names only the role * and the web.xml declares no <security-role>: "
                    + "it admits nobody, so it is translated as deny");
        }
        return Requirement.anyRole(roles);
    }

    private void transportGuarantee(SecurityConstraints.Constraint constraint) {
        String guarantee = constraint.transportGuarantee;
        if (guarantee == null || guarantee.equalsIgnoreCase("NONE")) {
            return;
        }
        problems.add(constraint.name + " on " + patternsOf(constraint) + " requires <transport-guarantee>"
                + SafeText.of(guarantee) + "</transport-guarantee>: JwtGate does not check the connection; "
                + "enforce HTTPS in front of the application before removing it");
    }

    /**
     * The collection with only the methods a rule can name, the others reported; {@code null} when
     * it named methods and none of them can be written.
     */
    private SecurityConstraints.Collection checkedMethods(SecurityConstraints.Constraint constraint,
            SecurityConstraints.Collection collection) {
        List<String> methods = writable(constraint, "http-method", collection.methods);
        // An omission left out widens the collection to that method: stricter, never looser.
        List<String> omissions = writable(constraint, "http-method-omission", collection.omissions);
        if (!collection.methods.isEmpty() && methods.isEmpty()) {
            return null; // it constrains no method a rule can name
        }
        return new SecurityConstraints.Collection(collection.patterns, methods, omissions);
    }

    private List<String> writable(SecurityConstraints.Constraint constraint, String element, List<String> methods) {
        List<String> out = new ArrayList<>();
        for (String method : methods) {
            if (isWritableMethod(method)) {
                out.add(method);
            } else {
                problems.add(constraint.name + ": " + element + " " + quote(method) + " cannot be written in a rule "
                        + "(methods are upper-case tokens, matched case-sensitively); it is left out");
            }
        }
        return out;
    }

    /** The pattern as a rule writes it, or {@code null} (reported) when the grammar cannot carry it. */
    private Pattern pattern(SecurityConstraints.Constraint constraint, String text) {
        String why = null;
        Pattern pattern = null;
        if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == ';')) {
            why = "it has whitespace, a control character or ';'";
        } else if (text.isEmpty()) {
            pattern = new Pattern(Kind.EXACT, "/"); // "": exactly the context root
        } else if (text.equals("/")) {
            pattern = new Pattern(Kind.DEFAULT, "/*"); // written last, so it only gets what nothing else matched
        } else if (text.startsWith("*.")) {
            String extension = text.substring(2);
            if (extension.isEmpty() || extension.contains(".") || extension.contains("/") || extension.contains("*")) {
                why = "an extension pattern is *. and an extension without '.', '/' or '*'";
            } else {
                pattern = new Pattern(Kind.EXTENSION, text);
            }
        } else if (!text.startsWith("/")) {
            why = "a url-pattern starts with '/' or '*.' (or is empty, for the context root)";
        } else if (text.endsWith("/*") && text.indexOf('*') == text.length() - 1) {
            pattern = new Pattern(Kind.PREFIX, text);
        } else if (text.indexOf('*') >= 0) {
            why = "a '*' is allowed only as /* at the end or *. at the start";
        } else {
            pattern = new Pattern(Kind.EXACT, text);
        }
        if (why != null) {
            problems.add(constraint.name + ": url-pattern " + quote(text) + " cannot be written in a rule (" + why
                    + "); no rule covers it");
        }
        return pattern;
    }

    private List<String[]> rulesFor(Pattern pattern, boolean denyUncovered) {
        Set<String> named = new LinkedHashSet<>();
        for (SecurityConstraints.Collection collection : pattern.collections) {
            named.addAll(collection.methods);
            named.addAll(collection.omissions);
        }
        Requirement other = combined(pattern, null, denyUncovered);
        Map<String, Requirement> byMethod = new LinkedHashMap<>();
        for (String method : named) {
            byMethod.put(method, combined(pattern, method, denyUncovered));
        }
        Requirement get = byMethod.getOrDefault("GET", other);
        Requirement head = byMethod.get("HEAD");
        if (head == null) {
            head = other.and(get);
            if (!head.equals(other)) {
                notes.add("HEAD " + pattern.rulePattern + ": the constraints name GET but not HEAD, so the container "
                        + (other.isOpen() ? "lets HEAD through unchecked (a known way round a GET-only constraint)"
                                : "asks " + other.text() + " of HEAD")
                        + "; in accessRules GET covers HEAD, so HEAD needs " + head.text());
            }
        }

        List<String[]> rules = new ArrayList<>();
        if (!head.equals(get)) {
            rules.add(new String[] {"HEAD", pattern.rulePattern, head.text()});
        }
        Map<Requirement, List<String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Requirement> entry : byMethod.entrySet()) {
            if (!entry.getKey().equals("HEAD") && !entry.getValue().equals(other)) {
                groups.computeIfAbsent(entry.getValue(), r -> new ArrayList<>()).add(entry.getKey());
            }
        }
        groups.forEach((requirement, methods) ->
                rules.add(new String[] {String.join(",", methods), pattern.rulePattern, requirement.text()}));
        rules.add(new String[] {"*", pattern.rulePattern, other.text()});
        return rules;
    }

    /**
     * §13.8.1: what the constraints on this pattern ask of this method combined.
     *
     * @param method {@code null} for every method that no collection on the pattern names
     */
    private static Requirement combined(Pattern pattern, String method, boolean denyUncovered) {
        boolean covered = false;
        boolean open = false;
        boolean authenticated = false;
        Requirement roles = null;
        for (int i = 0; i < pattern.collections.size(); i++) {
            if (!pattern.collections.get(i).covers(method)) {
                continue;
            }
            covered = true;
            Requirement requirement = pattern.requirements.get(i);
            if (requirement.isDeny()) {
                return Requirement.DENY;
            }
            if (requirement.isOpen()) {
                open = true;
            } else if (requirement.equals(Requirement.AUTHENTICATED)) {
                authenticated = true;
            } else {
                roles = roles == null ? requirement : union(roles, requirement);
            }
        }
        if (!covered) {
            return denyUncovered ? Requirement.DENY : Requirement.OPEN;
        }
        if (open) {
            return Requirement.OPEN;
        }
        return authenticated ? Requirement.AUTHENTICATED : roles;
    }

    private static Requirement union(Requirement a, Requirement b) {
        Set<String> roles = new LinkedHashSet<>(a.anyOf());
        roles.addAll(b.anyOf());
        return Requirement.anyRole(roles);
    }

    private static List<String> aligned(List<String[]> rules) {
        int methods = rules.stream().mapToInt(rule -> rule[0].length()).max().orElse(0);
        int patterns = rules.stream().mapToInt(rule -> rule[1].length()).max().orElse(0);
        return rules.stream()
                .map(rule -> String.format("%-" + methods + "s %-" + patterns + "s %s", rule[0], rule[1], rule[2]))
                .collect(Collectors.toList());
    }

    private static boolean isWritableMethod(String method) {
        return method.matches("[A-Z][A-Z0-9_-]*");
    }

    private static boolean isWritableRole(String role) {
        return !role.isEmpty() && role.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c) || c == '|' || c == ';' || c == ',' || c == '*');
    }

    private static String describe(Pattern pattern) {
        return pattern.kind == Kind.DEFAULT ? "the default pattern /" : pattern.rulePattern;
    }

    private static String patternsOf(SecurityConstraints.Constraint constraint) {
        return constraint.collections.stream().flatMap(c -> c.patterns.stream()).distinct()
                .map(ConstraintTranslator::quote).collect(Collectors.joining(", "));
    }

    private static String quote(String text) {
        return "'" + SafeText.of(text) + "'";
    }
}
