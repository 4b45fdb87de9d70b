package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * A secret (HS256) and a JWK Set (RS256) in one configuration: each kind of token is verified by its
 * own keys, a JWK Set outage never stops the secret working and is never a 401 for the tokens only
 * the JWK Set could verify, and a configured labelled key wins over a JWK with the same kid.
 */
class CompositeKeySourceTest {

    private final JwksFixture f = new JwksFixture();
    private final byte[] secret = Keys.secret(32);
    /** The configured, unlabelled public key of the defect-7 tests: not the identity provider's. */
    private final KeyPair configured = rsaB();
    private final ReferenceResolver resolver = new ReferenceResolver(
            name -> name.equals("SECRET") ? Base64.getEncoder().encodeToString(secret)
                    : name.equals("PUB") ? Keys.pem(configured.getPublic()) : null, name -> null);

    @AfterEach
    void close() {
        f.close();
    }

    private JwtGateSettings.Builder settings(KeyReference secretReference) {
        return f.settings()
                .algorithms(JwtAlgorithm.HS256, JwtAlgorithm.RS256)
                .secret(secretReference)
                .secretEncoding(JwtGateSettings.SecretEncoding.BASE64)
                .jwksMaxStale(Duration.ofSeconds(600));
    }

    private JwtGateSettings settings() {
        return settings(KeyReference.of("env:SECRET")).build();
    }

    private CompositeKeySource composite(JwtGateSettings settings, Executor executor) {
        KeySource local = new StaticKeySource(KeyLoader.load(settings, resolver, 1));
        return f.closeLater(new CompositeKeySource(local, f.source(settings, executor)));
    }

    private Authenticator composed(JwtGateSettings settings) {
        return gate(settings, composite(settings, Runnable::run));
    }

    private String hs256() {
        return Tokens.hs256(secret).claim("jti", java.util.UUID.randomUUID().toString()).sign();
    }

    private static String setA() {
        return Jwks.set(Jwks.of("A", rsaA().getPublic()));
    }

    @Test
    void authenticate_secretAndJwks_bothKindsAccepted() {
        f.server.serve(setA());
        JwtGateSettings settings = settings();
        Authenticator gate = composed(settings);
        String hs = hs256();
        String rs = rs256(rsaA(), "A");
        assertTrue(accepted(gate, hs));
        assertTrue(accepted(gate, rs));
        assertTrue(accepted(gate, Tokens.hs256(secret).keyId("whatever").sign()),
                "an unlabelled secret is tried for any kid the configuration does not label");
        assertEquals(Reason.BAD_SIGNATURE, send(gate, Tokens.hs256(Keys.secret(32)).sign()).reason());
        long verified = gate.verifications();
        f.clock.advance(REFRESH);
        assertTrue(accepted(gate, rs));
        assertTrue(accepted(gate, rs));
        assertTrue(accepted(gate, hs));
        assertEquals(verified, gate.verifications(), "an unchanged JWK Set refresh keeps both kinds of cached token");
    }

