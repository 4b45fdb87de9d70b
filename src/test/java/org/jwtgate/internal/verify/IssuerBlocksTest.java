package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.metrics.Metrics;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * Several trusted issuers, each bound to its own keys (RFC 8725 §3.8, RFC 9068 §4): a token is
 * verified only with the keys of the block its {@code iss} chooses, and a token whose {@code iss}
 * chooses none is refused before any key is tried or fetched. Every cross-block combination an
 * attacker holding one block's key could try is refused.
 */
class IssuerBlocksTest {

    private static final String CORP = "https://login.corp.example/realms/staff";
    private static final String PARTNER = "https://idp.partner.example/";
    private static final String LEGACY = "https://legacy.example";

    private final KeyPair corpKey = Keys.rsa();
    private final KeyPair partnerKey = Keys.newRsa(2048);
    private final byte[] legacySecret = Keys.secret(32);
    private final byte[] otherSecret = Keys.secret(32);
    private final Map<String, String> env = new HashMap<>();
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final JwkSetServer corpJwks = JwkSetServer.start();
    private Authenticator authenticator;
    private Metrics metrics;

    IssuerBlocksTest() {
        env.put("PARTNER_KEY", Keys.pem(partnerKey.getPublic()));
        env.put("LEGACY_SECRET", HexFormat.of().formatHex(legacySecret));
        env.put("OTHER_SECRET", HexFormat.of().formatHex(otherSecret));
        corpJwks.serve(Jwks.set(Jwks.of("k1", corpKey.getPublic())));
    }

    @AfterEach
    void close() {
        if (authenticator != null) {
            authenticator.close();
        }
        corpJwks.close();
    }

    /** corp by JWK Set (kid k1), partner by a configured key labelled k1 too, legacy by an HMAC secret. */
    private Map<String, String> params(String... overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithms", "RS256");
        params.put("audience", Tokens.AUDIENCE);
        params.put("issuers", "corp, partner, legacy");
        params.put("corp.issuer", CORP);
        params.put("corp.jwksUri", corpJwks.uri().toString());
        params.put("partner.issuer", PARTNER);
        params.put("partner.publicKeys", "k1=env:PARTNER_KEY");
        params.put("legacy.issuer", LEGACY);
        params.put("legacy.algorithms", "HS256");
        params.put("legacy.secret", "env:LEGACY_SECRET");
        params.put("legacy.secretEncoding", "hex");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        return params;
    }

    private Authenticator start(Map<String, String> params) {
        ReferenceResolver resolver = new ReferenceResolver(env::get, n -> null);
        org.jwtgate.JwtGateSettings settings = InitParameters.parse(params, resolver, clock);
        metrics = new Metrics(List.of("corp", "partner", "legacy"));
        authenticator = Authenticator.create(settings, resolver, metrics);
        authenticator.keySources().forEach(org.jwtgate.internal.keys.KeySource::awaitFirstFetch);
        return authenticator;
    }

    private Decision send(String token) {
        return authenticator.authenticate(name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration(), null);
    }

    private static Tokens rs256(KeyPair key, String iss) {
        return Tokens.with("RS256", key.getPrivate()).keyId("k1").issuer(iss);
    }

    @Test
    void authenticate_eachBlocksOwnTokens_acceptedAndCountedUnderTheirBlock() {
        start(params());
        Decision corp = send(rs256(corpKey, CORP).sign());
        Decision partner = send(rs256(partnerKey, PARTNER).sign());
        Decision legacy = send(Tokens.hs256(legacySecret).issuer(LEGACY).sign());
        assertEquals(Kind.AUTHENTICATED, corp.result().kind(), corp.result().toString());
        assertEquals(Kind.AUTHENTICATED, partner.result().kind(), partner.result().toString());
        assertEquals(Kind.AUTHENTICATED, legacy.result().kind(), legacy.result().toString());
        assertEquals(0, corp.issuerBlock());
        assertEquals(1, partner.issuerBlock());
        assertEquals(2, legacy.issuerBlock());
    }

