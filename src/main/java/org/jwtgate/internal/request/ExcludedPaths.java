package org.jwtgate.internal.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Decides whether a request's path is one the filter lets through untouched. A path is excluded
 * only when two views of it agree: the container's (servlet path + path info, which is what the
 * container routes on) and JwtGate's own normalisation of the raw request URI (path parameters
 * removed, percent-decoded, dot segments resolved, slashes merged). Anything ambiguous, such as
 * an encoded slash or backslash, a NUL, bad UTF-8, or {@code ..} above the root, is never excluded:
 * the protected answer is the safe one. Matching is case-sensitive, so case tricks can only make a
 * path protected.
 *
 * <p>An extension pattern ({@code *.css}) opens a path only when the container itself serves it
 * by extension or as static content: when the request is mapped by the very same extension
 * mapping ({@code *.jsp} to the JSP servlet), or to the default mapping ({@code /}) and the servlet
 * there is one of the containers' own static-content servlets ({@link #isStaticContentServlet}).
 * A request that the container routes to any other servlet ({@code /admin/x.css} under an
 * {@code /admin/*} mapping, an exact mapping, or an application's front controller mapped at
 * {@code /}, such as Spring's {@code DispatcherServlet}) stays protected whatever its name ends
 * in, and so does every request where the container cannot say how it mapped it (a Servlet 3.1
 * container). Path and exact patterns are not affected.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExcludedPaths {

    /** What a request mapped to the container's static-content servlet at {@code /} is called here. */
    public static final String DEFAULT_SERVLET = "/";

    /**
     * The containers' own servlets that serve the web application's files (or only answer 404)
     * and run no application code: Tomcat (and TomEE, GlassFish, Payara), Jetty 9 to 12 in every
     * environment, Undertow (WildFly).
     */
    private static final java.util.Set<String> STATIC_CONTENT_SERVLETS = java.util.Set.of(
            "org.apache.catalina.servlets.DefaultServlet",
            "org.eclipse.jetty.servlet.DefaultServlet",
            "org.eclipse.jetty.servlet.ServletHandler$Default404Servlet",
            "org.eclipse.jetty.ee8.servlet.DefaultServlet",
            "org.eclipse.jetty.ee8.servlet.ServletHandler$Default404Servlet",
            "org.eclipse.jetty.ee9.servlet.DefaultServlet",
            "org.eclipse.jetty.ee9.servlet.ServletHandler$Default404Servlet",
            "org.eclipse.jetty.ee10.servlet.DefaultServlet",
            "org.eclipse.jetty.ee10.servlet.ResourceServlet",
            "org.eclipse.jetty.ee10.servlet.ServletHandler$Default404Servlet",
            "org.eclipse.jetty.ee11.servlet.DefaultServlet",
            "org.eclipse.jetty.ee11.servlet.ResourceServlet",
            "org.eclipse.jetty.ee11.servlet.ServletHandler$Default404Servlet",
            "io.undertow.servlet.handlers.DefaultServlet");

    /** Whether a servlet of this class serves only static content; {@code false} for {@code null}. */
    public static boolean isStaticContentServlet(String className) {
        return className != null && STATIC_CONTENT_SERVLETS.contains(className);
    }

    private final List<String> patterns;
    private final boolean hasExtensionPatterns;

    public ExcludedPaths(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.hasExtensionPatterns = this.patterns.stream().anyMatch(pattern -> pattern.startsWith("*."));
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether any pattern is an extension pattern, for which the caller must say how the request was mapped. */
    public boolean hasExtensionPatterns() {
        return hasExtensionPatterns;
    }

    /**
     * @param servedBy how the container mapped the request: {@link #DEFAULT_SERVLET}, the extension
     *                 pattern it matched ({@code *.jsp}), or {@code null} for any other mapping or
     *                 when unknown; extension patterns never match with {@code null}
     */
    public boolean matches(String servletPath, String pathInfo, String requestUri, String contextPath,
            String servedBy) {
        if (patterns.isEmpty()) {
            return false;
        }
        String containerPath = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        if (containerPath.isEmpty()) {
            containerPath = "/";
        }
        if (!matchesAny(containerPath, servedBy)) {
            return false;
        }
        String ownPath = normalise(requestUri, contextPath);
        return ownPath != null && matchesAny(ownPath, servedBy);
    }

    private boolean matchesAny(String path, String servedBy) {
        for (String pattern : patterns) {
            if (matches(pattern, path, servedBy)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String path, String servedBy) {
        if (pattern.equals("/*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            if (!DEFAULT_SERVLET.equals(servedBy) && !pattern.equals(servedBy)) {
                return false; // another servlet serves this path: its name's ending proves nothing
            }
            int slash = path.lastIndexOf('/');
            return path.substring(slash + 1).endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String stem = pattern.substring(0, pattern.length() - 2);
            return path.equals(stem) || path.startsWith(stem + "/");
        }
        return path.equals(pattern);
    }

    /** The path within the context, normalised; {@code null} when it cannot be read unambiguously. */
    static String normalise(String requestUri, String contextPath) {
        if (requestUri == null) {
            return null;
        }
        String context = contextPath == null ? "" : contextPath;
        if (!requestUri.startsWith(context)) {
            return null;
        }
        String raw = requestUri.substring(context.length());
        if (!raw.isEmpty() && raw.charAt(0) != '/') {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        boolean trailingSlash = raw.endsWith("/");
        for (String rawSegment : raw.split("/", -1)) {
            int semicolon = rawSegment.indexOf(';');
            String segment = decode(semicolon < 0 ? rawSegment : rawSegment.substring(0, semicolon));
            if (segment == null) {
                return null;
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
                continue;
            }
            segments.addLast(segment);
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        if (path.length() == 0 || trailingSlash) {
            path.append('/');
        }
        return path.toString();
    }

    /** Percent-decodes one segment; {@code null} for anything that could hide a separator or is not UTF-8. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return hasForbiddenCharacter(segment) ? null : segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
            return hasForbiddenCharacter(decoded) ? null : decoded;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hasForbiddenCharacter(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c == ';' || c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
