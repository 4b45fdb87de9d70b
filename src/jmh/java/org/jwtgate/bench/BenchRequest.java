package org.jwtgate.bench;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.NoSuchElementException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The cheapest honest request a container could hand the filter: {@code GET /shop/orders/42} with one
 * header, {@code Authorization}, whose value the benchmark replaces before every call. A mock or a
 * {@code java.lang.reflect.Proxy} would cost more than the cache hit being measured, so this is a plain
 * class; it allocates nothing itself except the one-element {@code Enumeration} that
 * {@link #getHeaders} returns (every container allocates one), so allocation figures are the filter's.
 * Attributes live in a few fixed slots, cleared by {@link #reset}.
 *
 * <p>Everything it writes per request sits at least 64 bytes (a cache line) from either end of the
 * array that holds it. Two benchmark threads each have a request, and a collection can move two
 * small arrays next to each other: their writes would then pass one cache line back and forth
 * between the cores, a cost of this harness and not of the filter (a container's request is many
 * times that size). Without the margins, one fork of a full run measured a hit on two threads at
 * 0.50 to 0.75 µs against 0.32 to 0.44 µs in the others; with them, back-to-back runs measured two
 * threads about 10% faster and one thread within the noise (BENCHMARKS.md).
 *
 * <p>Methods a bearer-token filter has no business calling throw {@link UnsupportedOperationException}
 * naming themselves: a benchmark that hits one fails loudly instead of measuring an error path. If the
 * filter starts to need one, implement it here.
 *
 * <p>Not thread-safe: one per benchmark thread, reused for every call.
 */
final class BenchRequest implements HttpServletRequest {

    private static final String AUTHORIZATION = "Authorization";
    private static final int ATTRIBUTE_SLOTS = 8;

    /** Unused slots at each end of every array written per request: 16 references, 64 bytes or more. */
    private static final int MARGIN = 16;
    private static final int FIRST = MARGIN;
    private static final int END = MARGIN + ATTRIBUTE_SLOTS;

    private final String[] attributeNames = new String[END + MARGIN];
    private final Object[] attributeValues = new Object[END + MARGIN];
    /** The {@code Authorization} value at {@link #FIRST}. */
    private final String[] authorization = new String[FIRST + 1 + MARGIN];

    /** Starts the next request: this {@code Authorization} value ({@code null} for none), no attributes. */
    void reset(String authorizationHeader) {
        authorization[FIRST] = authorizationHeader;
        for (int i = FIRST; i < END; i++) {
            attributeNames[i] = null;
            attributeValues[i] = null;
        }
    }

    // ---- headers

    @Override
    public String getHeader(String name) {
        return AUTHORIZATION.equalsIgnoreCase(name) ? authorization[FIRST] : null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = getHeader(name);
        return value == null ? Collections.emptyEnumeration() : new OneValue(value);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return authorization[FIRST] == null ? Collections.emptyEnumeration() : new OneValue(AUTHORIZATION);
    }

    @Override
    public int getIntHeader(String name) {
        String value = getHeader(name);
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Override
    public long getDateHeader(String name) {
        if (getHeader(name) != null) {
            throw unsupported("getDateHeader");
        }
        return -1;
    }

    @Override
    public Cookie[] getCookies() {
        return null;
    }

    /** Like a container's header enumeration, one small object per call. */
    private static final class OneValue implements Enumeration<String> {
        private String next;

        OneValue(String value) {
            next = value;
        }

        @Override
        public boolean hasMoreElements() {
            return next != null;
        }

        @Override
        public String nextElement() {
            String value = next;
            if (value == null) {
                throw new NoSuchElementException();
            }
            next = null;
            return value;
        }
    }

    // ---- attributes

    @Override
    public Object getAttribute(String name) {
        for (int i = FIRST; i < END; i++) {
            if (name.equals(attributeNames[i])) {
                return attributeValues[i];
            }
        }
        return null;
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            removeAttribute(name);
            return;
        }
        int free = -1;
        for (int i = FIRST; i < END; i++) {
            if (name.equals(attributeNames[i])) {
                attributeValues[i] = value;
                return;
            }
            if (free < 0 && attributeNames[i] == null) {
                free = i;
            }
        }
        if (free < 0) {
            throw new IllegalStateException("more than " + ATTRIBUTE_SLOTS + " request attributes");
        }
        attributeNames[free] = name;
        attributeValues[free] = value;
    }

    @Override
    public void removeAttribute(String name) {
        for (int i = FIRST; i < END; i++) {
            if (name.equals(attributeNames[i])) {
                attributeNames[i] = null;
                attributeValues[i] = null;
            }
        }
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String name : attributeNames) {
            if (name != null) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    // ---- the request line and its context

    @Override
    public String getMethod() {
        return "GET";
    }

    @Override
    public String getRequestURI() {
        return "/shop/orders/42";
    }

    @Override
    public String getContextPath() {
        return "/shop";
    }

    @Override
    public String getServletPath() {
        return "/orders";
    }

    @Override
    public String getPathInfo() {
        return "/42";
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public String getScheme() {
        return "https";
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String getRemoteAddr() {
        return "127.0.0.1";
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
    }

    @Override
    public boolean isAsyncSupported() {
        return false;
    }

    @Override
    public String getCharacterEncoding() {
        return null;
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public int getContentLength() {
        return -1;
    }

    @Override
    public long getContentLengthLong() {
        return -1;
    }

    // ---- no container login, no session

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (create) {
            throw unsupported("getSession(true)");
        }
        return null;
    }

    @Override
    public HttpSession getSession() {
        throw unsupported("getSession()");
    }

    // ---- nothing a bearer-token filter should call

    @Override public void setCharacterEncoding(String a0) throws java.io.UnsupportedEncodingException { throw unsupported("setCharacterEncoding"); }
    @Override public jakarta.servlet.ServletInputStream getInputStream() throws java.io.IOException { throw unsupported("getInputStream"); }
    @Override public String getParameter(String a0) { throw unsupported("getParameter"); }
    @Override public java.util.Enumeration<String> getParameterNames() { throw unsupported("getParameterNames"); }
    @Override public String[] getParameterValues(String a0) { throw unsupported("getParameterValues"); }
    @Override public java.util.Map<String, String[]> getParameterMap() { throw unsupported("getParameterMap"); }
    @Override public String getServerName() { throw unsupported("getServerName"); }
    @Override public int getServerPort() { throw unsupported("getServerPort"); }
    @Override public java.io.BufferedReader getReader() throws java.io.IOException { throw unsupported("getReader"); }
    @Override public String getRemoteHost() { throw unsupported("getRemoteHost"); }
    @Override public java.util.Locale getLocale() { throw unsupported("getLocale"); }
    @Override public java.util.Enumeration<java.util.Locale> getLocales() { throw unsupported("getLocales"); }
    @Override public jakarta.servlet.RequestDispatcher getRequestDispatcher(String a0) { throw unsupported("getRequestDispatcher"); }
    @Override public int getRemotePort() { throw unsupported("getRemotePort"); }
    @Override public String getLocalName() { throw unsupported("getLocalName"); }
    @Override public String getLocalAddr() { throw unsupported("getLocalAddr"); }
    @Override public int getLocalPort() { throw unsupported("getLocalPort"); }
    @Override public jakarta.servlet.ServletContext getServletContext() { throw unsupported("getServletContext"); }
    @Override public jakarta.servlet.AsyncContext startAsync() throws IllegalStateException { throw unsupported("startAsync"); }
    @Override public jakarta.servlet.AsyncContext startAsync(jakarta.servlet.ServletRequest a0, jakarta.servlet.ServletResponse a1) throws IllegalStateException { throw unsupported("startAsync"); }
    @Override public jakarta.servlet.AsyncContext getAsyncContext() { throw unsupported("getAsyncContext"); }
    @Override public String getRequestId() { throw unsupported("getRequestId"); }
    @Override public String getProtocolRequestId() { throw unsupported("getProtocolRequestId"); }
    @Override public jakarta.servlet.ServletConnection getServletConnection() { throw unsupported("getServletConnection"); }
    @Override public String getPathTranslated() { throw unsupported("getPathTranslated"); }
    @Override public String getRequestedSessionId() { throw unsupported("getRequestedSessionId"); }
    @Override public StringBuffer getRequestURL() { throw unsupported("getRequestURL"); }
    @Override public String changeSessionId() { throw unsupported("changeSessionId"); }
    @Override public boolean isRequestedSessionIdValid() { throw unsupported("isRequestedSessionIdValid"); }
    @Override public boolean isRequestedSessionIdFromCookie() { throw unsupported("isRequestedSessionIdFromCookie"); }
    @Override public boolean isRequestedSessionIdFromURL() { throw unsupported("isRequestedSessionIdFromURL"); }
    @Override public boolean authenticate(jakarta.servlet.http.HttpServletResponse a0) throws java.io.IOException, jakarta.servlet.ServletException { throw unsupported("authenticate"); }
    @Override public void login(String a0, String a1) throws jakarta.servlet.ServletException { throw unsupported("login"); }
    @Override public void logout() throws jakarta.servlet.ServletException { throw unsupported("logout"); }
    @Override public java.util.Collection<jakarta.servlet.http.Part> getParts() throws java.io.IOException, jakarta.servlet.ServletException { throw unsupported("getParts"); }
    @Override public jakarta.servlet.http.Part getPart(String a0) throws java.io.IOException, jakarta.servlet.ServletException { throw unsupported("getPart"); }
    @Override public <T extends jakarta.servlet.http.HttpUpgradeHandler> T upgrade(Class<T> a0) throws java.io.IOException, jakarta.servlet.ServletException { throw unsupported("upgrade"); }

    static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("BenchRequest." + method + " is not implemented: the filter "
                + "now calls it, so implement it in the benchmark harness");
    }
}