    /**
     * Issue 19: with blocks, a hit reads its own issuer's keys after the lookup (a JWK Set's here,
     * which looks at the clock for its refresh and its staleness): at the request's one reading.
     */
    @Test
    void authenticate_cacheHitOfEachBlock_readsTheClockOnce() {
        start(params());
        for (String token : List.of(rs256(corpKey, CORP).sign(), rs256(partnerKey, PARTNER).sign(),
                Tokens.hs256(legacySecret).issuer(LEGACY).sign())) {
            assertEquals(Kind.AUTHENTICATED, send(token).result().kind());
            for (int hit = 0; hit < 2; hit++) {
                clock.advance(Duration.ofSeconds(2));
                long before = clock.reads();
                assertEquals(Kind.AUTHENTICATED, send(token).result().kind());
                assertEquals(1, clock.reads() - before, "clock readings on a cache hit");
            }
        }
    }

    @Test
    void authenticate_keyOfOneBlockWithTheIssOfAnother_refused() {
        start(params());
        // Same kid (k1) in corp's JWK Set and partner's configuration: a kid labels keys in its block only.
        assertRefused(send(rs256(partnerKey, CORP).sign()), Reason.BAD_SIGNATURE);
        assertRefused(send(rs256(corpKey, PARTNER).sign()), Reason.BAD_SIGNATURE);
        // Without a kid every key of the block is a candidate: still none of another block's.
        assertRefused(send(Tokens.with("RS256", partnerKey.getPrivate()).issuer(CORP).sign()), Reason.NO_MATCHING_KEY);
        assertRefused(send(rs256(partnerKey, LEGACY).sign()), Reason.UNSUPPORTED_ALGORITHM);
        assertEquals(Map.of("corp", 2L, "partner", 1L, "legacy", 1L), metrics.rejectedByIssuer());
        assertEquals(Map.of("corp", 0L, "partner", 0L, "legacy", 0L), metrics.acceptedByIssuer());
    }

    @Test
    void authenticate_hmacSecretOfOneBlockWithTheIssOfAnother_refused() {
        start(params("partner.algorithms", "HS256, RS256", "partner.publicKeys", "k2=env:PARTNER_KEY",
                "partner.secret", "env:OTHER_SECRET", "partner.secretEncoding", "hex"));
        assertEquals(Kind.AUTHENTICATED, send(Tokens.hs256(otherSecret).issuer(PARTNER).sign()).result().kind());
        assertRefused(send(Tokens.hs256(otherSecret).issuer(LEGACY).sign()), Reason.BAD_SIGNATURE);
        assertRefused(send(Tokens.hs256(legacySecret).issuer(PARTNER).sign()), Reason.BAD_SIGNATURE);
    }

    @Test
    void authenticate_unknownOrMissingIss_refusedWithoutTryingAKeyOrFetching() {
        start(params("jwksMinRefreshInterval", "1"));
        int fetchesAtStart = corpJwks.hits();
        for (int i = 0; i < 1000; i++) {
            // Unknown kids would each make corp's JWK Set worth asking again, were corp ever consulted.
            String kid = UUID.randomUUID().toString();
            clock.advance(Duration.ofSeconds(2));
            assertRefused(send(Tokens.with("RS256", corpKey.getPrivate()).keyId(kid)
                    .issuer("https://evil.example/" + i).sign()), Reason.BAD_ISSUER);
            assertRefused(send(Tokens.with("RS256", corpKey.getPrivate()).keyId(kid).without("iss").sign()),
                    Reason.BAD_ISSUER);
            assertRefused(send(Tokens.with("RS256", corpKey.getPrivate()).keyId(kid).claim("iss", List.of(CORP))
                    .sign()), Reason.BAD_ISSUER);
        }
        assertEquals(fetchesAtStart, corpJwks.hits(), "no fetch for a token whose iss chooses no block");
        assertEquals(Map.of("corp", 0L, "partner", 0L, "legacy", 0L), metrics.rejectedByIssuer(),
                "counted in the totals only");
    }

