package org.jwtgate.javax;

import java.security.Principal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.FilterCore;

/**
 * What the application sees behind the filter: the token's identity through the standard Servlet
 * API, and the configured claim headers. Client-sent headers with those names are hidden, whether
 * or not the request is authenticated, so they cannot be spoofed.
 */
final class JwtRequestWrapper extends HttpServletRequestWrapper {

    private final JwtPrincipal principal;
    private final Set<String> claimHeaderNames;
    private final Map<String, String> claimHeaders;

    /**
     * @param principal        the verified identity, or {@code null} for an anonymous request
     * @param claimHeaderNames the configured header names, case-insensitive
     * @param claimHeaders     their values for this token, case-insensitive
     */
    JwtRequestWrapper(HttpServletRequest request, JwtPrincipal principal, Set<String> claimHeaderNames,
            Map<String, String> claimHeaders) {
        super(request);
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

    private boolean isClaimHeader(String name) {
        return name != null && claimHeaderNames.contains(name);
    }
}
