package org.jwtgate.internal.keys;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.auth0.jwt.algorithms.Algorithm;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.config.ReferenceResolver;

/**
 * Turns the configured key references into verification keys, refusing anything unsafe: short or
 * well-known secrets, RSA keys under 2048 bits or with the ROCA fingerprint, private keys, EC keys on a curve no allowed
 * algorithm uses, keys no allowed algorithm can use, and allowed algorithms with no key.
 *
 * <p>Stateless and thread-safe. Messages name the parameter and the reference, never key material.
 */
public final class KeyLoader {

    static final int MIN_RSA_BITS = 2048;

    private KeyLoader() {
    }

    /** Loads every configured key, once. */
    public static KeySet load(JwtGateSettings settings, ReferenceResolver resolver, long generation) {
        requireEdDsaSupport(settings);
        List<VerificationKey> keys = new ArrayList<>();
        for (KeyReference reference : settings.secret()) {
            keys.add(secretKey(settings, reference, resolver.resolveBytes("secret", reference.reference())));
        }
        for (KeyReference reference : settings.publicKeys()) {
            keys.add(publicKey(settings, reference, resolver.resolveKeyBytes("publicKeys", reference.reference())));
        }
        requireCoverage(settings, keys);
        return new KeySet(generation, keys);
    }

    static void requireEdDsaSupport(JwtGateSettings settings) {
        if (settings.algorithms().contains(JwtAlgorithm.EdDSA) && !EdDsaAlgorithm.isAvailable()) {
            throw new JwtGateConfigurationException("algorithms",
                    "EdDSA needs Java 15 or later (this JVM has no Ed25519 signature)");
        }
    }

    /** Every allowed algorithm has at least one key that fits it (asymmetric ones may come from a JWK Set). */
    static void requireCoverage(JwtGateSettings settings, List<VerificationKey> keys) {
        for (JwtAlgorithm algorithm : settings.algorithms()) {
            if ((settings.jwksUri() != null || settings.discovery()) && algorithm.family() != JwtAlgorithm.Family.HMAC) {
                continue;
            }
            if (keys.stream().noneMatch(k -> k.algorithms().contains(algorithm))) {
                throw new JwtGateConfigurationException("algorithms", algorithm + " is allowed but no configured key fits it"
                        + (algorithm.family() == JwtAlgorithm.Family.EC ? " (" + algorithm + " needs an EC key on "
                        + curveName(algorithm) + ")" : ""));
            }
        }
    }

    /** One HMAC secret from the text its reference resolved to (before {@code secretEncoding}). */
    static VerificationKey secretKey(JwtGateSettings settings, KeyReference reference, byte[] configured) {
        int strongestHmac = settings.algorithms().stream().mapToInt(JwtAlgorithm::minSecretBytes).max().orElse(0);
        byte[] secret = decodeSecret(settings.secretEncoding(), configured, reference);
        return hmacKey(settings, reference, new String(configured, StandardCharsets.UTF_8), secret, strongestHmac);
    }

    /** One public key from the PEM or DER its reference resolved to. */
    static VerificationKey publicKey(JwtGateSettings settings, KeyReference reference, byte[] content) {
        PublicKey key;
        try {
            key = PemKeys.parse(content);
        } catch (PemKeys.InvalidKeyContentException e) {
            throw new JwtGateConfigurationException("publicKeys", "the key from " + reference + " is refused: "
                    + e.getMessage());
        }
        return publicKey(settings, reference, key);
    }

    private static VerificationKey hmacKey(JwtGateSettings settings, KeyReference reference, String configuredText,
            byte[] secret, int strongestHmac) {
        if (secret.length < strongestHmac) {
            JwtAlgorithm strongest = settings.algorithms().stream()
                    .filter(a -> a.minSecretBytes() == strongestHmac).findFirst().orElseThrow();
            throw new JwtGateConfigurationException("secret", "the secret from " + reference + " is shorter than "
                    + strongestHmac + " bytes, the least " + strongest + " accepts; generate a random one, e.g. "
                    + "openssl rand -base64 " + strongestHmac + " with secretEncoding=base64");
        }
        Optional<String> weakness = WeakSecrets.weakness(configuredText, secret);
        if (weakness.isPresent()) {
            throw new JwtGateConfigurationException("secret", "the secret from " + reference + " is refused: "
                    + weakness.get() + "; generate a random one, e.g. openssl rand -base64 " + strongestHmac);
        }
        Map<JwtAlgorithm, Algorithm> algorithms = new EnumMap<>(JwtAlgorithm.class);
        for (JwtAlgorithm algorithm : settings.algorithms()) {
            switch (algorithm) {
                case HS256: algorithms.put(algorithm, Algorithm.HMAC256(secret)); break;
                case HS384: algorithms.put(algorithm, Algorithm.HMAC384(secret)); break;
                case HS512: algorithms.put(algorithm, Algorithm.HMAC512(secret)); break;
                default: break;
            }
        }
        return new VerificationKey(reference.keyId(), "secret " + reference, algorithms);
    }