    @Test
    void authenticate_oneBlocksProviderDown_otherBlocksUnaffectedOnMissAndHit() {
        corpJwks.respond(exchange -> JwkSetServer.send(exchange, 500, "down"));
        start(params());
        String partner = rs256(partnerKey, PARTNER).sign();
        Decision corp = send(rs256(corpKey, CORP).sign());
        assertEquals(Kind.UNAVAILABLE, corp.result().kind(), "an outage is a 503, never a 401");
        assertEquals(Kind.AUTHENTICATED, send(partner).result().kind(), "miss");
        assertEquals(Kind.AUTHENTICATED, send(partner).result().kind(), "hit, judged by partner's keys alone");
        assertTrue(authenticator.keySourceHealth().get("corp").startsWith("unavailable"),
                authenticator.keySourceHealth().toString());
        assertTrue(authenticator.keySourceHealth().get("partner").startsWith("1 key(s) in force"),
                authenticator.keySourceHealth().toString());
    }

    @Test
    void authenticate_oneBlockDeclared_unknownIssRefusedBeforeItsKeysAreRead() {
        corpJwks.respond(exchange -> JwkSetServer.send(exchange, 500, "down"));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithms", "RS256");
        params.put("audience", Tokens.AUDIENCE);
        params.put("issuers", "corp");
        params.put("corp.issuer", CORP);
        params.put("corp.jwksUri", corpJwks.uri().toString());
        params.put("jwksMinRefreshInterval", "1");
        ReferenceResolver resolver = new ReferenceResolver(env::get, n -> null);
        metrics = new Metrics(List.of("corp"));
        authenticator = Authenticator.create(InitParameters.parse(params, resolver, clock), resolver, metrics);
        authenticator.keySources().forEach(org.jwtgate.internal.keys.KeySource::awaitFirstFetch);
        int fetches = corpJwks.hits();
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofSeconds(2));
            assertRefused(send(rs256(corpKey, "https://evil.example").sign()), Reason.BAD_ISSUER);
        }
        assertEquals(fetches, corpJwks.hits(), "one block is still a block: its keys are not read for another iss");
        assertEquals(Kind.UNAVAILABLE, send(rs256(corpKey, CORP).sign()).result().kind(), "its own tokens: 503");
    }

    @Test
    void create_keyOfABlockCannotBeLoaded_refusalNamesTheBlocksParam() {
        org.jwtgate.JwtGateConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.jwtgate.JwtGateConfigurationException.class,
                () -> start(params("partner.publicKeys", "k1=env:NOT_SET")));
        assertEquals("partner.publicKeys", e.getParameter(), e.getMessage());
    }

    @Test
    void create_discoveryBesideAConfiguredSecretInABlock_starts() {
        start(params("corp.jwksUri", null, "corp.discovery", "true", "corp.issuer", corpJwks.uri("/realms/x").toString(),
                "corp.algorithms", "HS256, RS256", "corp.secret", "env:OTHER_SECRET", "corp.secretEncoding", "hex"));
        Decision hmac = send(Tokens.hs256(otherSecret).issuer(corpJwks.uri("/realms/x").toString()).sign());
        assertEquals(Kind.AUTHENTICATED, hmac.result().kind(), hmac.result().toString());
    }

    @Test
    void authenticate_cachedTokenOfABlock_judgedByItsOwnBlocksCurrentKeys(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("partner.pem");
        java.nio.file.Files.writeString(file, Keys.pem(partnerKey.getPublic()));
        start(params("partner.publicKeys", "k1=file:" + file, "keysReloadInterval", "1"));
        String token = rs256(partnerKey, PARTNER).sign();
        assertEquals(Kind.AUTHENTICATED, send(token).result().kind());
        assertEquals(Kind.AUTHENTICATED, send(token).result().kind(), "a hit");
        long verified = authenticator.verifications();
        java.nio.file.Files.writeString(file, Keys.pem(Keys.newRsa(2048).getPublic())); // the key is withdrawn
        clock.advance(Duration.ofSeconds(2));
        assertRefused(send(token), Reason.BAD_SIGNATURE);
        assertEquals(verified + 1, authenticator.verifications(), "the entry was dropped and the token verified again");
    }

    private static void assertRefused(Decision decision, Reason reason) {
        assertEquals(Kind.REJECTED, decision.result().kind(), decision.result().toString());
        assertEquals(reason, decision.result().reason());
    }
}
