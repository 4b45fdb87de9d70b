package org.jwtgate.javax;

import java.util.Enumeration;

import javax.servlet.DispatcherType;
import javax.servlet.ServletContext;
import javax.servlet.ServletRegistration;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.MappingMatch;

import org.jwtgate.internal.request.RequestView;

/**
 * How the gatekeeper reads a {@code javax.servlet} request: plain getters, one stateless
 * instance for every request, so that asking allocates nothing.
 */
enum HttpRequestView implements RequestView<HttpServletRequest> {
    INSTANCE;

    @Override
    public Enumeration<String> headers(HttpServletRequest request, String name) {
        return request.getHeaders(name);
    }

    @Override
    public String queryString(HttpServletRequest request) {
        return request.getQueryString();
    }

    @Override
    public boolean isErrorDispatch(HttpServletRequest request) {
        return request.getDispatcherType() == DispatcherType.ERROR;
    }

    @Override
    public String servletPath(HttpServletRequest request) {
        return request.getServletPath();
    }

    @Override
    public String pathInfo(HttpServletRequest request) {
        return request.getPathInfo();
    }

    @Override
    public String requestUri(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @Override
    public String contextPath(HttpServletRequest request) {
        return request.getContextPath();
    }

    @Override
    public String method(HttpServletRequest request) {
        return request.getMethod();
    }

    // Servlet 4.0 methods: a 3.1 container throws a LinkageError here, which the gatekeeper expects.

    @Override
    public String extensionPattern(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        return mapping != null && mapping.getMappingMatch() == MappingMatch.EXTENSION ? mapping.getPattern() : null;
    }

    @Override
    public String defaultServletName(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        return mapping != null && mapping.getMappingMatch() == MappingMatch.DEFAULT ? mapping.getServletName() : null;
    }

    @Override
    public String servletClassName(HttpServletRequest request, String servletName) {
        ServletContext context = request.getServletContext();
        ServletRegistration registration = context == null ? null : context.getServletRegistration(servletName);
        return registration == null ? null : registration.getClassName();
    }
}
