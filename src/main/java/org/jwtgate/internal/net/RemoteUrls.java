package org.jwtgate.internal.net;

import java.net.URI;
import java.util.Locale;

/**
 * The one rule for every URL JwtGate fetches from (a JWK Set, an issuer's metadata, the
 * {@code jwks_uri} that metadata names): absolute, with a host, no user-info and no fragment, and
 * {@code https}, or plain {@code http} to a loopback host (tests, sidecars). A key fetched in clear
 * over a network could be anyone's.
 *
 * <p>Stateless and thread-safe.
 */
public final class RemoteUrls {

    private RemoteUrls() {
    }

    /** Whether keys or metadata may be fetched from {@code uri}. */
    public static boolean isAllowed(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost());
    }

    /**
     * Whether two issuer URLs differ, and only by a trailing slash: the most common issuer
     * misconfiguration (Auth0 writes its issuers with one, Keycloak without), which a log line or
     * {@code jwtgate verify} then names. Issuers are still compared exactly.
     */
    public static boolean differOnlyByTrailingSlash(String one, String other) {
        return !one.equals(other) && withoutTrailingSlash(one).equals(withoutTrailingSlash(other));
    }

    private static String withoutTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** {@code localhost}, 127.0.0.0/8 or {@code [::1]}. */
    public static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1")
                || bare.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
