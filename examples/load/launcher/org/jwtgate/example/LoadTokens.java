package org.jwtgate.example;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The load test's key and tokens, made at run time with the JDK alone, as any issuer would make
 * them. The private key lives in this JVM's memory only: just the public key is written.
 *
 * <p>The tokens are the JMH suite's realistic RS256 token ({@code src/jmh/.../BenchTokens}): the
 * same header ({@code alg}, {@code typ}, {@code kid}), the same eleven claims in the same order,
 * the same issuer and audience, {@value #LENGTH} characters with a 2048-bit key. Each has its own
 * {@code jti}, so every token is distinct and every one verifies.
 *
 * <p>Writes to {@code <dir>}: {@code public.pem}; {@code hot.txt}, one token; {@code pool.txt},
 * {@code <pool>} tokens; {@code pool-large.txt}, those and more up to {@code <large-pool>} (none
 * when it is not larger than the pool). One token a line. And two that every server must refuse,
 * well signed but another issuer's ({@code other-issuer.txt}) and for another audience
 * ({@code other-audience.txt}): the start-up checks show that JwtGate and its peer check the same.
 */
public final class LoadTokens {

    static final String ISSUER = "https://login.example.com/realms/web";
    static final String AUDIENCE = "orders-api";
    static final String KEY_ID = "shop-2026-11";
    static final int LENGTH = 926;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private LoadTokens() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: LoadTokens <dir> <pool> <large-pool>");
        }
        Path dir = Path.of(args[0]);
        int pool = Integer.parseInt(args[1]);
        int largePool = Integer.parseInt(args[2]);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        // A day: outlives any run, and the filter never caches an entry longer than cacheMaxTtl anyway.
        long issuedAt = Instant.now().getEpochSecond();
        long expiresAt = issuedAt + 86_400;

        Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        List<String> tokens = IntStream.range(0, 1 + Math.max(pool, largePool)).parallel()
                .mapToObj(i -> token(pair.getPrivate(), ISSUER, AUDIENCE, UUID.randomUUID().toString(), issuedAt, expiresAt))
                .collect(Collectors.toList());
        for (String token : tokens) {
            if (token.length() != LENGTH) {
                throw new IllegalStateException("a token is " + token.length() + " characters, not " + LENGTH
                        + " as in the JMH suite: keep the claims in step with BenchTokens");
            }
        }
        Files.write(dir.resolve("hot.txt"), tokens.subList(0, 1));
        Files.write(dir.resolve("pool.txt"), tokens.subList(1, 1 + pool));
        if (largePool > pool) {
            Files.write(dir.resolve("pool-large.txt"), tokens.subList(1, 1 + largePool));
        }
        Files.writeString(dir.resolve("other-issuer.txt"), token(pair.getPrivate(), "https://login.example.com/realms/other",
                AUDIENCE, UUID.randomUUID().toString(), issuedAt, expiresAt) + "\n", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("other-audience.txt"), token(pair.getPrivate(), ISSUER,
                "inventory-api", UUID.randomUUID().toString(), issuedAt, expiresAt) + "\n", StandardCharsets.US_ASCII);
    }

    private static String token(PrivateKey key, String issuer, String audience, String jti, long issuedAt, long expiresAt) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"8b1f3c52-94d7-4e0a-b6c1-2f7d9e4a5c38\","
                + "\"aud\":[\"" + audience + "\",\"billing-api\"],\"exp\":" + expiresAt + ",\"iat\":" + issuedAt
                + ",\"nbf\":" + issuedAt + ",\"jti\":\"" + jti + "\","
                + "\"scope\":\"openid profile email orders:read orders:write\","
                + "\"roles\":[\"customer\",\"orders-reader\",\"orders-writer\"],"
                + "\"email\":\"alice.martin@example.com\",\"name\":\"Alice Martin\"}";
        String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
