package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.VerificationKey;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * The key-selection and signature stage alone, with a scripted key source: which keys are tried,
 * when the source is asked again, and when a failure is an outage (503) rather than a bad token.
 * The same branches end to end: {@code TokenVerifierTest}, {@code KeyHeaderAttackTest}, {@code KeyOutageIT}.
 */
class SignatureVerifierTest {

    private static final JwtAlgorithm HS256 = JwtAlgorithm.HS256;

    private final byte[] right = Keys.secret(32);
    private final byte[] wrong = Keys.secret(32);

    /** A key source that answers what the test scripts and counts what it is asked. */
    private static final class ScriptedSource implements KeySource {
        KeySet including;
        KeySet waited;
        boolean mayLearn = true;
        KeysUnavailableException stale;
        int includingAsks;
        int waits;
        int staleAsks;

        @Override
        public KeySet keys() {
            throw new AssertionError("the stage is given the set in hand; it does not read it again");
        }

        @Override
        public KeySet keysIncluding(String keyId) {
            includingAsks++;
            return including;
        }

        @Override
        public boolean mayLearnKeysFor(JwtAlgorithm algorithm) {
            return mayLearn;
        }

        @Override
        public KeySet keysWaiting() {
            waits++;
            return waited;
        }

        @Override
        public KeysUnavailableException staleFor(JwtAlgorithm algorithm, String keyId) {
            staleAsks++;
            return stale;
        }
    }

    /** An HS256 verifier that counts its attempts and then behaves as {@code secret}'s would, or throws {@code failure}. */
    private static final class CountingAlgorithm extends Algorithm {
        private final Algorithm real;
        private final RuntimeException failure;
        int attempts;

        CountingAlgorithm(byte[] secret, RuntimeException failure) {
            super("HS256", "counting");
            this.real = Algorithm.HMAC256(secret);
            this.failure = failure;
        }

        @Override
        public void verify(DecodedJWT jwt) {
            attempts++;
            if (failure != null) {
                throw failure;
            }
            real.verify(jwt);
        }

        @Override
        public byte[] sign(byte[] contentBytes) {
            throw new UnsupportedOperationException();
        }
    }

    private static VerificationKey key(String kid, Algorithm algorithm) {
        return new VerificationKey(kid, "test key", Map.of(HS256, algorithm));
    }

    private static VerificationKey key(String kid, byte[] secret) {
        return key(kid, Algorithm.HMAC256(secret));
    }

    private static KeySet set(VerificationKey... keys) {
        return new KeySet(1, List.of(keys));
    }

    private static KeySet down(VerificationKey... keys) {
        return set(keys).withOutage(new KeysUnavailableException("the JWK Set is down", 7), Set.of(HS256));
    }

    private String[] parts(String kid) throws TokenRejection {
        Tokens token = Tokens.hs256(right);
        return JwsParser.split((kid == null ? token : token.keyId(kid)).sign());
    }

    private static Reason rejection(ScriptedSource source, String[] parts, String kid, KeySet keys) {
        return assertThrows(TokenRejection.class, () -> new SignatureVerifier(source).verify(parts, HS256, kid, keys))
                .reason();
    }

    @Test
    void verify_keyInHandVerifies_thatKeyUnderTheSetInHand() throws Exception {
        VerificationKey good = key(null, right);
        KeySet inHand = set(key(null, wrong), good);
        ScriptedSource source = new ScriptedSource();
        SignatureVerifier.Match match = new SignatureVerifier(source).verify(parts(null), HS256, null, inHand);
        assertSame(good, match.key);
        assertSame(inHand, match.keys, "the identity a cache hit compares");
        assertEquals(0, source.includingAsks + source.waits + source.staleAsks);
    }

    @Test
    void verify_noCandidateForTheAlgorithm_noMatchingKey() throws Exception {
        VerificationKey rsOnly = new VerificationKey(null, "rsa", Map.of(JwtAlgorithm.RS256,
                Algorithm.RSA256((java.security.interfaces.RSAPublicKey) Keys.rsa().getPublic(), null)));
        assertEquals(Reason.NO_MATCHING_KEY, rejection(new ScriptedSource(), parts(null), null, set(rsOnly)));
    }

