package org.jwtgate.internal;

import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.jwtgate.JwtAlgorithm;

/**
 * Reads a JWK Set (RFC 7517) into verification keys, keeping only keys that are safe and usable
 * here: {@code use} absent or {@code sig}, {@code key_ops} absent or with {@code verify}; RSA of
 * 2048 bits or more; EC on P-256, P-384 or P-521 with the point checked to lie on the curve; OKP
 * Ed25519 or Ed448; an {@code alg}, when given, that is allowed and fits the key. Other keys are
 * skipped (logged at DEBUG), never fatal: one odd key must not take the whole set down. Private
 * members ({@code d}, {@code p}, …) are never read.
 *
 * <p>Immutable and thread-safe.
 */
final class JwkParser {

    /** Duplicate members are found by {@link #keysWithDuplicateMembers}, so the tree reader is lenient. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Not Jackson's default thread-local buffers, which outlive an undeployed application.
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();
    private static final ObjectReader JSON = new ObjectMapper(FACTORY).reader();

    private final Set<JwtAlgorithm> allowed;
    private final String source;

    JwkParser(Set<JwtAlgorithm> allowed, String source) {
        this.allowed = allowed;
        this.source = source;
    }

    /** A parsed key and what identifies it across refreshes. */
    static final class Jwk {
        final String keyId;
        final String fingerprint;
        final Map<JwtAlgorithm, Algorithm> algorithms;

        Jwk(String keyId, String fingerprint, Map<JwtAlgorithm, Algorithm> algorithms) {
            this.keyId = keyId;
            this.fingerprint = fingerprint;
            this.algorithms = algorithms;
        }
    }

    /**
     * @throws IllegalArgumentException when the document is not a JWK Set at all (not JSON, no
     *                                  {@code keys} array): the fetch failed
     */
    List<Jwk> parse(byte[] document) {
        JsonNode root;
        Set<Integer> duplicated;
        try {
            String json = new String(document, StandardCharsets.UTF_8);
            duplicated = keysWithDuplicateMembers(json);
            root = JSON.readTree(json);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("the response is not a JSON document without duplicate members");
        }
        if (root == null || !root.isObject() || !root.path("keys").isArray()) {
            throw new IllegalArgumentException("the response has no \"keys\" array");
        }
        List<Jwk> out = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        int index = 0;
        for (JsonNode jwk : root.get("keys")) {
            index++;
            try {
                if (duplicated.contains(index)) {
                    // RFC 7517 §4: a JWK with duplicate member names is rejected (and only that JWK).
                    throw new IllegalArgumentException("it has a duplicate member");
                }
                Jwk key = parseKey(jwk);
                if (key.keyId != null && !keyIds.add(key.keyId)) {
                    throw new IllegalArgumentException("its kid is used by an earlier key");
                }
                out.add(key);
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                Authenticator.LOG.log(Level.DEBUG, "JwtGate skipped key #{0} of {1}: {2}", index, source, e.getMessage());
            }
        }
        return out;
    }

