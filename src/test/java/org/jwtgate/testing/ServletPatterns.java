package org.jwtgate.testing;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Servlet url-patterns as a {@code <security-constraint>} uses them (§12.2, §13.8.3), for the
 * tests that judge {@code jwtgate rules}: which pattern best matches a path, and a table of paths
 * around a set of patterns. Only the JDK, so the container suite can use it too.
 */
public final class ServletPatterns {

    private ServletPatterns() {
    }

    /**
     * The best-matching pattern: exact (the empty pattern is the context root), then the longest
     * path prefix, then the extension, then the default {@code /}; {@code null} for none.
     */
    public static String best(Collection<String> patterns, String path) {
        for (String pattern : patterns) {
            if (pattern.equals(path) || pattern.isEmpty() && path.equals("/")) {
                return pattern;
            }
        }
        String longest = null;
        for (String pattern : patterns) {
            if (pattern.startsWith("/") && pattern.endsWith("/*")) {
                String stem = pattern.substring(0, pattern.length() - 2);
                boolean matches = path.equals(stem) || path.startsWith(stem + "/");
                if (matches && (longest == null || pattern.length() > longest.length())) {
                    longest = pattern;
                }
            }
        }
        if (longest != null) {
            return longest;
        }
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        int dot = lastSegment.lastIndexOf('.');
        if (dot >= 0 && patterns.contains("*." + lastSegment.substring(dot + 1))) {
            return "*." + lastSegment.substring(dot + 1);
        }
        return patterns.contains("/") ? "/" : null;
    }

    /** Around every pattern: on it, inside it, next to it, and a few paths that no pattern names. */
    public static Set<String> pathsAround(Collection<String> patterns) {
        Set<String> paths = new LinkedHashSet<>(List.of("/", "/index.html", "/other/page", "/x.do", "/x.jsp",
                "/deep/dir/y.do", "/a.do/b", "/admin", "/adminx/y"));
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                String extension = pattern.substring(1);
                paths.addAll(List.of("/f" + extension, "/dir/g" + extension, "/g" + extension + "/h",
                        "/admin/h" + extension, "/api/i" + extension));
            } else if (pattern.endsWith("/*")) {
                String stem = pattern.substring(0, pattern.length() - 2);
                paths.addAll(List.of(stem + "/", stem + "/x", stem + "/x/y", stem + "/x.do", stem + "/x.jsp",
                        stem + "/reports/r"));
                if (!stem.isEmpty()) {
                    paths.addAll(List.of(stem, stem + "x"));
                }
            } else if (!pattern.isEmpty() && !pattern.equals("/")) {
                paths.addAll(List.of(pattern, pattern + "/", pattern + "x", pattern + "/z"));
            }
        }
        return paths;
    }
}
