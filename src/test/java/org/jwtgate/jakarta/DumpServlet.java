package org.jwtgate.jakarta;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The application behind the filter: answers 200 with one {@code key=value} line per thing it
 * sees, so tests can check what reached it. It counts its invocations per context, to prove that
 * a refused request never got here.
 *
 * <p>{@code ?role=R} asks {@code isUserInRole(R)}; {@code ?header=H} reports {@code getHeader},
 * {@code getHeaders} and how often {@code getHeaderNames} names {@code H} (ignoring case).
 */
public class DumpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ConcurrentMap<String, AtomicInteger> INVOCATIONS = new ConcurrentHashMap<>();
    static final String NONE = "(none)";

    static int invocations(String contextPath) {
        AtomicInteger count = INVOCATIONS.get(contextPath);
        return count == null ? 0 : count.get();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        INVOCATIONS.computeIfAbsent(request.getContextPath(), k -> new AtomicInteger()).incrementAndGet();
        List<String> lines = new ArrayList<>();
        lines.add("servletPath=" + request.getServletPath());
        lines.add("pathInfo=" + orNone(request.getPathInfo()));
        Principal principal = request.getUserPrincipal();
        lines.add("principal=" + (principal == null ? NONE : principal.getName()));
        lines.add("principal.class=" + (principal == null ? NONE : principal.getClass().getName()));
        lines.add("remoteUser=" + orNone(request.getRemoteUser()));
        lines.add("authType=" + orNone(request.getAuthType()));

        Object principalAttribute = request.getAttribute("org.jwtgate.principal");
        lines.add("attr.principal=" + (principalAttribute == null ? NONE : principalAttribute.getClass().getName()));
        lines.add("attr.principal.sameAsUserPrincipal=" + (principalAttribute != null && principalAttribute == principal));
        Object claims = request.getAttribute("org.jwtgate.claims");
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

        String[] roles = request.getParameterValues("role");
        for (String role : roles == null ? new String[0] : roles) {
            lines.add("role." + role + "=" + request.isUserInRole(role));
        }
        String[] headers = request.getParameterValues("header");
        for (String header : headers == null ? new String[0] : headers) {
            lines.add("header." + header + "=" + orNone(request.getHeader(header)));
            lines.add("headers." + header + "=" + Collections.list(request.getHeaders(header)));
            long named = Collections.list(request.getHeaderNames()).stream().filter(header::equalsIgnoreCase).count();
            lines.add("headerNames." + header + "=" + named);
            lines.add("intHeader." + header + "=" + intHeader(request, header));
            lines.add("dateHeader." + header + "=" + dateHeader(request, header));
        }
        lines.add("session=" + (request.getSession(false) == null ? NONE : "exists"));

        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(String.join("\n", lines) + "\n");
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

    private static String intHeader(HttpServletRequest request, String name) {
        try {
            return Integer.toString(request.getIntHeader(name));
        } catch (NumberFormatException e) {
            return "NumberFormatException";
        }
    }

    private static String dateHeader(HttpServletRequest request, String name) {
        try {
            return Long.toString(request.getDateHeader(name));
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
