package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.jose.TokenRejection;

class BearerTokenExtractorTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

    private static BearerTokenExtractor extractor(UnaryOperator<JwtGateSettings.Builder> configure) {
        JwtGateSettings.Builder builder = JwtGateSettings.builder()
                .algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:UNUSED"));
        return new BearerTokenExtractor(configure.apply(builder).build());
    }

    private static BearerTokenExtractor plain() {
        return extractor(b -> b);
    }

    /** Header lookup as a servlet container does it: names without case, several values per name. */
    private static Function<String, Enumeration<String>> headers(Map<String, List<String>> values) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(values);
        return name -> Collections.enumeration(byName.getOrDefault(name, List.of()));
    }

    private static Function<String, Enumeration<String>> authorization(String... values) {
        return headers(Map.of("Authorization", List.of(values)));
    }

    private static Reason rejection(BearerTokenExtractor extractor, Function<String, Enumeration<String>> headers,
            String query) {
        return assertThrows(TokenRejection.class, () -> extractor.extract(headers, query)).reason();
    }

    // --- Authorization header: scheme and spacing ---

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "bearer ", "BEARER ", "bEaReR "})
    void extract_schemeInAnyCase_returnsToken(String scheme) throws TokenRejection {
        assertEquals(TOKEN, plain().extract(authorization(scheme + TOKEN), null));
    }

    @Test
    void extract_severalSpacesAfterScheme_returnsToken() throws TokenRejection {
        assertEquals(TOKEN, plain().extract(authorization("Bearer    " + TOKEN), null));
    }

    @Test
    void extract_noHeaders_returnsNull() throws TokenRejection {
        assertNull(plain().extract(headers(Map.of()), null));
    }

    @Test
    void extract_tabAfterScheme_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer\t" + TOKEN), null));
    }

    @Test
    void extract_schemeWithNothingAfterIt_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer"), null));
    }

    @Test
    void extract_schemeFollowedBySeparatorInsteadOfSpace_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer=" + TOKEN), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "Bearer    ", "Bearer \t"})
    void extract_emptyToken_invalidRequest(String header) {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization(header), null));
    }

    @Test
    void extract_trailingDataAfterToken_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer a b"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {", Bearer ", "\"Bearer ", "(Bearer) ", "@ "})
    void extract_headerNotStartingWithASchemeName_invalidRequest(String prefix) {
        // Such a header is malformed, not "no token": optional mode must not pass it through as anonymous.
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization(prefix + TOKEN), null));
    }

    @Test
    void extract_commaSeparatedCredentials_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer a, Bearer b"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "ab\"c", "'abc'"})
    void extract_quotedToken_invalidRequest(String token) {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer " + token), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab\u0000c", "ab\u0001c", "abc\u0000", "ab\rc", "ab\nc", "ab\u007fc", "abc\u0085"})
    void extract_controlCharacterInToken_invalidRequest(String token) {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer " + token), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\u00e9", "\u00e9abc", "ab\u0430c", "abc\uff0e", "ab\ud83d\ude00c"})
    void extract_nonAsciiInToken_invalidRequest(String token) {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer " + token), null));
    }

    @Test
    void extract_twoAuthorizationHeaders_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer " + TOKEN, "Bearer " + TOKEN), null));
    }

    @Test
    void extract_twoAuthorizationHeadersOneBasic_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST,
                rejection(plain(), authorization("Basic dXNlcjpwYXNz", "Bearer " + TOKEN), null));
    }

    // --- Authorization header: other schemes ---

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Digest username=\"a\"", "Negotiate YIIB", "DPoP " + TOKEN,
            "Bearerx abc", "xBearer abc", "Bearer-abc def", "Bearer_ abc", "Bear abc"})
    void extract_otherSchemeOrLookAlike_returnsNull(String header) throws TokenRejection {
        assertNull(plain().extract(authorization(header), null));
    }

    // --- b64token syntax ---

    @ParameterizedTest
    @ValueSource(strings = {"abc=", "abc==", "a~b", "a+b", "a/b", "a-b_c.d", "AZaz09-._~+/=", "x"})
    void extract_b64tokenSyntax_returnsTokenUnchanged(String token) throws TokenRejection {
        assertEquals(token, plain().extract(authorization("Bearer " + token), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "==abc", "ab=c", "abc=d=", "a=b=", "a:b", "a@b", "a%41b", "a,b", "a;b", "a\\b", "a*b",
            "a!b", "a#b"})
    void extract_notB64token_invalidRequest(String token) {
        assertEquals(Reason.INVALID_REQUEST, rejection(plain(), authorization("Bearer " + token), null));
    }

    // --- length ---

    @Test
    void extract_tokenOfExactlyMaxLength_returnsToken() throws TokenRejection {
        String token = "a".repeat(40);
        assertEquals(token, extractor(b -> b.maxTokenLength(40)).extract(authorization("Bearer " + token), null));
    }

    @Test
    void extract_tokenOneLongerThanMax_tokenTooLong() {
        String token = "a".repeat(41);
        assertEquals(Reason.TOKEN_TOO_LONG,
                rejection(extractor(b -> b.maxTokenLength(40)), authorization("Bearer " + token), null));
    }

    @Test
    void extract_defaultMaxLengthExceeded_tokenTooLong() {
        String token = "a".repeat(JwtGateSettings.DEFAULT_MAX_TOKEN_LENGTH + 1);
        assertEquals(Reason.TOKEN_TOO_LONG, rejection(plain(), authorization("Bearer " + token), null));
    }

    @Test
    void extract_cookieTokenLongerThanMax_tokenTooLong() {
        String token = "a".repeat(41);
        BearerTokenExtractor extractor = extractor(b -> b.maxTokenLength(40).tokenCookie("jwt"));
        assertEquals(Reason.TOKEN_TOO_LONG, rejection(extractor, headers(Map.of("Cookie", List.of("jwt=" + token))), null));
    }

    @Test
    void extract_queryTokenLongerThanMax_tokenTooLong() {
        String token = "a".repeat(41);
        BearerTokenExtractor extractor = extractor(b -> b.maxTokenLength(40).allowQueryParameter(true));
        assertEquals(Reason.TOKEN_TOO_LONG, rejection(extractor, headers(Map.of()), "access_token=" + token));
    }

    // --- cookie ---

    private static BearerTokenExtractor withCookie() {
        return extractor(b -> b.tokenCookie("jwt"));
    }

    private static Function<String, Enumeration<String>> cookies(String... headerValues) {
        return headers(Map.of("Cookie", List.of(headerValues)));
    }

    @Test
    void extract_configuredCookie_returnsToken() throws TokenRejection {
        assertEquals(TOKEN, withCookie().extract(cookies("theme=dark; jwt=" + TOKEN + "; lang=en"), null));
    }

    @Test
    void extract_configuredCookieQuoted_returnsUnquotedToken() throws TokenRejection {
        assertEquals(TOKEN, withCookie().extract(cookies("jwt=\"" + TOKEN + "\""), null));
    }

    @Test
    void extract_twoCookiesOfThatNameInOneHeader_multipleTokens() {
        assertEquals(Reason.MULTIPLE_TOKENS, rejection(withCookie(), cookies("jwt=" + TOKEN + "; jwt=" + TOKEN), null));
    }

    @Test
    void extract_twoCookiesOfThatNameInTwoHeaders_multipleTokens() {
        assertEquals(Reason.MULTIPLE_TOKENS, rejection(withCookie(), cookies("jwt=abc", "jwt=def"), null));
    }

    @Test
    void extract_emptyCookie_ignored() throws TokenRejection {
        assertNull(withCookie().extract(cookies("jwt=; theme=dark"), null));
    }

    @Test
    void extract_emptyCookieBesideRealOne_returnsRealToken() throws TokenRejection {
        assertEquals(TOKEN, withCookie().extract(cookies("jwt=; jwt=" + TOKEN), null));
    }

    @Test
    void extract_emptyCookieBesideHeaderToken_returnsHeaderToken() throws TokenRejection {
        Function<String, Enumeration<String>> headers = headers(Map.of(
                "Authorization", List.of("Bearer " + TOKEN), "Cookie", List.of("jwt=")));
        assertEquals(TOKEN, withCookie().extract(headers, null));
    }

    @Test
    void extract_cookieWithOtherName_ignored() throws TokenRejection {
        assertNull(withCookie().extract(cookies("jwtx=" + TOKEN + "; xjwt=" + TOKEN), null));
    }

    @Test
    void extract_cookieNotConfigured_ignored() throws TokenRejection {
        assertNull(plain().extract(cookies("jwt=" + TOKEN), null));
    }

    @Test
    void extract_cookieNotConfiguredBesideHeaderToken_returnsHeaderToken() throws TokenRejection {
        Function<String, Enumeration<String>> headers = headers(Map.of(
                "Authorization", List.of("Bearer " + TOKEN), "Cookie", List.of("jwt=other")));
        assertEquals(TOKEN, plain().extract(headers, null));
    }

    @Test
    void extract_cookieValueNotB64token_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(withCookie(), cookies("jwt=a,b"), null));
    }

    // --- query parameter ---

    private static BearerTokenExtractor withQuery() {
        return extractor(b -> b.allowQueryParameter(true));
    }

    @Test
    void extract_otherQueryParametersMalformed_ignored() throws TokenRejection {
        // A bad escape in someone else's parameter is the application's business, not a 400 here.
        assertEquals(TOKEN, withQuery().extract(headers(Map.of()), "q=%zz&access_token=" + TOKEN + "&%zz=1"));
        assertEquals(TOKEN, withQuery().extract(authorization("Bearer " + TOKEN), "q=%zz"));
    }

    @Test
    void extract_queryParameterNamePercentEncoded_recognised() throws TokenRejection {
        assertEquals(TOKEN, withQuery().extract(headers(Map.of()), "access%5Ftoken=" + TOKEN));
    }

    @Test
    void extract_queryParameterAllowed_returnsToken() throws TokenRejection {
        assertEquals(TOKEN, withQuery().extract(headers(Map.of()), "page=2&access_token=" + TOKEN + "&x=y"));
    }

    @Test
    void extract_queryParameterPercentEncoded_returnsDecodedToken() throws TokenRejection {
        assertEquals("a+b/c~d", withQuery().extract(headers(Map.of()), "access_token=a%2Bb%2fc%7Ed"));
    }

    @Test
    void extract_queryParameterNamePercentEncoded_returnsToken() throws TokenRejection {
        assertEquals(TOKEN, withQuery().extract(headers(Map.of()), "access%5Ftoken=" + TOKEN));
    }

    @Test
    void extract_queryParameterTwice_multipleTokens() {
        assertEquals(Reason.MULTIPLE_TOKENS,
                rejection(withQuery(), headers(Map.of()), "access_token=" + TOKEN + "&access_token=" + TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token=abc%", "access_token=abc%2", "access_token=a%zzb", "access_token=a%G1b"})
    void extract_queryParameterBadPercentEscape_invalidRequest(String query) {
        assertEquals(Reason.INVALID_REQUEST, rejection(withQuery(), headers(Map.of()), query));
    }

    @Test
    void extract_queryParameterDecodingToNonB64token_invalidRequest() {
        assertEquals(Reason.INVALID_REQUEST, rejection(withQuery(), headers(Map.of()), "access_token=a%20b"));
    }

    @Test
    void extract_queryParameterNotAllowed_ignored() throws TokenRejection {
        assertNull(plain().extract(headers(Map.of()), "access_token=" + TOKEN));
    }

    @Test
    void extract_queryParameterNotAllowedBesideHeaderToken_returnsHeaderToken() throws TokenRejection {
        assertEquals(TOKEN, plain().extract(authorization("Bearer " + TOKEN), "access_token=other"));
    }

    // --- several places ---

    @Test
    void extract_headerAndCookie_multipleTokens() {
        Function<String, Enumeration<String>> headers = headers(Map.of(
                "Authorization", List.of("Bearer " + TOKEN), "Cookie", List.of("jwt=" + TOKEN)));
        assertEquals(Reason.MULTIPLE_TOKENS, rejection(withCookie(), headers, null));
    }

    @Test
    void extract_headerAndQuery_multipleTokens() {
        assertEquals(Reason.MULTIPLE_TOKENS,
                rejection(withQuery(), authorization("Bearer " + TOKEN), "access_token=" + TOKEN));
    }

    @Test
    void extract_cookieAndQuery_multipleTokens() {
        BearerTokenExtractor extractor = extractor(b -> b.tokenCookie("jwt").allowQueryParameter(true));
        assertEquals(Reason.MULTIPLE_TOKENS, rejection(extractor, cookies("jwt=" + TOKEN), "access_token=" + TOKEN));
    }

    @Test
    void extract_basicHeaderAndQueryToken_returnsQueryToken() throws TokenRejection {
        assertEquals(TOKEN, withQuery().extract(authorization("Basic dXNlcjpwYXNz"), "access_token=" + TOKEN));
    }
}
