package org.jwtgate.cli;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.jwtgate.JwtAlgorithm;

/**
 * A public key as a JWK (RFC 7517/7518, OKP per RFC 8037): RSA {@code n}/{@code e}, EC
 * {@code crv}/{@code x}/{@code y} with coordinates of the curve's full length, OKP
 * {@code crv}/{@code x}; and its RFC 7638 thumbprint, the default key id. Never a private member.
 * Stateless.
 */
final class PublicJwk {

    /** Jackson's thread-local buffers left out, as in the filter's parsers. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
    /** The SubjectPublicKeyInfo prefix before the raw Ed25519/Ed448 key (RFC 8410): 12 bytes for both. */
    private static final int OKP_SPKI_PREFIX = 12;
    private static final int ED448_RAW_LENGTH = 57;

    private PublicJwk() {
    }

    /** The required members only, sorted by name: what the thumbprint hashes. */
    static Map<String, String> requiredMembers(PublicKey key) {
        Map<String, String> jwk = new TreeMap<>();
        if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            jwk.put("kty", "RSA");
            jwk.put("n", base64Url(unsigned(rsa.getModulus())));
            jwk.put("e", base64Url(unsigned(rsa.getPublicExponent())));
        } else if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            int length = (bits + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put("crv", bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521");
            jwk.put("x", base64Url(fixedLength(ec.getW().getAffineX(), length)));
            jwk.put("y", base64Url(fixedLength(ec.getW().getAffineY(), length)));
        } else {
            byte[] spki = key.getEncoded();
            byte[] raw = Arrays.copyOfRange(spki, OKP_SPKI_PREFIX, spki.length);
            jwk.put("kty", "OKP");
            jwk.put("crv", raw.length == ED448_RAW_LENGTH ? "Ed448" : "Ed25519");
            jwk.put("x", base64Url(raw));
        }
        return jwk;
    }

    /** RFC 7638: SHA-256 over the required members, sorted, without whitespace; base64url. */
    static String thumbprint(PublicKey key) {
        try {
            byte[] canonical = JSON.writeValueAsString(requiredMembers(key)).getBytes(StandardCharsets.UTF_8);
            return base64Url(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute a JWK thumbprint", e);
        }
    }

    /** {@code {"keys":[…]}} with the one key, marked for signatures with this algorithm and key id. */
    static String jwkSet(PublicKey key, JwtAlgorithm algorithm, String keyId) {
        Map<String, String> members = requiredMembers(key);
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", members.get("kty"));
        jwk.putAll(members);
        jwk.put("use", "sig");
        jwk.put("alg", algorithm.name());
        jwk.put("kid", keyId);
        try {
            return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("keys", List.of(jwk)))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JWK Set", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Big-endian without a sign byte: the JWA base64urlUInt. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** Left-padded with zeros to the curve's length, as RFC 7518 §6.2.1.2 requires. */
    private static byte[] fixedLength(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }
}