    @Test
    void verify_everyCandidateFails_badSignatureAfterTryingEach() throws Exception {
        CountingAlgorithm first = new CountingAlgorithm(wrong, null);
        CountingAlgorithm second = new CountingAlgorithm(wrong, null);
        ScriptedSource source = new ScriptedSource();
        assertEquals(Reason.BAD_SIGNATURE, rejection(source, parts(null), null, set(key(null, first), key(null, second))));
        assertEquals(1, first.attempts);
        assertEquals(1, second.attempts);
        assertEquals(1, source.staleAsks, "a source serving a stale set is asked whether the key may be there");
    }

    @Test
    void verify_candidateThrowsIllegalArgument_nextCandidateTried() throws Exception {
        VerificationKey good = key(null, right);
        KeySet inHand = set(key(null, new CountingAlgorithm(right, new IllegalArgumentException("odd key"))), good);
        assertSame(good, new SignatureVerifier(new ScriptedSource()).verify(parts(null), HS256, null, inHand).key);
    }

    @Test
    void verify_unknownKidSourceMayLearn_asksOnceAndMatchesUnderTheSetItGot() throws Exception {
        VerificationKey published = key("new", right);
        ScriptedSource source = new ScriptedSource();
        source.including = set(published);
        SignatureVerifier.Match match = new SignatureVerifier(source).verify(parts("new"), HS256, "new", set());
        assertEquals(1, source.includingAsks);
        assertSame(published, match.key);
        assertSame(source.including, match.keys);
    }

    @Test
    void verify_unknownKidSourceCannotLearnForTheAlgorithm_notAskedUnlabelledKeyTried() throws Exception {
        VerificationKey unlabelled = key(null, right);
        ScriptedSource source = new ScriptedSource();
        source.mayLearn = false;
        assertSame(unlabelled, new SignatureVerifier(source).verify(parts("other"), HS256, "other", set(unlabelled)).key);
        assertEquals(0, source.includingAsks);
    }

    @Test
    void verify_kidTheSetLabelsButWrongKey_badSignatureSourceNotAsked() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.stale = new KeysUnavailableException("stale", 3);
        assertEquals(Reason.BAD_SIGNATURE, rejection(source, parts("mine"), "mine", down(key("mine", wrong))));
        assertEquals(0, source.includingAsks + source.waits + source.staleAsks,
                "a kid the configuration labels is the configuration's alone");
    }

    @Test
    void verify_unknownKidAndSourceStillDownAfterAsking_outageWithoutWaitingAgain() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.including = down(key(null, wrong));
        KeysUnavailableException e = assertThrows(KeysUnavailableException.class,
                () -> new SignatureVerifier(source).verify(parts("idp"), HS256, "idp", down()));
        assertEquals(7, e.retryAfterSeconds());
        assertEquals(1, source.includingAsks);
        assertEquals(0, source.waits, "keysIncluding had its chance");
    }

    @Test
    void verify_kidlessTokenSourceDownThenWaitingBringsTheKey_waitsOnceTriesOnlyNewKeys() throws Exception {
        CountingAlgorithm configured = new CountingAlgorithm(wrong, null);
        VerificationKey configuredKey = key(null, configured);
        VerificationKey idp = key(null, right);
        ScriptedSource source = new ScriptedSource();
        source.waited = set(configuredKey, idp);
        SignatureVerifier.Match match = new SignatureVerifier(source).verify(parts(null), HS256, null, down(configuredKey));
        assertEquals(1, source.waits);
        assertEquals(1, configured.attempts, "the keys already tried are not tried twice");
        assertSame(idp, match.key);
        assertSame(source.waited, match.keys);
    }

    @Test
    void verify_kidlessTokenSourceStillDownAfterWaiting_outage() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.waited = down(key(null, wrong));
        KeysUnavailableException e = assertThrows(KeysUnavailableException.class,
                () -> new SignatureVerifier(source).verify(parts(null), HS256, null, down(key(null, wrong))));
        assertEquals(7, e.retryAfterSeconds());
        assertEquals(1, source.waits);
    }

    @Test
    void verify_noKeyVerifiesAndSourceServesAStaleSet_staleOutageNotBadToken() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.stale = new KeysUnavailableException("stale", 3);
        KeysUnavailableException e = assertThrows(KeysUnavailableException.class,
                () -> new SignatureVerifier(source).verify(parts(null), HS256, null, set(key(null, wrong))));
        assertSame(source.stale, e);
        source.including = set();
        assertSame(source.stale, assertThrows(KeysUnavailableException.class,
                () -> new SignatureVerifier(source).verify(parts("unknown"), HS256, "unknown", set())));
    }
}
