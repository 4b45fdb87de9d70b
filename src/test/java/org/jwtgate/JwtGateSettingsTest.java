package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.JwtGateSettings.BoundTokens;
import org.jwtgate.JwtGateSettings.Mode;
import org.jwtgate.JwtGateSettings.SecretEncoding;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.keys.KeyLoader;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.testing.Keys;

class JwtGateSettingsTest {

    @TempDir
    Path dir;

    private static JwtGateSettings minimal() {
        return JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256).secret(KeyReference.of("env:JWT_SECRET")).build();
    }

    @Test
    void builder_defaults_matchContract() {
        JwtGateSettings settings = minimal();
        assertEquals(Duration.ofSeconds(30), settings.leeway());
        assertTrue(settings.requireExp());
        assertEquals("sub", settings.principalClaim());
        assertEquals(List.of("roles"), settings.rolesClaim());
        assertEquals(Mode.REQUIRED, settings.mode());
        assertEquals(8192, settings.maxTokenLength());
        assertEquals(10_000, settings.cacheMaxSize());
        assertEquals(Duration.ofSeconds(600), settings.cacheMaxTtl());
        assertEquals(SecretEncoding.UTF8, settings.secretEncoding());
        assertFalse(settings.allowQueryParameter());
        assertTrue(settings.issuer().isEmpty());
        assertTrue(settings.audience().isEmpty());
        assertTrue(settings.requiredClaims().isEmpty());
        assertTrue(settings.requiredRoles().isEmpty());
        assertTrue(settings.requiredScopes().isEmpty());
        assertTrue(settings.excludePaths().isEmpty());
        assertTrue(settings.claimHeaders().isEmpty());
        assertTrue(settings.publicKeys().isEmpty());
        assertNull(settings.realm());
        assertNull(settings.tokenCookie());
        assertEquals(Clock.systemUTC().getZone(), settings.clock().getZone());
        assertEquals(Set.of("none", "jwt", "at+jwt"), settings.tokenTypes());
        assertNull(settings.maxTokenAge());
        assertTrue(settings.requiredClaimValues().isEmpty());
        assertEquals(BoundTokens.REJECT, settings.boundTokens());
    }

    @Test
    void tokenHygieneSetters_badValues_refusedNamingTheSetting() {
        JwtGateSettings.Builder builder = JwtGateSettings.builder();
        for (List<String> types : List.of(List.<String>of(), List.of(" "), List.of("at jwt"), List.of("application/"),
                List.of("JWT", "a/b/c"), List.of("jwt;v=1"))) {
            assertEquals("tokenTypes", assertThrows(JwtGateConfigurationException.class,
                    () -> builder.tokenTypes(types)).getParameter(), types.toString());
        }
        for (Duration age : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMillis(1500),
                JwtGateSettings.MAX_TOKEN_AGE.plusSeconds(1))) {
            assertEquals("maxTokenAge", assertThrows(JwtGateConfigurationException.class,
                    () -> builder.maxTokenAge(age)).getParameter(), age.toString());
        }
        String[][] claimValues = {{null, "v"}, {"c", null}, {" ", "v"}, {"c", ""}, {"c", "a\nb"}, {"c\u0000", "v"}};
        for (String[] pair : claimValues) {
            assertEquals("requiredClaimValues", assertThrows(JwtGateConfigurationException.class,
                    () -> builder.requiredClaimValues(Collections.singletonMap(pair[0],
                            Collections.singletonList(pair[1])))).getParameter());
        }
        assertThrows(NullPointerException.class, () -> builder.boundTokens(null));
    }

    @Test
    void tokenHygieneSetters_goodValues_keptCanonical() {
        JwtGateSettings settings = JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:S")).tokenTypes(List.of("Application/AT+JWT", "none", "JWT"))
                .maxTokenAge(Duration.ofHours(1)).requiredClaimValues(Map.of("typ", List.of("Bearer"), "azp", List.of("a", " b "))).boundTokens(BoundTokens.ACCEPT_AS_BEARER).build();
        assertEquals(List.of("at+jwt", "none", "jwt"), List.copyOf(settings.tokenTypes()));
        assertEquals(Duration.ofHours(1), settings.maxTokenAge());
        assertEquals(Map.of("typ", Set.of("Bearer"), "azp", Set.of("a", "b")), settings.requiredClaimValues());
        assertEquals(BoundTokens.ACCEPT_AS_BEARER, settings.boundTokens());
        assertThrows(UnsupportedOperationException.class, () -> settings.requiredClaimValues().get("azp").add("c"));
        assertThrows(UnsupportedOperationException.class, () -> settings.tokenTypes().add("x"));
        assertEquals("jwt", JwtGateSettings.canonicalTokenType("application/JWT"));
        assertEquals(" jwt", JwtGateSettings.canonicalTokenType(" JWT"), "the token's typ is not trimmed");
    }

    /** Issue 13 defect 11: a claim must not stand in for a header the container or a proxy interprets. */
    @Test
    void claimHeader_interpretedHeaderNames_refusedNamingClaimHeaders() {
        for (String header : List.of("Authorization", "authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
                "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "TE", "Trailer", "Connection",
                "Keep-Alive", "Upgrade", "Expect", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
                "x-forwarded-prefix", "Forwarded", "Via", "X-Real-IP", "True-Client-IP", "Proxy-Connection",
                "If-None-Match", "Range", "Origin", "Sec-Fetch-Site", "Access-Control-Request-Method", "DPoP",
                "X-HTTP-Method-Override", "X-Original-URL", "ssl_client_cert", "X-SSL-Client-Cert", "Client-Cert",
                "WWW-Authenticate", "Referer", "X-CSRF-Token", "X-XSRF-TOKEN", "X-Requested-With", "X-Requested-By",
                "OWASP-CSRFTOKEN", "X-CSRFToken")) {
            JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                    () -> JwtGateSettings.builder().claimHeaders(Map.of(header, "sub")), header);
            assertEquals("claimHeaders", e.getParameter(), header);
            assertTrue(e.getMessage().contains(header), e.getMessage());
        }
    }

    @Test
    void claimHeader_ownNames_accepted() {
        JwtGateSettings.Builder builder = JwtGateSettings.builder();
        for (String header : List.of("X-Remote-User", "X-User-Email", "X-Auth-Subject", "X-Tenant", "Remote-Groups",
                "X-Roles", "X-Hosted-By", "X-Forward-Note", "Contentment", "Iffy")) {
            builder.claimHeaders(Map.of(header, "sub"));
        }
    }

    @Test
    void builder_constants_matchContract() {
        assertEquals(Duration.ofSeconds(30), JwtGateSettings.DEFAULT_LEEWAY);
        assertEquals(Duration.ofSeconds(300), JwtGateSettings.MAX_LEEWAY);
        assertEquals(8192, JwtGateSettings.DEFAULT_MAX_TOKEN_LENGTH);
        assertEquals(10_000, JwtGateSettings.DEFAULT_CACHE_MAX_SIZE);
        assertEquals(Duration.ofSeconds(600), JwtGateSettings.DEFAULT_CACHE_MAX_TTL);
    }

    /** The builder alone owns the ranges (issue 14): the edges are checked here, for code and web.xml alike. */
    @Test
    void builderSetters_rangeEdges_acceptedInsideRefusedOutside() {
        JwtGateSettings.Builder builder = JwtGateSettings.builder();
        builder.leeway(Duration.ZERO).leeway(JwtGateSettings.MAX_LEEWAY)
                .maxTokenLength(JwtGateSettings.SMALLEST_MAX_TOKEN_LENGTH)
                .maxTokenLength(JwtGateSettings.LARGEST_MAX_TOKEN_LENGTH)
                .cacheMaxSize(0).cacheMaxSize(JwtGateSettings.MAX_CACHE_SIZE)
                .maxTokenAge(Duration.ofSeconds(1)).maxTokenAge(JwtGateSettings.MAX_TOKEN_AGE)
                .cacheMaxTtl(Duration.ofSeconds(1)).cacheMaxTtl(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
        assertEquals("maxTokenLength: expected a length from 16 to 1048576", assertThrows(
                JwtGateConfigurationException.class, () -> builder.maxTokenLength(1_048_577)).getMessage());
        assertEquals("cacheMaxSize: expected 0 (no cache) up to 10000000", assertThrows(
                JwtGateConfigurationException.class, () -> builder.cacheMaxSize(10_000_001)).getMessage());
        assertEquals("leeway: expected whole seconds from 0 to 300", assertThrows(
                JwtGateConfigurationException.class, () -> builder.leeway(Duration.ofSeconds(301))).getMessage());
        // Past about 292 years an interval no longer fits in nanoseconds: refused by name, not an overflow later.
        for (Duration tooLong : List.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L + 1),
                Duration.ofSeconds(Long.MAX_VALUE))) {
            assertEquals("jwksRefreshInterval: expected whole seconds, at least 1", assertThrows(
                    JwtGateConfigurationException.class, () -> builder.jwksRefreshInterval(tooLong)).getMessage());
        }
    }

    @Test
    void build_withoutAlgorithms_refusedNamingAlgorithms() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> JwtGateSettings.builder().secret(KeyReference.of("env:JWT_SECRET")).build());
        assertEquals("algorithms", e.getParameter());
    }

    @Test
    void builderSetters_badValues_refusedNamingTheSetting() {
        JwtGateSettings.Builder builder = JwtGateSettings.builder();
        assertEquals("leeway", assertThrows(JwtGateConfigurationException.class,
                () -> builder.leeway(Duration.ofSeconds(301))).getParameter());
        assertEquals("leeway", assertThrows(JwtGateConfigurationException.class,
                () -> builder.leeway(Duration.ofSeconds(-1))).getParameter());
        assertEquals("cacheMaxTtl", assertThrows(JwtGateConfigurationException.class,
                () -> builder.cacheMaxTtl(Duration.ZERO)).getParameter());
        assertEquals("leeway", assertThrows(JwtGateConfigurationException.class,
                () -> builder.leeway(Duration.ofMillis(1500))).getParameter());
        assertEquals("cacheMaxTtl", assertThrows(JwtGateConfigurationException.class,
                () -> builder.cacheMaxTtl(Duration.ofMillis(2500))).getParameter());
        assertEquals("cacheMaxSize", assertThrows(JwtGateConfigurationException.class,
                () -> builder.cacheMaxSize(-1)).getParameter());
        assertEquals("maxTokenLength", assertThrows(JwtGateConfigurationException.class,
                () -> builder.maxTokenLength(0)).getParameter());
        assertEquals("realm", assertThrows(JwtGateConfigurationException.class,
                () -> builder.realm("a\"b")).getParameter());
        assertEquals("tokenCookie", assertThrows(JwtGateConfigurationException.class,
                () -> builder.tokenCookie("a b")).getParameter());
        assertEquals("excludePaths", assertThrows(JwtGateConfigurationException.class,
                () -> builder.excludePaths(List.of("*"))).getParameter());
        assertEquals("principalClaim", assertThrows(JwtGateConfigurationException.class,
                () -> builder.principalClaim(" ")).getParameter());
        assertEquals("rolesClaim", assertThrows(JwtGateConfigurationException.class,
                () -> builder.rolesClaim(List.of())).getParameter());
    }

    @Test
    void keyReference_literal_refused() {
        assertThrows(IllegalArgumentException.class, () -> KeyReference.of("my-secret-value"));
        assertThrows(IllegalArgumentException.class, () -> KeyReference.of("env:"));
        assertThrows(IllegalArgumentException.class, () -> KeyReference.labelled("", "env:A"));
    }

    @Test
    void collections_areUnmodifiable() {
        JwtGateSettings settings = minimal();
        assertThrows(UnsupportedOperationException.class, () -> settings.algorithms().add(JwtAlgorithm.RS256));
        assertThrows(UnsupportedOperationException.class, () -> settings.secret().clear());
        assertThrows(UnsupportedOperationException.class, () -> settings.rolesClaim().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> settings.claimHeaders().put("X-A", "a"));
    }

    @Test
    void toString_secretFromReferences_showsReferencesNeverValues() {
        String envSecret = HexFormat.of().formatHex(Keys.secret(32));
        String fileSecret = HexFormat.of().formatHex(Keys.secret(32));
        String sysSecret = HexFormat.of().formatHex(Keys.secret(32));
        String fileRef = Keys.fileRef(dir, "jwt-old", fileSecret + "\n");
        ReferenceResolver resolver = new ReferenceResolver(Map.of("JWT_SECRET", envSecret)::get,
                Map.of("jwt.older", sysSecret)::get);
        JwtGateSettings settings = InitParameters.parse(Map.of("algorithms", "HS256",
                "secret", "2026-11=env:JWT_SECRET, 2026-05=" + fileRef + ", sysprop:jwt.older"),
                resolver, Clock.systemUTC());
        KeySet keys = KeyLoader.load(settings, resolver, 1); // the references really resolve to these values
        assertEquals(3, keys.keys().size());

        String text = settings.toString();
        assertTrue(text.contains("2026-11=env:JWT_SECRET"), text);
        assertTrue(text.contains("2026-05=" + fileRef), text);
        assertTrue(text.contains("sysprop:jwt.older"), text);
        for (String value : Set.of(envSecret, fileSecret, sysSecret)) {
            assertFalse(text.contains(value), text);
            assertFalse(text.contains(value.substring(0, 16)), text);
            assertFalse(keys.keys().toString().contains(value), keys.keys().toString());
        }
    }

    @Test
    void toString_publicKeys_showsReferencesNotPem() {
        String pem = Keys.pem(Keys.ec256().getPublic());
        ReferenceResolver resolver = new ReferenceResolver(Map.of("EC_KEY", pem)::get, name -> null);
        JwtGateSettings settings = InitParameters.parse(Map.of("algorithms", "ES256", "publicKeys", "env:EC_KEY"),
                resolver, Clock.systemUTC());
        KeyLoader.load(settings, resolver, 1);
        assertTrue(settings.toString().contains("publicKeys=[env:EC_KEY]"), settings.toString());
        assertFalse(settings.toString().contains("BEGIN"), settings.toString());
    }

    @Test
    void toString_effectiveSettingsListed() {
        String text = JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256).secret(KeyReference.of("env:S"))
                .secretEncoding(SecretEncoding.BASE64).issuer(List.of("https://issuer.example")).mode(Mode.OPTIONAL)
                .build().toString();
        assertTrue(text.contains("algorithms=[HS256]"), text);
        assertTrue(text.contains("secret=[env:S] (base64)"), text);
        assertTrue(text.contains("issuer=[https://issuer.example]"), text);
        assertTrue(text.contains("audience=(not checked)"), text);
        assertTrue(text.contains("mode=optional"), text);
        assertTrue(text.contains("leeway=30s"), text);
    }
}
