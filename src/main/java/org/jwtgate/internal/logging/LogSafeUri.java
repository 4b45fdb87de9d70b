package org.jwtgate.internal.logging;

import java.net.URI;

/**
 * A URI as it may appear in a log line, an exception message or {@code jwtgate verify}'s output:
 * {@code scheme://host[:port]/path} and nothing else. The query ({@code ?api_key=…}), the fragment
 * and any user-info are left out, because identity providers and proxies put credentials there;
 * the path stays percent-encoded, so no decoded control character reaches a log.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogSafeUri {

    private LogSafeUri() {
    }

    /** The log-safe form of {@code uri}; {@code (none)} for {@code null}. */
    public static String of(URI uri) {
        if (uri == null) {
            return "(none)";
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            // No host to name (mailto:…, a registry-based authority with user-info only, …): the
            // scheme is all that is certainly free of credentials.
            return (uri.getScheme() == null ? "" : uri.getScheme() + ":") + "(not shown)";
        }
        StringBuilder out = new StringBuilder(64);
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        out.append(uri.getHost()); // user-info is never part of getHost()
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        if (path != null) {
            // Path parameters (";api_key=…") carry credentials as often as a query does.
            int parameters = path.indexOf(';');
            out.append(parameters < 0 ? path : path.substring(0, parameters) + ";…");
        }
        return out.toString();
    }
}
