package org.jwtgate.testing;

import java.io.ByteArrayOutputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One request as a container hands it to JwtGate, and everything that came back, in neither servlet
 * namespace: each namespace's test bridge ({@code TestAuthModules}) shows it to the code under test
 * as that namespace's {@code HttpServletRequest} and {@code HttpServletResponse}, and records here
 * what the code did with them. The request is {@code GET /app/resource} on a request dispatch, with
 * the given headers and query string; the resource needs a caller.
 *
 * <p>What the stand-ins are not prepared for is noted ({@link #unexpectedCalls()}) rather than
 * guessed at, so a test learns when the code asks something new of the container.
 *
 * <p>Not thread-safe: one exchange is one request on one thread.
 */
public final class ServletExchange {

    public static final String METHOD = "GET";
    public static final String CONTEXT_PATH = "/app";
    public static final String SERVLET_PATH = "/resource";

    private final Function<String, Enumeration<String>> headers;
    private final String query;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    private int status = 200;
    private final Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private String authStatus;
    private int callbackCalls;
    private final List<String> callbackTypes = new ArrayList<>();
    private Principal caller;
    private List<String> groups;
    private final Map<String, Object> messageInfo = new LinkedHashMap<>();
    private final List<String> unexpectedCalls = new ArrayList<>();

    /** @param headers the request's header values by name (names without case), possibly throwing */
    public ServletExchange(Function<String, Enumeration<String>> headers, String query) {
        this.headers = headers;
        this.query = query;
    }

    // --- the request ---

    public Enumeration<String> headers(String name) {
        return headers.apply(name);
    }

    public String query() {
        return query;
    }

    /** The request's attributes: whatever the code set and left. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    // --- the response ---

    public int status() {
        return status;
    }

    public void status(int status) {
        this.status = status;
    }

    /** Every header set, by name without case, in the order of its values. */
    public Map<String, List<String>> responseHeaders() {
        return responseHeaders;
    }

    public void setHeader(String name, String value) {
        List<String> values = new ArrayList<>();
        values.add(value);
        responseHeaders.put(name, values);
    }

    public void addHeader(String name, String value) {
        responseHeaders.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    /** What the response's output stream and writer receive (the writer in UTF-8). */
    public ByteArrayOutputStream body() {
        return body;
    }

    /** {@code resetBuffer()}: the body goes; status and headers stay, as in a container. */
    public void resetBuffer() {
        body.reset();
    }

    /** Whether the code touched the response at all. */
    public boolean responseUntouched() {
        return status == 200 && responseHeaders.isEmpty() && body.size() == 0;
    }

    // --- the authentication module's side ---

    /** The name of the {@code AuthStatus} {@code validateRequest} returned. */
    public String authStatus() {
        return authStatus;
    }

    public void authStatus(String authStatus) {
        this.authStatus = authStatus;
    }

    /** How many times the container's callback handler was called. */
    public int callbackCalls() {
        return callbackCalls;
    }

    /** The simple class names of the callbacks handed to the handler, in order, over all calls. */
    public List<String> callbackTypes() {
        return callbackTypes;
    }

    public void handled(List<String> types) {
        callbackCalls++;
        callbackTypes.addAll(types);
    }

    /** The principal of the {@code CallerPrincipalCallback}, or {@code null}. */
    public Principal caller() {
        return caller;
    }

    public void caller(Principal caller) {
        this.caller = caller;
    }

    /** The groups of the {@code GroupPrincipalCallback}, or {@code null} when there was none. */
    public List<String> groups() {
        return groups;
    }

    public void groups(String[] groups) {
        this.groups = groups == null ? null : List.of(groups);
    }

    /** The {@code MessageInfo} map, as the module left it. */
    public Map<String, Object> messageInfo() {
        return messageInfo;
    }

    /** Calls to the stand-ins that they do not model: each is answered with an exception. */
    public List<String> unexpectedCalls() {
        return Collections.unmodifiableList(unexpectedCalls);
    }

    /** Notes a call the stand-ins do not model, and gives the exception to throw for it. */
    public UnsupportedOperationException unexpected(String call) {
        unexpectedCalls.add(call);
        return new UnsupportedOperationException("the test's stand-in does not model " + call);
    }
}
