package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.internal.keys.JwksFixture.MIN_REFRESH;
import static org.jwtgate.internal.keys.JwksFixture.REFRESH;
import static org.jwtgate.internal.keys.JwksFixture.accepted;
import static org.jwtgate.internal.keys.JwksFixture.attacker;
import static org.jwtgate.internal.keys.JwksFixture.fresh;
import static org.jwtgate.internal.keys.JwksFixture.gate;
import static org.jwtgate.internal.keys.JwksFixture.rs256;
import static org.jwtgate.internal.keys.JwksFixture.rsaA;
import static org.jwtgate.internal.keys.JwksFixture.rsaB;
import static org.jwtgate.internal.keys.JwksFixture.send;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * What the JWK Set source does on the wire: timeouts, redirects, size cap, documents that are not
 * JWK Sets, and the safety rule that nothing in a token ever chooses what is fetched or which key
 * verifies it. Each failed fetch must leave the last good set in place.
 */
class JwksKeySourceHttpTest {

    private static final int MIB = JwksFetcher.MAX_BODY_BYTES;

    private final JwksFixture f = new JwksFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static String setA() {
        return Jwks.set(Jwks.of("A", rsaA().getPublic()));
    }

    private static String setAB() {
        return Jwks.set(Jwks.of("A", rsaA().getPublic()), Jwks.of("B", rsaB().getPublic()));
    }

    /** A source whose first fetch got {A}. */
    private JwksKeySource fetchedOnce(JwtGateSettings settings) throws Exception {
        f.server.serve(setA());
        JwksKeySource source = f.source(settings);
        assertTrue(source.keys().hasLabel("A"));
        return source;
    }

    /** Lets the refresh fall due, triggers it and checks it failed: the same set serves, without B. */
    private void assertRefreshFailedAndLastGoodKept(JwksKeySource source, KeySet before) throws Exception {
        int hits = f.server.hits();
        f.clock.advance(REFRESH);
        assertSame(before, source.keys(), "answered from the set in hand");
        assertTrue(f.server.hits() > hits, "the refresh was attempted");
        KeySet after = source.keys();
        assertSame(before, after, "the failed fetch left the last good set");
        assertFalse(after.hasLabel("B"));
    }

    // --- timeout ---

