package org.jwtgate.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import org.jwtgate.testing.Keys;

/**
 * The whole authenticate path with an ES256 + RS256 configuration: a P-256 key without a label and
 * an RSA key labelled {@code rsa}, both made at run time. See {@link AuthenticateProperties} for
 * what is checked; here the judge is the JDK's {@code Signature}: a principal implies that
 * SHA256withECDSA (R||S form) or SHA256withRSA verifies the canonically encoded signature segment
 * over {@code header.payload} with one of the two public keys.
 */
class AsymmetricAuthenticateFuzzTest {

    private static final String[] ALGS = {"ES256", "RS256"};
    private static final KeyPair EC = Keys.ec256();
    private static final KeyPair RSA = Keys.rsa();
    private static final KeyPair OTHER_EC = Keys.newEc("secp256r1");
    private static final KeyPair EC_P384 = Keys.ec384();

    private static final AuthenticateProperties PROPERTIES = AuthenticateProperties.of(
            Map.of("algorithms", "ES256,RS256", "publicKeys", "env:EC,rsa=env:RSA"),
            Map.of("EC", Keys.pem(EC.getPublic()), "RSA", Keys.pem(RSA.getPublic())),
            AsymmetricAuthenticateFuzzTest::signedByConfiguredKey);

    /**
     * Keys an attacker holds or can guess: another P-256 key, a P-384 key, and the public keys
     * themselves (PEM text, DER) as HMAC secrets, the classic algorithm-confusion attack.
     */
    private static final FuzzedTokens.Signer[] FORGERS = {
        (alg, input) -> sign("SHA256withECDSAinP1363Format", OTHER_EC.getPrivate(), input),
        (alg, input) -> sign("SHA384withECDSAinP1363Format", EC_P384.getPrivate(), input),
        (alg, input) -> hmac(Keys.pem(EC.getPublic()).getBytes(StandardCharsets.US_ASCII), input),
        (alg, input) -> hmac(RSA.getPublic().getEncoded(), input),
    };

    @FuzzTest(maxDuration = "10s")
    void authenticate_es256AndRs256_principalOnlyForTokensSignedByAConfiguredKey(FuzzedDataProvider data) {
        PROPERTIES.check(FuzzedTokens.token(data, ALGS, AsymmetricAuthenticateFuzzTest::signWithConfiguredKey,
                FORGERS));
    }

    @AfterAll
    static void report() {
        PROPERTIES.report("ES256+RS256");
    }

    /**
     * Signatures already made, by key and input: fuzzing repeats signing inputs often, and RSA and
     * the JDK's pure-Java ECDSA take a millisecond or more each.
     */
    private static final Map<String, byte[]> SIGNED = new LinkedHashMap<>(2048, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 1024;
        }
    };

    /** What the key holder would sign: RSA for an RS header, the P-256 key for anything else. */
    private static byte[] signWithConfiguredKey(String alg, byte[] input) {
        boolean rsa = alg.startsWith("RS");
        return SIGNED.computeIfAbsent((rsa ? "RS256 " : "ES256 ") + new String(input, StandardCharsets.ISO_8859_1),
                key -> rsa ? sign("SHA256withRSA", RSA.getPrivate(), input)
                        : sign("SHA256withECDSAinP1363Format", EC.getPrivate(), input))
                .clone(); // the caller may alter it
    }

    private static boolean signedByConfiguredKey(String signingInput, String segment) {
        byte[] signature = AuthenticateProperties.canonicalBase64Url(segment);
        byte[] input = FuzzedTokens.ascii(signingInput);
        return signature != null && (verifies("SHA256withECDSAinP1363Format", EC.getPublic(), input, signature)
                || verifies("SHA256withRSA", RSA.getPublic(), input, signature));
    }

    private static boolean verifies(String algorithm, PublicKey key, byte[] input, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a signature of the wrong shape for this key does not verify
        }
    }

    /**
     * ECDSA's nonce comes from a generator seeded with the input, so one fuzzer input always makes
     * the same token and a finding replays exactly. (Never do this with a real key.)
     */
    private static byte[] sign(String algorithm, PrivateKey key, byte[] input) {
        try {
            SecureRandom nonces = SecureRandom.getInstance("SHA1PRNG");
            nonces.setSeed(input);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key, nonces);
            signer.update(input);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
