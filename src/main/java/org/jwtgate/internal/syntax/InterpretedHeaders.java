package org.jwtgate.internal.syntax;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Request header names that {@code claimHeaders} may not use, because something besides the
 * application reads them with a meaning of its own: the container, a proxy, a framework's
 * authentication or forwarding support. A claim header hides the client's header of the same name
 * and puts a claim's value in its place, so with one of these a claim (whose value a user may well
 * choose at the identity provider: a display name, an e-mail address) would be read as
 * credentials, as the client's address or the host the request was sent to, or as the request's
 * framing.
 *
 * <p>Refused, compared without case:
 * <ul>
 * <li>credentials and challenges: {@code Authorization}, {@code Proxy-Authorization},
 * {@code WWW-Authenticate}, {@code Authentication-Info}, {@code Cookie}, {@code Cookie2},
 * {@code Set-Cookie}, {@code Set-Cookie2}, {@code DPoP}, and client certificates passed on by a
 * proxy ({@code Client-Cert}, {@code Client-Cert-Chain}, {@code SSL_*}, {@code X-SSL-*},
 * {@code X-Client-Cert*}, {@code X-ARR-ClientCert});</li>
 * <li>message framing and connection handling: {@code Host}, {@code Content-*},
 * {@code Transfer-Encoding}, {@code TE}, {@code Trailer}, {@code Connection}, {@code Keep-Alive},
 * {@code Upgrade}, {@code HTTP2-Settings}, {@code Expect}, {@code Max-Forwards}, {@code Range},
 * {@code If-*};</li>
 * <li>what proxies add about the client and the original request: {@code Forwarded},
 * {@code X-Forwarded*}, {@code Via}, {@code X-Real-IP}, {@code X-Client-IP}, {@code True-Client-IP},
 * {@code X-Cluster-Client-IP}, {@code CF-Connecting-IP}, {@code Fastly-Client-IP},
 * {@code X-Original-*}, {@code X-Rewrite-URL}, {@code X-HTTP-Method-Override},
 * {@code X-HTTP-Method}, {@code X-Method-Override}, {@code Proxy-*};</li>
 * <li>what browsers alone may set, which applications trust for CSRF and CORS decisions:
 * {@code Origin}, {@code Referer}, {@code Sec-*}, {@code Access-Control-*}, and the CSRF tokens and
 * markers frameworks read: any name with {@code CSRF} or {@code XSRF} in it ({@code X-CSRF-Token},
 * {@code X-XSRF-TOKEN}, {@code OWASP-CSRFTOKEN}), {@code X-Requested-With}, {@code X-Requested-By}
 * (Jersey's {@code CsrfProtectionFilter} checks only that it is there).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class InterpretedHeaders {

    private static final Set<String> NAMES = Set.of(
            "authorization", "proxy-authorization", "www-authenticate", "authentication-info",
            "cookie", "cookie2", "set-cookie", "set-cookie2", "dpop", "client-cert", "client-cert-chain",
            "x-arr-clientcert",
            "host", "transfer-encoding", "te", "trailer", "connection", "keep-alive", "upgrade", "http2-settings",
            "expect", "max-forwards", "range",
            "forwarded", "via", "x-real-ip", "x-client-ip", "true-client-ip", "x-cluster-client-ip",
            "cf-connecting-ip", "fastly-client-ip", "x-rewrite-url", "x-http-method-override", "x-http-method",
            "x-method-override",
            "origin", "referer", "x-requested-with", "x-requested-by");

    private static final List<String> PREFIXES = List.of(
            "content-", "if-", "x-forwarded", "x-original-", "proxy-", "sec-", "access-control-",
            "ssl_", "x-ssl-", "x-client-cert");

    private InterpretedHeaders() {
    }

    public static boolean contains(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        if (NAMES.contains(name) || name.contains("csrf") || name.contains("xsrf")) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
