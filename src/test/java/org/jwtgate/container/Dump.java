package org.jwtgate.container;

import java.lang.reflect.Field;
import java.security.CodeSource;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * The application behind the filter, written once for both namespaces: it answers 200 with one
 * {@code key=value} line per thing it sees, so tests can check what reached it, and counts its
 * invocations per context (through {@link TestBridge}) to prove that a refused request never got
 * here. {@code jakarta.DumpServlet} and {@code javax.DumpServlet} adapt their request to
 * {@link Request}. It is loaded from the test class path, the web application's parent, so it
 * uses only the JDK: none of JwtGate's classes are on that class path.
 *
 * <p>{@code ?role=R} asks {@code isUserInRole(R)}; {@code ?header=H} reports {@code getHeader},
 * {@code getHeaders} and how often {@code getHeaderNames} names {@code H} (ignoring case);
 * {@code ?createSession} makes the application itself create a session.
 */
public final class Dump {

    /** What a missing value is reported as. */
    public static final String NONE = "(none)";
    /** Loaded through the request thread's context class loader: the application's own Jackson, if any. */
    private static final String JACKSON_VERSION_CLASS = "com.fasterxml.jackson.databind.cfg.PackageVersion";

    private Dump() {
    }

    /** The request as the application sees it: only what the dump reads, in JDK types. */
    public interface Request {
        String contextPath();
        String servletPath();
        String pathInfo();
        Principal userPrincipal();
        String remoteUser();
        String authType();
        Object attribute(String name);
        String[] parameterValues(String name);
        boolean isUserInRole(String role);
        String header(String name);
        Enumeration<String> headers(String name);
        Enumeration<String> headerNames();
        /** {@code getIntHeader}: may throw {@link NumberFormatException}. */
        int intHeader(String name);
        /** {@code getDateHeader}: may throw {@link IllegalArgumentException}. */
        long dateHeader(String name);
        boolean hasSession();
        void createSession();
        String serverInfo();
        String servletSpecVersion();
    }

    /** Counts the invocation and returns the response body. */
    public static String of(Request request) {
        TestBridge.invoked(request.contextPath());
        if (request.parameterValues("createSession") != null) {
            request.createSession();
        }
        List<String> lines = new ArrayList<>();
        lines.add("servletPath=" + request.servletPath());
        lines.add("pathInfo=" + orNone(request.pathInfo()));
        Principal principal = request.userPrincipal();
        lines.add("principal=" + (principal == null ? NONE : principal.getName()));
        lines.add("principal.class=" + (principal == null ? NONE : principal.getClass().getName()));
        lines.add("principal.source=" + (principal == null ? NONE : source(principal.getClass())));
        lines.add("remoteUser=" + orNone(request.remoteUser()));
        lines.add("authType=" + orNone(request.authType()));

        Object principalAttribute = request.attribute("org.jwtgate.principal");
        lines.add("attr.principal=" + (principalAttribute == null ? NONE : principalAttribute.getClass().getName()));
        lines.add("attr.principal.sameAsUserPrincipal=" + (principalAttribute != null && principalAttribute == principal));
        Object claims = request.attribute("org.jwtgate.claims");
        lines.add("attr.claims=" + (claims == null ? NONE : "Map"));
        if (claims instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) claims;
            lines.add("attr.claims.unmodifiable=" + isUnmodifiable(map));
            for (Map.Entry<?, ?> claim : map.entrySet()) {
                Object value = claim.getValue();
                lines.add("claim." + claim.getKey() + "=" + typeOf(value) + ":" + value);
                if (value instanceof List || value instanceof Map) {
                    lines.add("claim." + claim.getKey() + ".unmodifiable=" + isUnmodifiable(value));
                }
            }
        }

        String[] roles = request.parameterValues("role");
        for (String role : roles == null ? new String[0] : roles) {
            lines.add("role." + role + "=" + request.isUserInRole(role));
        }
        String[] headers = request.parameterValues("header");
        for (String header : headers == null ? new String[0] : headers) {
            lines.add("header." + header + "=" + orNone(request.header(header)));
            lines.add("headers." + header + "=" + list(request.headers(header)));
            long named = list(request.headerNames()).stream().filter(header::equalsIgnoreCase).count();
            lines.add("headerNames." + header + "=" + named);
            lines.add("intHeader." + header + "=" + intHeader(request, header));
            lines.add("dateHeader." + header + "=" + dateHeader(request, header));
        }
        lines.add("session=" + (request.hasSession() ? "exists" : NONE));
        lines.add("serverInfo=" + request.serverInfo());
        lines.add("servletSpec=" + request.servletSpecVersion());
        applicationJackson(lines);
        return String.join("\n", lines) + "\n";
    }

    /** The version and jar of the Jackson the application itself would get, if it has one. */
    private static void applicationJackson(List<String> lines) {
        try {
            Class<?> packageVersion = Class.forName(JACKSON_VERSION_CLASS, true,
                    Thread.currentThread().getContextClassLoader());
            Field version = packageVersion.getField("VERSION");
            lines.add("jackson.version=" + version.get(null));
            lines.add("jackson.source=" + source(packageVersion));
        } catch (ClassNotFoundException e) {
            lines.add("jackson.version=" + NONE);
            lines.add("jackson.source=" + NONE);
        } catch (ReflectiveOperationException e) {
            lines.add("jackson.version=" + e);
        }
    }

    /** Where a class was loaded from: the file name of its jar or directory. */
    private static String source(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return NONE;
        }
        String location = source.getLocation().toString();
        return location.endsWith("/") ? location : location.substring(location.lastIndexOf('/') + 1);
    }

    private static List<String> list(Enumeration<String> values) {
        List<String> list = new ArrayList<>();
        while (values != null && values.hasMoreElements()) {
            list.add(values.nextElement());
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static boolean isUnmodifiable(Object collection) {
        try {
            if (collection instanceof List) {
                ((List<Object>) collection).add("injected");
            } else {
                ((Map<Object, Object>) collection).put("injected", "value");
            }
            return false;
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }

    private static String intHeader(Request request, String name) {
        try {
            return Integer.toString(request.intHeader(name));
        } catch (NumberFormatException e) {
            return "NumberFormatException";
        }
    }

    private static String dateHeader(Request request, String name) {
        try {
            return Long.toString(request.dateHeader(name));
        } catch (IllegalArgumentException e) {
            return "IllegalArgumentException";
        }
    }

    /** The Java type a claim arrived as: the contract fixes it per JSON type. */
    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List) {
            return "List";
        }
        if (value instanceof Map) {
            return "Map";
        }
        return value.getClass().getSimpleName();
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }
}
