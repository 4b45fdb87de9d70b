package org.jwtgate.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A response that discards its body and remembers whether the filter refused the request. On the paths
 * the benchmarks measure the filter never touches it; if it ever writes an error (a misconfigured
 * benchmark, an expired token, a change in the filter), {@link #refusals()} says so and the
 * benchmark's iteration teardown fails the run rather than timing a 401.
 *
 * <p>Not thread-safe: one per benchmark thread.
 */
final class BenchResponse implements HttpServletResponse {

    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private int status = SC_OK;
    private int refusals;
    private int lastRefusal;
    private String contentType;
    private String characterEncoding;

    /** How many times an error status was set since {@link #clearRefusals()}. */
    int refusals() {
        return refusals;
    }

    /** The last error status set, for the failure message. */
    int lastRefusal() {
        return lastRefusal;
    }

    void clearRefusals() {
        refusals = 0;
        lastRefusal = 0;
        status = SC_OK;
        headers.clear();
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
        if (sc >= 400) {
            refusals++;
            lastRefusal = sc;
        }
    }

    @Override
    public void sendError(int sc) {
        setStatus(sc);
    }

    @Override
    public void sendError(int sc, String msg) {
        setStatus(sc);
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void resetBuffer() {
    }

    @Override
    public void reset() {
        status = SC_OK;
        headers.clear();
    }

    @Override
    public void setHeader(String name, String value) {
        List<String> values = new ArrayList<>();
        values.add(value);
        headers.put(name.toLowerCase(java.util.Locale.ROOT), values);
    }

    @Override
    public void addHeader(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), n -> new ArrayList<>()).add(value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, Long.toString(date));
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public Collection<String> getHeaderNames() {
        return List.copyOf(headers.keySet());
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding == null ? "ISO-8859-1" : characterEncoding;
    }

    @Override
    public void setContentLength(int len) {
    }

    @Override
    public void setContentLengthLong(long len) {
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener writeListener) {
                throw unsupported("ServletOutputStream.setWriteListener");
            }

            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
            }
        };
    }

    @Override
    public PrintWriter getWriter() {
        return new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
    }

    // ---- nothing a bearer-token filter should call

    @Override public void setBufferSize(int a0) { throw unsupported("setBufferSize"); }
    @Override public int getBufferSize() { throw unsupported("getBufferSize"); }
    @Override public void flushBuffer() throws IOException { throw unsupported("flushBuffer"); }
    @Override public void setLocale(java.util.Locale a0) { throw unsupported("setLocale"); }
    @Override public java.util.Locale getLocale() { throw unsupported("getLocale"); }
    @Override public void addCookie(jakarta.servlet.http.Cookie a0) { throw unsupported("addCookie"); }
    @Override public String encodeURL(String a0) { throw unsupported("encodeURL"); }
    @Override public String encodeRedirectURL(String a0) { throw unsupported("encodeRedirectURL"); }
    @Override public void sendRedirect(String a0) throws java.io.IOException { throw unsupported("sendRedirect"); }
    @Override public void addDateHeader(String a0, long a1) { throw unsupported("addDateHeader"); }
    @Override public void addIntHeader(String a0, int a1) { throw unsupported("addIntHeader"); }

    static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("BenchResponse." + method + " is not implemented: the filter "
                + "now calls it, so implement it in the benchmark harness");
    }
}
