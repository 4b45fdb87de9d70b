package org.jwtgate.internal.request;

import java.io.IOException;

/**
 * What {@link ErrorResponse#writeTo} does to a response, as methods taking the response: each
 * servlet adapter has one stateless singleton implementation, so that refusals are written by one
 * piece of servlet-free code for both namespaces.
 *
 * @param <S> the adapter's response type
 */
public interface ResponseView<S> {

    boolean isCommitted(S response);

    void resetBuffer(S response);

    void setStatus(S response, int status);

    void setHeader(S response, String name, String value);

    void setContentType(S response, String contentType);

    void setContentLength(S response, int length);

    /**
     * Writes {@code body} to the response's output stream; throws {@link IllegalStateException}
     * when an earlier filter already took the writer.
     */
    void writeBytes(S response, byte[] body) throws IOException;

    /** Writes {@code text} to the response's writer. */
    void writeText(S response, String text) throws IOException;
}