    private static VerificationKey publicKey(JwtGateSettings settings, KeyReference reference, PublicKey key) {
        Map<JwtAlgorithm, Algorithm> algorithms = new EnumMap<>(JwtAlgorithm.class);
        if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new JwtGateConfigurationException("publicKeys", "the RSA key from " + reference + " has " + bits
                        + " bits; at least " + MIN_RSA_BITS + " are required");
            }
            if (RocaFingerprint.matches(rsa.getModulus())) {
                throw new JwtGateConfigurationException("publicKeys", "the RSA key from " + reference + " has the "
                        + "ROCA fingerprint (CVE-2017-15361, Infineon RSALib): its private key can be computed from "
                        + "the public key; replace the key pair with one generated elsewhere");
            }
            for (JwtAlgorithm algorithm : settings.algorithms()) {
                Algorithm verifier = rsaVerifier(algorithm, rsa);
                if (verifier != null) {
                    algorithms.put(algorithm, verifier);
                }
            }
            if (algorithms.isEmpty()) {
                throw new JwtGateConfigurationException("publicKeys", "the key from " + reference
                        + " is an RSA key, but algorithms allows no RS or PS algorithm");
            }
        } else if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            JwtAlgorithm algorithm = ecAlgorithm(ec).orElseThrow(() -> new JwtGateConfigurationException("publicKeys",
                    "the EC key from " + reference + " is not on P-256, P-384 or P-521"));
            if (!settings.algorithms().contains(algorithm)) {
                throw new JwtGateConfigurationException("publicKeys", "the EC key from " + reference + " is on "
                        + curveName(algorithm) + ", which only " + algorithm + " uses, and " + algorithm
                        + " is not in algorithms");
            }
            algorithms.put(algorithm, ecVerifier(algorithm, ec));
        } else if (EdDsaAlgorithm.Curve.of(key).isPresent()) {
            EdDsaAlgorithm.Curve curve = EdDsaAlgorithm.Curve.of(key).get();
            if (!settings.algorithms().contains(JwtAlgorithm.EdDSA)) {
                throw new JwtGateConfigurationException("publicKeys", "the key from " + reference + " is an "
                        + curve.jcaName + " key, but EdDSA is not in algorithms");
            }
            algorithms.put(JwtAlgorithm.EdDSA, new EdDsaAlgorithm(key, curve));
        } else {
            throw new JwtGateConfigurationException("publicKeys", "the key from " + reference + " is a "
                    + key.getAlgorithm() + " key; expected RSA, EC, Ed25519 or Ed448");
        }
        return new VerificationKey(reference.keyId(), "public key " + reference, algorithms);
    }

    static Algorithm rsaVerifier(JwtAlgorithm algorithm, RSAPublicKey key) {
        switch (algorithm) {
            case RS256: return Algorithm.RSA256(key, null);
            case RS384: return Algorithm.RSA384(key, null);
            case RS512: return Algorithm.RSA512(key, null);
            case PS256: return Algorithm.RSA256PSS(key, null);
            case PS384: return Algorithm.RSA384PSS(key, null);
            case PS512: return Algorithm.RSA512PSS(key, null);
            default: return null;
        }
    }

    static Algorithm ecVerifier(JwtAlgorithm algorithm, ECPublicKey key) {
        switch (algorithm) {
            case ES256: return Algorithm.ECDSA256(key, null);
            case ES384: return Algorithm.ECDSA384(key, null);
            default: return Algorithm.ECDSA512(key, null);
        }
    }

    /** The one ES algorithm whose curve the key is on, compared parameter by parameter. */
    static Optional<JwtAlgorithm> ecAlgorithm(ECPublicKey key) {
        ECParameterSpec params = key.getParams();
        for (JwtAlgorithm algorithm : new JwtAlgorithm[] {JwtAlgorithm.ES256, JwtAlgorithm.ES384, JwtAlgorithm.ES512}) {
            ECParameterSpec named = namedCurve(algorithm);
            if (named.getCurve().equals(params.getCurve()) && named.getGenerator().equals(params.getGenerator())
                    && named.getOrder().equals(params.getOrder()) && named.getCofactor() == params.getCofactor()) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    static ECParameterSpec namedCurve(JwtAlgorithm algorithm) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(jcaCurve(algorithm)));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the standard curve " + jcaCurve(algorithm), e);
        }
    }

    private static String jcaCurve(JwtAlgorithm algorithm) {
        return algorithm == JwtAlgorithm.ES256 ? "secp256r1" : algorithm == JwtAlgorithm.ES384 ? "secp384r1" : "secp521r1";
    }

    private static String curveName(JwtAlgorithm algorithm) {
        return algorithm == JwtAlgorithm.ES256 ? "P-256" : algorithm == JwtAlgorithm.ES384 ? "P-384" : "P-521";
    }

    private static byte[] decodeSecret(JwtGateSettings.SecretEncoding encoding, byte[] raw, KeyReference reference) {
        try {
            return secretBytes(encoding, raw);
        } catch (IllegalArgumentException e) {
            throw new JwtGateConfigurationException("secret", "the secret from " + reference + " is not valid "
                    + encoding.name().toLowerCase(java.util.Locale.ROOT) + " (see secretEncoding)");
        }
    }

    /**
     * The HMAC key a secret's content stands for under {@code secretEncoding}: the bytes as they are
     * for {@code utf8}; otherwise the text decoded, whitespace anywhere ignored (so the line-wrapped
     * output of {@code openssl rand -base64} works). Public for the command line's {@code sign}, which
     * must sign with the very bytes the filter verifies with.
     *
     * @throws IllegalArgumentException when the text is not valid in that encoding; the message
     *         never holds the secret
     */
    public static byte[] secretBytes(JwtGateSettings.SecretEncoding encoding, byte[] content) {
        if (encoding == JwtGateSettings.SecretEncoding.UTF8) {
            return content;
        }
        String text = new String(content, StandardCharsets.UTF_8).replaceAll("\\s", "");
        switch (encoding) {
            case BASE64: return Base64.getDecoder().decode(text);
            case BASE64URL: return Base64.getUrlDecoder().decode(text);
            default: return hex(text);
        }
    }

    /** ASCII hex to bytes; {@link IllegalArgumentException} for anything else. */
    static byte[] hex(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("odd length");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = hexDigit(text.charAt(2 * i));
            int low = hexDigit(text.charAt(2 * i + 1));
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not hex");
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    /** ASCII hex only: {@code Character.digit} would also take full-width and other Unicode digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
