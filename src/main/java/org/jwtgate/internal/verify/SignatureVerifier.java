package org.jwtgate.internal.verify;

import java.util.ArrayList;
import java.util.List;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.internal.jose.SignedParts;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.CompositeKeySource;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.VerificationKey;

/**
 * Key selection and signature: finds the key that verified a token among the candidates for its
 * algorithm and {@code kid}, giving one key source the chance to learn a key it lacks, and tells a
 * bad token (401) from keys that cannot be had right now (503). java-jwt checks each signature.
 *
 * <p>Immutable and thread-safe; the key source it holds is thread-safe too.
 */
final class SignatureVerifier {

    /** The key that verified a token, and the set it was found in (what a cache hit compares by identity). */
    static final class Match {
        final VerificationKey key;
        final KeySet keys;

        Match(VerificationKey key, KeySet keys) {
            this.key = key;
            this.keys = keys;
        }
    }

    private final KeySource keySource;

    SignatureVerifier(KeySource keySource) {
        this.keySource = keySource;
    }

    /**
     * @param parts     the token's three segments, the header already judged by {@link HeaderPolicy}
     * @param algorithm the token's allowed algorithm
     * @param keyId     the token's {@code kid}, or {@code null}
     * @param keys      the key source's set in force for this request, read once by the caller
     * @throws TokenRejection           no key verified the token, and no source that is down could have it
     * @throws KeysUnavailableException the token's key may be at a source that cannot be read now
     */
    Match verify(String[] parts, JwtAlgorithm algorithm, String keyId, KeySet keys)
            throws TokenRejection, KeysUnavailableException {
        boolean sourceAsked = false;
        if (keyId != null && !keys.hasLabel(keyId) && keySource.mayLearnKeysFor(algorithm)) {
            // Perhaps a key the issuer has just published: the source decides whether to look, and
            // how long (briefly) this request may wait for it. Never for a secret's algorithm, which
            // no JWK Set publishes.
            keys = keySource.keysIncluding(keyId);
            sourceAsked = true;
        }
        SignedParts signed = new SignedParts(parts, keyId);
        List<VerificationKey> candidates = keys.candidates(algorithm, keyId);
        boolean anyCandidate = !candidates.isEmpty();
        VerificationKey verifiedBy = verifySignature(signed, algorithm, candidates);
        if (verifiedBy == null && !sourceAsked && keyMayBeAtSourceDown(keys, algorithm, keyId)) {
            // Only a source that has nothing in hand could have the key: now it is worth waiting
            // (briefly) for it, unless keysIncluding just had that chance. The keys already tried are
            // not tried twice.
            KeySet tried = keys;
            keys = keySource.keysWaiting();
            candidates = new ArrayList<>();
            for (VerificationKey key : keys.candidates(algorithm, keyId)) {
                if (!tried.contains(key)) {
                    candidates.add(key);
                }
            }
            anyCandidate |= !candidates.isEmpty();
            verifiedBy = verifySignature(signed, algorithm, candidates);
        }
        if (verifiedBy == null) {
            if (keyMayBeAtSourceDown(keys, algorithm, keyId)) {
                // The key may well exist at a source that is down, whether or not some configured key
                // was tried: an outage, never a bad token (503, not 401).
                throw keys.outage(algorithm);
            }
            KeysUnavailableException stale = keyId == null || !keys.hasLabel(keyId)
                    ? keySource.staleFor(algorithm, keyId) : null;
            if (stale != null) {
                // A source that still serves its last good set, but whose fetches fail, may have
                // published the token's key since: the same outage, for a token without a kid too.
                throw stale;
            }
            throw new TokenRejection(anyCandidate ? Reason.BAD_SIGNATURE : Reason.NO_MATCHING_KEY);
        }
        return new Match(verifiedBy, keys);
    }

    /**
     * Whether a source that is down could hold the token's key: it could hold keys of this algorithm
     * (a JWK Set never holds a secret), and the kid is not one the set labels. A set with an outage
     * holds the configuration's own keys, and a kid the configuration labels is the configuration's
     * alone ({@link CompositeKeySource}), so such a token simply has no key.
     */
    private static boolean keyMayBeAtSourceDown(KeySet keys, JwtAlgorithm algorithm, String keyId) {
        return keys.outage(algorithm) != null && (keyId == null || !keys.hasLabel(keyId));
    }

    /** The first candidate whose signature check passes, or {@code null} when none does (or there is none). */
    private static VerificationKey verifySignature(SignedParts signed, JwtAlgorithm algorithm,
            List<VerificationKey> candidates) {
        for (VerificationKey key : candidates) {
            Algorithm verifier = key.verifierFor(algorithm);
            try {
                verifier.verify(signed);
                return key;
            } catch (SignatureVerificationException | IllegalArgumentException e) {
                // not this key: try the next one
            }
        }
        return null;
    }
}
