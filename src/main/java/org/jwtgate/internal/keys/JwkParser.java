package org.jwtgate.internal.keys;

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
import java.util.concurrent.atomic.AtomicReference;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.logging.LogSafeUri;

/**
 * Reads a JWK Set (RFC 7517) into verification keys, keeping only keys that are safe and usable
 * here: {@code use} absent or {@code sig}, {@code key_ops} absent or with {@code verify}; RSA of
 * 2048 bits or more; EC on P-256, P-384 or P-521 with the point checked to lie on the curve; OKP
 * Ed25519 or Ed448; an {@code alg}, when given, that is allowed and fits the key. Other keys are
 * skipped (logged at DEBUG), never fatal: one odd key must not take the whole set down. Private
 * members ({@code d}, {@code p}, …) are never read. An RSA key with the ROCA fingerprint is skipped
 * with a WARN: its private key can be computed from the public one.
 *
 * <p>Thread-safe; its only state is which ROCA keys it last warned about.
 */
final class JwkParser {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    /** Duplicate members and unpaired surrogates are found by {@link #readKeys}, key by key. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Not Jackson's default thread-local buffers, which outlive an undeployed application.
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();

    private final Set<JwtAlgorithm> allowed;
    private final String source;
    /** The moduli of the ROCA keys last warned about, so that the next refresh repeats no WARN. */
    private final AtomicReference<Set<BigInteger>> rocaWarnedFor = new AtomicReference<>(Set.of());