    /**
     * The 1-based positions, in the {@code keys} array, of keys with a duplicate member at any
     * depth. A duplicate anywhere else (two {@code keys} members, say) fails the whole document:
     * such a set cannot be read one way only.
     */
    static Set<Integer> keysWithDuplicateMembers(String json) throws java.io.IOException {
        Set<Integer> duplicated = new HashSet<>();
        java.util.Deque<Set<String>> objects = new java.util.ArrayDeque<>();
        int depth = 0;
        int index = 0;
        boolean inKeys = false;
        String lastRootField = null;
        try (JsonParser parser = FACTORY.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT:
                        if (inKeys && depth == 2) {
                            index++;
                        }
                        objects.push(new HashSet<>());
                        depth++;
                        break;
                    case START_ARRAY:
                        if (depth == 1 && "keys".equals(lastRootField)) {
                            inKeys = true;
                        }
                        depth++;
                        break;
                    case END_OBJECT:
                        objects.pop();
                        depth--;
                        break;
                    case END_ARRAY:
                        depth--;
                        if (depth == 1) {
                            inKeys = false;
                        }
                        break;
                    case FIELD_NAME:
                        String name = parser.currentName();
                        if (depth == 1) {
                            lastRootField = name;
                        }
                        if (!objects.peek().add(name)) {
                            if (inKeys && depth >= 3) {
                                duplicated.add(index);
                            } else {
                                throw new java.io.IOException("duplicate member outside the keys");
                            }
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        return duplicated;
    }

    private Jwk parseKey(JsonNode jwk) throws GeneralSecurityException {
        if (!jwk.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String use = text(jwk, "use", false);
        if (use != null && !use.equals("sig")) {
            throw new IllegalArgumentException("its use is not sig");
        }
        if (jwk.has("key_ops") && !containsVerify(jwk.get("key_ops"))) {
            throw new IllegalArgumentException("its key_ops lack verify");
        }
        String keyId = text(jwk, "kid", false);
        String kty = text(jwk, "kty", true);
        Optional<JwtAlgorithm> declared = Optional.empty();
        String alg = text(jwk, "alg", false);
        if (alg != null) {
            declared = JwtAlgorithm.fromJwsName(alg);
            if (declared.isEmpty() || !allowed.contains(declared.get())) {
                throw new IllegalArgumentException("its alg is not allowed");
            }
        }
        Map<JwtAlgorithm, Algorithm> algorithms = new EnumMap<>(JwtAlgorithm.class);
        PublicKey key;
        switch (kty) {
            case "RSA": {
                RSAPublicKey rsa = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e")));
                if (rsa.getModulus().bitLength() < KeyLoader.MIN_RSA_BITS) {
                    throw new IllegalArgumentException("its RSA modulus is shorter than 2048 bits");
                }
                for (JwtAlgorithm algorithm : candidates(declared, JwtAlgorithm.Family.RSA)) {
                    algorithms.put(algorithm, KeyLoader.rsaVerifier(algorithm, rsa));
                }
                key = rsa;
                break;
            }
            case "EC": {
                JwtAlgorithm algorithm = ecAlgorithm(text(jwk, "crv", true));
                ECParameterSpec curve = KeyLoader.namedCurve(algorithm);
                ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
                requireOnCurve(point, curve);
                ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
                if (declared.isPresent() && declared.get() != algorithm) {
                    throw new IllegalArgumentException("its alg does not match its curve");
                }
                if (allowed.contains(algorithm)) {
                    algorithms.put(algorithm, KeyLoader.ecVerifier(algorithm, ec));
                }
                key = ec;
                break;
            }
            case "OKP": {
                EdDsaAlgorithm.Curve curve = EdDsaAlgorithm.Curve.named(text(jwk, "crv", true))
                        .orElseThrow(() -> new IllegalArgumentException("its crv is not Ed25519 or Ed448"));
                byte[] x = bytes(jwk, "x");
                if (x.length != curve.publicKeyLength) {
                    throw new IllegalArgumentException("its x has the wrong length");
                }
                key = KeyFactory.getInstance(curve.jcaName).generatePublic(new X509EncodedKeySpec(curve.spki(x)));
                if (declared.isPresent() && declared.get() != JwtAlgorithm.EdDSA) {
                    throw new IllegalArgumentException("its alg does not fit an OKP key");
                }
                if (allowed.contains(JwtAlgorithm.EdDSA)) {
                    algorithms.put(JwtAlgorithm.EdDSA, new EdDsaAlgorithm(key, curve));
                }
                break;
            }
            default:
                throw new IllegalArgumentException("its kty is not RSA, EC or OKP");
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("no allowed algorithm fits it");
        }
        String fingerprint = keyId + "|" + algorithms.keySet() + "|" + Base64.getEncoder().encodeToString(key.getEncoded());
        return new Jwk(keyId, fingerprint, algorithms);
    }

    private List<JwtAlgorithm> candidates(Optional<JwtAlgorithm> declared, JwtAlgorithm.Family family) {
        if (declared.isPresent()) {
            if (declared.get().family() != family) {
                throw new IllegalArgumentException("its alg does not fit its kty");
            }
            return List.of(declared.get());
        }
        List<JwtAlgorithm> out = new ArrayList<>();
        for (JwtAlgorithm algorithm : allowed) {
            if (algorithm.family() == family) {
                out.add(algorithm);
            }
        }
        return out;
    }

    private static JwtAlgorithm ecAlgorithm(String crv) {
        switch (crv) {
            case "P-256": return JwtAlgorithm.ES256;
            case "P-384": return JwtAlgorithm.ES384;
            case "P-521": return JwtAlgorithm.ES512;
            default: throw new IllegalArgumentException("its crv is not P-256, P-384 or P-521");
        }
    }

    /** y² = x³ + ax + b (mod p), with both coordinates in the field: no invalid-curve points. */
    private static void requireOnCurve(ECPoint point, ECParameterSpec curve) {
        BigInteger p = ((ECFieldFp) curve.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            throw new IllegalArgumentException("its point is outside the field");
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3).add(curve.getCurve().getA().multiply(x)).add(curve.getCurve().getB()).mod(p);
        if (!left.equals(right)) {
            throw new IllegalArgumentException("its point is not on the curve");
        }
    }

    private static boolean containsVerify(JsonNode ops) {
        if (!ops.isArray()) {
            return false;
        }
        for (JsonNode op : ops) {
            if ("verify".equals(op.textValue())) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode jwk, String member, boolean required) {
        JsonNode value = jwk.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("it has no " + member);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("its " + member + " is not a string");
        }
        return value.textValue();
    }

    private static byte[] bytes(JsonNode jwk, String member) {
        String text = text(jwk, member, true);
        if (!JwsParser.isCanonicalBase64Url(text) || text.isEmpty()) {
            throw new IllegalArgumentException("its " + member + " is not base64url");
        }
        return Base64.getUrlDecoder().decode(text);
    }

    private static BigInteger unsigned(JsonNode jwk, String member) {
        return new BigInteger(1, bytes(jwk, member));
    }
}
