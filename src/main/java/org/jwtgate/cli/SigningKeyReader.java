package org.jwtgate.cli;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;

import com.auth0.jwt.algorithms.Algorithm;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtGateSettings.SecretEncoding;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.keys.KeyLoader;

/**
 * The key {@code sign} signs with, read from a reference exactly as the filter reads its keys:
 * <ul>
 * <li>an HMAC secret goes through the filter's own key loading first (length, weak and published
 * secrets, {@code secretEncoding}), so {@code sign} refuses what the filter would refuse, and is then
 * decoded as the filter decodes it;</li>
 * <li>a private key is PKCS#8 (PEM or DER), of the family and curve the algorithm needs, and for RSA of
 * the 2048 bits or more the filter demands of the public key.</li>
 * </ul>
 * Messages name the reference, never the key. Stateless.
 */
final class SigningKeyReader {

    private static final String[] KEY_TYPES = {"RSA", "EC", "Ed25519", "Ed448"};
    private static final int MIN_RSA_BITS = 2048;

    private SigningKeyReader() {
    }

    static TokenSigner read(JwtAlgorithm algorithm, String reference, SecretEncoding encoding,
            ReferenceResolver resolver) throws CommandException {
        if (!KeyReference.isReference(reference)) {
            throw CommandException.usage("--key must be a reference, env:NAME, file:PATH or sysprop:NAME, never the "
                    + "key itself: a key on the command line stays in the shell's history and is visible to every "
                    + "user of this machine in the process list (ps). The filter refuses literal secrets too.");
        }
        byte[] content;
        try {
            // A secret is text (its trailing newline removed); a private key may be binary DER.
            content = algorithm.family() == JwtAlgorithm.Family.HMAC ? resolver.resolveBytes("--key", reference)
                    : resolver.resolveKeyBytes("--key", reference);
        } catch (JwtGateConfigurationException e) {
            throw CommandException.usage(SafeText.of(e.getMessage()));
        }
        if (algorithm.family() == JwtAlgorithm.Family.HMAC) {
            return new TokenSigner(hmac(algorithm, checkedSecret(algorithm, reference, encoding, resolver, content)));
        }
        return new TokenSigner(privateKeySignature(algorithm, privateKey(content, reference)));
    }

    /** The secret's bytes, after the filter's key loading accepted the same reference. */
    private static byte[] checkedSecret(JwtAlgorithm algorithm, String reference, SecretEncoding encoding,
            ReferenceResolver resolver, byte[] content) throws CommandException {
        try {
            KeyLoader.load(JwtGateSettings.builder()
                    .algorithms(algorithm)
                    .secret(KeyReference.of(reference))
                    .secretEncoding(encoding)
                    .build(), resolver, 1);
        } catch (JwtGateConfigurationException e) {
            throw CommandException.configuration("--key is refused, as the filter would refuse it: "
                    + SafeText.of(e.getMessage()));
        }
        return KeyLoader.secretBytes(encoding, content);
    }

    private static TokenSigner.Signature hmac(JwtAlgorithm algorithm, byte[] secret) {
        switch (algorithm) {
            case HS256: return Algorithm.HMAC256(secret)::sign;
            case HS384: return Algorithm.HMAC384(secret)::sign;
            default: return Algorithm.HMAC512(secret)::sign;
        }
    }

    private static PrivateKey privateKey(byte[] content, String reference) throws CommandException {
        String where = "--key " + SafeText.of(reference);
        byte[] der = content;
        if (Pem.looksLikePem(content)) {
            Pem.Block block = Pem.decode(content).orElseThrow(() ->
                    CommandException.usage(where + " is not a well-formed PEM block"));
            if (block.label.equals("ENCRYPTED " + Pem.PRIVATE_KEY)) {
                throw CommandException.usage(where + " is an encrypted private key; decrypt it first, e.g. "
                        + "openssl pkcs8 -in KEY -out PLAIN.pem (and keep that file owner-only)");
            }
            if (block.label.equals("RSA " + Pem.PRIVATE_KEY) || block.label.equals("EC " + Pem.PRIVATE_KEY)) {
                throw CommandException.usage(where + " is a " + block.label + " (PKCS#1/SEC1); convert it to PKCS#8: "
                        + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8.pem");
            }
            if (!block.label.equals(Pem.PRIVATE_KEY)) {
                throw CommandException.usage(where + " holds a " + SafeText.of(block.label) + "; signing needs the "
                        + "private key (PEM " + Pem.PRIVATE_KEY + ", PKCS#8)");
            }
            der = block.der;
        }
        for (String type : KEY_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException notThisType) {
                // next type (or not available on this JVM)
            }
        }
        throw CommandException.usage(where + " is not a PKCS#8 private key (RSA, EC, Ed25519 or Ed448) in PEM or DER");
    }

