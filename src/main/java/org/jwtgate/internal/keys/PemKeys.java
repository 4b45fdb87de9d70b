package org.jwtgate.internal.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one public key from PEM ({@code PUBLIC KEY}, {@code RSA PUBLIC KEY}, {@code CERTIFICATE})
 * or from the same structures in DER. Private keys are refused: a verifier must never hold one.
 *
 * <p>Stateless and thread-safe. Failures say what was found, never the bytes.
 */
final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String[] KEY_TYPES = {"RSA", "EC", "Ed25519", "Ed448"};

    private PemKeys() {
    }

    /** The public key, or the reason the content is not one. */
    static PublicKey parse(byte[] content) throws InvalidKeyContentException {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.contains("PRIVATE KEY-----")) {
            throw new InvalidKeyContentException("it contains a private key; configure only the public key");
        }
        if (!text.contains("-----BEGIN ")) {
            return fromDer(content);
        }
        Matcher matcher = BLOCK.matcher(text);
        if (!matcher.find()) {
            throw new InvalidKeyContentException("it is not a well-formed PEM block");
        }
        String type = matcher.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyContentException("its PEM body is not valid base64");
        }
        if (matcher.find()) {
            throw new InvalidKeyContentException("it holds more than one PEM block; give one key or certificate per reference");
        }
        switch (type) {
            case "PUBLIC KEY":
                return spki(der).orElseThrow(() ->
                        new InvalidKeyContentException("its PUBLIC KEY is not an RSA, EC or EdDSA key"));
            case "RSA PUBLIC KEY":
                return spki(rsaPkcs1ToSpki(der)).orElseThrow(() ->
                        new InvalidKeyContentException("its RSA PUBLIC KEY is malformed"));
            case "CERTIFICATE":
                return certificate(der).orElseThrow(() ->
                        new InvalidKeyContentException("its CERTIFICATE cannot be read"));
            default:
                throw new InvalidKeyContentException("expected a PEM PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE");
        }
    }

    private static PublicKey fromDer(byte[] der) throws InvalidKeyContentException {
        Optional<PublicKey> key = spki(der);
        if (key.isEmpty()) {
            key = certificate(der);
        }
        if (key.isEmpty() && isPrivateKey(der)) {
            throw new InvalidKeyContentException("it contains a private key; configure only the public key");
        }
        return key.orElseThrow(() -> new InvalidKeyContentException(
                "expected a PEM (or DER) public key or X.509 certificate"));
    }

    private static Optional<PublicKey> spki(byte[] der) {
        for (String type : KEY_TYPES) {
            try {
                return Optional.of(KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this type (or not available on this JDK): try the next
            }
        }
        return Optional.empty();
    }

    private static boolean isPrivateKey(byte[] der) {
        for (String type : KEY_TYPES) {
            try {
                KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this type
            }
        }
        return false;
    }

    private static Optional<PublicKey> certificate(byte[] der) {
        try {
            return Optional.of(CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)).getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo with the rsaEncryption identifier. */
    private static byte[] rsaPkcs1ToSpki(byte[] pkcs1) {
        byte[] algorithmId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
            0x01, 0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0);
        bitString.writeBytes(pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(algorithmId);
        writeDer(body, 0x03, bitString.toByteArray());
        ByteArrayOutputStream spki = new ByteArrayOutputStream();
        writeDer(spki, 0x30, body.toByteArray());
        return spki.toByteArray();
    }

    private static void writeDer(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content);
    }

    /** Key content that cannot be used; the message is safe to show. */
    static final class InvalidKeyContentException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidKeyContentException(String message) {
            super(message, null, false, false);
        }
    }
}
