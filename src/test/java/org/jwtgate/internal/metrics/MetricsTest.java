package org.jwtgate.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.keys.JwksFixture;
import org.jwtgate.internal.keys.JwksKeySource;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.HeadersOnly;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * What a filter counts: each request's outcome once, cache hits and misses alike on the fast path
 * (the {@code Authorization} header alone) and the full one, evictions, key reloads and JWK Set
 * fetches. On a hand-moved clock, through {@link Gatekeeper} as the adapters call it; no MBean.
 */
class MetricsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atFixtureNow();
    private final byte[] secret = Keys.secret(32);
    private final ReferenceResolver resolver = new ReferenceResolver(name -> null, name -> null);
    private Gatekeeper core;

    @AfterEach
    void close() {
        if (core != null) {
            core.close();
        }
    }

    private Gatekeeper core(String... params) throws Exception {
        Map<String, String> map = new LinkedHashMap<>(Map.of("algorithms", "HS256", "secretEncoding", "base64",
                "secret", write("jwt", Base64.getEncoder().encodeToString(secret)),
                "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE));
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        core = Gatekeeper.fromInitParameters("api", null, map, clock, resolver);
        return core;
    }

    private String write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return "file:" + file;
    }

    /** A token no other request has presented. */
    private Tokens token() {
        return Tokens.hs256(secret).claim("jti", UUID.randomUUID().toString());
    }

    private static AuthenticationResult send(Gatekeeper core, String... headerPairs) {
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], k -> new java.util.ArrayList<>()).add(headerPairs[i + 1]);
        }
        Function<String, Enumeration<String>> lookup = name -> Collections.enumeration(
                headers.getOrDefault(name, List.of()));
        return core.decide(lookup, HeadersOnly.VIEW).result();
    }

    private static AuthenticationResult bearer(Gatekeeper core, String token) {
        return send(core, "Authorization", "Bearer " + token);
    }

    private static JwtPrincipal alice() {
        return new JwtPrincipal("alice", Map.of(), java.util.Set.of(), java.util.Set.of(), null);
    }

    // --- outcomes ---

    @Test
    void record_eachKind_countedOnceUnderItsOwnStatus() {
        Metrics metrics = new Metrics();
        metrics.record(AuthenticationResult.authenticated(alice()));
        metrics.record(AuthenticationResult.anonymous());
        metrics.record(AuthenticationResult.rejected(Reason.BAD_SIGNATURE));
        metrics.record(AuthenticationResult.rejected(Reason.BAD_SIGNATURE));
        metrics.record(AuthenticationResult.rejected(Reason.NO_TOKEN));
        metrics.record(AuthenticationResult.rejected(Reason.MULTIPLE_TOKENS));
        metrics.record(AuthenticationResult.forbidden(Reason.MISSING_ROLE, alice()));
        metrics.record(AuthenticationResult.unavailable(5));
        metrics.recordExcluded();
        MetricsView view = new MetricsView(metrics, () -> 7);

        assertEquals(1, view.getRequestsAccepted());
        assertEquals(1, view.getRequestsAnonymous());
        assertEquals(1, view.getRequestsExcluded());
        assertEquals(1, view.getRequestsBadRequest());
        assertEquals(3, view.getRequestsUnauthorized());
        assertEquals(1, view.getRequestsForbidden());
        assertEquals(5, view.getRequestsRejected());
        assertEquals(1, view.getRequestsUnavailable());
        assertEquals(2, view.getRequestsRejectedByReason().get("BAD_SIGNATURE"));
        assertEquals(1, view.getRequestsRejectedByReason().get("MISSING_ROLE"));
        assertEquals(7, view.getCacheSize());
    }

    @Test
    void requestsRejectedByReason_nothingCounted_everyRejectionReasonInEnumOrderAtZeroWithoutThe503() {
        Map<String, Long> byReason = new MetricsView(new Metrics(), () -> 0).getRequestsRejectedByReason();
        List<String> expected = new java.util.ArrayList<>();
        for (Reason reason : Reason.values()) {
            if (reason.httpStatus() != 503) {
                expected.add(reason.name());
            }
        }
        assertEquals(expected, List.copyOf(byReason.keySet()));
        byReason.values().forEach(count -> assertEquals(0L, count));
    }

    @Test
    void authenticate_eachOutcome_countedByReason() throws Exception {
        Gatekeeper core = core("requiredRoles", "admin");
        assertEquals(Reason.MISSING_ROLE, bearer(core, token().sign()).reason());
        assertEquals(Reason.MISSING_ROLE, bearer(core, token().sign()).reason());
        assertEquals(Reason.NO_TOKEN, send(core).reason());
        assertEquals(Reason.BAD_SIGNATURE, bearer(core, Tokens.hs256(Keys.secret(32)).sign()).reason());
        assertEquals(Reason.EXPIRED, bearer(core, token().expiresAt(Tokens.NOW.minusSeconds(3600)).sign()).reason());
        assertEquals(Reason.INVALID_REQUEST, send(core, "Authorization", "Bearer a", "Authorization", "Bearer b")
                .reason());
        assertEquals(Kind.AUTHENTICATED, bearer(core, token().roles(List.of("admin")).sign()).kind());
        core.failClosed();

        MetricsView view = core.metricsView();
        assertEquals(1, view.getRequestsAccepted());
        assertEquals(2, view.getRequestsForbidden());
        assertEquals(4, view.getRequestsUnauthorized());
        assertEquals(1, view.getRequestsBadRequest());
        assertEquals(7, view.getRequestsRejected());
        Map<String, Long> byReason = view.getRequestsRejectedByReason();
        assertEquals(2, byReason.get("MISSING_ROLE"));
        assertEquals(1, byReason.get("NO_TOKEN"));
        assertEquals(1, byReason.get("BAD_SIGNATURE"));
        assertEquals(1, byReason.get("EXPIRED"));
        assertEquals(1, byReason.get("INVALID_REQUEST"));
        assertEquals(1, byReason.get("INTERNAL_ERROR"));
        assertEquals(0, view.getRequestsAnonymous());
    }

    @Test
    void authenticate_optionalModeWithoutToken_countedAnonymous() throws Exception {
        Gatekeeper core = core("mode", "optional");
        assertEquals(Kind.ANONYMOUS, send(core).kind());
        assertEquals(1, core.metricsView().getRequestsAnonymous());
        assertEquals(0, core.metricsView().getRequestsRejected());
    }

    // --- cache ---

    @Test
    void authenticate_sameTokenThriceInAuthorizationHeader_oneMissTwoHits() throws Exception {
        Gatekeeper core = core();
        String token = token().sign();
        for (int i = 0; i < 3; i++) {
            assertEquals(Kind.AUTHENTICATED, bearer(core, token).kind());
        }
        MetricsView view = core.metricsView();
        assertEquals(1, view.getCacheMisses());
        assertEquals(2, view.getCacheHits());
        assertEquals(1, view.getCacheSize());
        assertEquals(3, view.getRequestsAccepted());
    }

    /** A token in a cookie takes the full path, not the Authorization-header fast path: counted alike. */
    @Test
    void authenticate_sameTokenThriceInCookie_oneMissTwoHitsAsOnTheFastPath() throws Exception {
        Gatekeeper core = core("tokenCookie", "jwt");
        String token = token().sign();
        for (int i = 0; i < 3; i++) {
            assertEquals(Kind.AUTHENTICATED, send(core, "Cookie", "jwt=" + token).kind());
        }
        assertEquals(1, core.metricsView().getCacheMisses());
        assertEquals(2, core.metricsView().getCacheHits());
    }

    @Test
    void authenticate_refusedTokenTwice_twoMissesNothingCached() throws Exception {
        Gatekeeper core = core();
        String forged = Tokens.hs256(Keys.secret(32)).sign();
        bearer(core, forged);
        bearer(core, forged);
        assertEquals(2, core.metricsView().getCacheMisses());
        assertEquals(0, core.metricsView().getCacheHits());
        assertEquals(0, core.metricsView().getCacheSize());
    }

    @Test
    void authenticate_cacheOff_hitsMissesAndSizeStayZero() throws Exception {
        Gatekeeper core = core("cacheMaxSize", "0");
        String token = token().sign();
        bearer(core, token);
        bearer(core, token);
        MetricsView view = core.metricsView();
        assertEquals(2, view.getRequestsAccepted());
        assertEquals(0, view.getCacheHits());
        assertEquals(0, view.getCacheMisses());
        assertEquals(0, view.getCacheSize());
        assertEquals(2, core.authenticator().verifications());
    }

    @Test
    void cache_fullWhenANewTokenArrives_evictionCounted() throws Exception {
        Gatekeeper core = core("cacheMaxSize", "1");
        bearer(core, token().sign());
        bearer(core, token().sign());
        assertEquals(1, core.metricsView().getCacheSize());
        assertEquals(1, core.metricsView().getCacheEvictions());
    }

    @Test
    void cache_entryPastCacheMaxTtl_evictionCountedAndNextRequestAMiss() throws Exception {
        Gatekeeper core = core("cacheMaxTtl", "60");
        String token = token().sign();
        bearer(core, token);
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, core.metricsView().getCacheSize());
        assertEquals(1, core.metricsView().getCacheEvictions());
        bearer(core, token);
        assertEquals(2, core.metricsView().getCacheMisses());
        assertEquals(0, core.metricsView().getCacheHits());
    }

    // --- keys ---

    @Test
    void keys_fileSecretChangedThenBroken_oneReloadOneFailure() throws Exception {
        Gatekeeper core = core("keysReloadInterval", "60");
        MetricsView view = core.metricsView();
        clock.advance(Duration.ofSeconds(60));
        bearer(core, token().sign());
        assertEquals(0, view.getKeyReloads(), "an unchanged file is no reload");

        byte[] next = Keys.secret(32);
        write("jwt", Base64.getEncoder().encodeToString(next));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Kind.AUTHENTICATED, bearer(core, Tokens.hs256(next).sign()).kind());
        assertEquals(1, view.getKeyReloads());
        assertEquals(0, view.getKeyReloadFailures());

        write("jwt", Base64.getEncoder().encodeToString(new byte[8]));
        clock.advance(Duration.ofSeconds(60));
        bearer(core, Tokens.hs256(next).sign());
        assertEquals(1, view.getKeyReloads());
        assertEquals(1, view.getKeyReloadFailures());
    }

    @Test
    void jwks_goodFetchThenFailure_countedWithTimeAndKeysOfTheGoodOne() {
        try (JwksFixture f = new JwksFixture()) {
            f.server.serve(Jwks.set(Jwks.of("a", JwksFixture.rsaA().getPublic()), Jwks.of("b",
                    JwksFixture.rsaB().getPublic())));
            JwtGateSettings settings = f.settings().build();
            Metrics metrics = new Metrics();
            MetricsView view = new MetricsView(metrics, () -> 0);
            assertEquals("", view.getJwksLastFetch(), "before any fetch");
            JwksKeySource source = f.countingSource(settings, metrics);
            assertEquals(1, view.getJwksFetches());
            assertEquals(2, view.getJwksKeys());
            assertEquals(Tokens.NOW.toEpochMilli(), view.getJwksLastFetchEpochMillis());
            assertEquals("2026-11-22T10:00:00Z", view.getJwksLastFetch());

            f.server.respond(exchange -> JwkSetServer.send(exchange, 500, "down"));
            f.clock.advance(JwksFixture.REFRESH);
            assertEquals(2, assertDoesNotThrowKeys(source));
            assertEquals(1, view.getJwksFetches());
            assertEquals(1, view.getJwksFetchFailures());
            assertEquals(Tokens.NOW.toEpochMilli(), view.getJwksLastFetchEpochMillis(), "the last good one");
            assertEquals(2, view.getJwksKeys());
        }
    }

    private static int assertDoesNotThrowKeys(KeySource source) {
        try {
            return source.keys().keys().size();
        } catch (KeysUnavailableException e) {
            throw new AssertionError("the last good set serves past a failed refresh", e);
        }
    }

    /** Issue 15: one block's healthy JWK Set must not hide another's that stopped fetching. */
    @Test
    void jwks_severalSources_oldestLastFetchAndSummedKeys() {
        Metrics metrics = new Metrics(java.util.List.of("corp", "partner"));
        MetricsView view = new MetricsView(metrics, () -> 0);
        Metrics.JwksSource corp = metrics.jwksSource();
        Metrics.JwksSource partner = metrics.jwksSource();
        metrics.recordJwksFetched(partner, 2_000, 2);
        assertEquals(0, view.getJwksLastFetchEpochMillis(), "corp never fetched: the alert must fire");
        metrics.recordJwksFetched(corp, 1_000, 3);
        assertEquals(1_000, view.getJwksLastFetchEpochMillis(), "the oldest of the last fetches");
        assertEquals(5, view.getJwksKeys());
        metrics.recordJwksFetched(partner, 9_000, 1);
        assertEquals(1_000, view.getJwksLastFetchEpochMillis(), "partner's fresh fetch does not hide corp's age");
        assertEquals(4, view.getJwksKeys());
        assertEquals(3, view.getJwksFetches());
    }
}
