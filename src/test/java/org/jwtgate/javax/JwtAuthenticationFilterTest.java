package org.jwtgate.javax;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.servlet.DispatcherType;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletRegistration;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletRequest;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.MappingMatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/** The filter's orchestration with mocked servlet objects; real containers are tested elsewhere. */
class JwtAuthenticationFilterTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = "/app";

    @TempDir
    Path dir;

    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final FilterChain chain = mock(FilterChain.class);
    private HttpServletResponse response;
    private String secretRef;

    @BeforeEach
    void setUp() throws Exception {
        secretRef = Keys.fileRef(dir, "jwt-secret", Base64.getEncoder().encodeToString(secret));
        response = mock(HttpServletResponse.class);
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        });
    }

    // --- fixture ---

    private Map<String, String> params(String... overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithms", "HS256");
        params.put("secret", secretRef);
        params.put("secretEncoding", "base64");
        params.put("issuer", Tokens.ISSUER);
        params.put("audience", Tokens.AUDIENCE);
        params.put("realm", "api");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        return params;
    }

    private static FilterConfig config(Map<String, String> params) {
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn("jwt");
        when(config.getInitParameterNames()).thenAnswer(call -> Collections.enumeration(params.keySet()));
        when(config.getInitParameter(anyString())).thenAnswer(call -> params.get(call.<String>getArgument(0)));
        return config;
    }

    private JwtAuthenticationFilter filter(String... overrides) throws ServletException {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        filter.init(config(params(overrides)));
        return filter;
    }

    /** A GET of {@code path} within the context, with these headers (names compared without case). */
    private static HttpServletRequest request(String path, String... headerPairs) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            if (!headers.containsKey(headerPairs[i])) {
                names.add(headerPairs[i]);
            }
            headers.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
        }
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getContextPath()).thenReturn(CONTEXT);
        when(request.getServletPath()).thenReturn(path);
        when(request.getRequestURI()).thenReturn(CONTEXT + path);
        when(request.getMethod()).thenReturn("GET");
        when(request.getHeaders(anyString())).thenAnswer(call ->
                Collections.enumeration(headers.getOrDefault(call.<String>getArgument(0), List.of())));
        when(request.getHeader(anyString())).thenAnswer(call -> {
            List<String> values = headers.get(call.<String>getArgument(0));
            return values == null ? null : values.get(0);
        });
        when(request.getIntHeader(anyString())).thenAnswer(call -> {
            List<String> values = headers.get(call.<String>getArgument(0));
            return values == null ? -1 : Integer.parseInt(values.get(0));
        });
        when(request.getHeaderNames()).thenAnswer(call -> Collections.enumeration(names));
        return request;
    }

    private static HttpServletRequest bearer(String token, String... moreHeaders) {
        String[] headers = new String[moreHeaders.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(moreHeaders, 0, headers, 2, moreHeaders.length);
        return request("/api/orders", headers);
    }

    private Tokens valid() {
        return Tokens.hs256(secret);
    }

    /** The request the chain was called with. */
    private HttpServletRequest passedOn() throws Exception {
        ArgumentCaptor<ServletRequest> captor = ArgumentCaptor.forClass(ServletRequest.class);
        verify(chain).doFilter(captor.capture(), eq(response));
        return (HttpServletRequest) captor.getValue();
    }

    private JsonNode writtenBody() throws Exception {
        return JSON.readTree(body.toByteArray());
    }

    private void assertErrorWritten(int status, String challenge, String error, String description) throws Exception {
        verify(response).setStatus(status);
        if (challenge == null) {
            verify(response, never()).setHeader(eq("WWW-Authenticate"), anyString());
        } else {
            verify(response).setHeader("WWW-Authenticate", challenge);
        }
        verify(response).setHeader("Cache-Control", "no-store");
        verify(response).setContentType("application/json;charset=UTF-8");
        JsonNode json = writtenBody();
        assertEquals(error, json.get("error").textValue());
        assertEquals(description, json.get("error_description").textValue());
        assertEquals(2, json.size());
        verifyNoInteractions(chain);
    }

    private static List<String> list(java.util.Enumeration<String> values) {
        return values == null ? List.of() : Collections.list(values);
    }

    // --- init ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "leeway | abc",
            "leeway | 301",
            "bogus | 1",
            "maxTokenLength | 5",
            "cacheMaxTtl | 0",
            "cacheMaxSize | -1",
            "mode | sometimes",
            "excludePaths | public",
            "algorithms | HS256,XX999",
            "requireExp | yes",
            "allowQueryParameter | 1",
            "jwksUri | https://keys.example/jwks.json",
            "secret | file:/nonexistent/jwtgate/secret",
            "secretEncoding | base99",
            "realm | a\"b",
            "claimHeaders | X-User",
            "tokenCookie | a b",
            "requiredScopes | a\"b",
    })
    void init_badParameter_servletExceptionNamingIt(String name, String value) {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(params(name, value))));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"algorithms", "secret"})
    void init_missingRequiredParameter_servletExceptionNamingIt(String name) {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(params(name, null))));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void init_emptyParameter_servletExceptionNamingIt() {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(params("issuer", " "))));
        assertTrue(e.getMessage().contains("issuer"), e.getMessage());
    }

    @Test
    void init_literalSecret_servletExceptionNamingSecretWithoutValue() {
        String literal = "c29tZS12ZXJ5LWxvbmctbGl0ZXJhbC1zZWNyZXQtdmFsdWUtMTIzNDU2";
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(params("secret", literal))));
        assertTrue(e.getMessage().contains("secret"), e.getMessage());
        assertFalse(e.getMessage().contains(literal), e.getMessage());
    }

    @Test
    void init_shortSecret_servletExceptionNamingSecretWithoutValue() {
        String shortSecret = Base64.getEncoder().encodeToString(Keys.secret(16));
        String ref = Keys.fileRef(dir, "short", shortSecret);
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(params("secret", ref))));
        assertTrue(e.getMessage().contains("secret"), e.getMessage());
        assertFalse(e.getMessage().contains(shortSecret), e.getMessage());
    }

    @Test
    void doFilter_notInitialised_servletExceptionAndChainNotInvoked() {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        assertThrows(ServletException.class, () -> filter.doFilter(bearer(valid().sign()), response, chain));
        verifyNoInteractions(chain);
    }

    @Test
    void doFilter_afterDestroy_servletExceptionAndChainNotInvoked() throws Exception {
        JwtAuthenticationFilter filter = filter();
        filter.destroy();
        assertThrows(ServletException.class, () -> filter.doFilter(bearer(valid().sign()), response, chain));
        verifyNoInteractions(chain);
    }

    // --- rejections ---

    @Test
    void doFilter_malformedToken_401WrittenAndChainNotInvoked() throws Exception {
        filter().doFilter(bearer("abc"), response, chain);
        assertErrorWritten(401,
                "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token is malformed.\"",
                "invalid_token", "The access token is malformed.");
    }

    @Test
    void doFilter_noToken_401BareChallenge() throws Exception {
        filter().doFilter(request("/api/orders"), response, chain);
        assertErrorWritten(401, "Bearer realm=\"api\"", "unauthorized", "An access token is required.");
    }

    @Test
    void doFilter_expiredToken_401Expired() throws Exception {
        String token = valid().expiresAt(Tokens.NOW.minusSeconds(3600)).sign();
        filter().doFilter(bearer(token), response, chain);
        assertErrorWritten(401,
                "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token has expired.\"",
                "invalid_token", "The access token has expired.");
        assertFalse(new String(body.toByteArray(), StandardCharsets.UTF_8).contains(token));
    }

    @Test
    void doFilter_twoAuthorizationHeaders_400InvalidRequest() throws Exception {
        String token = valid().sign();
        filter().doFilter(request("/api", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token),
                response, chain);
        assertErrorWritten(400, "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"The request's "
                + "credentials are malformed.\"", "invalid_request", "The request's credentials are malformed.");
    }

    @Test
    void doFilter_missingScope_403InsufficientScope() throws Exception {
        filter("requiredScopes", "orders:read").doFilter(bearer(valid().scope("profile").sign()), response, chain);
        assertErrorWritten(403, "Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\"The access "
                + "token does not grant the required scope.\", scope=\"orders:read\"", "insufficient_scope",
                "The access token does not grant the required scope.");
    }

    @Test
    void doFilter_rejected_noAttributesAndNoSession() throws Exception {
        HttpServletRequest request = bearer("abc");
        filter().doFilter(request, response, chain);
        verify(request, never()).setAttribute(anyString(), any());
        verify(request, never()).getSession();
        verify(request, never()).getSession(anyBoolean());
    }

    // --- unexpected failures ---

    @Test
    void doFilter_getHeadersThrows_401InvalidTokenAndNoPropagation() throws Exception {
        HttpServletRequest request = request("/api/orders");
        when(request.getHeaders(anyString())).thenThrow(new IllegalStateException("container broke"));
        assertDoesNotThrow(() -> filter().doFilter(request, response, chain));
        verify(response).setStatus(401);
        verify(response).setHeader(eq("WWW-Authenticate"), org.mockito.ArgumentMatchers.contains("error=\"invalid_token\""));
        assertEquals("invalid_token", writtenBody().get("error").textValue());
        verifyNoInteractions(chain);
    }

    @Test
    void doFilter_getRequestUriThrows_401InvalidTokenAndNoPropagation() throws Exception {
        HttpServletRequest request = bearer(valid().sign());
        when(request.getRequestURI()).thenThrow(new IllegalArgumentException("bad URI"));
        when(request.getServletPath()).thenThrow(new IllegalArgumentException("bad URI"));
        assertDoesNotThrow(() -> filter("excludePaths", "/public/*").doFilter(request, response, chain));
        verify(response).setStatus(401);
        assertEquals("invalid_token", writtenBody().get("error").textValue());
        verifyNoInteractions(chain);
    }

    @Test
    void doFilter_getQueryStringThrows_401AndNoPropagation() throws Exception {
        HttpServletRequest request = bearer(valid().sign());
        when(request.getQueryString()).thenThrow(new IllegalStateException("recycled request"));
        assertDoesNotThrow(() -> filter("allowQueryParameter", "true").doFilter(request, response, chain));
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    // --- success ---

    @Test
    void doFilter_validToken_chainGetsAuthenticatedWrapper() throws Exception {
        HttpServletRequest request = bearer(valid().roles(List.of("admin", "user")).sign());
        filter().doFilter(request, response, chain);
        HttpServletRequest wrapped = passedOn();
        assertNotSame(request, wrapped);
        JwtPrincipal principal = assertInstanceOf(JwtPrincipal.class, wrapped.getUserPrincipal());
        assertEquals("alice", principal.getName());
        assertEquals("alice", wrapped.getRemoteUser());
        assertEquals("Bearer", wrapped.getAuthType());
        assertTrue(wrapped.isUserInRole("admin"));
        assertTrue(wrapped.isUserInRole("user"));
        assertFalse(wrapped.isUserInRole("root"));
        assertFalse(wrapped.isUserInRole("ADMIN"));
        verify(response, never()).setStatus(anyInt());
    }

    @Test
    void doFilter_validToken_principalAndClaimsAttributesSet() throws Exception {
        HttpServletRequest request = bearer(valid().claim("tenant", "acme").sign());
        filter().doFilter(request, response, chain);
        ArgumentCaptor<Object> principal = ArgumentCaptor.forClass(Object.class);
        verify(request).setAttribute(eq("org.jwtgate.principal"), principal.capture());
        JwtPrincipal jwtPrincipal = assertInstanceOf(JwtPrincipal.class, principal.getValue());
        assertEquals("alice", jwtPrincipal.getName());
        ArgumentCaptor<Object> claims = ArgumentCaptor.forClass(Object.class);
        verify(request).setAttribute(eq("org.jwtgate.claims"), claims.capture());
        Map<?, ?> claimMap = assertInstanceOf(Map.class, claims.getValue());
        assertEquals("acme", claimMap.get("tenant"));
        assertEquals(Tokens.NOW.getEpochSecond() + 3600, claimMap.get("exp"));
        assertSame(jwtPrincipal.getClaims(), claimMap);
        assertEquals("org.jwtgate.principal", JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
        assertEquals("org.jwtgate.claims", JwtAuthenticationFilter.CLAIMS_ATTRIBUTE);
    }

    @Test
    void doFilter_validToken_noSessionCreated() throws Exception {
        HttpServletRequest request = bearer(valid().sign());
        filter().doFilter(request, response, chain);
        verify(request, never()).getSession();
        verify(request, never()).getSession(anyBoolean());
    }

    @Test
    void doFilter_optionalModeWithoutToken_chainGetsAnonymousRequest() throws Exception {
        HttpServletRequest request = request("/api/orders");
        filter("mode", "optional").doFilter(request, response, chain);
        HttpServletRequest passed = passedOn();
        assertNull(passed.getUserPrincipal());
        assertNull(passed.getRemoteUser());
        verify(request).removeAttribute("org.jwtgate.principal");
        verify(request).removeAttribute("org.jwtgate.claims");
        verify(response, never()).setStatus(anyInt());
    }

    @Test
    void doFilter_optionalModeWithoutToken_anonymousWrapperHidesClaimHeaders() throws Exception {
        HttpServletRequest request = request("/api/orders", "X-User", "admin");
        filter("mode", "optional", "claimHeaders", "X-User=sub").doFilter(request, response, chain);
        HttpServletRequest passed = passedOn();
        assertNull(passed.getUserPrincipal());
        assertNull(passed.getHeader("X-User"));
        assertEquals(List.of(), list(passed.getHeaderNames()));
    }

    @Test
    void doFilter_optionalModeWithBadToken_401() throws Exception {
        filter("mode", "optional").doFilter(bearer("abc"), response, chain);
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    // --- excluded paths ---

    @Test
    void doFilter_excludedPathWithoutClaimHeaders_chainGetsRequestUntouched() throws Exception {
        HttpServletRequest request = request("/public/logo.png");
        filter("excludePaths", "/public/*").doFilter(request, response, chain);
        assertSame(request, passedOn());
        verify(response, never()).setStatus(anyInt());
    }

    @Test
    void doFilter_excludedPathWithBadToken_chainInvoked() throws Exception {
        HttpServletRequest request = request("/public/logo.png", "Authorization", "Bearer abc");
        filter("excludePaths", "/public/*").doFilter(request, response, chain);
        assertNull(passedOn().getUserPrincipal());
        verify(response, never()).setStatus(anyInt());
    }

    @Test
    void doFilter_excludedPath_anonymousWrapperHidesClaimHeaders() throws Exception {
        HttpServletRequest request = request("/public/logo.png", "x-user", "mallory", "Accept", "image/png");
        filter("excludePaths", "/public/*", "claimHeaders", "X-User=sub").doFilter(request, response, chain);
        HttpServletRequest passed = passedOn();
        assertNull(passed.getUserPrincipal());
        assertNull(passed.getHeader("X-User"));
        assertNull(passed.getHeader("x-user"));
        assertEquals(List.of(), list(passed.getHeaders("X-USER")));
        assertEquals(-1, passed.getIntHeader("X-User"));
        assertEquals(List.of("Accept"), list(passed.getHeaderNames()));
        assertEquals("image/png", passed.getHeader("Accept"));
        verify(request).removeAttribute("org.jwtgate.principal");
        verify(request).removeAttribute("org.jwtgate.claims");
    }

    @Test
    void doFilter_excludedPathBypassAttempt_stillAuthenticated() throws Exception {
        HttpServletRequest request = request("/admin");
        when(request.getRequestURI()).thenReturn("/app/public/..;/admin");
        filter("excludePaths", "/public/*").doFilter(request, response, chain);
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    @Test
    void doFilter_extensionExclusionServedByContainersStaticServlet_chainInvoked() throws Exception {
        HttpServletRequest request = mappedToRoot("/styles/site.css", "org.apache.catalina.servlets.DefaultServlet");
        filter("excludePaths", "*.css").doFilter(request, response, chain);
        assertSame(request, passedOn());
    }

    /** A writable DefaultServlet (readonly=false) takes PUT and DELETE: static content is only read. */
    @ParameterizedTest
    @CsvSource({"PUT", "DELETE", "POST"})
    void doFilter_extensionExclusionStaticServletOtherMethod_401(String method) throws Exception {
        HttpServletRequest request = mappedToRoot("/styles/site.css", "org.apache.catalina.servlets.DefaultServlet");
        when(request.getMethod()).thenReturn(method);
        filter("excludePaths", "*.css").doFilter(request, response, chain);
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    @Test
    void doFilter_extensionExclusionServedByApplicationServletAtRoot_401() throws Exception {
        HttpServletRequest request = mappedToRoot("/api/users.css", "org.springframework.web.servlet.DispatcherServlet");
        filter("excludePaths", "*.css").doFilter(request, response, chain);
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    /** A request the container mapped to the servlet named "root" at {@code /}, of this class. */
    private static HttpServletRequest mappedToRoot(String path, String servletClass) {
        HttpServletMapping mapping = mapping(MappingMatch.DEFAULT, "/");
        when(mapping.getServletName()).thenReturn("root");
        ServletRegistration registration = mock(ServletRegistration.class);
        when(registration.getClassName()).thenReturn(servletClass);
        ServletContext context = mock(ServletContext.class);
        doReturn(registration).when(context).getServletRegistration("root");
        HttpServletRequest request = request(path);
        when(request.getHttpServletMapping()).thenReturn(mapping);
        when(request.getServletContext()).thenReturn(context);
        return request;
    }

    @Test
    void doFilter_extensionExclusionServedByPathMappedServlet_401() throws Exception {
        HttpServletMapping mapping = mapping(MappingMatch.PATH, "/admin/*");
        HttpServletRequest request = request("/admin");
        when(request.getPathInfo()).thenReturn("/x.css");
        when(request.getRequestURI()).thenReturn("/app/admin/x.css");
        when(request.getHttpServletMapping()).thenReturn(mapping);
        filter("excludePaths", "*.css").doFilter(request, response, chain);
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    @Test
    void doFilter_extensionExclusionContainerCannotSayHowItMapped_401() throws Exception {
        HttpServletRequest request = request("/styles/site.css");
        when(request.getHttpServletMapping()).thenThrow(new AbstractMethodError("Servlet 3.1"));
        filter("excludePaths", "*.css").doFilter(request, response, chain);
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    private static HttpServletMapping mapping(MappingMatch match, String pattern) {
        HttpServletMapping mapping = mock(HttpServletMapping.class);
        when(mapping.getMappingMatch()).thenReturn(match);
        when(mapping.getPattern()).thenReturn(pattern);
        return mapping;
    }

    // --- error dispatches ---

    @Test
    void doFilter_errorDispatchWithoutToken_chainGetsAnonymousRequest() throws Exception {
        HttpServletRequest request = request("/error", "x-user", "mallory");
        when(request.getDispatcherType()).thenReturn(DispatcherType.ERROR);
        filter("claimHeaders", "X-User=sub").doFilter(request, response, chain);
        HttpServletRequest passed = passedOn();
        assertNull(passed.getUserPrincipal());
        assertNull(passed.getHeader("X-User"));
        verify(response, never()).setStatus(anyInt());
    }

    @Test
    void doFilter_errorDispatchWithBadToken_chainGetsAnonymousRequest() throws Exception {
        HttpServletRequest request = request("/error", "Authorization", "Bearer abc.def.ghi");
        when(request.getDispatcherType()).thenReturn(DispatcherType.ERROR);
        filter().doFilter(request, response, chain);
        assertNull(passedOn().getUserPrincipal());
        verify(response, never()).setStatus(anyInt());
    }

    @Test
    void doFilter_errorDispatchWithValidToken_chainGetsThePrincipal() throws Exception {
        HttpServletRequest request = bearer(valid().sign());
        when(request.getDispatcherType()).thenReturn(DispatcherType.ERROR);
        filter().doFilter(request, response, chain);
        assertEquals("alice", passedOn().getUserPrincipal().getName());
    }

    @Test
    void doFilter_requestDispatchWithoutToken_still401() throws Exception {
        HttpServletRequest request = request("/error");
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        filter().doFilter(request, response, chain);
        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    // --- claim headers on an authenticated request ---

    private HttpServletRequest authenticatedWithClaimHeaders() throws Exception {
        HttpServletRequest request = bearer(valid().claim("num", 42).sign(),
                "x-user", "mallory", "X-NUM", "7", "X-Email", "evil@example.com", "Accept", "text/html");
        filter("claimHeaders", "X-User=sub, X-Num=num, X-Email=email").doFilter(request, response, chain);
        return passedOn();
    }

    @Test
    void wrapper_getHeader_claimValueReplacesClientValueAnyCase() throws Exception {
        HttpServletRequest wrapped = authenticatedWithClaimHeaders();
        assertEquals("alice", wrapped.getHeader("X-User"));
        assertEquals("alice", wrapped.getHeader("x-user"));
        assertEquals("alice", wrapped.getHeader("X-USER"));
        assertEquals("42", wrapped.getHeader("x-num"));
        assertEquals("text/html", wrapped.getHeader("Accept"));
    }

    @Test
    void wrapper_getHeader_claimAbsentFromTokenHidesClientValue() throws Exception {
        HttpServletRequest wrapped = authenticatedWithClaimHeaders();
        assertNull(wrapped.getHeader("X-Email"));
        assertNull(wrapped.getHeader("x-email"));
    }

    @Test
    void wrapper_getHeaders_onlyClaimValue() throws Exception {
        HttpServletRequest wrapped = authenticatedWithClaimHeaders();
        assertEquals(List.of("alice"), list(wrapped.getHeaders("X-User")));
        assertEquals(List.of("alice"), list(wrapped.getHeaders("x-USER")));
        assertEquals(List.of(), list(wrapped.getHeaders("X-EMAIL")));
        assertEquals(List.of("text/html"), list(wrapped.getHeaders("accept")));
    }

    @Test
    void wrapper_getHeaderNames_clientClaimHeadersReplacedByOwn() throws Exception {
        HttpServletRequest wrapped = authenticatedWithClaimHeaders();
        List<String> names = list(wrapped.getHeaderNames());
        assertEquals(1, count(names, "X-User"), names.toString());
        assertEquals(1, count(names, "X-Num"), names.toString());
        assertEquals(0, count(names, "X-Email"), names.toString());
        assertEquals(1, count(names, "Accept"), names.toString());
        assertEquals(1, count(names, "Authorization"), names.toString());
    }

    private static long count(List<String> names, String name) {
        long n = 0;
        for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
            if (it.next().equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void wrapper_getIntHeader_claimValueOrMinusOne() throws Exception {
        HttpServletRequest wrapped = authenticatedWithClaimHeaders();
        assertEquals(42, wrapped.getIntHeader("X-Num"));
        assertEquals(42, wrapped.getIntHeader("x-num"));
        assertEquals(-1, wrapped.getIntHeader("X-Email"));
    }

    @Test
    void wrapper_getDateHeader_claimHoldingHttpDateParsedOtherClaimsRefused() throws Exception {
        HttpServletRequest request = bearer(valid().claim("seen", "Sun, 22 Nov 2026 10:00:00 GMT").sign(),
                "X-Seen", "Thu, 01 Jan 1970 00:00:00 GMT");
        filter("claimHeaders", "X-Seen=seen, X-User=sub, X-Email=email").doFilter(request, response, chain);
        HttpServletRequest wrapped = passedOn();
        assertEquals(java.time.Instant.parse("2026-11-22T10:00:00Z").toEpochMilli(), wrapped.getDateHeader("x-seen"));
        assertEquals(-1, wrapped.getDateHeader("X-Email"));
        assertThrows(IllegalArgumentException.class, () -> wrapped.getDateHeader("X-User"));
    }

    // --- hardening: async, trailers, container login, committed responses, linkage errors ---

    @Test
    void wrapper_startAsync_asyncContextGetsTheWrapperNotTheContainerRequest() throws Exception {
        HttpServletRequest request = bearer(valid().sign(), "X-User", "mallory");
        javax.servlet.AsyncContext async = mock(javax.servlet.AsyncContext.class);
        when(request.startAsync(any(ServletRequest.class), any(javax.servlet.ServletResponse.class))).thenReturn(async);
        filter("claimHeaders", "X-User=sub").doFilter(request, response, chain);
        HttpServletRequest wrapped = passedOn();
        assertSame(async, wrapped.startAsync());
        // The no-argument form would hand the raw request (and its spoofed header) to async code.
        verify(request).startAsync(wrapped, response);
        verify(request, never()).startAsync();
    }

    @Test
    void wrapper_getTrailerFields_claimHeaderNamesHiddenOthersKept() throws Exception {
        HttpServletRequest request = bearer(valid().sign());
        when(request.getTrailerFields()).thenReturn(Map.of("x-user", "mallory", "checksum", "abc"));
        filter("claimHeaders", "X-User=sub").doFilter(request, response, chain);
        assertEquals(Map.of("checksum", "abc"), passedOn().getTrailerFields());
    }

    @Test
    void wrapper_authenticatedRequest_authenticateTrueLoginRefusedLogoutForgetsIdentity() throws Exception {
        HttpServletRequest request = bearer(valid().sign());
        filter("claimHeaders", "X-User=sub").doFilter(request, response, chain);
        HttpServletRequest wrapped = passedOn();
        assertTrue(wrapped.authenticate(response));
        verify(request, never()).authenticate(any());
        assertThrows(ServletException.class, () -> wrapped.login("bob", "pw"));
        verify(request, never()).login(anyString(), anyString());
        wrapped.logout();
        verify(request).logout();
        assertNull(wrapped.getUserPrincipal());
        assertNull(wrapped.getRemoteUser());
        assertNull(wrapped.getHeader("X-User"));
        assertFalse(wrapped.isUserInRole("**"));
        verify(request).removeAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
    }

    @Test
    void doFilter_responseAlreadyCommitted_nothingWrittenAndChainNotInvoked() throws Exception {
        when(response.isCommitted()).thenReturn(true);
        filter().doFilter(request("/api/orders"), response, chain);
        verify(response, never()).resetBuffer();
        verify(response, never()).setStatus(anyInt());
        verifyNoInteractions(chain);
    }

    /** Issue 13, defect 9: a misordered chain refuses every request after the response is committed. */
    @Test
    void doFilter_responseAlreadyCommittedOnEveryRequest_oneWarnLine() throws Exception {
        when(response.isCommitted()).thenReturn(true);
        JwtAuthenticationFilter filter = filter();
        for (int i = 0; i < 100; i++) {
            filter.doFilter(request("/api/orders"), response, chain);
        }
        assertEquals(1, log.messages(java.util.logging.Level.WARNING).stream()
                .filter(message -> message.contains("already committed")).count());
        verifyNoInteractions(chain);
    }

    @Test
    void doFilter_linkageErrorWhileAuthenticating_401NotPropagated() throws Exception {
        HttpServletRequest request = request("/api/orders");
        when(request.getHeaders("Authorization")).thenThrow(new NoClassDefFoundError("broken deployment"));
        JwtAuthenticationFilter filter = filter();
        assertDoesNotThrow(() -> filter.doFilter(request, response, chain));
        assertErrorWritten(401, "Bearer realm=\"api\", error=\"invalid_token\", "
                + "error_description=\"The access token is invalid.\"", "invalid_token", "The access token is invalid.");
    }

    // --- code-first registration (ServletContext.addFilter with settings) ---

    private org.jwtgate.JwtGateSettings codeFirstSettings() {
        return org.jwtgate.JwtGateSettings.builder()
                .algorithms(org.jwtgate.JwtAlgorithm.HS256)
                .secret(org.jwtgate.KeyReference.of(secretRef))
                .secretEncoding(org.jwtgate.JwtGateSettings.SecretEncoding.BASE64)
                .issuer(List.of(Tokens.ISSUER))
                .audience(List.of(Tokens.AUDIENCE))
                .clock(clock)
                .build();
    }

    @Test
    void init_settingsGivenInCodeAndNoInitParams_authenticates() throws Exception {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(codeFirstSettings());
        filter.init(config(Map.of()));
        filter.doFilter(bearer(valid().sign()), response, chain);
        assertEquals("alice", passedOn().getRemoteUser());
    }

    @Test
    void init_settingsGivenInCodeAndInitParamsToo_refusedNamingTheParam() {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(codeFirstSettings());
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(Map.of("leeway", "5"))));
        assertTrue(e.getMessage().contains("leeway"), e.getMessage());
    }
}
