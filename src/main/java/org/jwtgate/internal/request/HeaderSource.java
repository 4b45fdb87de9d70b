package org.jwtgate.internal.request;

import java.util.Enumeration;

/**
 * A request's headers, read through a stateless accessor rather than a per-request object: the
 * adapter passes the container's request and one shared accessor, so reading a header allocates
 * nothing of JwtGate's.
 *
 * @param <R> the request type (a servlet request, or anything a test or the command line holds)
 */
@FunctionalInterface
public interface HeaderSource<R> {

    /**
     * The values of the header {@code name} (compared without case), as
     * {@code HttpServletRequest.getHeaders} gives them; {@code null} or empty when there are none.
     */
    Enumeration<String> headers(R request, String name);
}
