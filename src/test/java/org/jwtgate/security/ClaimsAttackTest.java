package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.jakarta.JwtAuthenticationFilter;
import org.jwtgate.jakarta.TestFilters;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Claims: a signed token is still only believed for what the configuration asks of it. Wrong or
 * mistyped {@code iss} and {@code aud}, a {@code sub} that is not a non-empty string, roles and
 * scopes of the wrong type or in the wrong claim, claim values that would inject headers, and
 * claims named like the filter's own request attributes, which must not overwrite them (checked on
 * the real filter class, with the request attributes it sets).
 */
class ClaimsAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private Tokens valid() {
        return gates.valid();
    }

    // --- iss ---

    @Test
    void issMissing_refused() {
        assertEquals(Reason.BAD_ISSUER, gates.hs256().reason(valid().without("iss").sign()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"https://other.example", "https://issuer.example/", "HTTPS://ISSUER.EXAMPLE",
        " https://issuer.example", "https://issuer.example ", "https://issuer.example\u0000", "https://issuer.example.evil",
        "https://evil.example/https://issuer.example", "https://issuer\u2024example", ""})
    void issOther_refused(String iss) {
        assertEquals(Reason.BAD_ISSUER, gates.hs256().reason(valid().issuer(iss).sign()));
    }

    @Test
    void issNotAString_refused() {
        Gate gate = gates.hs256();
        assertEquals(Reason.BAD_ISSUER, gate.reason(valid().claim("iss", List.of(Tokens.ISSUER)).sign()));
        assertEquals(Reason.BAD_ISSUER, gate.reason(valid().claim("iss", 42).sign()));
        assertEquals(Reason.BAD_ISSUER, gate.reason(valid().claim("iss", null).sign()));
        assertEquals(Reason.BAD_ISSUER, gate.reason(valid().claim("iss", Map.of("url", Tokens.ISSUER)).sign()));
        assertEquals(Reason.BAD_ISSUER, gate.reason(valid().claim("iss", true).sign()));
    }

    // --- aud ---

    @Test
    void audOtherString_refused() {
        Gate gate = gates.hs256();
        assertEquals(Reason.BAD_AUDIENCE, gate.reason(valid().audience("other").sign()));
        assertEquals(Reason.BAD_AUDIENCE, gate.reason(valid().audience(Tokens.AUDIENCE + " other").sign()));
        assertEquals(Reason.BAD_AUDIENCE, gate.reason(valid().audience(Tokens.AUDIENCE.toUpperCase()).sign()));
        assertEquals(Reason.BAD_AUDIENCE, gate.reason(valid().audience(Tokens.AUDIENCE + ",other").sign()));
    }

    @Test
    void audArrayWithoutAudience_refused() {
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(List.of("other", "another")).sign()));
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(List.of()).sign()));
    }

    @Test
    void audMissingOrNull_refused() {
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().without("aud").sign()));
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(null).sign()));
    }

    @Test
    void audArrayOfNonStrings_refused() {
        Gate gate = gates.hs256();
        assertEquals(Reason.BAD_AUDIENCE, gate.reason(valid().audience(List.of(1, true)).sign()));
        assertEquals(Reason.BAD_AUDIENCE, gate.reason(valid().audience(List.of(List.of(Tokens.AUDIENCE))).sign()));
        assertEquals(Reason.BAD_AUDIENCE, gate.reason(valid().audience(List.of(Map.of("aud", Tokens.AUDIENCE))).sign()));
    }

    @Test
    void audArrayMixingStringsAndOtherTypes_refused() {
        // RFC 7519 §4.1.3 allows only StringOrURI elements: a malformed array is not read leniently.
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(Arrays.asList(1, Tokens.AUDIENCE)).sign()));
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(Arrays.asList(null, Tokens.AUDIENCE))
                .sign()));
    }

    @Test
    void audNotStringOrArray_refused() {
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(42).sign()));
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(Map.of(Tokens.AUDIENCE, true)).sign()));
        assertEquals(Reason.BAD_AUDIENCE, gates.hs256().reason(valid().audience(true).sign()));
    }

    // --- the principal's name ---

    @Test
    void subMissingOrNull_refused() {
        assertEquals(Reason.MISSING_CLAIM, gates.hs256().reason(valid().without("sub").sign()));
        assertEquals(Reason.MISSING_CLAIM, gates.hs256().reason(valid().subject(null).sign()));
    }

    @Test
    void subNotANonEmptyString_refused() {
        Gate gate = gates.hs256();
        for (Object sub : new Object[] {42, 0, 1.5, List.of("alice"), List.of(), Map.of("name", "alice"), true}) {
            assertEquals(Reason.BAD_CLAIM, gate.reason(valid().claim("sub", sub).sign()), "sub " + sub);
        }
    }

    @ParameterizedTest(name = "[{index}] sub of {1} characters")
    @CsvSource(value = {"'',0", "' ',1", "'   ',3", "'\u00a0',1", "'\u2003',1", "'\u3000',1", "'\u200b',1",
        "'\u200b\u200d',2", "'\ufeff',1", "'\u2060',1", "'\u3164',1", "'\u2800',1", "'\u115f',1",
        "'\u202f \u205f',3"})
    void subBlank_refusedAsBlankPrincipal(String sub, int length) {
        assertEquals(length, sub.length());
        assertEquals(Reason.BLANK_PRINCIPAL, gates.hs256().reason(valid().subject(sub).sign()));
    }

    @Test
    void subWithOneVisibleCharacterAmongBlanks_acceptedAsIs() {
        assertEquals(" \u200b a ", gates.hs256().principal(valid().subject(" \u200b a ").sign()).getName());
    }

    @Test
    void principalClaimDotPathThroughNonObject_refused() {
        Gate gate = gates.hs256("principalClaim", "user.name");
        assertEquals(Reason.MISSING_CLAIM, gate.reason(valid().claim("user", "bob").sign()));
        assertEquals(Reason.MISSING_CLAIM, gate.reason(valid().claim("user", List.of(Map.of("name", "bob"))).sign()));
        assertEquals(Reason.BAD_CLAIM, gate.reason(valid().claim("user", Map.of("name", List.of("bob"))).sign()));
    }

    @Test
    void requiredClaimNull_refused() {
        assertEquals(Reason.MISSING_CLAIM, gates.hs256("requiredClaims", "tenant").reason(valid().claim("tenant", null).sign()));
    }

    // --- roles and scopes ---

    @Test
    void rolesOfWrongType_grantNothing() {
        Gate gate = gates.hs256();
        for (Object roles : new Object[] {42, Map.of("admin", true), true, Map.of("roles", List.of("admin"))}) {
            assertEquals(Set.of(), gate.principal(valid().roles(roles).sign()).getRoles(), "roles " + roles);
        }
        assertEquals(Set.of(), gate.principal(valid().roles(null).sign()).getRoles());
    }

    @Test
    void rolesArrayWithNonStrings_onlyStringsCount() {
        List<Object> roles = Arrays.asList("user", 1, null, true, Map.of("r", "admin"), List.of("admin"), "");
        assertEquals(Set.of("user"), gates.hs256().principal(valid().roles(roles).sign()).getRoles());
    }

    @Test
    void requiredRoleOfWrongTypeOrNested_forbidden() {
        Gate gate = gates.hs256("requiredRoles", "admin");
        assertEquals(Reason.MISSING_ROLE, gate.reason(valid().roles(Map.of("admin", true)).sign()));
        assertEquals(Reason.MISSING_ROLE, gate.reason(valid().roles(List.of(List.of("admin"))).sign()));
        assertEquals(Reason.MISSING_ROLE, gate.reason(valid().roles(List.of("Admin", "admin ", "ADMIN")).sign()));
        assertEquals(Reason.MISSING_ROLE, gate.reason(valid().claim("role", "admin").claim("groups", List.of("admin"))
                .sign()));
        assertEquals("alice", gate.principal(valid().roles("user admin").sign()).getName());
    }

    @Test
    void requiredScopeOnlyAsRole_forbidden() {
        assertEquals(Reason.MISSING_SCOPE, gates.hs256("requiredScopes", "write").reason(valid().roles("write").sign()));
    }

    @Test
    void requiredScopeOfWrongType_forbidden() {
        Gate gate = gates.hs256("requiredScopes", "write");
        assertEquals(Reason.MISSING_SCOPE, gate.reason(valid().claim("scope", List.of(List.of("write"))).sign()));
        assertEquals(Reason.MISSING_SCOPE, gate.reason(valid().claim("scope", Map.of("write", true)).sign()));
        assertEquals(Reason.MISSING_SCOPE, gate.reason(valid().claim("scp", "read,write").sign()));
    }

    // --- claims that would reach headers ---

    @Test
    void claimValuesWithControlCharacters_neverBecomeHeaders() {
        Gate gate = gates.hs256("claimHeaders", "X-Ctl=ctl, X-Del=del, X-List=list, X-Obj=obj");
        String token = valid().claim("ctl", "a\nb").claim("del", "a\u007fb")
                .claim("list", List.of("a", "b\nc")).claim("obj", Map.of("X-Admin", "true")).sign();
        Decision outcome = gate.send(token);
        assertEquals("alice", outcome.result().principal().getName());
        assertEquals(Map.of(), outcome.claimHeaders());
    }

    @Test
    void principalNameWithLineBreakOrControl_refusedRatherThanPassedToTheApplicationsLogs() {
        Gate gate = gates.hs256();
        for (String name : List.of("alice\r\nX-Admin: true", "alice\u0000", "alice\u2028admin", "alice\u0085")) {
            assertEquals(Reason.BAD_CLAIM, gate.reason(valid().subject(name).sign()));
        }
    }

    // --- claims named like the filter's request attributes ---

    private final String secretProperty = "jwtgate.attack.secret." + UUID.randomUUID();

    @AfterEach
    void clearSecretProperty() {
        System.clearProperty(secretProperty);
    }

    /** The real jakarta filter, configured like the gates, on their clock (the secret from a system property). */
    private JwtAuthenticationFilter filter(String... extra) throws Exception {
        gates.filterOnly("the filter class itself; Gate checks the module's request attributes on every request");
        System.setProperty(secretProperty, Base64.getEncoder().encodeToString(gates.secret));
        Map<String, String> params = new LinkedHashMap<>(gates.params(extra));
        params.put("secret", "sysprop:" + secretProperty);
        LeakGuard.configured(params.values());
        JwtAuthenticationFilter filter = TestFilters.clocked(gates.clock);
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn("attacked");
        when(config.getInitParameterNames()).thenAnswer(call -> Collections.enumeration(params.keySet()));
        when(config.getInitParameter(anyString())).thenAnswer(call -> params.get(call.<String>getArgument(0)));
        filter.init(config);
        return filter;
    }

    /** A request to {@code path} whose attributes behave like a container's, with some already set. */
    private static HttpServletRequest request(String path, String token, Map<String, Object> attributes) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletPath()).thenReturn(path);
        when(request.getRequestURI()).thenReturn("/app" + path);
        when(request.getContextPath()).thenReturn("/app");
        when(request.getHeaders(anyString())).thenAnswer(call -> "Authorization".equalsIgnoreCase(call.getArgument(0))
                && token != null ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration());
        when(request.getHeaderNames()).thenAnswer(call -> Collections.emptyEnumeration());
        when(request.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1))).when(request)
                .setAttribute(anyString(), org.mockito.ArgumentMatchers.any());
        doAnswer(call -> attributes.remove(call.<String>getArgument(0))).when(request).removeAttribute(anyString());
        return request;
    }

    private static HttpServletResponse response() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
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
        return response;
    }

    @Test
    void claimsNamedLikeTheFiltersAttributes_cannotOverwriteThem() throws Exception {
        JwtAuthenticationFilter filter = filter();
        String token = valid()
                .claim(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, "admin")
                .claim(JwtAuthenticationFilter.CLAIMS_ATTRIBUTE, Map.of("sub", "admin", "roles", List.of("admin")))
                .claim("org", Map.of("jwtgate", Map.of("principal", "admin", "claims", Map.of("sub", "admin"))))
                .sign();
        LeakGuard.token(token);
        Map<String, Object> attributes = new HashMap<>();
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        FilterChain chain = (req, res) -> seen.set((HttpServletRequest) req);
        filter.doFilter(request("/x", token, attributes), response(), chain);

        HttpServletRequest app = seen.get();
        Object principal = attributes.get(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
        assertInstanceOf(JwtPrincipal.class, principal);
        assertEquals("alice", ((JwtPrincipal) principal).getName());
        assertSame(principal, app.getUserPrincipal());
        assertEquals("alice", app.getRemoteUser());
        assertFalse(app.isUserInRole("admin"));
        Map<?, ?> claims = (Map<?, ?>) attributes.get(JwtAuthenticationFilter.CLAIMS_ATTRIBUTE);
        assertSame(((JwtPrincipal) principal).getClaims(), claims);
        assertEquals("alice", claims.get("sub"));
        // The attacker's claims are there as data, under their own names, and nowhere else.
        assertEquals("admin", claims.get(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE));
        assertEquals(Set.of(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, JwtAuthenticationFilter.CLAIMS_ATTRIBUTE),
                attributes.keySet());
        filter.destroy();
    }

    @Test
    void principalClaimConfiguredAsAttributeName_stillOnlyNamesThePrincipal() throws Exception {
        JwtAuthenticationFilter filter = filter("principalClaim", JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
        String token = valid().claim(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, "carol").sign();
        LeakGuard.token(token);
        Map<String, Object> attributes = new HashMap<>();
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        filter.doFilter(request("/x", token, attributes), response(), (req, res) -> seen.set((HttpServletRequest) req));
        assertEquals("carol", seen.get().getRemoteUser());
        assertInstanceOf(JwtPrincipal.class, attributes.get(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE));
        filter.destroy();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anonymous", "excluded"})
    void attributesSetBeforeTheFilter_removedFromUnauthenticatedRequests(String kind) throws Exception {
        // An earlier filter, a forward or an include may have left them: the application must not
        // mistake them for the token's.
        JwtAuthenticationFilter filter = filter("mode", "optional", "excludePaths", "/public/*");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, "admin");
        attributes.put(JwtAuthenticationFilter.CLAIMS_ATTRIBUTE, Map.of("sub", "admin"));
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        String path = kind.equals("excluded") ? "/public/x" : "/x";
        String token = kind.equals("excluded") ? valid().sign() : null;
        LeakGuard.token(token);
        filter.doFilter(request(path, token, attributes), response(), (req, res) -> seen.set((HttpServletRequest) req));
        assertTrue(seen.get() != null, "the request passed");
        assertNull(attributes.get(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE));
        assertNull(attributes.get(JwtAuthenticationFilter.CLAIMS_ATTRIBUTE));
        filter.destroy();
    }
}
