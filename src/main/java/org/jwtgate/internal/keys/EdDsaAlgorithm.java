package org.jwtgate.internal.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureGenerationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

/**
 * JWS {@code EdDSA} (RFC 8037) for java-jwt, on the JDK's own Ed25519 and Ed448 signatures
 * (Java 15 and later). Verify only: a verifier never holds a private key.
 *
 * <p>Immutable and thread-safe: a {@link Signature} is made per verification.
 */
final class EdDsaAlgorithm extends Algorithm {

    /** The two curves, recognised by their SubjectPublicKeyInfo prefix (RFC 8410). */
    enum Curve {
        ED25519("Ed25519", 64, new byte[] {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, 32),
        ED448("Ed448", 114, new byte[] {0x30, 0x43, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x03, 0x3a, 0x00}, 57);

        final String jcaName;
        final int signatureLength;
        private final byte[] spkiPrefix;
        final int publicKeyLength;

        Curve(String jcaName, int signatureLength, byte[] spkiPrefix, int publicKeyLength) {
            this.jcaName = jcaName;
            this.signatureLength = signatureLength;
            this.spkiPrefix = spkiPrefix;
            this.publicKeyLength = publicKeyLength;
        }

        /** The SubjectPublicKeyInfo DER of a raw public key (a JWK's {@code x}). */
        byte[] spki(byte[] rawPublicKey) {
            byte[] der = Arrays.copyOf(spkiPrefix, spkiPrefix.length + rawPublicKey.length);
            System.arraycopy(rawPublicKey, 0, der, spkiPrefix.length, rawPublicKey.length);
            return der;
        }

        static Optional<Curve> of(PublicKey key) {
            byte[] encoded = key.getEncoded();
            for (Curve curve : values()) {
                if (encoded != null && encoded.length == curve.spkiPrefix.length + curve.publicKeyLength
                        && Arrays.equals(encoded, 0, curve.spkiPrefix.length, curve.spkiPrefix, 0, curve.spkiPrefix.length)) {
                    return Optional.of(curve);
                }
            }
            return Optional.empty();
        }

        static Optional<Curve> named(String crv) {
            for (Curve curve : values()) {
                if (curve.jcaName.equals(crv)) {
                    return Optional.of(curve);
                }
            }
            return Optional.empty();
        }
    }

    private final PublicKey key;
    private final Curve curve;

    EdDsaAlgorithm(PublicKey key, Curve curve) {
        super("EdDSA", curve.jcaName);
        this.key = key;
        this.curve = curve;
    }

    /** Whether this JVM can verify EdDSA at all (Java 15+). */
    static boolean isAvailable() {
        try {
            Signature.getInstance(Curve.ED25519.jcaName);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void verify(DecodedJWT jwt) throws SignatureVerificationException {
        try {
            byte[] signature = Base64.getUrlDecoder().decode(jwt.getSignature());
            if (signature.length != curve.signatureLength) {
                throw new SignatureVerificationException(this);
            }
            Signature verifier = Signature.getInstance(curve.jcaName);
            verifier.initVerify(key);
            verifier.update(jwt.getHeader().getBytes(StandardCharsets.US_ASCII));
            verifier.update((byte) '.');
            verifier.update(jwt.getPayload().getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw new SignatureVerificationException(this);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SignatureVerificationException(this, e);
        }
    }

    @Override
    public byte[] sign(byte[] contentBytes) throws SignatureGenerationException {
        throw new SignatureGenerationException(this, new UnsupportedOperationException("verification only"));
    }
}
