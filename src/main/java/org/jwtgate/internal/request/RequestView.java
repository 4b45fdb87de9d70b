package org.jwtgate.internal.request;

/**
 * What the gate reads of a request, as methods taking the request: each servlet adapter has one
 * stateless singleton implementation, so that asking allocates nothing per request and the gate
 * never sees a servlet type. Each method is a plain getter of the container's request, and may
 * throw whatever the container throws: the gate fails closed.
 *
 * @param <R> the adapter's request type
 */
public interface RequestView<R> extends HeaderSource<R> {

    /** The raw query string, or {@code null}. */
    String queryString(R request);

    /** Whether the container is dispatching to an error page ({@code DispatcherType.ERROR}). */
    boolean isErrorDispatch(R request);

    String servletPath(R request);

    /** May be {@code null}. */
    String pathInfo(R request);

    /** The raw request URI, as the client sent it (no query). */
    String requestUri(R request);

    String contextPath(R request);

    String method(R request);

    /**
     * The pattern ({@code *.css}) when the container mapped the request by an extension pattern,
     * else {@code null}. A container too old to say (Servlet 3.1) throws a {@link LinkageError}.
     */
    String extensionPattern(R request);

    /**
     * The name of the servlet the container mapped the request to when that is the default
     * mapping ({@code /}), else {@code null}. A container too old to say throws a {@link LinkageError}.
     */
    String defaultServletName(R request);

    /** The class name of the application's servlet of this name, or {@code null} when unknown. */
    String servletClassName(R request, String servletName);
}
