package org.jwtgate.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JWKs (RFC 7517/7518/8037) built at run time from keys made by {@link Keys}: RSA {@code n}/{@code e},
 * EC {@code crv}/{@code x}/{@code y} with coordinates of the curve's full length, OKP
 * {@code crv}/{@code x}. Each JWK is a mutable map, so a test can add or spoil exactly one member.
 */
public final class Jwks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeyPair ed25519;

    private Jwks() {
    }

    public static synchronized KeyPair ed25519() {
        if (ed25519 == null) {
            ed25519 = newPair("Ed25519");
        }
        return ed25519;
    }

    public static KeyPair newPair(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK for an RSA, EC or EdDSA public key; {@code kid} may be {@code null} (left out). */
    public static Map<String, Object> of(String kid, PublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            jwk.put("kty", "RSA");
            jwk.put("n", b64(unsigned(rsa.getModulus())));
            jwk.put("e", b64(unsigned(rsa.getPublicExponent())));
        } else if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            int length = (bits + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put("crv", bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521");
            jwk.put("x", b64(fixed(ec.getW().getAffineX(), length)));
            jwk.put("y", b64(fixed(ec.getW().getAffineY(), length)));
        } else if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().startsWith("Ed")) {
            byte[] spki = key.getEncoded();
            boolean ed448 = spki.length == 12 + 57;
            jwk.put("kty", "OKP");
            jwk.put("crv", ed448 ? "Ed448" : "Ed25519");
            jwk.put("x", b64(Arrays.copyOfRange(spki, 12, spki.length)));
        } else {
            throw new IllegalArgumentException("no JWK for " + key.getAlgorithm());
        }
        if (kid != null) {
            jwk.put("kid", kid);
        }
        return jwk;
    }

    /** The public JWK plus the RSA private members ({@code d}, {@code p}, …), as a careless IdP might publish. */
    public static Map<String, Object> rsaPrivate(String kid, KeyPair pair) {
        Map<String, Object> jwk = of(kid, pair.getPublic());
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
        jwk.put("d", b64(unsigned(key.getPrivateExponent())));
        jwk.put("p", b64(unsigned(key.getPrimeP())));
        jwk.put("q", b64(unsigned(key.getPrimeQ())));
        jwk.put("dp", b64(unsigned(key.getPrimeExponentP())));
        jwk.put("dq", b64(unsigned(key.getPrimeExponentQ())));
        jwk.put("qi", b64(unsigned(key.getCrtCoefficient())));
        return jwk;
    }

    /** {@code {"keys":[...]}}. */
    @SafeVarargs
    public static String set(Map<String, Object>... keys) {
        return json(Map.of("keys", List.of(keys)));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    /** Big-endian, no sign byte: the JWA base64urlUInt. */
    public static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** Left-padded with zeros to exactly {@code length} bytes, as RFC 7518 §6.2.1.2 requires of EC coordinates. */
    public static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }
}
