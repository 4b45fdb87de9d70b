package org.jwtgate.internal.request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A response that records what is done to it, one line per call, through its {@link #VIEW}: the
 * refusal writing tested without a servlet container or a mock.
 *
 * <p>Not thread-safe: one per test.
 */
public final class RecordingResponse {

    /** The view {@code ErrorResponse.writeTo} writes through. */
    public static final ResponseView<RecordingResponse> VIEW = new ResponseView<>() {
        @Override
        public boolean isCommitted(RecordingResponse response) {
            return response.committed;
        }

        @Override
        public void resetBuffer(RecordingResponse response) {
            response.calls.add("resetBuffer");
        }

        @Override
        public void setStatus(RecordingResponse response, int status) {
            response.calls.add("status " + status);
        }

        @Override
        public void setHeader(RecordingResponse response, String name, String value) {
            response.calls.add(name + ": " + value);
        }

        @Override
        public void setContentType(RecordingResponse response, String contentType) {
            response.calls.add("Content-Type: " + contentType);
        }

        @Override
        public void setContentLength(RecordingResponse response, int length) {
            response.calls.add("Content-Length: " + length);
        }

        @Override
        public void writeBytes(RecordingResponse response, byte[] body) {
            if (response.writerTaken) {
                throw new IllegalStateException("getWriter() has been called");
            }
            response.calls.add("bytes " + new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void writeText(RecordingResponse response, String text) throws IOException {
            response.calls.add("text " + text);
        }
    };

    final List<String> calls = new ArrayList<>();
    boolean committed;
    boolean writerTaken;

    public List<String> calls() {
        return calls;
    }

    /** As if an earlier filter had sent the response. */
    public RecordingResponse committed() {
        committed = true;
        return this;
    }

    /** As if an earlier filter had called {@code getWriter()}. */
    public RecordingResponse writerTaken() {
        writerTaken = true;
        return this;
    }
}
