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
 * <p>Tomcat and Jetty depart from that reading in places, and from each other ({@link Readings});
 * {@code RulesRoundTripIT} holds each to its real container. With {@link Reading#TOMCAT},
 * {@link Reading#JETTY} or {@link Reading#SERVLET} the rules reproduce that reading; by default,
 * where the readings differ, the rules ask for the strictest of them and say so, so that migrating
 * never lets through what the application's container refused.
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
        /** As the web.xml wrote it, for messages. */
        String urlPattern;
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

    /** Whose reading of the constraints the rules reproduce ({@code rules --container}). */
    enum Reading {
        /** The strictest of the three below, wherever they differ: never looser than any of them. */
        STRICTEST,
        /** The Servlet specification, §13.8. */
        SERVLET,
        /** Tomcat 9 to 11. */
        TOMCAT,
        /** Jetty 12 (ee8, ee10). */
        JETTY
    }

    private final Reading reading;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private ConstraintTranslator(Reading reading) {
        this.reading = reading;
    }

    static Translation translate(SecurityConstraints constraints) {
        return translate(constraints, Reading.STRICTEST);
    }

    static Translation translate(SecurityConstraints constraints, Reading reading) {
        return new ConstraintTranslator(reading).run(constraints);
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
                    pattern.urlPattern = text;
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
        Pattern root = rootRules(patterns, web, rules);
        for (Pattern pattern : ordered) {
            if (pattern == root) {
                continue; // its rules are the root's, already written
            }
            if (everythingByPrefix && (pattern.kind == Kind.EXTENSION || pattern.kind == Kind.DEFAULT)) {
                notes.add("the constraints on " + describe(pattern) + " never apply by the Servlet specification: /* "
                        + "matches every path and, as a path prefix, is a better match than any extension or the default "
                        + "pattern (Tomcat still applies them to the methods /* does not constrain: the /* rules say so)");
                continue;
            }
            rules.addAll(rulesFor(pattern, patterns, web));
        }
        boolean everyPathCovered = everythingByPrefix || patterns.containsKey(Kind.DEFAULT + " /*");
        if (!rules.isEmpty() && !everyPathCovered) {
            notes.add("paths that no constraint covers match no rule, so the filter's own settings (mode, "
                    + "requiredRoles, requiredScopes) apply to them; the container let them through");
        }
        return new Translation(aligned(rules), problems, notes);
    }

    /**
     * Rules for the context root, {@code /}, where Tomcat reads it apart: its exact-match step
     * takes the default pattern {@code /} as an exact match for the root (with {@code ""}, methods
     * respected), while the specification and Jetty judge the root by its best pattern:
     * {@code ""}, else {@code /*}, else the default pattern. Written first (exact rules come
     * first), and only when the chosen reading of the root differs from what the rules of its
     * best pattern give it anyway, or when that best pattern is {@code ""}, whose rules these are.
     *
     * @return the pattern whose rules these replace ({@code ""}'s), or {@code null}
     */
    private Pattern rootRules(Map<String, Pattern> patterns, SecurityConstraints web, List<String[]> rules) {
        Pattern fallback = patterns.get(Kind.DEFAULT + " /*");
        if (fallback == null) {
            return null;
        }
        Pattern exactRoot = patterns.get(Kind.EXACT + " /");
        Pattern best = exactRoot != null ? exactRoot : patterns.getOrDefault(Kind.PREFIX + " /*", fallback);
        Pattern tomcatRoot = new Pattern(Kind.EXACT, "/");
        tomcatRoot.urlPattern = exactRoot != null ? exactRoot.urlPattern : "/";
        for (Pattern part : exactRoot == null ? List.of(fallback) : List.of(exactRoot, fallback)) {
            tomcatRoot.collections.addAll(part.collections);
            tomcatRoot.requirements.addAll(part.requirements);
        }
        Readings rootReadings = Readings.forRoot(best, tomcatRoot, patterns, web.denyUncoveredMethods);
        if (exactRoot == null) {
            Readings bestReadings = new Readings(best, patterns, web.denyUncoveredMethods);
            if (best.kind == Kind.PREFIX && bestReadings.tomcat(null).size() > 1) {
                bestReadings = bestReadings.withoutExtensions(); // the root has no extension
            }
            boolean same = true;
            for (String method : namedMethods(tomcatRoot)) {
                same &= silently(rootReadings, method).equals(silently(bestReadings, method));
            }
            if (same && silently(rootReadings, null).equals(silently(bestReadings, null))) {
                return null;
            }
        }
        Pattern written = new Pattern(Kind.EXACT, "/");
        written.urlPattern = exactRoot != null ? exactRoot.urlPattern : "/ (the context root)";
        written.collections.addAll(tomcatRoot.collections);
        written.requirements.addAll(tomcatRoot.requirements);
        if (best != fallback && best != exactRoot) {
            written.collections.addAll(best.collections);
            written.requirements.addAll(best.requirements);
        }
        rules.addAll(rulesFor(written, rootReadings));
        return exactRoot;
    }

    private static Set<String> namedMethods(Pattern pattern) {
        Set<String> named = new LinkedHashSet<>();
        for (SecurityConstraints.Collection collection : pattern.collections) {
            named.addAll(collection.methods);
            named.addAll(collection.omissions);
        }
        return named;
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

    private List<String[]> rulesFor(Pattern pattern, Map<String, Pattern> patterns, SecurityConstraints web) {
        return rulesFor(pattern, new Readings(pattern, patterns, web.denyUncoveredMethods));
    }

    /** The rules for {@code pattern}: a rule per method (group) its collections name, then {@code *}. */
    private List<String[]> rulesFor(Pattern pattern, Readings readings) {
        Set<String> named = namedMethods(pattern);
        Map<String, Pattern> patterns = readings.patterns;
        // Under /* every path that reaches these rules has /* as its best pattern, so where Tomcat
        // lets the methods /* does not constrain fall through to the extension patterns, a rule per
        // extension can say exactly that, before the catch-all.
        Map<Pattern, Requirement> byExtension = new LinkedHashMap<>();
        Requirement other;
        if (pattern.kind == Kind.PREFIX && pattern.rulePattern.equals("/*") && readings.tomcatRoot == null
                && readings.tomcat(null).size() > 1) {
            other = strictest(pattern, null, readings.withoutExtensions());
            for (Pattern extension : patterns.values()) {
                if (extension.kind == Kind.EXTENSION) {
                    Requirement requirement = strictest(pattern, null, readings.forExtension(extension));
                    if (!requirement.equals(other)) {
                        byExtension.put(extension, requirement);
                    }
                }
            }
        } else {
            other = strictest(pattern, null, readings);
        }
        Map<String, Requirement> byMethod = new LinkedHashMap<>();
        for (String method : named) {
            byMethod.put(method, strictest(pattern, method, readings));
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
        if (!byMethod.containsKey("HEAD")) {
            for (Map.Entry<Pattern, Requirement> extension : byExtension.entrySet()) {
                rules.add(new String[] {"HEAD", extension.getKey().rulePattern, extension.getValue().and(get).text()});
            }
        }
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
        byExtension.forEach((extension, requirement) ->
                rules.add(new String[] {"*", extension.rulePattern, requirement.text()}));
        rules.add(new String[] {"*", pattern.rulePattern, other.text()});
        return rules;
    }

    /**
     * What the rules ask of one method at one pattern. Where Tomcat or Jetty read the constraints
     * differently from the specification (see {@link Readings}): by default the strictest of the
     * three, so that no container the application may have run on let through less than the rules
     * do, with a "cannot express" line naming the pattern, the method and each reading; with a
     * container named, that container's reading and a note. Tomcat's reading can depend on the
     * path's extension, which a rule on a path prefix cannot say: the strictest of its answers then,
     * and a "cannot express" line.
     *
     * @param method {@code null} for every method that no collection on the pattern names
     */
    private Requirement strictest(Pattern pattern, String method, Readings readings) {
        Requirement spec = readings.spec(method);
        Set<Requirement> tomcat = readings.tomcat(method);
        Requirement jetty = readings.jetty(method);
        Requirement chosen = choose(spec, tomcat, jetty);
        if (tomcat.equals(Set.of(spec)) && jetty.equals(spec)) {
            return chosen;
        }
        boolean exact = reading == Reading.SERVLET || reading == Reading.JETTY
                || reading == Reading.TOMCAT && tomcat.size() == 1;
        String where = !readings.narrowed ? "" : readings.extension == null
                ? ", paths without a constrained extension" : ", paths matching " + quote(readings.extension.urlPattern);
        String text = "url-pattern " + quote(pattern.urlPattern) + ", " + (method == null ? "every method it does not name"
                : "method " + method) + where + ": the containers read the constraints differently (Servlet specification: "
                + spec.text() + "; Tomcat: " + tomcat.stream().map(Requirement::text).collect(Collectors.joining(
                        " or ", "", tomcat.size() > 1 ? ", by the path's extension" : "")) + "; Jetty: " + jetty.text()
                + ")";
        if (exact) {
            notes.add(text + "; the rules follow " + readingName() + ": " + chosen.text());
        } else if (reading == Reading.STRICTEST) {
            problems.add(text + "; the rules ask for the strictest, " + chosen.text() + ": name the application's "
                    + "container with --container, or check this rule against what it did, before removing the "
                    + "constraints");
        } else {
            problems.add(text + "; Tomcat's answer depends on the path's extension, which a rule on a path prefix "
                    + "cannot say: the rules ask for the strictest, " + chosen.text());
        }
        return chosen;
    }

    /** The requirement the chosen reading gives, without a word about it. */
    private Requirement choose(Requirement spec, Set<Requirement> tomcat, Requirement jetty) {
        Requirement tomcatStrictest = Requirement.OPEN;
        for (Requirement requirement : tomcat) {
            tomcatStrictest = tomcatStrictest.and(requirement);
        }
        switch (reading) {
            case SERVLET:
                return spec;
            case TOMCAT:
                return tomcatStrictest;
            case JETTY:
                return jetty;
            default:
                return spec.and(jetty).and(tomcatStrictest);
        }
    }

    private Requirement silently(Readings readings, String method) {
        return choose(readings.spec(method), readings.tomcat(method), readings.jetty(method));
    }

    private String readingName() {
        switch (reading) {
            case TOMCAT:
                return "Tomcat";
            case JETTY:
                return "Jetty";
            default:
                return "the Servlet specification";
        }
    }

    /**
     * How Tomcat and Jetty read the constraints on one pattern, where they depart from the
     * specification (§13.8), as their sources do it (Tomcat 9 to 11 {@code RealmBase
     * .findSecurityConstraints}; Jetty 12 {@code ConstraintSecurityHandler} and its descriptor
     * processor); both are checked against the real containers by {@code RulesRoundTripIT}.
     * <ul>
     * <li>Tomcat, a path prefix pattern whose constraints do not cover the method: the request falls
     * through to the extension patterns, then the default pattern, instead of being unconstrained.
     * <li>Tomcat, the default pattern {@code /}: every constraint on it applies to every method,
     * whatever methods its collections name.
     * <li>Jetty: each {@code <http-method-omission>} of a collection is a constraint of its own (on
     * every method but that one), and a method named by an {@code <http-method>} somewhere on the
     * pattern is judged by those constraints only.
     * </ul>
     */
    private static final class Readings {
        final Pattern pattern;
        final Map<String, Pattern> patterns;
        final boolean denyUncovered;

        /**
         * Where Tomcat's fall-through from a path prefix is narrowed to paths with one extension
         * ({@code null}: to paths with none of the constrained extensions); unused when
         * {@link #narrowed} is false.
         */
        final Pattern extension;
        final boolean narrowed;
        /**
         * For the context root only: the constraints on {@code ""} and {@code /} together, which
         * Tomcat's exact-match step applies to the path {@code /}, methods respected; else {@code null}.
         */
        final Pattern tomcatRoot;

        Readings(Pattern pattern, Map<String, Pattern> patterns, boolean denyUncovered) {
            this(pattern, patterns, denyUncovered, null, false, null);
        }

        private Readings(Pattern pattern, Map<String, Pattern> patterns, boolean denyUncovered, Pattern extension,
                boolean narrowed, Pattern tomcatRoot) {
            this.pattern = pattern;
            this.patterns = patterns;
            this.denyUncovered = denyUncovered;
            this.extension = extension;
            this.narrowed = narrowed;
            this.tomcatRoot = tomcatRoot;
        }

        /**
         * The readings of the context root, {@code /}, when a default pattern exists: the
         * specification and Jetty judge it by its best pattern, {@code rootPattern} ({@code ""}, else
         * {@code /*}, else {@code /}); Tomcat by {@code tomcatRoot}.
         */
        static Readings forRoot(Pattern rootPattern, Pattern tomcatRoot, Map<String, Pattern> patterns,
                boolean denyUncovered) {
            return new Readings(rootPattern, patterns, denyUncovered, null, false, tomcatRoot);
        }

        /** The specification's reading. */
        Requirement spec(String method) {
            return combined(pattern, method, denyUncovered);
        }

        /** The readings for the paths that end with this extension pattern's extension. */
        Readings forExtension(Pattern extension) {
            return new Readings(pattern, patterns, denyUncovered, extension, true, null);
        }

        /** The readings for the paths that end with none of the constrained extensions. */
        Readings withoutExtensions() {
            return new Readings(pattern, patterns, denyUncovered, null, true, null);
        }

        /** Tomcat's reading: more than one when it depends on the path's extension. */
        Set<Requirement> tomcat(String method) {
            if (tomcatRoot != null) {
                return Set.of(combined(tomcatRoot, method, denyUncovered));
            }
            if (pattern.kind == Kind.DEFAULT) {
                return Set.of(tomcatDefault(pattern));
            }
            boolean covered = pattern.collections.stream().anyMatch(c -> c.covers(method));
            if (pattern.kind != Kind.PREFIX || covered || denyUncovered) {
                // Tomcat adds a denying constraint for every uncovered method when asked to deny them.
                return Set.of(combined(pattern, method, denyUncovered));
            }
            if (narrowed && extension != null) {
                return Set.of(combined(extension, method, false));
            }
            Set<Requirement> readings = new LinkedHashSet<>();
            for (Pattern candidate : narrowed ? List.<Pattern>of() : patterns.values()) {
                if (candidate.kind == Kind.EXTENSION) {
                    readings.add(combined(candidate, method, false));
                }
            }
            Pattern fallback = patterns.get(Kind.DEFAULT + " /*");
            readings.add(fallback == null ? Requirement.OPEN : tomcatDefault(fallback));
            return readings;
        }

        private Requirement tomcatDefault(Pattern fallback) {
            Requirement all = null;
            boolean uncovered = false;
            for (int i = 0; i < fallback.collections.size(); i++) {
                all = all == null ? fallback.requirements.get(i) : either(all, fallback.requirements.get(i));
                uncovered |= !fallback.collections.get(i).methods.isEmpty()
                        || !fallback.collections.get(i).omissions.isEmpty();
            }
            return uncovered && denyUncovered ? Requirement.DENY : all;
        }

        /** Jetty's reading: its table of constraints by method, built in document order, then looked up. */
        Requirement jetty(String method) {
            Map<String, Requirement> byMethod = new LinkedHashMap<>();
            for (int i = 0; i < pattern.collections.size(); i++) {
                SecurityConstraints.Collection collection = pattern.collections.get(i);
                Requirement requirement = pattern.requirements.get(i);
                if (Requirement.DENY.equals(byMethod.get("*"))) {
                    break;
                }
                if (!collection.methods.isEmpty()) {
                    collection.methods.forEach(m -> jettyAdd(byMethod, m, requirement));
                } else if (!collection.omissions.isEmpty()) {
                    collection.omissions.forEach(m -> byMethod.put(m + ".omission", requirement));
                } else {
                    jettyAdd(byMethod, "*", requirement);
                }
            }
            if (method != null && byMethod.containsKey(method)) {
                return byMethod.get(method);
            }
            Requirement found = byMethod.get("*");
            for (Map.Entry<String, Requirement> entry : byMethod.entrySet()) {
                if (entry.getKey().endsWith(".omission") && (method == null || !entry.getKey().contains(method))) {
                    found = found == null ? entry.getValue() : either(found, entry.getValue());
                }
            }
            if (found == null) {
                return denyUncovered ? Requirement.DENY : Requirement.OPEN;
            }
            return found;
        }

        private static void jettyAdd(Map<String, Requirement> byMethod, String method, Requirement requirement) {
            Requirement current = byMethod.containsKey(method) ? byMethod.get(method) : byMethod.get("*");
            if (current != null && current.isDeny()) {
                return;
            }
            Requirement combined = current == null ? requirement : either(current, requirement);
            if (combined.isDeny() && method.equals("*")) {
                byMethod.clear();
            }
            byMethod.put(method, combined);
        }
    }

    /**
     * §13.8.1: what the constraints on this pattern ask of this method combined.
     *
     * @param method {@code null} for every method that no collection on the pattern names
     */
    private static Requirement combined(Pattern pattern, String method, boolean denyUncovered) {
        Requirement combined = null;
        for (int i = 0; i < pattern.collections.size(); i++) {
            if (pattern.collections.get(i).covers(method)) {
                Requirement requirement = pattern.requirements.get(i);
                combined = combined == null ? requirement : either(combined, requirement);
            }
        }
        if (combined == null) {
            return denyUncovered ? Requirement.DENY : Requirement.OPEN;
        }
        return combined;
    }

    /**
     * Two constraints on the same pattern and method combined (§13.8.1): an empty
     * {@code <auth-constraint/>} wins, then a constraint without {@code <auth-constraint>} (open),
     * then {@code **} (authenticated), else the union of the roles.
     */
    private static Requirement either(Requirement a, Requirement b) {
        if (a.isDeny() || b.isDeny()) {
            return Requirement.DENY;
        }
        if (a.isOpen() || b.isOpen()) {
            return Requirement.OPEN;
        }
        if (a.equals(Requirement.AUTHENTICATED) || b.equals(Requirement.AUTHENTICATED)) {
            return Requirement.AUTHENTICATED;
        }
        return union(a, b);
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