    @Test
    void fetch_bodyStallsPastTimeout_failsWithinTimeoutAndLastGoodSetStays() throws Exception {
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(1)).build();
        JwksKeySource source = fetchedOnce(settings);
        KeySet before = source.keys();
        byte[] body = setAB().getBytes(StandardCharsets.UTF_8);
        f.server.respond(exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, 10);
            out.flush();
            f.server.awaitRelease();
        });
        f.clock.advance(REFRESH);
        long start = System.nanoTime();
        KeySet during = assertTimeoutPreemptively(Duration.ofSeconds(4), () -> source.keys(),
                "a stalled body is abandoned after jwksTimeout");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 900 && millis < 2_500, "the whole exchange is bounded by jwksTimeout=1s, took " + millis + " ms");
        assertSame(before, during);
        assertEquals(2, f.server.hits());
        Authenticator gate = gate(settings, source);
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "the last good set still verifies");
        assertFalse(source.keys().hasLabel("B"));
    }

    @Test
    void fetch_bodyStallsPastTimeout_exchangeAbandonedNotLeftReading() throws Exception {
        // A timed-out fetch must let go of its connection: otherwise a slow server holds one open
        // connection (and up to 1 MiB of buffer) per failed attempt, every jwksMinRefreshInterval.
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(1)).build();
        JwksKeySource source = fetchedOnce(settings);
        CountDownLatch timedOut = new CountDownLatch(1);
        CountDownLatch handlerDone = new CountDownLatch(1);
        AtomicReference<String> outcome = new AtomicReference<>("still writing");
        byte[] rest = padded(setAB(), 900_000);
        f.server.respond(exchange -> {
            try {
                exchange.sendResponseHeaders(200, 10 + rest.length);
                OutputStream out = exchange.getResponseBody();
                out.write(new byte[] {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '});
                out.flush();
                timedOut.await(10, TimeUnit.SECONDS);
                for (int offset = 0; offset < rest.length; offset += 65_536) {
                    out.write(rest, offset, Math.min(65_536, rest.length - offset));
                    out.flush();
                }
                outcome.set("the client read the whole body after giving up on it");
            } catch (IOException e) {
                outcome.set("abandoned");
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                handlerDone.countDown();
            }
        });
        f.clock.advance(REFRESH);
        assertTimeoutPreemptively(Duration.ofSeconds(4), () -> source.keys());
        timedOut.countDown();
        assertTrue(handlerDone.await(5, TimeUnit.SECONDS));
        assertEquals("abandoned", outcome.get());
        assertFalse(source.keys().hasLabel("B"), "and what arrived after the timeout is not used either");
    }

    @Test
    void fetch_noHeadersWithinTimeout_failsWithinTimeout() throws Exception {
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(1)).build();
        JwksKeySource source = fetchedOnce(settings);
        KeySet before = source.keys();
        f.server.respond(exchange -> f.server.awaitRelease());
        f.clock.advance(REFRESH);
        long start = System.nanoTime();
        assertSame(before, assertTimeoutPreemptively(Duration.ofSeconds(4), () -> source.keys()));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 900 && millis < 2_500, "gave up after about jwksTimeout=1s: " + millis + " ms");
        assertEquals(2, f.server.hits());
        assertSame(before, source.keys());
    }

    @Test
    void keys_neverFetchedAndServerStalls_firstRequestGets503WithinTimeout() {
        f.server.respond(exchange -> f.server.awaitRelease());
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(1)).build();
        JwksKeySource source = f.backgroundSource(settings);
        KeysUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(4),
                () -> assertThrows(KeysUnavailableException.class, source::keys),
                "the request waits for the first fetch at most about jwksTimeout");
        assertTrue(e.retryAfterSeconds() >= 1);
    }

    // --- redirects ---

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void fetch_redirectToOtherPort_refusedAndTargetNeverContacted(int status) {
        try (JwkSetServer other = JwkSetServer.start()) {
            other.serve(setA());
            f.server.respond(JwkSetServer.redirect(status, other.uri().toString()));
            JwksKeySource source = f.source();
            assertThrows(KeysUnavailableException.class, source::keys);
            assertEquals(0, other.hits(), "nothing is fetched from another origin");
            assertEquals(1, f.server.hits());
        }
    }

    @Test
    void fetch_redirectToOtherHostName_refused() {
        f.server.respond(JwkSetServer.redirect(302, "http://localhost:" + f.server.port() + "/elsewhere"));
        f.server.on("/elsewhere", exchange -> JwkSetServer.send(exchange, 200, setA()));
        assertThrows(KeysUnavailableException.class, f.source()::keys);
        assertEquals(List.of(JwkSetServer.PATH), f.server.paths(), "same address, another host name: still refused");
    }

    @Test
    void fetch_redirectToOtherScheme_refused() {
        f.server.respond(JwkSetServer.redirect(302, "https://127.0.0.1:" + f.server.port() + "/secure"));
        assertThrows(KeysUnavailableException.class, f.source()::keys);
        assertEquals(List.of(JwkSetServer.PATH), f.server.paths());
    }

    @Test
    void fetch_redirectToOtherHostAfterGoodFetch_lastGoodSetKept() throws Exception {
        JwksKeySource source = fetchedOnce(f.settings().build());
        KeySet before = source.keys();
        try (JwkSetServer other = JwkSetServer.start()) {
            other.serve(setAB());
            f.server.respond(JwkSetServer.redirect(302, other.uri().toString()));
            assertRefreshFailedAndLastGoodKept(source, before);
            assertEquals(0, other.hits());
        }
    }

    @Test
    void fetch_redirectToSameOriginRelative_followed() throws Exception {
        f.server.respond(JwkSetServer.redirect(302, "/keys/v2"));
        f.server.on("/keys/v2", exchange -> JwkSetServer.send(exchange, 200, setA()));
        assertTrue(f.source().keys().hasLabel("A"));
        assertEquals(List.of(JwkSetServer.PATH, "/keys/v2"), f.server.paths());
    }

    @Test
    void fetch_threeRedirectsOnSameOrigin_followed() throws Exception {
        f.server.respond(JwkSetServer.redirect(302, f.server.uri("/r1").toString()));
        f.server.on("/r1", JwkSetServer.redirect(301, "/r2"));
        f.server.on("/r2", JwkSetServer.redirect(307, "/r3"));
        f.server.on("/r3", exchange -> JwkSetServer.send(exchange, 200, setA()));
        assertTrue(f.source().keys().hasLabel("A"));
        assertEquals(List.of(JwkSetServer.PATH, "/r1", "/r2", "/r3"), f.server.paths());
    }

    @Test
    void fetch_fourRedirects_refused() {
        f.server.respond(JwkSetServer.redirect(302, "/r1"));
        f.server.on("/r1", JwkSetServer.redirect(302, "/r2"));
        f.server.on("/r2", JwkSetServer.redirect(302, "/r3"));
        f.server.on("/r3", JwkSetServer.redirect(302, "/r4"));
        f.server.on("/r4", exchange -> JwkSetServer.send(exchange, 200, setA()));
        assertThrows(KeysUnavailableException.class, f.source()::keys);
        assertEquals(List.of(JwkSetServer.PATH, "/r1", "/r2", "/r3"), f.server.paths(), "the fourth is not followed");
    }

    @Test
    void fetch_redirectLoop_refusedAfterBoundedRequests() {
        f.server.respond(JwkSetServer.redirect(302, JwkSetServer.PATH));
        assertTimeoutPreemptively(Duration.ofSeconds(4), () -> assertThrows(KeysUnavailableException.class,
                f.source()::keys));
        assertEquals(4, f.server.hits());
    }

    @Test
    void fetch_redirectWithoutLocation_fails() {
        f.server.respond(exchange -> exchange.sendResponseHeaders(302, -1));
        assertThrows(KeysUnavailableException.class, f.source()::keys);
    }

    // --- size cap ---

    /** {@code json} preceded by whitespace to exactly {@code size} bytes: still a valid JWK Set. */
    private static byte[] padded(String json, int size) {
        byte[] document = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        java.util.Arrays.fill(out, (byte) ' ');
        System.arraycopy(document, 0, out, size - document.length, document.length);
        return out;
    }

    private static JwkSetServer.Handler withLength(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    private static JwkSetServer.Handler chunked(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int offset = 0; offset < body.length; offset += 16_384) {
                    out.write(body, offset, Math.min(16_384, body.length - offset));
                }
            }
        };
    }

    @Test
    void fetch_bodyOverOneMiBWithContentLength_refusedAndLastGoodKept() throws Exception {
        JwksKeySource source = fetchedOnce(f.settings().build());
        KeySet before = source.keys();
        f.server.respond(withLength(padded(setAB(), MIB + 1)));
        assertRefreshFailedAndLastGoodKept(source, before);
    }

    @Test
    void fetch_bodyOverOneMiBChunked_refusedAndLastGoodKept() throws Exception {
        JwksKeySource source = fetchedOnce(f.settings().build());
        KeySet before = source.keys();
        f.server.respond(chunked(padded(setAB(), MIB + 1)));
        assertRefreshFailedAndLastGoodKept(source, before);
    }

    @Test
    void fetch_bodyOverOneMiBNeverFetched_unavailable() {
        f.server.respond(withLength(padded(setA(), 2 * MIB)));
        assertThrows(KeysUnavailableException.class, f.source()::keys);
    }

    @Test
    void fetch_bodyOfExactlyOneMiB_accepted() throws Exception {
        f.server.respond(chunked(padded(setA(), MIB)));
        assertTrue(f.source().keys().hasLabel("A"));
    }

    @Test
    void fetch_endlessBody_readingStopsSoonAfterTheCap() throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch handlerDone = new CountDownLatch(1);
        f.server.respond(exchange -> {
            byte[] chunk = new byte[65_536];
            java.util.Arrays.fill(chunk, (byte) ' ');
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) { // 64 MiB, unless the client hangs up
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } finally {
                handlerDone.countDown();
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(KeysUnavailableException.class, f.source()::keys));
        assertTrue(handlerDone.await(5, TimeUnit.SECONDS), "the client hung up");
        assertTrue(written.get() < 16L * MIB, "stopped reading soon after 1 MiB, the server wrote " + written.get());
    }

    // --- not a JWK Set ---

    @ParameterizedTest
    @ValueSource(strings = {"not json", "<html><body>Sign in</body></html>", "{}", "[]", "null", "{\"keys\":{}}",
            "{\"keys\":\"A\"}", "{\"keys\":null}", "{\"keys\":[", "{\"keys\":[],\"keys\":[]}"})
    void fetch_bodyNotAJwkSet_failsAndLastGoodKept(String body) throws Exception {
        JwksKeySource source = fetchedOnce(f.settings().build());
        KeySet before = source.keys();
        f.server.serve(body);
        assertRefreshFailedAndLastGoodKept(source, before);
        assertEquals(2, f.server.hits());
    }

    @Test
    void fetch_emptyBody_failsAndLastGoodKept() throws Exception {
        JwksKeySource source = fetchedOnce(f.settings().build());
        KeySet before = source.keys();
        f.server.serve("");
        assertRefreshFailedAndLastGoodKept(source, before);
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 304, 400, 401, 403, 404, 429, 500, 502, 503})
    void fetch_statusOtherThan200_failsAndLastGoodKept(int status) throws Exception {
        JwksKeySource source = fetchedOnce(f.settings().build());
        KeySet before = source.keys();
        f.server.respond(exchange -> {
            byte[] body = setAB().getBytes(StandardCharsets.UTF_8);
            boolean noBody = status == 204 || status == 304;
            exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        assertRefreshFailedAndLastGoodKept(source, before);
    }

    @Test
    void fetch_request_plainGetWithJsonAcceptAndNoCredentials() throws Exception {
        AtomicReference<HttpExchange> seen = new AtomicReference<>();
        AtomicReference<Map<String, List<String>>> headers = new AtomicReference<>();
        f.server.respond(exchange -> {
            seen.set(exchange);
            headers.set(Map.copyOf(exchange.getRequestHeaders()));
            JwkSetServer.send(exchange, 200, setA());
        });
        f.source().keys();
        assertEquals("GET", seen.get().getRequestMethod());
        String accept = String.join(",", headers.get().getOrDefault("Accept", List.of()));
        assertTrue(accept.contains("json"), "Accept: " + accept);
        assertFalse(headers.get().containsKey("Authorization"));
        assertFalse(headers.get().containsKey("Cookie"));
    }

    // --- safety: the token never chooses what is fetched or which key verifies it ---

    @Test
    void verify_tokenCarryingItsOwnJwk_verifiedOnlyAgainstConfiguredSet() {
        f.server.serve(setA());
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        Map<String, Object> embedded = Jwks.of("A", attacker().getPublic());
        String claimsA = Tokens.with("RS256", attacker().getPrivate()).keyId("A").headerParam("jwk", embedded).sign();
        String ownKid = Tokens.with("RS256", attacker().getPrivate()).keyId("M")
                .headerParam("jwk", Jwks.of("M", attacker().getPublic())).sign();
        String noKid = Tokens.with("RS256", attacker().getPrivate())
                .headerParam("jwk", Jwks.of(null, attacker().getPublic())).sign();
        assertEquals(Reason.BAD_SIGNATURE, send(gate, claimsA).reason());
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, ownKid).reason());
        assertEquals(Kind.REJECTED, send(gate, noKid).kind());
    }

    @Test
    void verify_tokenWithJkuAndX5u_thoseUrlsNeverContacted() {
        try (JwkSetServer evil = JwkSetServer.start()) {
            evil.serve(Jwks.set(Jwks.of("M", attacker().getPublic())));
            evil.otherwise(exchange -> JwkSetServer.send(exchange, 200, Keys.pem(attacker().getPublic())));
            f.server.serve(setA());
            JwtGateSettings settings = f.settings().build();
            Authenticator gate = gate(settings, f.source(settings));
            f.clock.advance(MIN_REFRESH); // so the unknown kid may cause a fetch: of the configured URL only
            String jku = Tokens.with("RS256", attacker().getPrivate()).keyId("M")
                    .headerParam("jku", evil.uri().toString()).sign();
            String x5u = Tokens.with("RS256", attacker().getPrivate()).keyId("M2")
                    .headerParam("x5u", evil.uri("/cert.pem").toString()).sign();
            assertEquals(Reason.NO_MATCHING_KEY, send(gate, jku).reason());
            assertEquals(Reason.NO_MATCHING_KEY, send(gate, x5u).reason());
            f.clock.advance(MIN_REFRESH);
            assertEquals(Reason.NO_MATCHING_KEY, send(gate, x5u).reason());
            String legit = Tokens.with("RS256", rsaA().getPrivate()).keyId("A")
                    .headerParam("jku", evil.uri().toString()).headerParam("x5u", evil.uri("/cert.pem").toString())
                    .sign();
            assertTrue(accepted(gate, legit), "the headers are ignored, not trusted and not fatal");
            assertEquals(0, evil.hits(), "no connection to a URL named by a token");
            assertTrue(f.server.paths().stream().allMatch(JwkSetServer.PATH::equals), f.server.paths().toString());
            assertEquals(3, f.server.hits(), "the configured URL, once at start and once per unknown-kid interval");
        }
    }

    @Test
    void verify_tokenWithX5c_certificateNeverUsed() {
        f.server.serve(setA());
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        String certificate = Base64.getEncoder().encodeToString(KeyEncodings.selfSignedCertificate(attacker()));
        for (String kid : new String[] {"A", "M", null}) {
            Tokens tokens = Tokens.with("RS256", attacker().getPrivate()).headerParam("x5c", List.of(certificate));
            String token = (kid == null ? tokens : tokens.keyId(kid)).sign();
            assertEquals(Kind.REJECTED, send(gate, token).kind(), "kid " + kid);
        }
        assertEquals(1, f.server.hits());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/jwks", "http://127.0.0.1.nip.io/jwks", "http://localhost.example.com/",
            "http://user:pw@127.0.0.1/jwks", "ftp://127.0.0.1/jwks", "/relative/jwks", "file:///etc/jwks.json"})
    void jwksUri_notHttpsAndNotLoopback_refusedAtConfiguration(String uri) {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> JwtGateSettings.builder().jwksUri(URI.create(uri)));
        assertTrue(e.getMessage().contains("jwksUri"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://idp.example.com/.well-known/jwks.json", "http://127.0.0.1:8080/jwks",
            "http://localhost/jwks", "http://[::1]:9000/jwks"})
    void jwksUri_httpsOrLoopback_accepted(String uri) {
        JwtGateSettings.builder().jwksUri(URI.create(uri));
    }

    @Test
    void fetch_unreadableAfterHeaders_connectionReset_lastGoodKept() throws Exception {
        JwksKeySource source = fetchedOnce(f.settings().build());
        KeySet before = source.keys();
        f.server.respond(exchange -> {
            exchange.sendResponseHeaders(200, 100_000);
            exchange.getResponseBody().write("{\"keys\":[".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            throw new IOException("hang up mid-body");
        });
        assertRefreshFailedAndLastGoodKept(source, before);
    }
}
