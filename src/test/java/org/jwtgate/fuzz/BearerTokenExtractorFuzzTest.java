package org.jwtgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.request.BearerTokenExtractor;

/**
 * The request side of RFC 6750: any mix of {@code Authorization} headers (0 to 3), {@code Cookie}
 * headers and query string, under any combination of the token-source settings.
 * <ul>
 * <li>Nothing but {@link TokenRejection} is ever thrown.</li>
 * <li>A returned token is a {@code b64token} (checked by a regular expression written from the RFC,
 * not by the extractor's own loop), at most {@code maxTokenLength} long, and occurs verbatim in
 * what the client sent: the extractor never builds a token of its own.</li>
 * <li>Two {@code Authorization} headers never yield a token.</li>
 * <li>One well-formed {@code Bearer} credential, the only token source, always yields exactly its
 * token (or {@code TOKEN_TOO_LONG}): strictness never turns into refusing a valid request.</li>
 * </ul>
 */
class BearerTokenExtractorFuzzTest {

    /** RFC 6750 §2.1: {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    /** RFC 6750 §2.1 {@code credentials = "Bearer" 1*SP b64token}, with the optional whitespace of RFC 9110 around. */
    private static final Pattern CREDENTIALS = Pattern.compile("[ \\t]*(?i:bearer) +([A-Za-z0-9._~+/-]+=*)[ \\t]*");

    private static final String COOKIE = "jwt";
    private static final int[] MAX_LENGTHS = {16, 64, JwtGateSettings.DEFAULT_MAX_TOKEN_LENGTH};
    /** Starts that lead the fuzzer past the scheme check quickly; it still gets raw text half the time. */
    private static final String[] SCHEMES = {"Bearer ", "bearer ", "BEARER  ", "Bearer\t", "Basic ", " Bearer ",
        "Bearer", "Bearer ,", "Bearer=", "", "\tBearer "};

    @FuzzTest(maxDuration = "10s")
    void extract_anyRequest_tokenOrRejectionOnly(FuzzedDataProvider data) {
        boolean cookieAllowed = data.consumeBoolean();
        boolean queryAllowed = data.consumeBoolean();
        int maxLength = data.pickValue(MAX_LENGTHS);
        JwtGateSettings.Builder settings = JwtGateSettings.builder()
                .algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:UNUSED"))
                .allowQueryParameter(queryAllowed)
                .maxTokenLength(maxLength);
        if (cookieAllowed) {
            settings.tokenCookie(COOKIE);
        }
        BearerTokenExtractor extractor = new BearerTokenExtractor(settings.build());

        List<String> authorization = headerValues(data, 3, this::authorizationValue);
        List<String> cookies = headerValues(data, 2, this::cookieHeader);
        String query = data.consumeBoolean() ? null : query(data);
        Function<String, Enumeration<String>> headers = name -> {
            switch (name) {
                case "Authorization": return authorization == null ? null : Collections.enumeration(authorization);
                case "Cookie": return cookies == null ? null : Collections.enumeration(cookies);
                default: return Collections.emptyEnumeration();
            }
        };

        String wellFormed = onlyCredential(authorization, cookieAllowed ? cookies : null, queryAllowed ? query : null);
        String token;
        try {
            token = extractor.extract(headers, query);
        } catch (TokenRejection rejection) {
            Reason reason = rejection.reason();
            assertTrue(reason == Reason.INVALID_REQUEST || reason == Reason.MULTIPLE_TOKENS
                    || reason == Reason.TOKEN_TOO_LONG, () -> "unexpected reason " + reason);
            assertTrue(wellFormed == null || wellFormed.length() > maxLength && reason == Reason.TOKEN_TOO_LONG,
                    () -> "a well-formed credential refused as " + reason);
            return;
        }
        if (authorization != null && authorization.size() > 1) {
            fail("two Authorization headers were not refused");
        }
        if (wellFormed != null) {
            assertEquals(wellFormed, token, "a well-formed credential not taken as it is");
        }
        if (token == null) {
            return;
        }
        assertTrue(B64TOKEN.matcher(token).matches(), "not an RFC 6750 b64token");
        assertTrue(token.length() <= maxLength, "longer than maxTokenLength");
        assertTrue(sentVerbatim(token, authorization, cookieAllowed ? cookies : null, queryAllowed ? query : null),
                "a token the client did not send");
    }

    private interface ValueSource {
        String next(FuzzedDataProvider data);
    }

    /** null (the container hides the header), or 0..max values. */
    private static List<String> headerValues(FuzzedDataProvider data, int max, ValueSource source) {
        if (data.consumeBoolean()) {
            return null;
        }
        int count = data.consumeInt(0, max);
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(source.next(data));
        }
        return values;
    }

    private String authorizationValue(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(SCHEMES) + data.consumeString(200) : data.consumeString(200);
    }

    private String cookieHeader(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.consumeString(200);
        }
        int pairs = data.consumeInt(1, 3);
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            String name = data.consumeBoolean() ? COOKIE : data.consumeString(10);
            header.append(i == 0 ? "" : data.pickValue(new String[] {"; ", ";", " ; "}))
                    .append(name).append(data.consumeBoolean() ? "=" : "")
                    .append(data.consumeString(120));
        }
        return header.toString();
    }

    private static String query(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.consumeString(200);
        }
        int pairs = data.consumeInt(1, 3);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            String name = data.pickValue(new String[] {"access_token", "access%5Ftoken", "ACCESS_TOKEN", "a"});
            query.append(i == 0 ? "" : "&").append(name).append(data.consumeBoolean() ? "=" : "")
                    .append(data.consumeString(120));
        }
        return query.toString();
    }

    /** The token of the one well-formed Authorization value when no cookie or query could add another, else null. */
    private static String onlyCredential(List<String> authorization, List<String> cookies, String query) {
        if (authorization == null || authorization.size() != 1 || cookies != null && !cookies.isEmpty() || query != null) {
            return null;
        }
        Matcher credentials = CREDENTIALS.matcher(authorization.get(0));
        return credentials.matches() ? credentials.group(1) : null;
    }

    /** The token is a piece of one header value, or of one URL-decoded query parameter. */
    private static boolean sentVerbatim(String token, List<String> authorization, List<String> cookies, String query) {
        if (authorization != null && authorization.stream().anyMatch(value -> value.contains(token))) {
            return true;
        }
        if (cookies != null && cookies.stream().anyMatch(value -> value.contains(token))) {
            return true;
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                try {
                    if (URLDecoder.decode(pair, StandardCharsets.UTF_8).contains(token)) {
                        return true;
                    }
                } catch (IllegalArgumentException malformed) {
                    // the extractor cannot have taken a token from a pair it could not decode either
                }
            }
        }
        return false;
    }
}
