package org.jwtgate.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The encodings operators hand JwtGate (PEM, PKCS#1, X.509, bare DER), built at run time from
 * {@link Keys} with a few lines of DER so tests need neither BouncyCastle nor a keytool process.
 * Nothing here is committed as a file.
 */
public final class KeyEncodings {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyEncodings() {
    }

    /** {@code -----BEGIN type-----}, base64 in 64-character lines, {@code -----END type-----}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** PKCS#1 {@code RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }}. */
    public static byte[] rsaPkcs1(RSAPublicKey key) {
        return sequence(integer(key.getModulus()), integer(key.getPublicExponent()));
    }

    /** The private key as PKCS#8 PEM, as {@code openssl genpkey} writes it. */
    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /**
     * An RSA public key whose modulus has exactly {@code bits} bits. The modulus is a random odd
     * number, not a product of primes: fine for testing size checks, useless for signing, and
     * instant where generating a real 2047-bit key is not.
     */
    public static PublicKey rsaPublicKeyOfBits(int bits) {
        BigInteger modulus = new BigInteger(bits, RANDOM).setBit(bits - 1).setBit(0);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A SubjectPublicKeyInfo on secp256k1 (not a NIST curve; JDK 17 reads it but can no longer
     * generate keys on it). The point is the curve's generator, i.e. the public key of private key 1.
     */
    public static byte[] secp256k1PublicKeyDer() {
        byte[] point = HexFormat.of().parseHex("04"
                + "79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"
                + "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8");
        byte[] ecPublicKey = HexFormat.of().parseHex("06072a8648ce3d0201");
        byte[] secp256k1 = HexFormat.of().parseHex("06052b8104000a");
        return sequence(sequence(ecPublicKey, secp256k1), bitString(point));
    }

    /** A self-signed X.509 v1 certificate (DER) for the key pair, signed with SHA-256 (RSA or ECDSA). */
    public static byte[] selfSignedCertificate(KeyPair pair) {
        boolean ec = pair.getPrivate() instanceof ECPrivateKey;
        byte[] signatureAlgorithm = ec
                ? sequence(HexFormat.of().parseHex("06082a8648ce3d040302"))
                : sequence(HexFormat.of().parseHex("06092a864886f70d01010b"), new byte[] {0x05, 0x00});
        byte[] name = sequence(tlv(0x31, sequence(HexFormat.of().parseHex("0603550403"),
                tlv(0x0c, "jwtgate-test".getBytes(StandardCharsets.US_ASCII)))));
        byte[] validity = sequence(tlv(0x17, "250101000000Z".getBytes(StandardCharsets.US_ASCII)),
                tlv(0x17, "350101000000Z".getBytes(StandardCharsets.US_ASCII)));
        byte[] tbs = sequence(integer(BigInteger.valueOf(RANDOM.nextInt(Integer.MAX_VALUE))), signatureAlgorithm, name,
                validity, name, pair.getPublic().getEncoded());
        try {
            Signature signer = Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            return sequence(tbs, signatureAlgorithm, bitString(signer.sign()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] bitString(byte[] bytes) {
        byte[] content = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, content, 1, bytes.length);
        return tlv(0x03, content);
    }

    private static byte[] sequence(byte[]... items) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] item : items) {
            content.writeBytes(item);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int skip = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - skip));
            out.write(bytes, skip, bytes.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
