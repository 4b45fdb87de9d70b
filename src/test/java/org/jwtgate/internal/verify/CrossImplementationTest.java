package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * Tokens minted by an implementation other than the one under test, the JDK's own {@link Mac} and
 * {@link Signature} with the JWA parameters written out here (RFC 7518 §3), verify for every
 * algorithm: JwtGate agrees with the standard, not merely with java-jwt's signer.
 */
class CrossImplementationTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final MutableClock clock = MutableClock.atFixtureNow();

    private static String signingInput(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String payload = "{\"sub\":\"alice\",\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"iat\":" + Tokens.NOW.getEpochSecond() + ",\"exp\":" + (Tokens.NOW.getEpochSecond() + 600) + "}";
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private boolean accepted(Map<String, String> params, Map<String, String> env, String token) {
        Map<String, String> all = new HashMap<>(params);
        all.put("issuer", Tokens.ISSUER);
        all.put("audience", Tokens.AUDIENCE);
        ReferenceResolver resolver = new ReferenceResolver(env::get, name -> null);
        Authenticator gate = Authenticator.create(InitParameters.parse(all, resolver, clock), resolver);
        return gate.authenticate(name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration(), null)
                .result().kind() == Kind.AUTHENTICATED;
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void verify_hmacMintedWithJdkMac_accepted(String alg) throws Exception {
        byte[] secret = Keys.secret(64);
        String jca = "Hmac" + alg.replace("HS", "SHA");
        Mac mac = Mac.getInstance(jca);
        mac.init(new SecretKeySpec(secret, jca));
        String input = signingInput(alg);
        String token = input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(true, accepted(Map.of("algorithms", alg, "secret", "env:S", "secretEncoding", "base64"),
                Map.of("S", Base64.getEncoder().encodeToString(secret)), token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
        "EdDSA"})
    void verify_signedWithJdkSignature_accepted(String alg) throws Exception {
        KeyPair keys = keysFor(alg);
        String input = signingInput(alg);
        Signature signer = jdkSigner(alg, keys.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        String token = input + "." + B64.encodeToString(signer.sign());
        assertEquals(true, accepted(Map.of("algorithms", alg, "publicKeys", "env:P"),
                Map.of("P", Keys.pem(keys.getPublic())), token));
    }

    private static KeyPair keysFor(String alg) throws Exception {
        switch (alg.substring(0, 2)) {
            case "RS":
            case "PS":
                return Keys.rsa();
            case "ES":
                return alg.equals("ES256") ? Keys.ec256() : alg.equals("ES384") ? Keys.ec384() : Keys.ec521();
            default:
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
    }

    /** RFC 7518 §3.3 (RSASSA-PKCS1-v1_5), §3.5 (PSS, MGF1 with the same hash, salt = hash length), §3.4 (ECDSA, R||S). */
    private static Signature jdkSigner(String alg, PrivateKey key) throws Exception {
        String bits = alg.substring(2);
        Signature signature;
        switch (alg.substring(0, 2)) {
            case "RS":
                signature = Signature.getInstance("SHA" + bits + "withRSA");
                break;
            case "PS": {
                signature = Signature.getInstance("RSASSA-PSS");
                String hash = "SHA-" + bits;
                signature.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                        Integer.parseInt(bits) / 8, 1));
                break;
            }
            case "ES":
                // JWS wants the fixed-length R||S form, not DER: the JDK's P1363 variant gives exactly that.
                signature = Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
                break;
            default:
                signature = Signature.getInstance("Ed25519");
                break;
        }
        signature.initSign(key);
        return signature;
    }
}
