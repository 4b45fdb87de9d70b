package org.jwtgate.javax;

import java.io.IOException;
import java.security.Principal;
import java.util.Enumeration;
import java.util.Map;

import javax.servlet.AsyncContext;
import javax.servlet.ServletException;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.request.ClaimHeaderView;

/**
 * What the application sees behind the filter: the token's identity through the standard Servlet
 * API, and the configured claim headers. Client-sent headers (and trailers) with those names are
 * hidden, whether or not the request is authenticated, so they cannot be spoofed; the header
 * methods delegate that to {@link ClaimHeaderView}. Asynchronous processing keeps this view:
 * {@link #startAsync()} hands this wrapper, not the container's request, to the {@code AsyncContext}.
 *
 * <p>One per request; not shared between requests.
 */
final class JwtRequestWrapper extends HttpServletRequestWrapper {

    private final ServletResponse response;
    private final ClaimHeaderView claimHeaders;
    private JwtPrincipal principal;
    private Map<String, String> claimValues;

    /**
     * @param response     the response the filter passes on, for {@link #startAsync()}
     * @param principal    the verified identity, or {@code null} for an anonymous request
     * @param claimHeaders the configured claim headers
     * @param claimValues  their values for this token, case-insensitive
     */
    JwtRequestWrapper(HttpServletRequest request, ServletResponse response, JwtPrincipal principal,
            ClaimHeaderView claimHeaders, Map<String, String> claimValues) {
        super(request);
        this.response = response;
        this.principal = principal;
        this.claimHeaders = claimHeaders;
        this.claimValues = claimValues;
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
        return principal != null ? Gatekeeper.AUTH_TYPE : super.getAuthType();
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
    public boolean authenticate(HttpServletResponse challengeResponse) throws IOException, ServletException {
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
        claimValues = Map.of();
        removeAttribute(Gatekeeper.PRINCIPAL_ATTRIBUTE);
        removeAttribute(Gatekeeper.CLAIMS_ATTRIBUTE);
        super.logout();
    }

    /** Keeps this view (identity, hidden headers) for asynchronous processing and its dispatches. */
    @Override
    public AsyncContext startAsync() {
        return super.startAsync(this, response);
    }

    @Override
    public String getHeader(String name) {
        return claimHeaders.hides(name) ? claimHeaders.header(claimValues, name) : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return claimHeaders.hides(name) ? claimHeaders.headers(claimValues, name) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return claimHeaders.headerNames(claimValues, super.getHeaderNames());
    }

    @Override
    public int getIntHeader(String name) {
        return claimHeaders.hides(name) ? claimHeaders.intHeader(claimValues, name) : super.getIntHeader(name);
    }

    @Override
    public long getDateHeader(String name) {
        return claimHeaders.hides(name) ? claimHeaders.dateHeader(claimValues, name) : super.getDateHeader(name);
    }

    @Override
    public Map<String, String> getTrailerFields() {
        return claimHeaders.trailers(super.getTrailerFields());
    }
}