    /**
     * @param source how log lines name the set: {@link LogSafeUri}'s form, never a URL with its
     *               query or user-info
     */
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
        List<Element> elements;
        try {
            elements = readKeys(FACTORY.createParser(new String(document, StandardCharsets.UTF_8)));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("the response is not a JSON document without duplicate members");
        }
        if (elements == null) {
            throw new IllegalArgumentException("the response has no \"keys\" array");
        }
        List<Jwk> out = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        List<Integer> rocaPositions = new ArrayList<>();
        Set<BigInteger> rocaModuli = new HashSet<>();
        int index = 0;
        for (Element element : elements) {
            index++;
            try {
                if (element.ambiguity != null) {
                    // RFC 7517 §4: a JWK with duplicate member names is rejected (and only that JWK).
                    throw new IllegalArgumentException(element.ambiguity);
                }
                Jwk key = parseKey(element.node);
                if (key.keyId != null && !keyIds.add(key.keyId)) {
                    throw new IllegalArgumentException("its kid is used by an earlier key");
                }
                out.add(key);
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                if (e instanceof RocaKeyException) {
                    rocaPositions.add(index);
                    rocaModuli.add(((RocaKeyException) e).modulus);
                }
                LOG.log(Level.DEBUG, "JwtGate skipped key #{0} of {1}: {2}", index, source, e.getMessage());
            }
        }
        warnOfRocaKeys(rocaPositions, rocaModuli);
        return out;
    }

    /**
     * A WARN, since the issuer must replace such a key and only a person can make it; but once per
     * change of the set of such keys, not once per refresh: a JWK Set is fetched every few minutes,
     * and a key the issuer has not yet replaced would otherwise fill the log. The moduli are kept
     * only to compare, never logged.
     */
    private void warnOfRocaKeys(List<Integer> positions, Set<BigInteger> moduli) {
        if (rocaWarnedFor.getAndSet(moduli).equals(moduli) || moduli.isEmpty()) {
            return;
        }
        LOG.log(Level.WARNING, "JwtGate skipped {0} RSA key(s) (#{1}) of {2}: the modulus has the "
                + "ROCA fingerprint (CVE-2017-15361), so its private key can be computed from the public key; the "
                + "issuer must replace it. Repeated only when the set of such keys changes.", positions.size(),
                positions.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", #")), source);
    }

    /**
     * One element of {@code keys}: its tree, and why it cannot be read one way only, if it cannot.
     */
    private static final class Element {
        final JsonNode node;
        final String ambiguity;

        Element(JsonNode node, String ambiguity) {
            this.node = node;
            this.ambiguity = ambiguity;
        }
    }

    /**
     * Reads the document in one pass that builds each {@code keys} element and judges it at once:
     * an element with a duplicate member or an unpaired surrogate at any depth is marked as it is
     * read, so the mark cannot land on another element. (A separate scanner once counted elements
     * differently from the tree reader, and a duplicate in a key after a non-object element went
     * unseen.) The same flaw anywhere else (two {@code keys} members, say) fails the whole
     * document: such a set cannot be read one way only.
     *
     * @return the elements of {@code keys}, or {@code null} when the root is not an object with a
     *         {@code keys} array
     */
    private static List<Element> readKeys(JsonParser parser) throws java.io.IOException {
        try (parser) {
            TreeReader reader = new TreeReader(parser);
            List<Element> elements = null;
            boolean rootIsObject = parser.nextToken() == JsonToken.START_OBJECT;
            if (rootIsObject) {
                Set<String> names = new HashSet<>();
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (!names.add(name) || JwsParser.hasUnpairedSurrogate(name)) {
                        throw new java.io.IOException("an ambiguous member outside the keys");
                    }
                    JsonToken value = parser.nextToken();
                    if (name.equals("keys") && value == JsonToken.START_ARRAY) {
                        elements = new ArrayList<>();
                        while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
                            reader.ambiguity = null;
                            JsonNode element = reader.value(value);
                            elements.add(new Element(element, reader.ambiguity));
                        }
                    } else {
                        reader.ambiguity = null;
                        reader.value(value);
                        if (reader.ambiguity != null) {
                            throw new java.io.IOException("an ambiguous member outside the keys");
                        }
                    }
                }
                if (token != JsonToken.END_OBJECT) {
                    throw new java.io.IOException("not an object");
                }
            } else {
                // Not a JWK Set, but still read to the end, so that what is not JSON at all fails alike.
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new java.io.IOException("trailing data");
            }
            return rootIsObject ? elements : null;
        }
    }

    /**
     * Builds a tree from the parser's tokens, noting the first duplicate member or unpaired
     * surrogate it meets. Nesting is bounded by the factory's constraints, so is the recursion.
     */
    private static final class TreeReader {
        private final JsonParser parser;
        String ambiguity;

        TreeReader(JsonParser parser) {
            this.parser = parser;
        }

        JsonNode value(JsonToken token) throws java.io.IOException {
            if (token == null) {
                throw new java.io.IOException("the document ends early");
            }
            switch (token) {
                case START_OBJECT: {
                    ObjectNode object = JsonNodeFactory.instance.objectNode();
                    JsonToken next;
                    while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        check(name);
                        if (object.has(name)) {
                            note("it has a duplicate member");
                        }
                        object.set(name, value(parser.nextToken()));
                    }
                    if (next != JsonToken.END_OBJECT) {
                        throw new java.io.IOException("not an object");
                    }
                    return object;
                }
                case START_ARRAY: {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    JsonToken next;
                    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                        array.add(value(next));
                    }
                    return array;
                }
                case VALUE_STRING: {
                    String text = parser.getText();
                    check(text);
                    return JsonNodeFactory.instance.textNode(text);
                }
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    // No member of a public JWK is a number, and none is read as one: a stand-in that
                    // is not textual is enough, and no huge number is ever converted.
                    return JsonNodeFactory.instance.numberNode(0);
                case VALUE_TRUE:
                    return JsonNodeFactory.instance.booleanNode(true);
                case VALUE_FALSE:
                    return JsonNodeFactory.instance.booleanNode(false);
                case VALUE_NULL:
                    return JsonNodeFactory.instance.nullNode();
                default:
                    throw new java.io.IOException("not a JSON value");
            }
        }

        private void check(String text) {
            if (JwsParser.hasUnpairedSurrogate(text)) {
                note("it has a string with an unpaired surrogate");
            }
        }

        private void note(String why) {
            if (ambiguity == null) {
                ambiguity = why;
            }
        }
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
                if (RocaFingerprint.matches(rsa.getModulus())) {
                    throw new RocaKeyException(rsa.getModulus());
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

    /** An RSA key whose private key anyone can compute: skipped like any other, and worth a WARN. */
    private static final class RocaKeyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final transient BigInteger modulus;

        RocaKeyException(BigInteger modulus) {
            super("its RSA modulus has the ROCA fingerprint (CVE-2017-15361)");
            this.modulus = modulus;
        }
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
