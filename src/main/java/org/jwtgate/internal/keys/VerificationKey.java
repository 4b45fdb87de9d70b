package org.jwtgate.internal.keys;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import com.auth0.jwt.algorithms.Algorithm;

import org.jwtgate.JwtAlgorithm;

/**
 * One configured key, ready to verify: a java-jwt {@link Algorithm} per allowed algorithm it fits.
 * Identity matters: the verified-token cache remembers which key verified a token, so that a
 * token stops being accepted when its key is withdrawn.
 *
 * <p>Immutable and thread-safe (java-jwt algorithms are).
 */
public final class VerificationKey {

    private final String keyId;
    private final String description;
    private final Map<JwtAlgorithm, Algorithm> algorithms;

    /**
     * @param keyId       the label that selects it, or {@code null}
     * @param description where it came from, for logs: a reference, never key material
     * @param algorithms  what it verifies, non-empty
     */
    public VerificationKey(String keyId, String description, Map<JwtAlgorithm, Algorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("a key must verify at least one algorithm");
        }
        this.keyId = keyId;
        this.description = description;
        this.algorithms = Collections.unmodifiableMap(new EnumMap<>(algorithms));
    }

    /** The label, or {@code null} for an unlabelled key. */
    public String keyId() {
        return keyId;
    }

    public Set<JwtAlgorithm> algorithms() {
        return algorithms.keySet();
    }

    /** The verifier for this algorithm, or {@code null} when the key does not fit it. */
    public Algorithm verifierFor(JwtAlgorithm algorithm) {
        return algorithms.get(algorithm);
    }

    @Override
    public String toString() {
        return description;
    }
}
