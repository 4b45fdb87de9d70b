package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.algorithms.Algorithm;

import org.junit.jupiter.api.Test;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.testing.Keys;

/** The kid rule: labels match exactly or not at all, and only keys that fit the algorithm are tried. */
class KeySetTest {

    private static VerificationKey hmac(String keyId) {
        return new VerificationKey(keyId, "secret " + keyId, Map.of(JwtAlgorithm.HS256, Algorithm.HMAC256(Keys.secret(32))));
    }

    private static VerificationKey rsa(String keyId) {
        RSAPublicKey key = (RSAPublicKey) Keys.rsa().getPublic();
        return new VerificationKey(keyId, "public key " + keyId, Map.of(
                JwtAlgorithm.RS256, Algorithm.RSA256(key, null), JwtAlgorithm.PS256, Algorithm.RSA256PSS(key, null)));
    }

    private final VerificationKey current = hmac("2026-11");
    private final VerificationKey previous = hmac("2026-05");
    private final VerificationKey plainA = hmac(null);
    private final VerificationKey plainB = hmac(null);
    private final VerificationKey plainRsa = rsa(null);
    private final KeySet keys = new KeySet(7, List.of(current, previous, plainA, plainRsa, plainB));

    @Test
    void candidates_kidOfALabelledKey_onlyThatKey() {
        assertEquals(List.of(current), keys.candidates(JwtAlgorithm.HS256, "2026-11"));
        assertEquals(List.of(previous), keys.candidates(JwtAlgorithm.HS256, "2026-05"));
    }

    @Test
    void candidates_kidDifferingInCaseOrSpace_labelledKeyNotChosen() {
        KeySet labelledCase = new KeySet(1, List.of(hmac("Key-A")));
        assertEquals(List.of(), labelledCase.candidates(JwtAlgorithm.HS256, "key-a"));
        assertEquals(List.of(), labelledCase.candidates(JwtAlgorithm.HS256, "KEY-A"));
        assertEquals(List.of(), labelledCase.candidates(JwtAlgorithm.HS256, "Key-A "));
        assertEquals(List.of(), labelledCase.candidates(JwtAlgorithm.HS256, "Key-"));
    }

    @Test
    void candidates_unknownKid_fallsBackToUnlabelledKeysInOrder() {
        assertEquals(List.of(plainA, plainB), keys.candidates(JwtAlgorithm.HS256, "2027-01"));
        assertEquals(List.of(plainA, plainB), keys.candidates(JwtAlgorithm.HS256, "2026-11 "));
        assertEquals(List.of(plainA, plainB), keys.candidates(JwtAlgorithm.HS256, ""));
    }

    @Test
    void candidates_noKid_onlyUnlabelledKeys() {
        assertEquals(List.of(plainA, plainB), keys.candidates(JwtAlgorithm.HS256, null));
    }

    @Test
    void candidates_noKidAndOnlyLabelledKeys_none() {
        KeySet labelledOnly = new KeySet(1, List.of(current, previous));
        assertEquals(List.of(), labelledOnly.candidates(JwtAlgorithm.HS256, null));
        assertEquals(List.of(), labelledOnly.candidates(JwtAlgorithm.HS256, "unknown"));
    }

    @Test
    void candidates_onlyKeysFittingTheAlgorithm() {
        assertEquals(List.of(plainRsa), keys.candidates(JwtAlgorithm.RS256, null));
        assertEquals(List.of(plainRsa), keys.candidates(JwtAlgorithm.PS256, "2027-01"));
        assertEquals(List.of(), keys.candidates(JwtAlgorithm.RS384, null));
        assertEquals(List.of(), keys.candidates(JwtAlgorithm.HS512, null));
        assertEquals(List.of(), keys.candidates(JwtAlgorithm.ES256, null));
    }

    @Test
    void candidates_kidOfALabelledKeyThatDoesNotFitTheAlgorithm_noneAndNoFallback() {
        // The kid names one key; an algorithm that key cannot verify must not widen the search.
        assertEquals(List.of(), keys.candidates(JwtAlgorithm.RS256, "2026-11"));
    }

    @Test
    void contains_isIdentityBased() {
        VerificationKey lookalike = new VerificationKey(current.keyId(), current.toString(),
                Map.of(JwtAlgorithm.HS256, current.verifierFor(JwtAlgorithm.HS256)));
        assertTrue(keys.contains(current));
        assertTrue(keys.contains(plainB));
        assertFalse(keys.contains(lookalike));
        assertFalse(new KeySet(8, List.of(lookalike)).contains(current));
    }

    @Test
    void keys_configurationOrderAndGenerationKept() {
        assertEquals(List.of(current, previous, plainA, plainRsa, plainB), keys.keys());
        assertEquals(7, keys.generation());
        assertThrows(UnsupportedOperationException.class, () -> keys.keys().add(plainA));
    }

    @Test
    void constructor_twoKeysWithOneKid_refused() {
        assertThrows(IllegalArgumentException.class, () -> new KeySet(1, List.of(hmac("k"), rsa("k"))));
    }

    @Test
    void candidates_sameKeyObjectReturned() {
        assertSame(current, keys.candidates(JwtAlgorithm.HS256, "2026-11").get(0));
    }

    @Test
    void candidates_listsSharedBetweenRequests_cannotBeChanged() {
        // Built once per key set and handed to every miss: a caller that changed one would change
        // which keys the next token is tried against.
        List<VerificationKey> labelledKey = keys.candidates(JwtAlgorithm.HS256, "2026-11");
        List<VerificationKey> unlabelledKeys = keys.candidates(JwtAlgorithm.HS256, null);
        assertSame(labelledKey, keys.candidates(JwtAlgorithm.HS256, "2026-11"));
        assertSame(unlabelledKeys, keys.candidates(JwtAlgorithm.HS256, "unknown"));
        assertThrows(UnsupportedOperationException.class, () -> labelledKey.add(plainA));
        assertThrows(UnsupportedOperationException.class, () -> unlabelledKeys.clear());
        assertEquals(List.of(plainA, plainB), keys.candidates(JwtAlgorithm.HS256, null));
    }
}
