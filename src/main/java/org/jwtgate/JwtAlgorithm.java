package org.jwtgate;

import java.util.Locale;
import java.util.Optional;

/**
 * The JWS algorithms JwtGate can be configured to accept (RFC 7518 names).
 *
 * <p>The algorithm is always chosen by configuration and by the key that verifies the token,
 * never by the token's header: the header's {@code alg} only has to match one of them.
 */
public enum JwtAlgorithm {
    HS256(Family.HMAC, 32), HS384(Family.HMAC, 48), HS512(Family.HMAC, 64),
    RS256(Family.RSA, 0), RS384(Family.RSA, 0), RS512(Family.RSA, 0),
    PS256(Family.RSA, 0), PS384(Family.RSA, 0), PS512(Family.RSA, 0),
    ES256(Family.EC, 0), ES384(Family.EC, 0), ES512(Family.EC, 0),
    EdDSA(Family.OKP, 0);

    /** The kind of key an algorithm verifies with. */
    public enum Family {
        /** A shared secret. */
        HMAC,
        /** An RSA public key (RS* and PS*). */
        RSA,
        /** An elliptic-curve public key on the algorithm's own curve. */
        EC,
        /** An octet key pair (Ed25519). */
        OKP
    }

    private final Family family;
    private final int minSecretBytes;

    JwtAlgorithm(Family family, int minSecretBytes) {
        this.family = family;
        this.minSecretBytes = minSecretBytes;
    }

    public Family family() {
        return family;
    }

    /** For HMAC algorithms, the hash output size in bytes: the shortest secret accepted. 0 otherwise. */
    public int minSecretBytes() {
        return minSecretBytes;
    }

    /**
     * The algorithm with exactly this JWS name, case-sensitive as RFC 7515 requires.
     * {@code none} and unknown names are empty.
     */
    public static Optional<JwtAlgorithm> fromJwsName(String name) {
        for (JwtAlgorithm algorithm : values()) {
            if (algorithm.name().equals(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** Parses a configured name, forgiving case (operators write {@code hs256}). */
    public static Optional<JwtAlgorithm> fromConfigName(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        for (JwtAlgorithm algorithm : values()) {
            if (algorithm.name().toUpperCase(Locale.ROOT).equals(upper)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
