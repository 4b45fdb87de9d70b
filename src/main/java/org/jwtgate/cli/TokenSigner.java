package org.jwtgate.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a compact JWS (RFC 7515): base64url of the header's and the claims' JSON, signed over
 * {@code header.payload}. The signature itself comes from a {@link SigningKeyReader} key.
 *
 * <p>Immutable and thread-safe.
 */
final class TokenSigner {

    /** The signature over a token's two first segments, in the JWS form (ECDSA as R||S, not DER). */
    @FunctionalInterface
    interface Signature {
        byte[] sign(byte[] header, byte[] payload);
    }

    /** Jackson's thread-local buffers left out, as in the filter's parsers. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private final Signature signature;

    TokenSigner(Signature signature) {
        this.signature = signature;
    }

    /**
     * @param header the JOSE header, {@code alg} included
     * @param claims claim name to value: strings, numbers, lists, or Jackson trees for JSON given as is
     */
    String sign(Map<String, Object> header, Map<String, Object> claims) {
        String encodedHeader = base64Url(json(header));
        String encodedPayload = base64Url(json(claims));
        byte[] signed = signature.sign(encodedHeader.getBytes(StandardCharsets.US_ASCII),
                encodedPayload.getBytes(StandardCharsets.US_ASCII));
        return encodedHeader + "." + encodedPayload + "." + base64Url(signed);
    }

    private static byte[] json(Map<String, Object> members) {
        try {
            return JSON.writeValueAsBytes(members);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the token's JSON", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