    private static TokenSigner.Signature privateKeySignature(JwtAlgorithm algorithm, PrivateKey key)
            throws CommandException {
        switch (algorithm.family()) {
            case RSA: {
                if (!(key instanceof RSAPrivateKey)) {
                    throw mismatch(algorithm, key.getAlgorithm());
                }
                RSAPrivateKey rsa = (RSAPrivateKey) key;
                int bits = rsa.getModulus().bitLength();
                if (bits < MIN_RSA_BITS) {
                    throw CommandException.configuration("--key is an RSA key of " + bits + " bits; the filter refuses "
                            + "RSA keys under " + MIN_RSA_BITS + " bits");
                }
                return rsaAlgorithm(algorithm, rsa)::sign;
            }
            case EC: {
                if (!(key instanceof ECPrivateKey)) {
                    throw mismatch(algorithm, key.getAlgorithm());
                }
                ECPrivateKey ec = (ECPrivateKey) key;
                JwtAlgorithm fits = ecAlgorithm(ec.getParams());
                if (fits != algorithm) {
                    throw CommandException.usage("--key is an EC key " + (fits == null ? "on a curve JwtGate does not "
                            + "accept" : "for " + fits) + "; " + algorithm + " needs one on " + curveName(algorithm));
                }
                switch (algorithm) {
                    case ES256: return Algorithm.ECDSA256(null, ec)::sign;
                    case ES384: return Algorithm.ECDSA384(null, ec)::sign;
                    default: return Algorithm.ECDSA512(null, ec)::sign;
                }
            }
            default: {
                String curve = key.getAlgorithm().equals("EdDSA") ? edDsaCurve(key) : key.getAlgorithm();
                if (!curve.equals("Ed25519") && !curve.equals("Ed448")) {
                    throw mismatch(algorithm, key.getAlgorithm());
                }
                return (header, payload) -> edDsa(curve, key, header, payload);
            }
        }
    }

    private static Algorithm rsaAlgorithm(JwtAlgorithm algorithm, RSAPrivateKey key) {
        switch (algorithm) {
            case RS256: return Algorithm.RSA256(null, key);
            case RS384: return Algorithm.RSA384(null, key);
            case RS512: return Algorithm.RSA512(null, key);
            case PS256: return Algorithm.RSA256PSS(null, key);
            case PS384: return Algorithm.RSA384PSS(null, key);
            default: return Algorithm.RSA512PSS(null, key);
        }
    }

    /** Ed25519 or Ed448, told apart by the key's PKCS#8 algorithm identifier (1.3.101.112 or .113). */
    private static String edDsaCurve(PrivateKey key) {
        byte[] der = key.getEncoded();
        for (int i = 0; der != null && i + 4 < der.length; i++) {
            if (der[i] == 0x06 && der[i + 1] == 0x03 && der[i + 2] == 0x2b && der[i + 3] == 0x65) {
                return der[i + 4] == 0x70 ? "Ed25519" : der[i + 4] == 0x71 ? "Ed448" : "EdDSA";
            }
        }
        return "EdDSA";
    }

    private static byte[] edDsa(String curve, PrivateKey key, byte[] header, byte[] payload) {
        try {
            Signature signer = Signature.getInstance(curve);
            signer.initSign(key);
            signer.update(header);
            signer.update((byte) '.');
            signer.update(payload);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot sign with " + curve, e);
        }
    }

    private static CommandException mismatch(JwtAlgorithm algorithm, String keyType) {
        String needs;
        switch (algorithm.family()) {
            case RSA: needs = "an RSA key"; break;
            case EC: needs = "an EC key on " + curveName(algorithm); break;
            default: needs = "an Ed25519 or Ed448 key"; break;
        }
        return CommandException.usage("--key holds a key of type " + SafeText.of(keyType) + "; " + algorithm
                + " needs " + needs);
    }

    /** The ES algorithm whose curve these parameters are, compared member by member; null for another curve. */
    private static JwtAlgorithm ecAlgorithm(ECParameterSpec params) {
        for (JwtAlgorithm candidate : new JwtAlgorithm[] {JwtAlgorithm.ES256, JwtAlgorithm.ES384, JwtAlgorithm.ES512}) {
            try {
                AlgorithmParameters named = AlgorithmParameters.getInstance("EC");
                named.init(new ECGenParameterSpec(jcaCurve(candidate)));
                ECParameterSpec spec = named.getParameterSpec(ECParameterSpec.class);
                if (spec.getCurve().equals(params.getCurve()) && spec.getGenerator().equals(params.getGenerator())
                        && spec.getOrder().equals(params.getOrder()) && spec.getCofactor() == params.getCofactor()) {
                    return candidate;
                }
            } catch (GeneralSecurityException e) {
                // the JVM lacks this curve: the key cannot be on it
            }
        }
        return null;
    }

    private static String jcaCurve(JwtAlgorithm algorithm) {
        return algorithm == JwtAlgorithm.ES256 ? "secp256r1" : algorithm == JwtAlgorithm.ES384 ? "secp384r1" : "secp521r1";
    }

    private static String curveName(JwtAlgorithm algorithm) {
        return algorithm == JwtAlgorithm.ES256 ? "P-256" : algorithm == JwtAlgorithm.ES384 ? "P-384" : "P-521";
    }
}
