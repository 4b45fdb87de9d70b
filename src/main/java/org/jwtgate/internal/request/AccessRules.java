package org.jwtgate.internal.request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.internal.syntax.HttpSyntax;

/**
 * The {@code accessRules}, parsed once at start: which rule a request's method and path select.
 * Choosing reads the request only, never the token, and uses no regular expression: the method is
 * looked up once, and only the rules that accept it and may match the path's first segment are
 * tried, with plain string comparisons on a path region of the request URI when that needs no
 * normalising (the common case, which then allocates nothing).
 *
 * <p>Paths are read as {@link ExcludedPaths} reads them: the container's view (servlet path + path
 * info, what it routes on) and JwtGate's own normalisation of the raw URI. When the two views
 * select the same rule, that rule decides. When they select different rules, or when the raw URI
 * cannot be read unambiguously (an encoded slash, bad UTF-8, {@code ..} above the root: where
 * {@code excludePaths} refuses to exclude), nobody can say which resource the request will reach,
 * so it is held to the strictest reading: every rule either view selects must hold at once, and for
 * an unreadable URI every rule and the filter-wide settings at once (with a {@code deny} rule
 * anywhere, such a request is refused). A method that differs from a rule's only in case is read
 * both ways, alike.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessRules {

    /** What a rule demands of the token before its roles and scopes; later constants are stricter. */
    public enum Access {
        /** Passes untouched, with no authentication, as an excluded path. */
        PERMIT,
        /** A token is optional: none passes anonymously, a bad one is refused. */
        ANONYMOUS,
        /** A valid token is required (also implied by {@code role:} and {@code scope:}). */
        AUTHENTICATED,
        /** Refused for everyone. */
        DENY
    }

    private static final String GRAMMAR = "expected METHODS PATTERN REQUIREMENT..., e.g. "
            + "GET,POST /admin/* role:admin|ops, with methods * or GET,POST; patterns /exact, /prefix/*, *.ext or /*; "
            + "requirements permit, anonymous, authenticated, role:a|b, scope:a|b or deny";

    /** {@link #plainPath}'s answer for a path it does not read in one pass. */
    private static final long NOT_PLAIN = -1;

    private final Rule[] rules;
    private final Selection[] single;
    private final Selection unmatched;
    private final Selection everything;
    /**
     * The methods the rules name, each with an id (its position here; {@link #otherMethod} for any
     * other), found per request by an open-addressing table probed with {@code String.hashCode}, so
     * that no rule compares method strings: the candidate lists below hold, for each method id,
     * only the rules that accept it.
     */
    private final String[] methodSlots;
    private final int[] methodIds;
    private final int otherMethod;
    /**
     * The index that keeps a request from testing every rule: an {@code /exact} or {@code /prefix/*}
     * rule can only match a path whose first segment is its pattern's first segment, so those rules
     * are filed under that segment (an open-addressing table, probed by the segment's
     * {@code String.hashCode} computed over the path in place: no substring, no allocation);
     * {@code /*} and {@code *.ext} rules may match any path and are always tried. Each segment's
     * candidates, per method id, are its rules and those merged in rule order and kept only if they
     * accept the method, so the first match is the same as a scan of all of them; a path whose
     * segment no rule names tries {@link #anyPath}'s, per method id.
     */
    private final int[][] anyPath;
    private final String[] segments;
    private final int[][][] bySegment;

    private AccessRules(List<Rule> rules) {
        this.rules = rules.toArray(new Rule[0]);
        java.util.Map<String, Integer> methods = new java.util.LinkedHashMap<>();
        for (Rule rule : this.rules) {
            if (rule.methods != null) {
                for (String method : rule.methods) {
                    methods.putIfAbsent(method, methods.size());
                }
            }
        }
        this.otherMethod = methods.size();
        int methodSlotCount = tableSize(methods.size());
        this.methodSlots = new String[methodSlotCount];
        this.methodIds = new int[methodSlotCount];
        methods.forEach((method, id) -> {
            int slot = free(methodSlots, method);
            methodSlots[slot] = method;
            methodIds[slot] = id;
        });
        String[] methodNames = methods.keySet().toArray(new String[0]);
        java.util.Map<String, List<Integer>> filed = new java.util.LinkedHashMap<>();
        List<Integer> always = new ArrayList<>();
        for (Rule rule : this.rules) {
            String segment = rule.firstSegment();
            if (segment == null) {
                always.add(rule.index);
            } else {
                filed.computeIfAbsent(segment, s -> new ArrayList<>()).add(rule.index);
            }
        }
        this.anyPath = byMethod(always, methodNames);
        int slots = tableSize(filed.size());
        this.segments = new String[slots];
        this.bySegment = new int[slots][][];
        filed.forEach((segment, indices) -> {
            int slot = free(segments, segment);
            segments[slot] = segment;
            List<Integer> merged = new ArrayList<>(indices);
            merged.addAll(always);
            Collections.sort(merged);
            bySegment[slot] = byMethod(merged, methodNames);
        });
        this.single = new Selection[this.rules.length];
        for (int i = 0; i < this.rules.length; i++) {
            single[i] = new Selection(new Rule[] {this.rules[i]}, false);
        }
        this.unmatched = new Selection(new Rule[0], true);
        this.everything = new Selection(this.rules, true);
    }

    /** A power of two at least twice {@code entries}, so that probing ends at a free slot soon. */
    private static int tableSize(int entries) {
        return Integer.highestOneBit(Math.max(1, entries) * 4 - 1) << 1;
    }

    private static int free(String[] table, String key) {
        int mask = table.length - 1;
        int slot = spread(key.hashCode()) & mask;
        while (table[slot] != null) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** For each method id (the last for any other method), the rules of {@code indices} that accept it, in order. */
    private int[][] byMethod(List<Integer> indices, String[] methodNames) {
        int[][] lists = new int[methodNames.length + 1][];
        for (int id = 0; id <= methodNames.length; id++) {
            String method = id < methodNames.length ? methodNames[id] : null; // null: only * accepts it
            lists[id] = indices.stream().mapToInt(Integer::intValue)
                    .filter(index -> rules[index].matchesMethod(method)).toArray();
        }
        return lists;
    }

    /**
     * Parses the rules, in order.
     *
     * @throws JwtGateConfigurationException naming {@code accessRules} and quoting the rule at fault
     */
    public static AccessRules parse(List<String> texts) {
        List<Rule> rules = new ArrayList<>();
        for (String text : texts) {
            rules.add(Rule.parse(text, rules.size()));
        }
        return new AccessRules(rules);
    }

    public boolean isEmpty() {
        return rules.length == 0;
    }

    /** The rules in order; {@link Rule#index()} is the position here. */
    public List<Rule> rules() {
        return List.of(rules);
    }

    /**
     * The rules that decide a request (see the class comment): one rule, no rule (the filter-wide
     * settings decide), or, when in doubt, several that must all hold.
     */
    public Selection select(String method, String servletPath, String pathInfo, String requestUri,
            String contextPath) {
        String context = contextPath == null ? "" : contextPath;
        int id = methodId(method);
        // A method no rule names may be one in lower case: read both ways (the upper-case copy is
        // made only then, so the common case allocates nothing).
        int upper = id == otherMethod && hasLowerCase(method) ? methodId(method.toUpperCase(Locale.ROOT)) : id;
        if (requestUri != null && requestUri.startsWith(context)) {
            int from = context.length();
            long plain = plainPath(requestUri, from, servletPath == null ? "" : servletPath,
                    pathInfo == null ? "" : pathInfo);
            if (plain != NOT_PLAIN) {
                int index = first(id, requestUri, from, plain);
                return upper == id ? selection(index) : either(index, first(upper, requestUri, from, plain));
            }
        }
        return selectByNormalising(id, upper, servletPath, pathInfo, requestUri, contextPath);
    }

    /**
     * {@link #select} for a URI that is not plain, or that the container reads as another path: both
     * views, the container's and JwtGate's normalisation of the URI. For a plain URI that agrees with
     * the container it gives what {@link #select}'s one pass gives (tested against each other).
     */
    Selection selectByNormalising(int id, int upper, String servletPath, String pathInfo, String requestUri,
            String contextPath) {
        String containerPath = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        String ownPath = ExcludedPaths.normalise(requestUri, contextPath);
        if (ownPath == null) {
            return everything;
        }
        if (containerPath.isEmpty()) {
            containerPath = "/";
        }
        Selection selection = either(first(id, containerPath), first(id, ownPath));
        if (upper != id) {
            selection = both(selection, either(first(upper, containerPath), first(upper, ownPath)));
        }
        return selection;
    }

    /** The id of a method the rules name ({@link #methodSlots}), else {@link #otherMethod}; exact, case-sensitive. */
    int methodId(String method) {
        if (method == null) {
            return otherMethod;
        }
        int mask = methodSlots.length - 1;
        for (int slot = spread(method.hashCode()) & mask; methodSlots[slot] != null; slot = (slot + 1) & mask) {
            if (methodSlots[slot].equals(method)) {
                return methodIds[slot];
            }
        }
        return otherMethod;
    }

    /** The first rule matching the method {@code id} and the whole {@code path}; -1 for none. */
    private int first(int id, String path) {
        int[][] candidates = anyPath;
        if (!path.isEmpty() && path.charAt(0) == '/') {
            int end = path.indexOf('/', 1);
            if (end < 0) {
                end = path.length();
            }
            int hash = 0;
            for (int k = 1; k < end; k++) {
                hash = 31 * hash + path.charAt(k); // String.hashCode, over the region
            }
            candidates = candidates(path, 1, end, hash);
        }
        int lastSlash = path.lastIndexOf('/');
        return first(candidates[id], path, 0, lastSlash, path.indexOf('.', lastSlash + 1) >= 0);
    }

    /** As {@link #first(int, String)} for the plain path from {@code from}, read by {@link #plainPath}. */
    private int first(int id, String path, int from, long plain) {
        int segmentEnd = from + (int) (plain >>> 16 & 0xffff);
        int[][] candidates = candidates(path, from + 1, segmentEnd, (int) (plain >>> 32));
        return first(candidates[id], path, from, from + (int) (plain >>> 1 & 0x7fff), (plain & 1) != 0);
    }

    /**
     * The first of the {@code candidates} (rule indices in rule order: only the rules of the
     * path's first segment and those for any path can match, and only those that accept the
     * method are listed, see {@link #bySegment}) that matches the path from {@code from}; -1 for
     * none. Whether the last segment has a dot at all is known, so that a path without one passes
     * every {@code *.ext} rule by a comparison, and a {@code /segment} or {@code /segment/*} rule is
     * not compared with the segment it was found by again.
     */
    private int first(int[] candidates, String path, int from, int lastSlash, boolean dotted) {
        for (int next : candidates) {
            Rule rule = rules[next];
            if (rule.kind == Rule.EXTENSION) {
                if (dotted && rule.matchesExtension(path, from, lastSlash)) {
                    return next;
                }
            } else if (rule.wholeSegment ? rule.kind == Rule.PREFIX || path.length() - from == rule.stem
                    : rule.matchesPath(path, from)) {
                // A rule of one whole segment is listed only under that segment, which
                // candidates() compared already: what is left to know is whether the path ends there.
                return next;
            }
        }
        return -1;
    }

    /**
     * Per method id, the rules a path may match whose first segment is {@code path}'s region from
     * {@code start} to {@code end}, with {@code hash} its {@code String.hashCode}: the segment's,
     * else {@link #anyPath}'s.
     */
    private int[][] candidates(String path, int start, int end, int hash) {
        int mask = segments.length - 1;
        int length = end - start;
        for (int slot = spread(hash) & mask; segments[slot] != null; slot = (slot + 1) & mask) {
            String segment = segments[slot];
            if (segment.length() == length && path.regionMatches(start, segment, 0, length)) {
                return bySegment[slot];
            }
        }
        return anyPath;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private Selection selection(int index) {
        return index < 0 ? unmatched : single[index];
    }

    private Selection either(int one, int other) {
        if (one == other) {
            return selection(one);
        }
        return both(selection(one), selection(other));
    }

    private static Selection both(Selection one, Selection other) {
        if (one == other) {
            return one;
        }
        Set<Rule> union = new LinkedHashSet<>(Arrays.asList(one.rules));
        union.addAll(Arrays.asList(other.rules));
        return new Selection(union.toArray(new Rule[0]), one.unmatched || other.unmatched);
    }

    /**
     * One pass over the URI from {@code from}: whether it is a path that normalising would leave as
     * it is (it starts with a slash, and has no percent sign, semicolon, backslash, control or
     * non-ASCII character, empty segment, {@code .} or {@code ..}) and that the container's servlet
     * path + path info spell exactly ({@code /} for both empty: the container's empty path is the
     * root); and if so, what choosing its rule needs, packed in a long: the first segment's
     * {@code String.hashCode} (bits 32 to 63), where that segment ends (bits 16 to 31) and the
     * last slash (bits 1 to 15), both from {@code from}, and whether a dot follows the last slash
     * (bit 0). {@link #NOT_PLAIN} otherwise, and for a path of 32,768 characters or more, which
     * {@link #selectByNormalising} reads instead (no packed answer is -1: its bits 16 to 31 would
     * say 65,535).
     */
    private static long plainPath(String uri, int from, String servlet, String info) {
        int length = uri.length() - from;
        if (length <= 0 || length >= 1 << 15 || uri.charAt(from) != '/') {
            return NOT_PLAIN;
        }
        int servletLength = servlet.length();
        if (servletLength + info.length() != length) {
            if (servletLength + info.length() != 0 || length != 1) {
                return NOT_PLAIN;
            }
            servlet = "/";
            servletLength = 1;
        }
        int hash = 0;
        int segmentEnd = 0;
        int lastSlash = 0;
        boolean dotted = false;
        for (int k = 0; k < length; k++) {
            char c = uri.charAt(from + k);
            if (c != (k < servletLength ? servlet.charAt(k) : info.charAt(k - servletLength))) {
                return NOT_PLAIN;
            }
            if (c == '/') {
                if (k + 1 < length && uri.charAt(from + k + 1) == '/' || isDotSegment(uri, from + k + 1)) {
                    return NOT_PLAIN;
                }
                if (segmentEnd == 0 && k > 0) {
                    segmentEnd = k;
                }
                lastSlash = k;
                dotted = false;
            } else if (c == '%' || c == ';' || c == '\\' || c < 0x21 || c > 0x7e) {
                return NOT_PLAIN;
            } else {
                if (segmentEnd == 0) {
                    hash = 31 * hash + c;
                }
                dotted |= c == '.';
            }
        }
        if (segmentEnd == 0) {
            segmentEnd = length;
        }
        return (long) hash << 32 | (long) segmentEnd << 16 | (long) lastSlash << 1 | (dotted ? 1 : 0);
    }

    private static boolean isDotSegment(String uri, int start) {
        int end = start;
        while (end < uri.length() && uri.charAt(end) == '.') {
            end++;
        }
        int dots = end - start;
        return (dots == 1 || dots == 2) && (end == uri.length() || uri.charAt(end) == '/');
    }

    private static boolean hasLowerCase(String method) {
        if (method == null) {
            return false;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
    }

    /**
     * The rules that decide one request, all of which must hold, and whether the filter-wide
     * settings ({@code mode}, {@code requiredRoles}, {@code requiredScopes}) must hold too (no rule
     * matched, or in doubt). Immutable.
     */
    public static final class Selection {
        private final Rule[] rules;
        private final boolean unmatched;
        private final Access access;

        Selection(Rule[] rules, boolean unmatched) {
            this.rules = rules;
            this.unmatched = unmatched;
            Access strictest = null;
            for (Rule rule : rules) {
                if (strictest == null || rule.access.compareTo(strictest) > 0) {
                    strictest = rule.access;
                }
            }
            this.access = strictest;
        }

        /** The rules, in their order; empty when no rule matched. */
        public List<Rule> rules() {
            return List.of(rules);
        }

        /** The number of rules, for a loop that allocates nothing ({@link #rule(int)}). */
        public int size() {
            return rules.length;
        }

        public Rule rule(int i) {
            return rules[i];
        }

        /** Whether the filter-wide settings decide too: no rule matched, or the path is in doubt. */
        public boolean includesUnmatched() {
            return unmatched;
        }

        /** The strictest {@link Access} among the rules; {@code null} when there are none. */
        public Access access() {
            return access;
        }
    }

    /** One parsed rule. Immutable. */
    public static final class Rule {
        /** Pattern kinds, found once at start so that matching a path never parses the pattern. */
        static final int ANY = 0;
        static final int EXTENSION = 1;
        static final int PREFIX = 2;
        static final int EXACT = 3;

        private final String text;
        private final int index;
        private final String[] methods;
        private final String pattern;
        private final int kind;
        /** The length a path must match: ".ext" for {@code *.ext}, the stem of {@code /prefix/*}, the whole {@code /exact}. */
        private final int stem;
        /** Whether the pattern is {@code /segment} or {@code /segment/*}: one whole first segment, and nothing more. */
        private final boolean wholeSegment;
        private final Access access;
        private final String[][] roleGroups;
        private final String[][] scopeGroups;
        private final Set<String> roleNames;
        private final Set<String> scopeNames;

        private Rule(String text, int index, String[] methods, String pattern, Access access,
                List<String[]> roleGroups, List<String[]> scopeGroups) {
            this.text = text;
            this.index = index;
            this.methods = methods;
            this.pattern = pattern;
            if (pattern.equals("/*")) {
                this.kind = ANY;
                this.stem = 0;
            } else if (pattern.startsWith("*.")) {
                this.kind = EXTENSION;
                this.stem = pattern.length() - 1;
            } else if (pattern.endsWith("/*")) {
                this.kind = PREFIX;
                this.stem = pattern.length() - 2;
            } else {
                this.kind = EXACT;
                this.stem = pattern.length();
            }
            String segment = firstSegment();
            this.wholeSegment = segment != null && stem == 1 + segment.length();
            this.access = access;
            this.roleGroups = roleGroups.toArray(new String[0][]);
            this.scopeGroups = scopeGroups.toArray(new String[0][]);
            this.roleNames = names(roleGroups);
            this.scopeNames = names(scopeGroups);
        }

        private static Set<String> names(List<String[]> groups) {
            Set<String> names = new LinkedHashSet<>();
            groups.forEach(group -> names.addAll(Arrays.asList(group)));
            return Collections.unmodifiableSet(names);
        }

        static Rule parse(String text, int index) {
            String[] words = text.strip().split("\\s+");
            if (words.length < 3) {
                throw bad(text, GRAMMAR);
            }
            String[] methods = methods(text, words[0]);
            String pattern = pattern(text, words[1]);
            Set<String> plain = new LinkedHashSet<>();
            List<String[]> roles = new ArrayList<>();
            List<String[]> scopes = new ArrayList<>();
            for (int i = 2; i < words.length; i++) {
                String word = words[i];
                if (word.startsWith("role:")) {
                    roles.add(names(text, word, "role:"));
                } else if (word.startsWith("scope:")) {
                    scopes.add(names(text, word, "scope:"));
                } else if (word.equals("permit") || word.equals("anonymous") || word.equals("authenticated")
                        || word.equals("deny")) {
                    plain.add(word);
                } else {
                    throw bad(text, "'" + word + "' is no requirement; " + GRAMMAR);
                }
            }
            boolean needsToken = !roles.isEmpty() || !scopes.isEmpty();
            Access access;
            // Contradictions are refused rather than resolved: a rule must read as what it does.
            if (plain.contains("permit") || plain.contains("deny") || plain.contains("anonymous")) {
                if (plain.size() > 1 || needsToken) {
                    throw bad(text, "permit, anonymous and deny each stand alone in a rule");
                }
                String only = plain.iterator().next();
                access = only.equals("permit") ? Access.PERMIT : only.equals("deny") ? Access.DENY : Access.ANONYMOUS;
            } else {
                access = Access.AUTHENTICATED;
            }
            return new Rule(text.strip(), index, methods, pattern, access, roles, scopes);
        }

        /** {@code null} for any method; else the methods, with {@code HEAD} wherever {@code GET} is. */
        private static String[] methods(String text, String word) {
            if (word.equals("*")) {
                return null;
            }
            Set<String> methods = new LinkedHashSet<>();
            for (String method : word.split(",", -1)) {
                if (!HttpSyntax.isToken(method) || hasLowerCase(method) || method.equals("*")) {
                    throw bad(text, "'" + word + "' is not * or upper-case methods separated by commas (GET,POST)");
                }
                methods.add(method);
                if (method.equals("GET")) {
                    methods.add("HEAD"); // a HEAD is a GET without the body: never a way around a GET rule
                }
            }
            return methods.toArray(new String[0]);
        }

        private static String pattern(String text, String word) {
            boolean valid;
            if (word.startsWith("*.")) {
                String extension = word.substring(2);
                valid = !extension.isEmpty() && extension.indexOf('/') < 0 && extension.indexOf('*') < 0
                        && hasOnlyPathCharacters(extension);
            } else if (word.startsWith("/")) {
                String stem = word.endsWith("/*") ? word.substring(0, word.length() - 2) : word;
                // A pattern normalising could never produce would never match: refused, since a
                // strict rule that silently never applies opens what it meant to close.
                valid = stem.indexOf('*') < 0 && hasOnlyPathCharacters(stem)
                        && (stem.isEmpty() || plainPath(stem, 0, stem, "") != NOT_PLAIN);
            } else {
                valid = false;
            }
            if (!valid) {
                throw bad(text, "'" + word + "' is not a pattern /exact, /prefix/*, *.ext or /* of a normalised "
                        + "path (no %, ;, \\, //, . or .. segments)");
            }
            return word;
        }

        private static boolean hasOnlyPathCharacters(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '%' || c == ';' || c == '\\' || c < 0x21 || c > 0x7e) {
                    return false;
                }
            }
            return true;
        }

        private static String[] names(String text, String word, String prefix) {
            String[] names = word.substring(prefix.length()).split("\\|", -1);
            for (String name : names) {
                // Scope-token syntax (RFC 6749 §3.3), so that the 403's scope="…" can quote it as is.
                if (name.isEmpty() || !HttpSyntax.isScopeToken(name)) {
                    throw bad(text, "'" + word + "' needs names separated by | (" + prefix + "a|b), each "
                            + "printable ASCII without \" or \\");
                }
            }
            return names;
        }

        private static JwtGateConfigurationException bad(String text, String why) {
            return new JwtGateConfigurationException("accessRules", "cannot use rule '" + text.strip() + "': " + why);
        }

        boolean matchesMethod(String method) {
            if (methods == null) {
                return true;
            }
            for (String allowed : methods) {
                if (allowed.equals(method)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The first segment of an {@code /exact} or {@code /prefix/*} pattern (empty for {@code /}),
         * under which {@link AccessRules} files the rule; {@code null} for {@code /*} and
         * {@code *.ext}, which may match any path.
         */
        String firstSegment() {
            if (pattern.equals("/*") || pattern.startsWith("*.")) {
                return null;
            }
            String path = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern;
            int end = path.indexOf('/', 1);
            return path.substring(1, end < 0 ? path.length() : end);
        }

        /** Whether the path that starts at {@code from} in {@code path} matches; case-sensitive. */
        boolean matchesPath(String path, int from) {
            switch (kind) {
                case ANY:
                    return true;
                case EXTENSION:
                    return matchesExtension(path, from, path.lastIndexOf('/'));
                case PREFIX:
                    int length = path.length() - from;
                    return length >= stem && path.regionMatches(from, pattern, 0, stem)
                            && (length == stem || path.charAt(from + stem) == '/');
                default:
                    return path.length() - from == stem && path.startsWith(pattern, from);
            }
        }

        /** As {@link #matchesPath} for a {@code *.ext} rule, given the path's last slash. */
        boolean matchesExtension(String path, int from, int lastSlash) {
            return lastSlash >= from && path.length() - lastSlash - 1 >= stem
                    && path.regionMatches(path.length() - stem, pattern, 1, stem);
        }

        /**
         * What the principal lacks of this rule: {@code 0} nothing, {@code 1} a scope, {@code 2} a
         * role (scopes are checked first, as for {@code requiredScopes}). Allocates nothing.
         */
        public int lacks(Set<String> roles, Set<String> scopes) {
            if (!grantsAll(scopeGroups, scopes)) {
                return 1;
            }
            return grantsAll(roleGroups, roles) ? 0 : 2;
        }

        private static boolean grantsAll(String[][] groups, Set<String> held) {
            for (String[] group : groups) {
                if (!grantsAny(group, held)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean grantsAny(String[] group, Set<String> held) {
            for (String name : group) {
                if (held.contains(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The rule as configured (trimmed): rules hold no secrets, so logs and the command line may show it. */
        public String text() {
            return text;
        }

        /** Its position among the rules, from 0. */
        public int index() {
            return index;
        }

        public Access access() {
            return access;
        }

        /** Every role the rule names, in order: what its 403 for a missing role names. */
        public Set<String> roleNames() {
            return roleNames;
        }

        /** Every scope the rule names, in order: what its 403 for a missing scope names. */
        public Set<String> scopeNames() {
            return scopeNames;
        }

        @Override
        public String toString() {
            return "rule " + (index + 1) + " '" + text + "'";
        }
    }
}
