package org.jwtgate.jakarta;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * The other PEM forms the contract lets users configure, made at run time from a key pair: a
 * self-signed X.509 {@code CERTIFICATE} and a PKCS#1 {@code RSA PUBLIC KEY}. The JDK has no public
 * API to write either, so the DER is assembled here; the certificate is genuinely signed.
 */
final class Certificates {

    private static final byte[] SHA256_WITH_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x0b};
    private static final byte[] ECDSA_WITH_SHA256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04,
        0x03, 0x02};
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final byte[] NULL = {0x05, 0x00};

    private Certificates() {
    }

    /** A self-signed certificate for the key pair's public key, as PEM. */
    static String selfSignedPem(KeyPair keys) {
        boolean rsa = keys.getPublic() instanceof RSAPublicKey;
        byte[] algorithm = rsa ? der(0x30, SHA256_WITH_RSA, NULL) : der(0x30, ECDSA_WITH_SHA256);
        byte[] name = der(0x30, der(0x31, der(0x30, COMMON_NAME,
                der(0x0c, "jwtgate-test".getBytes(StandardCharsets.UTF_8)))));
        byte[] validity = der(0x30, der(0x17, "250101000000Z".getBytes(StandardCharsets.US_ASCII)),
                der(0x17, "450101000000Z".getBytes(StandardCharsets.US_ASCII)));
        byte[] tbs = der(0x30,
                der(0xa0, der(0x02, new byte[] {2})),
                der(0x02, BigInteger.valueOf(System.nanoTime()).abs().toByteArray()),
                algorithm, name, validity, name, keys.getPublic().getEncoded());
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] certificate = der(0x30, tbs, algorithm, der(0x03, new byte[] {0}, signature));
        return pem("CERTIFICATE", certificate);
    }

    /** The RSA public key in the PKCS#1 form ({@code -----BEGIN RSA PUBLIC KEY-----}). */
    static String rsaPkcs1Pem(RSAPublicKey key) {
        return pem("RSA PUBLIC KEY", der(0x30, der(0x02, key.getModulus().toByteArray()),
                der(0x02, key.getPublicExponent().toByteArray())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** One DER element: tag, definite length, then the concatenated contents. */
    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] content : contents) {
            body.writeBytes(content);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = body.size();
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
