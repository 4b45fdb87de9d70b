package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.internal.keys.JwksFixture.MIN_REFRESH;
import static org.jwtgate.internal.keys.JwksFixture.REFRESH;
import static org.jwtgate.internal.keys.JwksFixture.accepted;
import static org.jwtgate.internal.keys.JwksFixture.fresh;
import static org.jwtgate.internal.keys.JwksFixture.gate;
import static org.jwtgate.internal.keys.JwksFixture.rs256;
import static org.jwtgate.internal.keys.JwksFixture.rsaA;
import static org.jwtgate.internal.keys.JwksFixture.rsaB;
import static org.jwtgate.internal.keys.JwksFixture.send;

import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * The JWK Set source on a hand-moved clock: rotation, refresh and max-age, unknown kids, outages,
 * never-fetched, EdDSA, close. Fetches run on the calling thread unless a test says otherwise, so
 * every server hit is counted deterministically.
 */
class JwksKeySourceTest {

    private final JwksFixture f = new JwksFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static Map<String, Object> jwk(String kid, KeyPair pair) {
        return Jwks.of(kid, pair.getPublic());
    }

    private void advance(Duration by) {
        f.clock.advance(by);
    }

    private void advanceSeconds(long seconds) {
        f.clock.advance(Duration.ofSeconds(seconds));
    }

    // --- rotation ---

    @Test
    void authenticate_rotationWithOverlap_bothAcceptedDuringOverlapThenOldRejectedEvenWhenCached() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        String a = rs256(rsaA(), "A");
        String b = rs256(rsaB(), "B");
        assertTrue(accepted(gate, a));
        assertEquals(1, gate.verifications());

