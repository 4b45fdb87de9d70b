package org.jwtgate.internal.logging;

import java.net.URI;
import java.nio.charset.StandardCharsets;

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
            out.append(parameters < 0 ? path : path.substring(0, parameters));
            return visible(out) + (parameters < 0 ? "" : ";…");
        }
        return visible(out);
    }

    /**
     * Printable ASCII only: a URL from the network (an issuer's metadata) may hold other characters
     * unescaped, bidirectional overrides and zero-width ones among them, which would make a log
     * line read other than it is. Each is shown percent-encoded, as UTF-8.
     */
    private static String visible(CharSequence text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x20 && c < 0x7f) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
            for (byte b : text.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
            i = end - 1;
        }
        return out == null ? text.toString() : out.toString();
    }
}
