package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Request syntax (RFC 6750, RFC 9110), byte for byte on a real container: how the credentials are
 * written must never let a request through anonymously that carries a bearer token, nor let one
 * request carry two. Scheme case and spacing, tabs and non-ASCII separators, trailing data,
 * several credentials, duplicate {@code Authorization} headers, a token in the header and in a
 * cookie, the query or a form body (which is never read), other and look-alike schemes, control
 * characters. Where the container itself refuses a request (some do for control characters or
 * folded headers), that is fine: the application is still never invoked.
 */
class RequestSyntaxAttackIT {

    @RegisterExtension
    @Order(1)
    static final CellServer server = new CellServer();
    @RegisterExtension
    @Order(2)
    static final LeakGuard leaks = new LeakGuard();

    static byte[] secret;
    /** mode required; the token only from the Authorization header. */
    static Deployment app;
    /** mode required; tokens also from the cookie "at" and the query. */
    static Deployment everywhere;
    /** mode optional; tokens also from the cookie "at" and the query. */
    static Deployment optional;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        LeakGuard.secret(secret);
        app = server.deploy(server.hs256());
        everywhere = server.deploy(server.hs256("tokenCookie", "at", "allowQueryParameter", "true"));
        optional = server.deploy(server.hs256("mode", "optional", "tokenCookie", "at", "allowQueryParameter", "true"));
    }

    private static String token() {
        return Tokens.hs256(secret).sign();
    }

    private static String bob() {
        return Tokens.hs256(secret).subject("bob").sign();
    }

    private static void assertAlice(HttpReply reply) {
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"), reply::toString);
    }

    /** Refused by the filter (400 or 401 with an error) or by the container: never served. */
    private static void assertNeverServed(Deployment deployment, String path, String... lines) {
        HttpReply reply = refused(deployment, () -> deployment.raw(path, lines));
        assertTrue(reply.status() >= 400, reply::toString);
    }

    /** Served, if at all, only without an identity: the token was not taken. */
    private static void assertNotAuthenticated(HttpReply reply) {
        if (reply.status() == 200) {
            assertEquals(Dump.NONE, reply.dump().get("remoteUser"), reply::toString);
        } else {
            assertTrue(reply.status() >= 400, reply::toString);
        }
    }

    // --- the scheme and its spacing ---

    @Test
    void bearerSchemeInAnyCase_accepted() {
        assertAlice(app.raw("/x", "authorization: bearer " + token()));
        assertAlice(app.raw("/x", "Authorization: BEARER " + token()));
        assertAlice(app.raw("/x", "AUTHORIZATION: BeArEr " + token()));
    }

    @Test
    void extraSpacesAroundSchemeAndToken_accepted() {
        assertAlice(app.raw("/x", "Authorization:    Bearer    " + token() + "   "));
        assertAlice(app.raw("/x", "Authorization:\tBearer " + token() + "\t"));
    }

    @Test
    void noSpaceBetweenSchemeAndToken_neverAuthenticated() {
        // "BearereyJ…" is another scheme's name to RFC 9110: not a bearer token at all.
        assertNoTokenChallenge(refused(app, () -> app.raw("/x", "Authorization: Bearer" + token())), null);
        assertNotAuthenticated(optional.raw("/x", "Authorization: Bearer" + token()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\t", "\u00a0", "\u00e2\u0080\u0083", "\u00e3\u0080\u0080", "\u00e2\u0080\u008b", "\u0085"})
    void tabOrNonAsciiSeparatorAfterScheme_refused(String separator) {
        // Written as ISO-8859-1 bytes: NBSP, and the UTF-8 bytes of EM SPACE, IDEOGRAPHIC SPACE, ZWSP, and NEL.
        assertNeverServed(app, "/x", "Authorization: Bearer" + separator + token());
        assertNeverServed(optional, "/x", "Authorization: Bearer" + separator + token());
    }

    @Test
    void tabBetweenSchemeAndToken_refused400() {
        // RFC 6750 §2.1: one or more SP, nothing else. Containers pass the tab; JwtGate refuses it.
        assertRefused(refused(app, () -> app.raw("/x", "Authorization: Bearer\t" + token())), 400, "invalid_request");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"!", "%", "@", "\\", "{", "$"})
    void characterOutsideB64token_refused400(String character) {
        String forged = token().replace('.', character.charAt(0));
        assertRefused(refused(app, () -> app.raw("/x", "Authorization: Bearer " + forged)), 400, "invalid_request");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u001b", "\u007f", "\r"})
    void controlCharacterInCredentials_refused(String control) {
        String t = token();
        int middle = t.length() / 2;
        assertNeverServed(optional, "/x", "Authorization: Bearer " + t.substring(0, middle) + control + t.substring(middle));
        assertNeverServed(optional, "/x", "Authorization: Bearer" + control + t);
        assertNeverServed(app, "/x", "Authorization: Bearer " + t + control);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {" extra", ",", ";", " realm=\"x\"", " " + "eyJhbGciOiJub25lIn0.e30.", "\" \"", "/ x"})
    void trailingDataAfterToken_refused(String trailing) {
        HttpReply reply = refused(app, () -> app.raw("/x", "Authorization: Bearer " + token() + trailing));
        assertRefused(reply, 400, "invalid_request");
        assertNeverServed(optional, "/x", "Authorization: Bearer " + token() + trailing);
    }

    // --- several credentials ---

    static Stream<Arguments> severalCredentials() {
        String t = token();
        String b = bob();
        return Stream.of(
                Arguments.of(Named.of("two Authorization headers", List.of("Authorization: Bearer " + t,
                        "Authorization: Bearer " + b))),
                Arguments.of(Named.of("the same header twice", List.of("Authorization: Bearer " + t,
                        "Authorization: Bearer " + t))),
                Arguments.of(Named.of("names differing in case", List.of("Authorization: Bearer " + b,
                        "AUTHORIZATION: Bearer " + t))),
                Arguments.of(Named.of("Basic then Bearer", List.of("Authorization: Basic YWxpY2U6cGFzc3dvcmQ=",
                        "Authorization: Bearer " + t))),
                Arguments.of(Named.of("an empty one then Bearer", List.of("Authorization: ", "Authorization: Bearer " + t))),
                Arguments.of(Named.of("two credentials in one header", List.of("Authorization: Bearer " + t + ", Bearer " + b))),
                Arguments.of(Named.of("Bearer then Basic in one header", List.of("Authorization: Bearer " + t
                        + ", Basic YWxpY2U6cGFzc3dvcmQ="))),
                Arguments.of(Named.of("two tokens after one scheme", List.of("Authorization: Bearer " + t + " " + b))),
                Arguments.of(Named.of("auth-params instead of a token", List.of("Authorization: Bearer token=\"" + t + "\""))),
                Arguments.of(Named.of("scheme without token", List.of("Authorization: Bearer"))),
                Arguments.of(Named.of("header list syntax, leading comma", List.of("Authorization: , Bearer " + t))),
                Arguments.of(Named.of("quoted credentials", List.of("Authorization: \"Bearer " + t + "\""))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("severalCredentials")
    void severalOrMalformedCredentials_refused400(List<String> lines) {
        for (Deployment deployment : List.of(app, optional)) {
            HttpReply reply = refused(deployment, () -> deployment.raw("/x", lines.toArray(String[]::new)));
            assertRefused(reply, 400, "invalid_request");
        }
    }

    @Test
    void otherSchemeBeforeBearerInOneHeader_neverAuthenticated() {
        // Another scheme's credentials are not JwtGate's to read, so the Bearer after the comma is
        // not either: no identity, and in mode required a plain 401.
        String line = "Authorization: Basic YWxpY2U6cGFzc3dvcmQ=, Bearer " + token();
        assertNoTokenChallenge(refused(app, () -> app.raw("/x", line)), null);
        assertNotAuthenticated(optional.raw("/x", line));
    }

    // --- one token from one place ---

    static Stream<Arguments> tokensFromTwoPlaces() {
        String t = token();
        String b = bob();
        return Stream.of(
                Arguments.of(Named.of("header and cookie", "/x"), List.of("Authorization: Bearer " + t, "Cookie: at=" + b)),
                Arguments.of(Named.of("header and query", "/x?access_token=" + b), List.of("Authorization: Bearer " + t)),
                Arguments.of(Named.of("cookie and query", "/x?access_token=" + b), List.of("Cookie: at=" + t)),
                Arguments.of(Named.of("query parameter twice", "/x?access_token=" + t + "&access_token=" + b), List.of()),
                Arguments.of(Named.of("query parameter, second one empty", "/x?access_token=" + t + "&access_token="),
                        List.of()),
                Arguments.of(Named.of("query parameter name percent-encoded", "/x?access%5Ftoken=" + b),
                        List.of("Authorization: Bearer " + t)),
                Arguments.of(Named.of("cookie twice in one header", "/x"), List.of("Cookie: at=" + t + "; at=" + b)),
                Arguments.of(Named.of("cookie in two headers", "/x"), List.of("Cookie: at=" + t, "Cookie: at=" + b)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tokensFromTwoPlaces")
    void tokensFromTwoPlaces_refused400(String path, List<String> lines) {
        for (Deployment deployment : List.of(everywhere, optional)) {
            HttpReply reply = refused(deployment, () -> deployment.raw(path, lines.toArray(String[]::new)));
            assertRefused(reply, 400, "invalid_request");
        }
    }

    @Test
    void tokenInCookieOrQueryWhereNotConfigured_neverRead() {
        assertNoTokenChallenge(refused(app, () -> app.get("/x", "Cookie", "access_token=" + token())), null);
        assertNoTokenChallenge(refused(app, () -> app.get("/x?access_token=" + token())), null);
        assertAlice(app.get("/x?access_token=" + bob(), "Authorization", "Bearer " + token(), "Cookie",
                "access_token=" + bob()));
    }

    @Test
    void lookAlikeQueryParameterOrCookie_neverRead() {
        for (String path : List.of("/x?ACCESS_TOKEN=", "/x?access_token%00=", "/x?access-token=", "/x?access_token%5B%5D=")) {
            assertNoTokenChallenge(refused(everywhere, () -> everywhere.get(path + token())), null);
        }
        assertNoTokenChallenge(refused(everywhere, () -> everywhere.get("/x", "Cookie", "AT=" + token())), null);
        assertNoTokenChallenge(refused(everywhere, () -> everywhere.get("/x", "Cookie", "at_=" + token())), null);
    }

    @Test
    void accessTokenInFormBody_neverRead() {
        // The filter reads the query string only: a form body stays unread (the application may
        // still read it), so a token there is no token, and no second token beside the header's.
        String form = "Content-Type: application/x-www-form-urlencoded";
        assertNoTokenChallenge(refused(everywhere, () -> everywhere.send("POST", "/x", "access_token=" + token(), form)),
                null);
        assertAlice(everywhere.send("POST", "/x", "access_token=" + bob(), form, "Authorization: Bearer " + token()));
        assertAlice(everywhere.send("POST", "/x?access_token=" + token(), "access_token=" + bob(), form));
        HttpReply anonymous = optional.send("POST", "/x", "access_token=" + token(), form);
        assertEquals(200, anonymous.status(), anonymous::toString);
        assertEquals(Dump.NONE, anonymous.dump().get("remoteUser"));
    }

    // --- other and look-alike schemes ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Basic YWxpY2U6cGFzc3dvcmQ=", "Digest username=\"alice\"", "Negotiate YIIB", "Token {t}",
        "JWT {t}", "Bearer-Token {t}", "BearerX {t}", "Bearer_ {t}", "Beare {t}", "XBearer {t}", "MAC {t}", "Bearer. {t}",
        "Be-arer {t}", ""})
    void otherOrLookAlikeScheme_noTokenNeverAuthenticated(String credentials) {
        String line = "Authorization: " + credentials.replace("{t}", token());
        assertNoTokenChallenge(refused(app, () -> app.raw("/x", line)), null);
        assertNotAuthenticated(optional.raw("/x", line));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\u00d0\u0092earer", "B\u00d0\u00b5arer", "\u00ef\u00bc\u00a2earer", "Bearer\u00e2\u0080\u008b",
        "\u00e2\u0080\u008bBearer", "Bear\u00c3\u00a9r", "BEARER\u00c4\u00b0"})
    void nonAsciiLookAlikeScheme_neverAuthenticated(String scheme) {
        // UTF-8 bytes of Cyrillic В and е, a fullwidth B, zero-width spaces, é, dotted İ, written
        // as the ISO-8859-1 characters a container decodes them to.
        String line = "Authorization: " + scheme + " " + token();
        HttpReply required = refused(app, () -> app.raw("/x", line));
        assertNotEquals(200, required.status(), required::toString);
        assertNotAuthenticated(optional.raw("/x", line));
    }

    @Test
    void unparsableBearerHeaderInModeOptional_refusedWithErrorNotAnonymous() {
        // A header that carries a bearer token but does not parse is not "no token": passing the
        // request on anonymously would let a forged credential through as if absent.
        String forged = Tokens.hs256(Keys.secret(32)).sign();
        for (String prefix : List.of(", Bearer ", "\"Bearer ", "; Bearer ")) {
            HttpReply reply = refused(optional, () -> optional.raw("/x", "Authorization: " + prefix + forged));
            assertTrue(reply.status() == 400 || reply.status() == 401, reply::toString);
            String challenge = reply.header("WWW-Authenticate");
            assertTrue(challenge != null && challenge.contains("error="),
                    () -> "an unparsable Bearer credential was answered as if the request had no token: " + reply);
        }
    }

    @Test
    void foldedAuthorizationHeader_neverAnonymousWithAToken() {
        // obs-fold (RFC 9110 §5.5): containers refuse it or unfold it; either way the token is
        // either used as written or the request is refused, never silently dropped.
        HttpReply reply = optional.raw("/x", "Authorization: Bearer\r\n " + token());
        if (reply.status() == 200) {
            String user = reply.dump().get("remoteUser");
            assertTrue(user.equals("alice") || user.equals(Dump.NONE), reply::toString);
        } else {
            assertTrue(reply.status() >= 400, reply::toString);
        }
        assertNeverServed(app, "/x", "Authorization: Bearer\r\n\t" + Tokens.hs256(Keys.secret(32)).sign());
    }

    @Test
    void tokenWithValidSyntaxButForged_stillRefusedInEveryPlace() {
        // The places a token may come from are equal before verification: a forged one fails from any.
        String forged = Tokens.hs256(Keys.secret(32)).sign();
        assertRefused(refused(optional, () -> optional.raw("/x", "Authorization: Bearer " + forged)), 401, "invalid_token");
        assertRefused(refused(optional, () -> optional.raw("/x", "Cookie: at=" + forged)), 401, "invalid_token");
        assertRefused(refused(optional, () -> optional.raw("/x?access_token=" + forged)), 401, "invalid_token");
        Map<String, String> seen = optional.raw("/x").dump();
        assertEquals(Dump.NONE, seen.get("remoteUser"));
    }
}
