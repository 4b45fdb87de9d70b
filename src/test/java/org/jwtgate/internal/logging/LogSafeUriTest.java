package org.jwtgate.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** What of a URL may reach a log line: scheme, host, port and path, never user-info, query or fragment. */
class LogSafeUriTest {

    @Test
    void logSafeUri_queryFragmentAndUserInfo_leftOut() {
        assertEquals("https://idp.example:8443/realms/a/jwks",
                LogSafeUri.of(URI.create("https://user:pa55@idp.example:8443/realms/a/jwks?api_key=x#frag")));
        assertEquals("https://idp.example/jwks", LogSafeUri.of(URI.create("https://idp.example/jwks?x=1")));
        assertEquals("https://[::1]:9/a%0Ab", LogSafeUri.of(URI.create("https://[::1]:9/a%0Ab?y")),
                "the path stays encoded: no decoded line break reaches a log");
        assertEquals("https:(not shown)", LogSafeUri.of(URI.create("https://user@/x")));
        assertEquals("https://idp.example/jwks;…", LogSafeUri.of(URI.create("https://idp.example/jwks;api_key=x/y")),
                "path parameters are left out like a query");
        assertEquals("(none)", LogSafeUri.of(null));
        assertEquals("https://idp.example/a%E2%80%AEb%E2%80%8Bc", LogSafeUri.of(URI.create("https://idp.example/a\u202eb\u200bc")),
                "a URL from the network shows no bidirectional or zero-width character");
    }
}