    /**
     * A JWK Set never publishes a secret, so an HS256 token's unknown kid must not make it fetch (and
     * wait): many libraries put a kid on every token they sign.
     */
    @Test
    void authenticate_hs256TokensWithUnlabelledKids_neverFetchTheJwkSet() {
        f.server.serve(setA());
        JwtGateSettings settings = settings();
        Authenticator gate = composed(settings);
        assertTrue(accepted(gate, rs256(rsaA(), "A")));
        int fetches = f.server.hits();
        for (int i = 0; i < 5; i++) {
            f.clock.advance(MIN_REFRESH);
            assertTrue(accepted(gate, Tokens.hs256(secret).keyId("hs-" + i).sign()));
            assertEquals(Reason.BAD_SIGNATURE, send(gate, Tokens.hs256(Keys.secret(32)).keyId("x-" + i).sign()).reason());
        }
        assertEquals(fetches, f.server.hits(), "no fetch for a secret's kid");
        f.clock.advance(MIN_REFRESH);
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, rs256(rsaB(), "unknown")).reason());
        assertEquals(fetches + 1, f.server.hits(), "an RS256 token's unknown kid still asks the JWK Set");
    }

    /** The composite takes any key source as its remote one, not only a JWK Set (issue 14). */
    @Test
    void authenticate_anyRemoteSourceThatIsDown_hs256AcceptedRs256Unavailable() {
        JwtGateSettings settings = settings();
        KeySource down = new KeySource() {
            @Override
            public KeySet keys() throws KeysUnavailableException {
                throw new KeysUnavailableException("a scripted source that is down", 7);
            }

            @Override
            public java.util.Set<JwtAlgorithm> algorithms() {
                return java.util.EnumSet.of(JwtAlgorithm.RS256);
            }
        };
        KeySource local = new StaticKeySource(KeyLoader.load(settings, resolver, 1));
        Authenticator gate = gate(settings, new CompositeKeySource(local, down));
        assertTrue(accepted(gate, hs256()));
        AuthenticationResult rs = send(gate, rs256(rsaA(), "A"));
        assertEquals(Kind.UNAVAILABLE, rs.kind());
        assertEquals(7, rs.retryAfterSeconds());
        assertEquals(Reason.BAD_SIGNATURE, send(gate, Tokens.hs256(Keys.secret(32)).keyId("x").sign()).reason());
    }

    @Test
    void authenticate_jwksNeverFetched_hs256AcceptedRs256Unavailable() {
        f.server.stop();
        JwtGateSettings settings = settings();
        Authenticator gate = composed(settings);
        assertTrue(accepted(gate, hs256()), "the secret works whatever the JWK Set does");
        for (String token : new String[] {rs256(rsaA(), "A"), rs256(rsaA(), null), rs256(rsaB(), "unknown")}) {
            AuthenticationResult result = send(gate, token);
            assertEquals(Kind.UNAVAILABLE, result.kind(), "a token only the JWK Set could verify: 503, not 401");
            assertEquals(503, result.reason().httpStatus());
            assertTrue(result.retryAfterSeconds() >= 1);
        }
        assertEquals(Reason.BAD_SIGNATURE, send(gate, Tokens.hs256(Keys.secret(32)).sign()).reason(),
                "a bad HS256 token is still a plain 401");
    }

    @Test
    void authenticate_jwksDownPastMaxStale_hs256AcceptedRs256Unavailable() {
        f.server.serve(setA());
        JwtGateSettings settings = settings();
        Authenticator gate = composed(settings);
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        f.server.fail(500);
        f.clock.advance(REFRESH.plusSeconds(599));
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "within jwksMaxStale");
        f.clock.advance(Duration.ofSeconds(1));
        assertTrue(accepted(gate, hs256()));
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), null)).kind());
    }

    @Test
    void authenticate_cachedRs256TokenWhenJwksPastMaxStale_unavailableLikeAnyRs256Token() {
        // JwksKeySource alone answers 503 here; behind CompositeKeySource the cached token must too.
        f.server.serve(setA());
        JwtGateSettings settings = settings();
        Authenticator gate = composed(settings);
        String cached = rs256(rsaA(), "A");
        assertTrue(accepted(gate, cached));
        f.server.fail(500);
        f.clock.advance(REFRESH.plusSeconds(600));
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
        assertEquals(Kind.UNAVAILABLE, send(gate, cached).kind(),
                "a JWK past jwksMaxStale is not vouched for, cached token or not");
    }

    @Test
    void authenticate_jwkWithdrawnBehindComposite_cachedTokenRejected() {
        f.server.serve(Jwks.set(Jwks.of("A", rsaA().getPublic()), Jwks.of("B", rsaB().getPublic())));
        JwtGateSettings settings = settings();
        Authenticator gate = composed(settings);
        String a = rs256(rsaA(), "A");
        assertTrue(accepted(gate, a));
        f.server.serve(Jwks.set(Jwks.of("B", rsaB().getPublic())));
        f.clock.advance(REFRESH);
        accepted(gate, hs256()); // starts the refresh
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, a).reason());
        assertTrue(accepted(gate, rs256(rsaB(), "B")));
    }

    @Test
    void authenticate_configuredLabelledKeyAndJwkWithSameKid_configuredKeyWins() {
        f.server.serve(Jwks.set(Jwks.of("shared", rsaA().getPublic()), Jwks.of("B", rsaB().getPublic())));
        JwtGateSettings settings = settings(KeyReference.labelled("shared", "env:SECRET")).build();
        Authenticator gate = composed(settings);
        assertTrue(accepted(gate, Tokens.hs256(secret).keyId("shared").sign()));
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, rs256(rsaA(), "shared")).reason(),
                "the JWK with the configured kid is not used");
        assertTrue(accepted(gate, rs256(rsaB(), "B")), "other JWKs still are");
        assertEquals(1, f.server.hits(), "a configured kid never causes a fetch");
    }

    @Test
    void authenticate_configuredKidWithOtherAlgorithmWhileJwksDown_plain401() {
        // The JWK Set's key for a kid the configuration labels is never used, so its outage cannot
        // be why such a token found no key: 401, as when the JWK Set is up.
        f.server.fail(500);
        JwtGateSettings settings = settings(KeyReference.labelled("shared", "env:SECRET")).build();
        Authenticator gate = composed(settings);
        assertTrue(accepted(gate, Tokens.hs256(secret).keyId("shared").sign()));
        assertEquals(Reason.NO_MATCHING_KEY, send(gate, rs256(rsaA(), "shared")).reason(),
                "an RS256 token for the configured HS256 kid is refused whatever the JWK Set does");
        assertEquals(Kind.UNAVAILABLE, send(gate, rs256(rsaA(), "A")).kind(),
                "a kid the configuration does not label may be the JWK Set's: still 503");
    }

    @Test
    void authenticate_configuredKidWithOtherAlgorithmWhileFirstJwksFetchStalls_answeredWithoutWaiting() {
        // Nothing the JWK Set could fetch would change the answer, so the request must not wait for it.
        f.server.respond(exchange -> f.server.awaitRelease());
        JwtGateSettings settings = settings(KeyReference.labelled("shared", "env:SECRET"))
                .jwksTimeout(Duration.ofSeconds(5)).build();
        Authenticator gate = gate(settings, composite(settings, null));
        AuthenticationResult result = assertTimeoutPreemptively(Duration.ofMillis(1500),
                () -> send(gate, rs256(rsaA(), "shared")), "a token for a configured kid waited for the JWK Set");
        assertEquals(Reason.NO_MATCHING_KEY, result.reason());
    }

    @Test
    void keys_nothingChanged_sameMergedSet() throws Exception {
        f.server.serve(setA());
        CompositeKeySource keys = composite(settings(), Runnable::run);
        KeySet first = keys.keys();
        assertSame(first, keys.keys());
        assertSame(first, keys.keysIncluding("A"));
    }

    @Test
    void authenticate_hs256WhileFirstJwksFetchStalls_answeredWithoutWaiting() {
        // The secret is a usable key set in hand: no HS256 request should wait on the JWK Set's network.
        f.server.respond(exchange -> f.server.awaitRelease());
        JwtGateSettings settings = settings(KeyReference.of("env:SECRET")).jwksTimeout(Duration.ofSeconds(5)).build();
        Authenticator gate = gate(settings, composite(settings, null));
        AuthenticationResult result = assertTimeoutPreemptively(Duration.ofMillis(1500), () -> send(gate, hs256()),
                "an HS256 token waited for the JWK Set's first fetch");
        assertEquals(Kind.AUTHENTICATED, result.kind());
    }

    @Test
    void create_secretAndJwksUri_compositeThatAcceptsBoth() {
        f.server.serve(setA());
        Authenticator gate = Authenticator.create(InitParameters.parse(Map.of("algorithms", "HS256,RS256",
                "secret", "env:SECRET", "secretEncoding", "base64", "jwksUri", f.server.uri().toString()),
                resolver, f.clock), resolver);
        try {
            assertInstanceOf(CompositeKeySource.class, gate.keySource());
            assertTrue(accepted(gate, rs256(rsaA(), "A")));
            assertTrue(accepted(gate, hs256()));
        } finally {
            gate.close();
        }
    }

    // --- an unlabelled configured key of the identity provider's family, next to a JWK Set that is down ---

    /** RS256 only: an unlabelled configured public key (not the identity provider's) and the JWK Set. */
    private JwtGateSettings publicKeyAndJwks() {
        return f.settings()
                .algorithms(JwtAlgorithm.RS256)
                .publicKeys(KeyReference.of("env:PUB"))
                .jwksTimeout(Duration.ofSeconds(5))
                .jwksMaxStale(Duration.ofSeconds(600))
                .build();
    }

    @Test
    void authenticate_unlabelledConfiguredKeyAndJwksNeverFetched_identityProviderToken503NotBadSignature() {
        f.server.fail(500);
        JwtGateSettings settings = publicKeyAndJwks();
        Authenticator gate = composed(settings);
        assertTrue(accepted(gate, fresh(configured, null)), "the configured key works whatever the JWK Set does");
        assertTrue(accepted(gate, fresh(configured, "any")), "and for any kid the configuration does not label");
        for (String token : new String[] {fresh(rsaA(), "A"), fresh(rsaA(), null), fresh(rsaA(), "unknown")}) {
            AuthenticationResult result = send(gate, token);
            assertEquals(Kind.UNAVAILABLE, result.kind(),
                    "the configured key fits the family but not the token, and the JWK Set may hold its key: " + result);
            assertTrue(result.retryAfterSeconds() >= 1);
        }
    }

    @Test
    void authenticate_unlabelledConfiguredKeyAndJwksPastMaxStale_identityProviderToken503NotBadSignature() {
        f.server.serve(setA());
        JwtGateSettings settings = publicKeyAndJwks();
        Authenticator gate = composed(settings);
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        f.server.fail(500);
        f.clock.advance(REFRESH.plusSeconds(600));
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind());
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), null)).kind());
        assertTrue(accepted(gate, fresh(configured, null)));
    }

    @Test
    void authenticate_unlabelledConfiguredKeyAndKidFetchStillRunning_503ThenBadSignatureOnceFetched() {
        f.server.serve(setA());
        JwtGateSettings settings = publicKeyAndJwks();
        JwksFixture.ScriptedExecutor fetches = new JwksFixture.ScriptedExecutor();
        Authenticator gate = gate(settings, composite(settings, fetches));
        fetches.runAll();
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        f.clock.advance(JwksFixture.MIN_REFRESH);
        String unknown = fresh(JwksFixture.attacker(), "C");
        assertEquals(Kind.UNAVAILABLE, send(gate, unknown).kind(),
                "the fetch that could bring kid C has not completed: an outage for this token, not a bad signature");
        fetches.runAll(); // completes without C
        assertEquals(Reason.BAD_SIGNATURE, send(gate, unknown).reason(),
                "now nothing could hold its key: the configured key was the only candidate, and it failed");
    }

    @Test
    void authenticate_unlabelledConfiguredKeyAndJwksUp_forgedTokenPlain401() {
        f.server.serve(setA());
        Authenticator gate = composed(publicKeyAndJwks());
        assertEquals(Reason.BAD_SIGNATURE, send(gate, fresh(JwksFixture.attacker(), null)).reason());
        assertEquals(Reason.BAD_SIGNATURE, send(gate, rs256(JwksFixture.attacker(), "A")).reason());
    }
}