        f.server.serve(Jwks.set(jwk("A", rsaA()), jwk("B", rsaB())));
        advance(REFRESH);
        assertTrue(accepted(gate, a), "the refresh this request starts does not stop it being answered");
        assertEquals(2, f.server.hits());
        assertTrue(accepted(gate, b), "overlap: the new key");
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "overlap: the old key, for a token never seen");
        assertTrue(accepted(gate, a), "overlap: the old key, for a cached token");
        assertEquals(3, gate.verifications(), "A kept its identity across the refresh, so its cached token stayed a hit");

        f.server.serve(Jwks.set(jwk("B", rsaB())));
        advance(REFRESH);
        assertTrue(accepted(gate, a), "the request that starts the refresh is answered from the set in hand");
        assertEquals(3, f.server.hits());
        assertEquals(3, gate.verifications(), "so a was still a cache hit until the new set arrived");
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, a).reason(), "withdrawn at once, though it was cached");
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, fresh(rsaA(), "A")).reason());
        assertTrue(accepted(gate, b));
        assertTrue(accepted(gate, fresh(rsaB(), "B")));
    }

    @Test
    void keys_refreshWithUnchangedDocument_sameKeySetAndCachedTokensStayHits() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA()), Jwks.of("E", Keys.ec256().getPublic())));
        JwtGateSettings settings = f.settings().build();
        JwksKeySource source = f.source(settings);
        Authenticator gate = gate(settings, source);
        String a = rs256(rsaA(), "A");
        assertTrue(accepted(gate, a));
        KeySet first = source.keys();
        for (int i = 1; i <= 3; i++) {
            advance(REFRESH);
            assertTrue(accepted(gate, a));
            assertEquals(1 + i, f.server.hits());
        }
        assertSame(first, source.keys(), "nothing changed: the same set, the same generation");
        assertEquals(1, gate.verifications(), "the cached token stayed a hit through three refreshes");
    }

    @Test
    void keys_keyAddedAndSetReordered_unchangedKeysKeepTheirIdentity() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA()), Jwks.of("E", Keys.ec256().getPublic())));
        JwksKeySource source = f.source();
        KeySet first = source.keys();
        VerificationKey a = first.candidates(JwtAlgorithm.RS256, "A").get(0);
        VerificationKey e = first.candidates(JwtAlgorithm.ES256, "E").get(0);

        f.server.serve(Jwks.set(jwk("B", rsaB()), Jwks.of("E", Keys.ec256().getPublic()), jwk("A", rsaA())));
        advance(REFRESH);
        source.keys();
        KeySet second = source.keys();
        assertNotSame(first, second);
        assertTrue(second.generation() > first.generation(), "a changed set has a newer generation");
        assertSame(a, second.candidates(JwtAlgorithm.RS256, "A").get(0));
        assertSame(e, second.candidates(JwtAlgorithm.ES256, "E").get(0));
        assertTrue(second.hasLabel("B"));
    }

    @Test
    void authenticate_withdrawnKeyReplacedByDuplicateOfRemainingKey_withdrawnKeyRejected() {
        // Two kid-less keys, then the same count of keys but B gone and A published twice: the set changed.
        f.server.serve(Jwks.set(jwk(null, rsaA()), jwk(null, rsaB())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        assertTrue(accepted(gate, fresh(rsaB(), null)));

        f.server.serve(Jwks.set(jwk(null, rsaA()), jwk(null, rsaA())));
        advance(REFRESH);
        accepted(gate, fresh(rsaA(), null));
        assertEquals(2, f.server.hits());
        assertTrue(accepted(gate, fresh(rsaA(), null)));
        assertEquals(Reason.BAD_SIGNATURE, send(gate, fresh(rsaB(), null)).reason(), "B is no longer published");
    }

    @Test
    void authenticate_sameKidNewKeyMaterial_oldTokensRejectedEvenWhenCached() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        String old = rs256(rsaA(), "A");
        assertTrue(accepted(gate, old));
        f.server.serve(Jwks.set(jwk("A", rsaB()))); // re-keyed under the same kid
        advance(REFRESH);
        accepted(gate, old); // starts the refresh
        assertEquals(Reason.BAD_SIGNATURE, send(gate, old).reason(), "a kid is not an identity: the key is");
        assertTrue(accepted(gate, rs256(rsaB(), "A")));
    }

    // --- refresh and max-age ---

    @Test
    void keys_refreshIntervalPassed_refetchedWhileAnsweredFromSetInHand() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwksKeySource source = f.source();
        KeySet first = source.keys();
        f.server.serve(Jwks.set(jwk("A", rsaA()), jwk("B", rsaB())));

        advance(REFRESH.dividedBy(2));
        assertSame(first, source.keys());
        assertEquals(1, f.server.hits(), "not refetched halfway through the interval");

        advance(REFRESH.dividedBy(2));
        assertSame(first, source.keys(), "the request that starts the refresh is answered from the set in hand");
        assertEquals(2, f.server.hits(), "refetched once the interval has passed");
        assertTrue(source.keys().hasLabel("B"));
        assertEquals(2, f.server.hits(), "and only once");
    }

    @Test
    void keys_refreshDueWhileServerStalls_answeredAtOnceFromSetInHand() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwksKeySource source = f.backgroundSource(f.settings().jwksTimeout(Duration.ofSeconds(5)).build());
        KeySet first = source.keys(); // never fetched yet: waits for the first fetch
        assertTrue(first.hasLabel("A"));
        CountDownLatch refreshStarted = new CountDownLatch(1);
        f.server.respond(exchange -> {
            refreshStarted.countDown();
            f.server.awaitRelease();
            JwkSetServer.send(exchange, 200, Jwks.set(jwk("A", rsaA()), jwk("B", rsaB())));
        });
        advance(REFRESH);
        KeySet during = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> source.keys(),
                "no request waits on the network while a usable set is in hand");
        assertSame(first, during);
        assertTrue(refreshStarted.await(5, TimeUnit.SECONDS), "the refresh runs in the background");
        for (int i = 0; i < 20; i++) {
            assertSame(first, assertTimeoutPreemptively(Duration.ofSeconds(1), () -> source.keys()));
        }
        assertEquals(2, f.server.hits(), "one refresh in flight, however many requests come meanwhile");
    }

    @Test
    void keys_maxAge120WithRefreshInterval300_refetchedAfter120SecondsNot300() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())), "public, max-age=120");
        JwksKeySource source = f.source();
        advanceSeconds(60);
        source.keys();
        assertEquals(1, f.server.hits(), "not before half of max-age");
        advanceSeconds(60);
        source.keys();
        assertEquals(2, f.server.hits(), "max-age=120 takes precedence over jwksRefreshInterval=300");
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=5", "max-age=0", "max-age=59"})
    void keys_maxAgeBelow60_clampedTo60Seconds(String cacheControl) throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())), cacheControl);
        JwksKeySource source = f.source(f.settings().jwksMinRefreshInterval(Duration.ofSeconds(1)).build());
        for (int second = 1; second <= 30; second++) {
            advanceSeconds(1);
            source.keys();
        }
        assertEquals(1, f.server.hits(), "not refetched every few seconds however small max-age is");
        advanceSeconds(30);
        source.keys();
        assertEquals(2, f.server.hits(), "refetched by 60 seconds");
    }

    @Test
    void keys_maxAge999999_clampedToOneDay() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())), "max-age=999999");
        JwksKeySource source = f.source();
        advance(REFRESH);
        source.keys();
        assertEquals(1, f.server.hits(), "a long max-age takes precedence over jwksRefreshInterval too");
        advanceSeconds(43_200 - 300);
        source.keys();
        assertEquals(1, f.server.hits());
        advanceSeconds(43_200);
        source.keys();
        assertEquals(2, f.server.hits(), "but never longer than 86400 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-store", "no-cache, must-revalidate", "s-maxage=100000", "max-age=abc", "max-age=-5"})
    void keys_noUsableMaxAge_refreshIntervalApplies(String cacheControl) throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())), cacheControl);
        JwksKeySource source = f.source();
        advance(REFRESH.dividedBy(2));
        source.keys();
        assertEquals(1, f.server.hits());
        advance(REFRESH.dividedBy(2));
        source.keys();
        assertEquals(2, f.server.hits());
    }

    // --- unknown kid ---

    @Test
    void keysIncluding_unknownKidWithinMinInterval_rejectedAtOnceWithoutFetch() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        f.server.serve(Jwks.set(jwk("A", rsaA()), jwk("B", rsaB())));
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, fresh(rsaB(), "B")).reason());
        advance(MIN_REFRESH.minusSeconds(1));
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, fresh(rsaB(), "B")).reason());
        assertEquals(1, f.server.hits(), "the set was fetched less than jwksMinRefreshInterval ago");
        advanceSeconds(1);
        assertTrue(accepted(gate, fresh(rsaB(), "B")), "a newly published key is learnt on its first token");
        assertEquals(2, f.server.hits());
    }

    @Test
    void keysIncluding_floodOfRandomKids_oneFetchPerMinIntervalAndKnownKidsAcceptedThroughout() {
        f.server.serve(Jwks.set(jwk("A", rsaA()), Jwks.of("E", Keys.ec256().getPublic())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        String[] template = rs256(rsaA(), "A").split("\\.");
        advance(MIN_REFRESH);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 1000; i++) {
                String forged = Tokens.b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + java.util.UUID.randomUUID()
                        + "\"}") + "." + template[1] + "." + template[2];
                AuthenticationResult result = send(gate, forged);
                assertEquals(Kind.REJECTED, result.kind());
                assertEquals(Reason.NO_MATCHING_KEY, result.reason());
                if (i % 50 == 0) {
                    assertTrue(accepted(gate, Tokens.with("ES256", Keys.ec256().getPrivate()).keyId("E")
                            .claim("jti", "known-" + i).sign()), "known kids are unaffected");
                    assertTrue(accepted(gate, rs256(rsaA(), "A")));
                }
            }
        }, "1000 unknown kids are answered from the set in hand, quickly");
        assertEquals(2, f.server.hits(), "1000 random kids within jwksMinRefreshInterval cost one fetch");

        advance(MIN_REFRESH);
        for (int i = 0; i < 100; i++) {
            assertEquals(Reason.NO_MATCHING_KEY, send(gate, fresh(rsaB(), "unknown-" + i)).reason());
        }
        assertEquals(3, f.server.hits(), "one more fetch per further interval");
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
    }

    @Test
    void keysIncluding_unknownKidWhileServerFails_unavailableNotBadTokenAndKnownKidsUnaffected() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        f.server.fail(500);
        advance(MIN_REFRESH);
        AuthenticationResult unknown = send(gate, fresh(rsaB(), "B"));
        assertEquals(2, f.server.hits(), "the unknown kid was looked up");
        // The provider may have published B since the last good fetch: that cannot be told while
        // it fails, so the answer is the outage's 503, never a bad token (issue 13, defect 7).
        assertEquals(Kind.UNAVAILABLE, unknown.kind(), unknown.toString());
        for (int i = 0; i < 20; i++) {
            assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaB(), "B" + i)).kind());
            assertTrue(accepted(gate, fresh(rsaA(), "A")), "a failed lookup never costs the known keys");
        }
        assertEquals(2, f.server.hits(), "and a failed lookup is rate-limited like any other");
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        advance(MIN_REFRESH);
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, fresh(rsaB(), "B")).reason(),
                "once a fetch succeeds without the kid, it is a bad token");
    }

    /**
     * The kid-less twin of the test above, for a provider that publishes unlabelled keys: a
     * kid-less key it published after the last good fetch cannot be told from a forgery while
     * fetches fail, so it is the outage's 503; a token whose kid the set in hand has is judged by
     * that key alone.
     */
    @Test
    void keys_kidlessTokenNoKeyInHandVerifiesWhileServerFails_unavailableNotBadToken() {
        f.server.serve(Jwks.set(jwk("A", rsaA()), jwk(null, rsaA())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        assertEquals(Reason.BAD_SIGNATURE, send(gate, fresh(rsaB(), null)).reason(), "server up: a bad token");
        f.server.fail(500);
        advance(MIN_REFRESH);
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaB(), "C")).kind(), "its fetch failed");
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaB(), null)).kind(), "the provider may have a new key");
        assertEquals(Reason.BAD_SIGNATURE, send(gate, fresh(rsaB(), "A")).reason(),
                "a kid the set has is judged by that key, outage or not");
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        assertTrue(accepted(gate, fresh(rsaA(), null)));
        f.server.serve(Jwks.set(jwk("A", rsaA()), jwk(null, rsaA())));
        advance(MIN_REFRESH);
        assertEquals(Kind.REJECTED, send(gate, fresh(rsaB(), "D")).kind(), "a good fetch without D");
        assertEquals(Reason.BAD_SIGNATURE, send(gate, fresh(rsaB(), null)).reason(), "server back: a bad token again");
    }

    /**
     * Keycloak, Entra ID, Auth0, Okta and Cognito label every key: a kid-less token can never be
     * verified by one, so it stays a bad token (and visible as one in the metrics) in an outage.
     */
    @Test
    void keys_kidlessTokenWhileServerFails_providerLabelsEveryKey_stillBadToken() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        f.server.fail(500);
        advance(MIN_REFRESH);
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaB(), "C")).kind(), "its fetch failed");
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, fresh(rsaB(), null)).reason());
    }

    @Test
    void keysIncluding_fetchOutlastsTheRequestsWait_503RetryAfter1WithinOneSecondNot401() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        JwksFixture.ScriptedExecutor fetches = new JwksFixture.ScriptedExecutor();
        JwksKeySource source = f.source(settings, fetches);
        fetches.runAll();
        advance(MIN_REFRESH);
        long start = System.nanoTime();
        KeysUnavailableException e = assertThrows(KeysUnavailableException.class, () -> source.keysIncluding("B"),
                "the fetch that could bring B is still running: not a bad token yet");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1, e.retryAfterSeconds());
        assertTrue(millis < 2 * JwksKeySource.MAX_REQUEST_WAIT_MILLIS && millis < settings.jwksTimeout().toMillis(),
                "waited about a second, not jwksTimeout: " + millis + " ms");
        assertFalse(e.getMessage().contains("B"), "the token's kid is not quoted: " + e.getMessage());
        assertTrue(assertTimeoutPreemptively(Duration.ofMillis(500), () -> source.keys()).hasLabel("A"),
                "a known kid never waits for that fetch");
        fetches.runAll(); // completes without B
        assertFalse(assertTimeoutPreemptively(Duration.ofMillis(500), () -> source.keysIncluding("B")).hasLabel("B"),
                "once the fetch has completed without the kid: the set in hand, at once (401)");
        assertEquals(0, fetches.pending());
    }

    @Test
    void keys_firstFetchOutlastsTheRequestsWait_503WithinOneSecondNotJwksTimeout() {
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        JwksFixture.ScriptedExecutor fetches = new JwksFixture.ScriptedExecutor();
        JwksKeySource source = f.source(settings, fetches);
        long start = System.nanoTime();
        KeysUnavailableException e = assertThrows(KeysUnavailableException.class, source::keys);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 2 * JwksKeySource.MAX_REQUEST_WAIT_MILLIS, "waited " + millis + " ms");
        assertEquals(1, e.retryAfterSeconds(), "the first fetch is running: try again in a second");
        assertEquals(1, fetches.pending());
    }

    @Test
    void keys_jwksTimeoutOneSecond_requestWaitsAtMostHalfOfIt() {
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(1)).build();
        JwksKeySource source = f.source(settings, new JwksFixture.ScriptedExecutor());
        long start = System.nanoTime();
        assertThrows(KeysUnavailableException.class, source::keys);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 500 && millis < 1000, "never as long as jwksTimeout itself: " + millis + " ms");
    }

    @Test
    void awaitFirstFetch_firstFetchOutlastsARequestsWait_oneShotToolStillGetsTheKeys() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().jwksTimeout(Duration.ofSeconds(5)).build();
        JwksFixture.ScriptedExecutor fetches = new JwksFixture.ScriptedExecutor();
        JwksKeySource source = f.source(settings, fetches);
        Thread tool = new Thread(source::awaitFirstFetch, "jwtgate-verify");
        tool.setDaemon(true);
        tool.start();
        tool.join(2 * JwksKeySource.MAX_REQUEST_WAIT_MILLIS);
        assertTrue(tool.isAlive(), "a one-shot tool waits longer than a request would");
        fetches.runAll();
        tool.join(5_000);
        assertFalse(tool.isAlive());
        assertTrue(source.keys().hasLabel("A"));
        assertTimeoutPreemptively(Duration.ofMillis(500), source::awaitFirstFetch, "nothing to wait for any more");
    }

    // --- outage ---

    @Test
    void keys_serverFailsWith500_lastGoodSetServesUntilExpiryPlusMaxStaleThen503() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().jwksMaxStale(Duration.ofSeconds(600)).build();
        JwksKeySource source = f.source(settings);
        Authenticator gate = gate(settings, source);
        String a = rs256(rsaA(), "A");
        assertTrue(accepted(gate, a));
        f.server.fail(500);

        for (int second = 30; second < 900; second += 30) {
            advanceSeconds(30);
            assertTrue(accepted(gate, a), "stale but within jwksMaxStale at " + second + " s");
            assertTrue(accepted(gate, fresh(rsaA(), "A")), "and it still verifies tokens never seen");
        }
        advanceSeconds(29); // 899 s: last millisecond-ish of expiry (300) + maxStale (600)
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        int hits = f.server.hits();
        assertTrue(hits <= 1 + 899 / 30 + 1, "failed attempts are rate-limited: " + hits);

        advanceSeconds(1);
        for (String token : new String[] {a, fresh(rsaA(), "A"), fresh(rsaB(), "B")}) {
            AuthenticationResult result = send(gate, token);
            assertEquals(Kind.UNAVAILABLE, result.kind(), "an outage is never a 401");
            assertEquals(Reason.KEYS_UNAVAILABLE, result.reason());
            assertEquals(503, result.reason().httpStatus());
            assertTrue(result.retryAfterSeconds() >= 1);
        }
        KeysUnavailableException outage = assertThrows(KeysUnavailableException.class, source::keys);
        assertTrue(outage.retryAfterSeconds() >= 1 && outage.retryAfterSeconds() <= MIN_REFRESH.toSeconds(),
                "Retry-After points at the next allowed attempt: " + outage.retryAfterSeconds());
    }

    @Test
    void keys_serverStopped_lastGoodSetServesThenUnavailable() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().jwksMaxStale(Duration.ofSeconds(600)).build();
        Authenticator gate = gate(settings, f.source(settings));
        String a = rs256(rsaA(), "A");
        assertTrue(accepted(gate, a));
        f.server.stop();
        advance(REFRESH);
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "connection refused: the last good set serves");
        advanceSeconds(599);
        assertTrue(accepted(gate, a));
        advanceSeconds(1);
        assertEquals(Kind.UNAVAILABLE, send(gate, a).kind());
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
    }

    @Test
    void keys_maxAgeSetsExpiry_staleWindowCountsFromIt() {
        f.server.serve(Jwks.set(jwk("A", rsaA())), "max-age=120");
        JwtGateSettings settings = f.settings().jwksMaxStale(Duration.ofSeconds(100)).build();
        Authenticator gate = gate(settings, f.source(settings));
        f.server.fail(503);
        advanceSeconds(219);
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        advanceSeconds(1);
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
    }

    @Test
    void keys_serverBackAfterOutagePastMaxStale_acceptedAgainOnRetry() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().jwksMaxStale(Duration.ofSeconds(60)).build();
        Authenticator gate = gate(settings, f.source(settings));
        f.server.fail(500);
        advanceSeconds(360);
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        advance(MIN_REFRESH);
        send(gate, fresh(rsaA(), "A"));
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "recovered once the server answers again");
    }

    @Test
    void keys_serverBackAfterOutagePastMaxStale_requestThatRefetchesIsAnsweredFromFreshSet() {
        // With nothing usable in hand, the request has nothing better to do than wait for the fetch,
        // exactly as before the first fetch: it should not get a 503 the fetch it started has just cured.
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().jwksMaxStale(Duration.ofSeconds(60)).build();
        Authenticator gate = gate(settings, f.source(settings));
        f.server.fail(500);
        advanceSeconds(360);
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        advance(MIN_REFRESH);
        int before = f.server.hits();
        AuthenticationResult result = send(gate, fresh(rsaA(), "A"));
        assertEquals(before + 1, f.server.hits(), "this request fetched the set (synchronously)");
        assertEquals(Kind.AUTHENTICATED, result.kind());
    }

    // --- never fetched ---

    @Test
    void constructor_serverDown_doesNotThrowAndRequestsGet503WithRetryAfter() {
        f.server.stop();
        JwtGateSettings settings = f.settings().build();
        JwksKeySource source = assertDoesNotThrow(() -> f.source(settings), "the application starts");
        Authenticator gate = gate(settings, source);
        AuthenticationResult result = send(gate, rs256(rsaA(), "A"));
        assertEquals(Kind.UNAVAILABLE, result.kind());
        assertEquals(Reason.KEYS_UNAVAILABLE, result.reason());
        assertTrue(result.retryAfterSeconds() >= 1 && result.retryAfterSeconds() <= MIN_REFRESH.toSeconds(),
                "Retry-After: " + result.retryAfterSeconds());
        assertEquals(Kind.UNAVAILABLE, send(gate, rs256(rsaA(), null)).kind(), "with or without a kid");
        KeysUnavailableException e = assertThrows(KeysUnavailableException.class, source::keys);
        assertTrue(e.retryAfterSeconds() >= 1);
    }

    @Test
    void keys_neverFetchedServerFailing_attemptsRateLimitedThenRecovers() {
        f.server.fail(500);
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        assertEquals(1, f.server.hits());
        for (int i = 0; i < 50; i++) {
            assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), i % 2 == 0 ? "A" : "k" + i)).kind());
        }
        assertEquals(1, f.server.hits(), "not one fetch per request");
        advance(MIN_REFRESH);
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
        assertEquals(2, f.server.hits(), "one attempt per jwksMinRefreshInterval");
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        advance(MIN_REFRESH);
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "with nothing in hand, the request waits for the fetch");
        assertEquals(3, f.server.hits());
    }

    @Test
    void keys_neverFetchedBackgroundSource_firstRequestWaitsForInitialFetch() {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.backgroundSource(settings));
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> accepted(gate, rs256(rsaA(), "A"))),
                "the first request right after start is not a spurious 503");
        assertEquals(1, f.server.hits());
    }

    @Test
    void create_jwksServerDown_applicationStartsAndAnswers503() {
        f.server.stop();
        ReferenceResolver resolver = new ReferenceResolver(name -> null, name -> null);
        Map<String, String> params = new HashMap<>(Map.of("algorithms", "RS256", "jwksUri", f.server.uri().toString(),
                "jwksTimeout", "1"));
        Authenticator gate = assertDoesNotThrow(() -> Authenticator.create(InitParameters.parse(params, resolver, f.clock),
                resolver));
        try {
            assertInstanceOf(JwksKeySource.class, gate.keySource());
            AuthenticationResult result = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> send(gate, rs256(rsaA(), "A")));
            assertEquals(Kind.UNAVAILABLE, result.kind());
            assertTrue(result.retryAfterSeconds() >= 1);
        } finally {
            gate.close();
        }
    }

    // --- EdDSA ---

    @Test
    void authenticate_okpEd25519Jwk_eddsaTokenAccepted() {
        f.server.serve(Jwks.set(Jwks.of("ed", Jwks.ed25519().getPublic())));
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.source(settings));
        assertTrue(accepted(gate, Tokens.eddsa(Jwks.ed25519().getPrivate()).keyId("ed").sign()));
        assertEquals(Reason.BAD_SIGNATURE,
                send(gate, Tokens.eddsa(Jwks.newPair("Ed25519").getPrivate()).keyId("ed").sign()).reason());
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, rs256(rsaA(), "ed")).reason(), "the key only verifies EdDSA");
    }

    // --- close ---

    /** The live threads of every JWK Set source, fetch and exchange threads alike. */
    static Set<Thread> jwksThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("jwtgate-jwks")) {
                out.add(thread);
            }
        }
        return out;
    }

    /** Already ended when close() returned: a container looks for leftover threads right after destroy(). */
    private static void assertAllStopped(Set<Thread> threads) {
        for (Thread thread : threads) {
            assertFalse(thread.isAlive(), thread.getName() + " still running when close() returned");
        }
    }

    /** The fetch thread, and the exchange thread while it has not gone idle. */
    private static void assertFetchThreads(Set<Thread> threads) {
        assertTrue(threads.stream().anyMatch(thread -> thread.getName().equals("jwtgate-jwks 127.0.0.1")),
                "one fetch thread per source: " + threads);
        for (Thread thread : threads) {
            assertTrue(Set.of("jwtgate-jwks 127.0.0.1", "jwtgate-jwks-http 127.0.0.1").contains(thread.getName()),
                    thread.getName());
            assertTrue(thread.isDaemon(), "never keeps the JVM alive");
        }
        assertTrue(threads.size() <= 2, "a fetch thread and an exchange thread at most: " + threads);
    }

    @Test
    void close_backgroundSource_itsThreadStops() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        Set<Thread> before = jwksThreads();
        JwksKeySource source = f.backgroundSource(f.settings().build());
        source.keys();
        Set<Thread> mine = jwksThreads();
        mine.removeAll(before);
        assertFetchThreads(mine);
        source.close();
        assertAllStopped(mine);
    }

    @Test
    void close_duringStalledFetch_itsThreadStops() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        f.server.respond(exchange -> {
            fetching.countDown();
            f.server.awaitRelease();
        });
        Set<Thread> before = jwksThreads();
        JwksKeySource source = f.backgroundSource(f.settings().jwksTimeout(Duration.ofSeconds(20)).build());
        assertTrue(fetching.await(5, TimeUnit.SECONDS));
        Set<Thread> mine = jwksThreads();
        mine.removeAll(before);
        assertEquals(2, mine.size(), "the fetch thread, and the exchange thread stuck reading: " + mine);
        source.close();
        assertAllStopped(mine);
    }

    @Test
    void close_authenticatorOverJwks_stopsTheFetchThread() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        Set<Thread> before = jwksThreads();
        ReferenceResolver resolver = new ReferenceResolver(name -> null, name -> null);
        Authenticator gate = Authenticator.create(InitParameters.parse(Map.of("algorithms", "RS256",
                "jwksUri", f.server.uri().toString()), resolver, f.clock), resolver);
        assertTrue(accepted(gate, rs256(rsaA(), "A")));
        Set<Thread> mine = jwksThreads();
        mine.removeAll(before);
        assertFetchThreads(mine);
        gate.close();
        assertAllStopped(mine);
    }

    @Test
    void keys_afterClose_setInHandStillAnsweredWithoutException() throws Exception {
        f.server.serve(Jwks.set(jwk("A", rsaA())));
        JwksKeySource source = f.backgroundSource(f.settings().build());
        KeySet first = source.keys();
        source.close();
        advance(REFRESH);
        assertSame(first, source.keys(), "a refresh that can no longer run is not an error");
        assertSame(first, source.keysIncluding("B"));
    }
}
