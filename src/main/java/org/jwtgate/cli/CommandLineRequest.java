package org.jwtgate.cli;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.jwtgate.internal.request.RequestView;

/**
 * The one request {@code jwtgate verify --method --path} sends through the filter's core: that
 * method and path (within the context, as a client sends it, so a container's servlet path and
 * JwtGate's own reading of the URI are both this text), and the token as the only header.
 *
 * <p>Immutable and thread-safe.
 */
final class CommandLineRequest {

    /** Reads a {@link CommandLineRequest}; stateless. */
    static final RequestView<CommandLineRequest> VIEW = new RequestView<>() {
        @Override
        public Enumeration<String> headers(CommandLineRequest request, String name) {
            return name.equalsIgnoreCase("Authorization") ? Collections.enumeration(List.of(request.authorization))
                    : Collections.emptyEnumeration();
        }

        @Override
        public String queryString(CommandLineRequest request) {
            return null;
        }

        @Override
        public boolean isErrorDispatch(CommandLineRequest request) {
            return false;
        }

        @Override
        public String servletPath(CommandLineRequest request) {
            return request.path;
        }

        @Override
        public String pathInfo(CommandLineRequest request) {
            return null;
        }

        @Override
        public String requestUri(CommandLineRequest request) {
            return request.path;
        }

        @Override
        public String contextPath(CommandLineRequest request) {
            return "";
        }

        @Override
        public String method(CommandLineRequest request) {
            return request.method;
        }

        @Override
        public String extensionPattern(CommandLineRequest request) {
            return null; // how a container would map it is unknown here: an extension exclusion stays closed
        }

        @Override
        public String defaultServletName(CommandLineRequest request) {
            return null;
        }

        @Override
        public String servletClassName(CommandLineRequest request, String servletName) {
            return null;
        }
    };

    final String method;
    final String path;
    final String authorization;

    CommandLineRequest(String method, String path, String authorization) {
        this.method = method;
        this.path = path;
        this.authorization = authorization;
    }
}
