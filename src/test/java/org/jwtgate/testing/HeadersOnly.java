package org.jwtgate.testing;

import java.util.Enumeration;
import java.util.function.Function;

import org.jwtgate.internal.request.RequestView;

/**
 * A request that is only its headers, for tests that ask the gatekeeper without a servlet
 * container: {@code gatekeeper.decide(name -> headers, HeadersOnly.VIEW)}. A plain {@code GET /}
 * with no query string, on a request dispatch, mapped to no servlet in particular.
 *
 * <p>Stateless and thread-safe.
 */
public final class HeadersOnly implements RequestView<Function<String, Enumeration<String>>> {

    public static final HeadersOnly VIEW = new HeadersOnly();

    private HeadersOnly() {
    }

    @Override
    public Enumeration<String> headers(Function<String, Enumeration<String>> request, String name) {
        return request.apply(name);
    }

    @Override
    public String queryString(Function<String, Enumeration<String>> request) {
        return null;
    }

    @Override
    public boolean isErrorDispatch(Function<String, Enumeration<String>> request) {
        return false;
    }

    @Override
    public String servletPath(Function<String, Enumeration<String>> request) {
        return "/";
    }

    @Override
    public String pathInfo(Function<String, Enumeration<String>> request) {
        return null;
    }

    @Override
    public String requestUri(Function<String, Enumeration<String>> request) {
        return "/";
    }

    @Override
    public String contextPath(Function<String, Enumeration<String>> request) {
        return "";
    }

    @Override
    public String method(Function<String, Enumeration<String>> request) {
        return "GET";
    }

    @Override
    public String extensionPattern(Function<String, Enumeration<String>> request) {
        return null;
    }

    @Override
    public String defaultServletName(Function<String, Enumeration<String>> request) {
        return null;
    }

    @Override
    public String servletClassName(Function<String, Enumeration<String>> request, String servletName) {
        return null;
    }
}
