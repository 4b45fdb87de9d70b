package org.jwtgate.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.function.Function;

/** Keys made at run time for tests; nothing secret is ever committed. Generation is cached per JVM. */
public final class Keys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static KeyPair rsa2048;
    private static KeyPair ecP256;
    private static KeyPair ecP384;
    private static KeyPair ecP521;

    private Keys() {
    }

    /** A fresh random HMAC secret of {@code bytes} bytes. */
    public static byte[] secret(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** A fresh random secret as base64 text (for secretEncoding=base64). */
    public static String secretBase64(int bytes) {
        return Base64.getEncoder().encodeToString(secret(bytes));
    }

    public static synchronized KeyPair rsa() {
        if (rsa2048 == null) {
            rsa2048 = newRsa(2048);
        }
        return rsa2048;
    }

    public static KeyPair newRsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized KeyPair ec256() {
        if (ecP256 == null) {
            ecP256 = newEc("secp256r1");
        }
        return ecP256;
    }

    public static synchronized KeyPair ec384() {
        if (ecP384 == null) {
            ecP384 = newEc("secp384r1");
        }
        return ecP384;
    }

    public static synchronized KeyPair ec521() {
        if (ecP521 == null) {
            ecP521 = newEc("secp521r1");
        }
        return ecP521;
    }

    /**
     * A new P-256 pair whose DER in the given encoding ends in 0x0A, the byte a file reader might
     * take for a trailing newline: one pair in 256 is such a pair, so a test that wants one makes it.
     */
    public static KeyPair ec256WhoseDerEndsInNewline(Function<KeyPair, byte[]> encoding) {
        for (int tries = 0; tries < 100_000; tries++) {
            KeyPair pair = newEc("secp256r1");
            byte[] der = encoding.apply(pair);
            if (der[der.length - 1] == '\n') {
                return pair;
            }
        }
        throw new IllegalStateException("no P-256 pair in 100,000 whose DER ends in 0x0A");
    }

    public static KeyPair newEc(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as PEM SubjectPublicKeyInfo. */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Writes text to a new file in {@code dir} and returns the {@code file:} reference to it. */
    public static String fileRef(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            return "file:" + file.toAbsolutePath();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
