package org.jwtgate.javax;

import java.security.Principal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.AsyncContext;
import javax.servlet.ServletException;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.gate.FilterCore;

/**
 * What the application sees behind the filter: the token's identity through the standard Servlet
 * API, and the configured claim headers. Client-sent headers (and trailers) with those names are
 * hidden, whether or not the request is authenticated, so they cannot be spoofed. Asynchronous
 * processing keeps this view: {@link #startAsync()} hands this wrapper, not the container's
 * request, to the {@code AsyncContext}.
 *
 * <p>One per request; not shared between requests.
 */
final class JwtRequestWrapper extends HttpServletRequestWrapper {

    private final ServletResponse response;
    private final Set<String> claimHeaderNames;
    private JwtPrincipal principal;
    private Map<String, String> claimHeaders;

    /**
     * @param response         the response the filter passes on, for {@link #startAsync()}
     * @param principal        the verified identity, or {@code null} for an anonymous request
     * @param claimHeaderNames the configured header names, case-insensitive
     * @param claimHeaders     their values for this token, case-insensitive
     */
    JwtRequestWrapper(HttpServletRequest request, ServletResponse response, JwtPrincipal principal,
            Set<String> claimHeaderNames, Map<String, String> claimHeaders) {
        super(request);
        this.response = response;
        this.principal = principal;
        this.claimHeaderNames = claimHeaderNames;
        this.claimHeaders = claimHeaders;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal != null ? principal : super.getUserPrincipal();
    }

    @Override
    public String getRemoteUser() {
        return principal != null ? principal.getName() : super.getRemoteUser();
    }

    @Override
    public String getAuthType() {
        return principal != null ? FilterCore.AUTH_TYPE : super.getAuthType();
    }

    @Override
    public boolean isUserInRole(String role) {
        if (principal == null) {
            return super.isUserInRole(role);
        }
        // "**" is the Servlet spec's "any authenticated user", unless the token names such a role.
        return role != null && (principal.hasRole(role) || role.equals("**"));
    }

    /** Already authenticated by the token: no container challenge is started. */
    @Override
    public boolean authenticate(HttpServletResponse challengeResponse) throws java.io.IOException, ServletException {
        return principal != null || super.authenticate(challengeResponse);
    }

    @Override
    public void login(String username, String password) throws ServletException {
        if (principal != null) {
            throw new ServletException("this request is already authenticated by its bearer token");
        }
        super.login(username, password);
    }

    /** Forgets the token's identity for the rest of this request, as the container would its own. */
    @Override
    public void logout() throws ServletException {
        principal = null;
        claimHeaders = Map.of();
        removeAttribute(FilterCore.PRINCIPAL_ATTRIBUTE);
        removeAttribute(FilterCore.CLAIMS_ATTRIBUTE);
        super.logout();
    }

    /** Keeps this view (identity, hidden headers) for asynchronous processing and its dispatches. */
    @Override
    public AsyncContext startAsync() {
        return super.startAsync(this, response);
    }

    @Override
    public String getHeader(String name) {
        return isClaimHeader(name) ? claimHeaders.get(name) : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (!isClaimHeader(name)) {
            return super.getHeaders(name);
        }
        String value = claimHeaders.get(name);
        return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        Enumeration<String> original = super.getHeaderNames();
        while (original != null && original.hasMoreElements()) {
            String name = original.nextElement();
            if (!isClaimHeader(name)) {
                names.add(name);
            }
        }
        names.addAll(claimHeaders.keySet());
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        if (!isClaimHeader(name)) {
            return super.getIntHeader(name);
        }
        String value = claimHeaders.get(name);
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Override
    public long getDateHeader(String name) {
        if (!isClaimHeader(name)) {
            return super.getDateHeader(name);
        }
        String value = claimHeaders.get(name);
        if (value == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("header " + name + " is not an HTTP date");
        }
    }

    /** Trailers are headers sent after the body: the configured names are hidden there too. */
    @Override
    public Map<String, String> getTrailerFields() {
        Map<String, String> trailers = super.getTrailerFields();
        if (trailers == null || trailers.isEmpty()) {
            return trailers;
        }
        Map<String, String> visible = new HashMap<>(trailers);
        visible.keySet().removeIf(this::isClaimHeader);
        return visible;
    }

    private boolean isClaimHeader(String name) {
        return name != null && claimHeaderNames.contains(name);
    }
}
