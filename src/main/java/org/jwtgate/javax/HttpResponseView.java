package org.jwtgate.javax;

import java.io.IOException;

import javax.servlet.http.HttpServletResponse;

import org.jwtgate.internal.request.ResponseView;

/** How a refusal is written to a {@code javax.servlet} response: one stateless instance. */
enum HttpResponseView implements ResponseView<HttpServletResponse> {
    INSTANCE;

    @Override
    public boolean isCommitted(HttpServletResponse response) {
        return response.isCommitted();
    }

    @Override
    public void resetBuffer(HttpServletResponse response) {
        response.resetBuffer();
    }

    @Override
    public void setStatus(HttpServletResponse response, int status) {
        response.setStatus(status);
    }

    @Override
    public void setHeader(HttpServletResponse response, String name, String value) {
        response.setHeader(name, value);
    }

    @Override
    public void setContentType(HttpServletResponse response, String contentType) {
        response.setContentType(contentType);
    }

    @Override
    public void setContentLength(HttpServletResponse response, int length) {
        response.setContentLength(length);
    }

    @Override
    public void writeBytes(HttpServletResponse response, byte[] body) throws IOException {
        response.getOutputStream().write(body);
    }

    @Override
    public void writeText(HttpServletResponse response, String text) throws IOException {
        response.getWriter().write(text);
    }
}
