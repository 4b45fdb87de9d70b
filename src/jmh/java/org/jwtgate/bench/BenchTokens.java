package org.jwtgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The keys and tokens every benchmark shares, made at run time: nothing secret is committed. The
 * HS256 secret reaches the filter as a {@code sysprop:} reference and the public keys as
 * {@code file:} PEM files in a temporary directory, as a deployment would give them.
 *
 * <p>Tokens look like an identity provider's access token: eleven claims, a {@code kid}, and
 * for RS256 (2048-bit key) exactly {@value #RS256_LENGTH} characters, the size the figures in
 * PERFORMANCE.md were measured on. HS256 and ES256 tokens carry the same header and claims.
 *
 * <p>Not thread-safe while being built; read-only afterwards.
 */
final class BenchTokens implements AutoCloseable {

    static final String ISSUER = "https://login.example.com/realms/web";
    static final String AUDIENCE = "orders-api";
    static final String KEY_ID = "shop-2026-11";
    static final String SUBJECT = "8b1f3c52-94d7-4e0a-b6c1-2f7d9e4a5c38";
    static final int RS256_LENGTH = 926;

    private static final String SECRET_PROPERTY = "jwtgate.bench.hs256.secret";
    /**
     * Each filter logs its settings at INFO when it starts, in the middle of JMH's output; warnings
     * still show. Held here because java.util.logging keeps its loggers only weakly.
     */
    private static final java.util.logging.Logger JWTGATE_LOG = quietJwtGateLog();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    final KeyPair rsa;
    final KeyPair ec;
    final byte[] secret;
    final String hs256;
    final String rs256;
    final String es256;

    private final long issuedAt;
    private final Path directory;
    private final String rsaPem;
    private final String ecPem;

    private BenchTokens() {
        rsa = generate("RSA", 2048);
        ec = generateEc();
        secret = new byte[32];
        RANDOM.nextBytes(secret);
        issuedAt = System.currentTimeMillis() / 1000;
        try {
            directory = Files.createTempDirectory("jwtgate-bench");
            rsaPem = write("rsa.pem", pem(rsa.getPublic()));
            ecPem = write("ec.pem", pem(ec.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(SECRET_PROPERTY, Base64.getEncoder().encodeToString(secret));
        String jti = "3c9d1c2e-7a51-4f0b-9a3e-5d2f8e61b7a4";
        hs256 = sign(Algorithm.HMAC256(secret), "HS256", jti);
        rs256 = rs256(jti);
        es256 = sign(Algorithm.ECDSA256(null, (ECPrivateKey) ec.getPrivate()), "ES256", jti);
        if (rs256.length() != RS256_LENGTH) {
            throw new IllegalStateException("the RS256 token is " + rs256.length() + " characters, not "
                    + RS256_LENGTH + ": resize the claims so figures stay comparable");
        }
    }

    private static java.util.logging.Logger quietJwtGateLog() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.jwtgate");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    static BenchTokens create() {
        return new BenchTokens();
    }

    /** An RS256 token with these claims and this {@code jti}: distinct, valid and of the same length for any UUID. */
    String rs256(String jti) {
        return sign(Algorithm.RSA256(null, (RSAPrivateKey) rsa.getPrivate()), "RS256", jti);
    }

    /**
     * A token of {@code algorithm} ({@code HS256}, {@code RS256} or {@code ES256}) with these claims and
     * this {@code jti}: for any UUID, distinct, valid and of the same length as the others of its algorithm.
     */
    String token(String algorithm, String jti) {
        switch (algorithm) {
            case "HS256":
                return sign(Algorithm.HMAC256(secret), "HS256", jti);
            case "RS256":
                return rs256(jti);
            case "ES256":
                return sign(Algorithm.ECDSA256(null, (ECPrivateKey) ec.getPrivate()), "ES256", jti);
            default:
                throw new IllegalArgumentException(algorithm);
        }
    }

    static String randomJti() {
        return UUID.randomUUID().toString();
    }

    /**
     * The init-params of a filter that accepts {@code algorithm} tokens from this issuer for this
     * audience; {@code cacheMaxSize} {@code null} keeps the default.
     */
    Map<String, String> initParameters(String algorithm, String cacheMaxSize) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("algorithms", algorithm);
        switch (algorithm) {
            case "HS256":
                p.put("secret", KEY_ID + "=sysprop:" + SECRET_PROPERTY);
                p.put("secretEncoding", "base64");
                break;
            case "RS256":
                p.put("publicKeys", KEY_ID + "=file:" + rsaPem);
                break;
            case "ES256":
                p.put("publicKeys", KEY_ID + "=file:" + ecPem);
                break;
            default:
                throw new IllegalArgumentException(algorithm);
        }
        p.put("issuer", ISSUER);
        p.put("audience", AUDIENCE);
        if (cacheMaxSize != null) {
            p.put("cacheMaxSize", cacheMaxSize);
        }
        return p;
    }

    /**
     * RS256 as {@link #initParameters}, with a {@code file:} revocation list of {@code entries}
     * entries (issue 17): revoked token ids of this issuer (random, none of them the benchmark
     * token's) and, one in a hundred, subject cut-offs of other subjects, so that a hit probes the
     * token table and the subject table as a real list makes it. The list is read once at start;
     * its thread then waits an hour.
     */
    Map<String, String> revocationParameters(int entries) {
        Map<String, String> p = new LinkedHashMap<>(initParameters("RS256", null));
        revocation(p, entries);
        return p;
    }

    /**
     * The realistic v2 configuration of issue 19, all at once: {@link #twoIssuerParameters()} (the
     * token's block first), {@code accessRules} as given, and revocation as
     * {@link #revocationParameters} with {@code revocationEntries} entries.
     */
    Map<String, String> v2Parameters(String accessRules, int revocationEntries) {
        Map<String, String> p = twoIssuerParameters();
        p.put("accessRules", accessRules);
        revocation(p, revocationEntries);
        return p;
    }

    /** Adds a {@code file:} revocation list of {@code entries} entries, written now, to {@code p}. */
    private void revocation(Map<String, String> p, int entries) {
        Path list = directory.resolve("revoked-" + entries + ".txt");
        long expires = issuedAt + 3600;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < entries; i++) {
            if (i % 100 == 99) {
                text.append("subject ").append(ISSUER).append(" user-").append(i).append(' ').append(issuedAt)
                        .append('\n');
            } else {
                text.append("token ").append(ISSUER).append(' ').append(randomJti()).append(' ').append(expires)
                        .append('\n');
            }
        }
        try {
            Files.writeString(list, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("revocation", "file:" + list);
        p.put("revocationRefreshInterval", "3600");
        p.put("revocationMaxStale", "86400");
    }

    /**
     * RS256 as {@link #initParameters}, but as two trusted-issuer blocks (issue 15): the tokens'
     * issuer with the RSA key, and a second issuer with the EC key. The hit path then judges a cached
     * token by its own block's keys.
     */
    Map<String, String> twoIssuerParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("algorithms", "RS256");
        p.put("audience", AUDIENCE);
        p.put("issuers", "main, second");
        p.put("main.issuer", ISSUER);
        p.put("main.publicKeys", KEY_ID + "=file:" + rsaPem);
        p.put("second.issuer", "https://second.example");
        p.put("second.algorithms", "ES256");
        p.put("second.publicKeys", KEY_ID + "=file:" + ecPem);
        return p;
    }

    /** The {@code Authorization} header's bytes as they arrive on the wire. */
    static byte[] headerBytes(String token) {
        return ("Bearer " + token).getBytes(StandardCharsets.ISO_8859_1);
    }

    private String sign(Algorithm algorithm, String alg, String jti) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        header.put("kid", KEY_ID);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", SUBJECT);
        claims.put("aud", List.of(AUDIENCE, "billing-api"));
        claims.put("exp", issuedAt + 3600);
        claims.put("iat", issuedAt);
        claims.put("nbf", issuedAt);
        claims.put("jti", jti);
        claims.put("scope", "openid profile email orders:read orders:write");
        claims.put("roles", List.of("customer", "orders-reader", "orders-writer"));
        claims.put("email", "alice.martin@example.com");
        claims.put("name", "Alice Martin");
        String h = b64(json(header));
        String p = b64(json(claims));
        byte[] signature = algorithm.sign(h.getBytes(StandardCharsets.US_ASCII), p.getBytes(StandardCharsets.US_ASCII));
        return h + "." + p + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private String write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        return file.toAbsolutePath().toString();
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generateEc() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the PEM files and the secret's system property. */
    @Override
    public void close() {
        System.clearProperty(SECRET_PROPERTY);
        try {
            // The PEM files and the revocation lists.
            try (java.util.stream.Stream<Path> files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
