package org.jwtgate.internal.request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Function;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.syntax.HttpSyntax;

/**
 * Finds the one bearer token of a request (RFC 6750): in the {@code Authorization} header, and
 * where configured in a cookie or the {@code access_token} query parameter.
 * <ul>
 * <li>The scheme is matched without case; it is followed by one or more spaces and a
 * {@code b64token}, and nothing else.</li>
 * <li>Two {@code Authorization} headers, a malformed bearer credential, several values, or tokens
 * from two places: 400 {@code invalid_request}.</li>
 * <li>Another scheme ({@code Basic …}) is no bearer token at all.</li>
 * <li>A token longer than {@code maxTokenLength} is refused before anything decodes it.</li>
 * </ul>
 * The query string is parsed from the raw text: the request body is never read.
 *
 * <p>Immutable and thread-safe.
 */
public final class BearerTokenExtractor {

    private static final String AUTHORIZATION = "Authorization";
    private static final String QUERY_PARAMETER = "access_token";
    /**
     * The b64token characters, by ASCII code: one load per character instead of up to ten compares,
     * on a scan of the whole token that every cache miss pays (issue 19).
     */
    private static final boolean[] B64TOKEN = b64TokenChars();

    private final String cookieName;
    private final boolean queryAllowed;
    private final int maxTokenLength;

    public BearerTokenExtractor(JwtGateSettings settings) {
        this.cookieName = settings.tokenCookie();
        this.queryAllowed = settings.allowQueryParameter();
        this.maxTokenLength = settings.maxTokenLength();
    }

    /**
     * @param headers     header name to its values, as {@code HttpServletRequest::getHeaders}
     * @param queryString the raw query string, or {@code null}
     * @return the token, or {@code null} when the request carries none
     */
    public String extract(Function<String, Enumeration<String>> headers, String queryString) throws TokenRejection {
        return extract(headers, Function::apply, queryString);
    }

    /** As {@link #extract(Function, String)}, reading the request's headers through {@code headers}. */
    public <R> String extract(R request, HeaderSource<R> headers, String queryString) throws TokenRejection {
        String token = fromAuthorization(headers.headers(request, AUTHORIZATION));
        if (cookieName != null) {
            token = oneOf(token, fromCookies(headers.headers(request, "Cookie")));
        }
        if (queryAllowed && queryString != null) {
            token = oneOf(token, fromQuery(queryString));
        }
        return token;
    }

    /**
     * Whether the request may carry a token somewhere other than the {@code Authorization}
     * header: only then must the full extraction look for a second one. Errs towards "maybe".
     */
    public boolean mayHaveOtherSources(Function<String, Enumeration<String>> headers, String queryString) {
        return mayHaveOtherSources(headers, Function::apply, queryString);
    }

    /** As {@link #mayHaveOtherSources(Function, String)}, reading the request's headers through {@code headers}. */
    public <R> boolean mayHaveOtherSources(R request, HeaderSource<R> headers, String queryString) {
        if (queryAllowed && queryString != null && (queryString.contains("access") || queryString.indexOf('%') >= 0)) {
            return true;
        }
        if (cookieName != null) {
            Enumeration<String> cookies = headers.headers(request, "Cookie");
            while (cookies != null && cookies.hasMoreElements()) {
                String cookie = cookies.nextElement();
                if (cookie != null && cookie.contains(cookieName)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The bearer token in one {@code Authorization} header value, checked as {@link #extract} checks it. */
    public String fromAuthorizationValue(String value) throws TokenRejection {
        return fromAuthorization(Collections.enumeration(Collections.singletonList(value)));
    }

    private static String oneOf(String first, String second) throws TokenRejection {
        if (first != null && second != null) {
            throw new TokenRejection(Reason.MULTIPLE_TOKENS);
        }
        return first != null ? first : second;
    }

    private String fromAuthorization(Enumeration<String> values) throws TokenRejection {
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            throw new TokenRejection(Reason.INVALID_REQUEST);
        }
        if (value == null) {
            return null;
        }
        int start = 0;
        int end = value.length();
        while (start < end && isOws(value.charAt(start))) {
            start++;
        }
        while (end > start && isOws(value.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null; // an empty header carries no credentials
        }
        int schemeEnd = start;
        while (schemeEnd < end && HttpSyntax.isTchar(value.charAt(schemeEnd))) {
            schemeEnd++;
        }
        if (schemeEnd == start) {
            // Not even a scheme (", Bearer …", "\"Bearer …"): malformed, never "no token", or
            // optional mode would let a forged credential through as anonymous.
            throw new TokenRejection(Reason.INVALID_REQUEST);
        }
        if (schemeEnd - start != 6 || !value.regionMatches(true, start, "Bearer", 0, 6)) {
            return null; // another scheme (Basic, Digest…): not ours
        }
        int tokenStart = schemeEnd;
        while (tokenStart < end && value.charAt(tokenStart) == ' ') {
            tokenStart++;
        }
        if (tokenStart == schemeEnd || tokenStart == end) {
            throw new TokenRejection(Reason.INVALID_REQUEST);
        }
        return checked(value, tokenStart, end);
    }

    private String fromCookies(Enumeration<String> cookieHeaders) throws TokenRejection {
        String found = null;
        while (cookieHeaders != null && cookieHeaders.hasMoreElements()) {
            String header = cookieHeaders.nextElement();
            if (header == null) {
                continue;
            }
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals < 0 || !pair.substring(0, equals).trim().equals(cookieName)) {
                    continue;
                }
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (value.isEmpty()) {
                    continue; // a cleared cookie carries no token
                }
                if (found != null) {
                    throw new TokenRejection(Reason.MULTIPLE_TOKENS);
                }
                found = checked(value, 0, value.length());
            }
        }
        return found;
    }

    private String fromQuery(String queryString) throws TokenRejection {
        String found = null;
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            if (!isQueryParameterName(rawName)) {
                continue; // other parameters are the application's business, well-formed or not
            }
            if (found != null) {
                throw new TokenRejection(Reason.MULTIPLE_TOKENS);
            }
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (value.isEmpty()) {
                throw new TokenRejection(Reason.INVALID_REQUEST);
            }
            found = checked(value, 0, value.length());
        }
        return found;
    }

    private static boolean isQueryParameterName(String rawName) {
        if (rawName.equals(QUERY_PARAMETER)) {
            return true;
        }
        if (rawName.indexOf('%') < 0) {
            return false;
        }
        try {
            return URLDecoder.decode(rawName, StandardCharsets.UTF_8).equals(QUERY_PARAMETER);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String text) throws TokenRejection {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TokenRejection(Reason.INVALID_REQUEST);
        }
    }

    /** Length first, then RFC 6750 b64token syntax: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private String checked(String text, int start, int end) throws TokenRejection {
        if (end - start > maxTokenLength) {
            throw new TokenRejection(Reason.TOKEN_TOO_LONG);
        }
        int i = start;
        while (i < end && isB64TokenChar(text.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw new TokenRejection(Reason.INVALID_REQUEST);
        }
        while (i < end && text.charAt(i) == '=') {
            i++;
        }
        if (i != end) {
            throw new TokenRejection(Reason.INVALID_REQUEST);
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }

    private static boolean isB64TokenChar(char c) {
        return c < 128 && B64TOKEN[c];
    }

    private static boolean[] b64TokenChars() {
        boolean[] chars = new boolean[128];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
        for (int i = 0; i < alphabet.length(); i++) {
            chars[alphabet.charAt(i)] = true;
        }
        return chars;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
