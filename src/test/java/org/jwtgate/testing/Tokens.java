package org.jwtgate.testing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A token fixture that is valid by default; each test changes exactly one thing.
 *
 * <pre>
 * String token = Tokens.hs256(secret).issuer("other").sign();
 * </pre>
 *
 * The header and payload are written as raw JSON maps, so tests can also produce what no
 * well-behaved library would (null claims, duplicate keys via {@link #rawHeader}, strings for
 * numbers).
 */
public final class Tokens {

    /** The default "now" of fixtures, a fixed instant that tests' clocks also use. */
    public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    public static final String ISSUER = "https://issuer.example";
    public static final String AUDIENCE = "jwtgate-tests";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String alg;
    private final Algorithm signer;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String rawHeader;
    private String rawPayload;

    private Tokens(String alg, Algorithm signer) {
        this.alg = alg;
        this.signer = signer;
        header.put("alg", alg);
        header.put("typ", "JWT");
        claims.put("iss", ISSUER);
        claims.put("sub", "alice");
        claims.put("aud", AUDIENCE);
        claims.put("iat", NOW.getEpochSecond());
        claims.put("exp", NOW.getEpochSecond() + 3600);
    }

    public static Tokens hs256(byte[] secret) { return new Tokens("HS256", Algorithm.HMAC256(secret)); }
    public static Tokens hs384(byte[] secret) { return new Tokens("HS384", Algorithm.HMAC384(secret)); }
    public static Tokens hs512(byte[] secret) { return new Tokens("HS512", Algorithm.HMAC512(secret)); }

    public static Tokens with(String alg, PrivateKey key) {
        switch (alg) {
            case "RS256": return new Tokens(alg, Algorithm.RSA256(null, (RSAPrivateKey) key));
            case "RS384": return new Tokens(alg, Algorithm.RSA384(null, (RSAPrivateKey) key));
            case "RS512": return new Tokens(alg, Algorithm.RSA512(null, (RSAPrivateKey) key));
            case "PS256": return new Tokens(alg, Algorithm.RSA256PSS(null, (RSAPrivateKey) key));
            case "PS384": return new Tokens(alg, Algorithm.RSA384PSS(null, (RSAPrivateKey) key));
            case "PS512": return new Tokens(alg, Algorithm.RSA512PSS(null, (RSAPrivateKey) key));
            case "ES256": return new Tokens(alg, Algorithm.ECDSA256(null, (ECPrivateKey) key));
            case "ES384": return new Tokens(alg, Algorithm.ECDSA384(null, (ECPrivateKey) key));
            case "ES512": return new Tokens(alg, Algorithm.ECDSA512(null, (ECPrivateKey) key));
            default: throw new IllegalArgumentException(alg);
        }
    }

    /**
     * EdDSA (Ed25519 or Ed448, by the key) signed with the JDK's own {@code Signature}: an
     * implementation independent of the one under test.
     */
    public static Tokens eddsa(PrivateKey key) {
        return new Tokens("EdDSA", new Algorithm("EdDSA", key.getAlgorithm()) {
            @Override
            public void verify(com.auth0.jwt.interfaces.DecodedJWT jwt) {
                throw new UnsupportedOperationException("signing only");
            }

            @Override
            public byte[] sign(byte[] contentBytes) {
                try {
                    java.security.Signature signature = java.security.Signature.getInstance(
                            ((java.security.interfaces.EdECPrivateKey) key).getParams().getName());
                    signature.initSign(key);
                    signature.update(contentBytes);
                    return signature.sign();
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** Sets a claim; {@code null} writes JSON null. */
    public Tokens claim(String name, Object value) { claims.put(name, value); return this; }
    public Tokens without(String name) { claims.remove(name); return this; }
    public Tokens subject(String value) { return claim("sub", value); }
    public Tokens issuer(String value) { return claim("iss", value); }
    public Tokens audience(Object value) { return claim("aud", value); }
    public Tokens expiresAt(Instant value) { return claim("exp", value.getEpochSecond()); }
    public Tokens notBefore(Instant value) { return claim("nbf", value.getEpochSecond()); }
    public Tokens issuedAt(Instant value) { return claim("iat", value.getEpochSecond()); }
    public Tokens roles(Object value) { return claim("roles", value); }
    public Tokens scope(String value) { return claim("scope", value); }
    public Tokens keyId(String kid) { header.put("kid", kid); return this; }
    public Tokens headerParam(String name, Object value) { header.put(name, value); return this; }
    /** Header JSON written verbatim (e.g. with duplicate members). */
    public Tokens rawHeader(String json) { this.rawHeader = json; return this; }
    /** Payload JSON written verbatim. */
    public Tokens rawPayload(String json) { this.rawPayload = json; return this; }

    public String sign() {
        String h = b64(rawHeader != null ? rawHeader : json(header));
        String p = b64(rawPayload != null ? rawPayload : json(claims));
        byte[] signature = signer.sign(h.getBytes(StandardCharsets.US_ASCII), p.getBytes(StandardCharsets.US_ASCII));
        return h + "." + p + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    public static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm name this fixture puts in its header by default. */
    public String alg() {
        return alg;
    }
}
