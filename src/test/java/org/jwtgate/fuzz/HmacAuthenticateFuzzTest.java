package org.jwtgate.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import org.jwtgate.testing.Keys;

/**
 * The whole authenticate path with an HS256 configuration whose secret is made at run time. See
 * {@link AuthenticateProperties} for what is checked; here the judge is the JDK's HmacSHA256: a
 * principal implies that HMAC over {@code header.payload} with the secret, base64url-encoded, is
 * exactly the signature segment.
 */
class HmacAuthenticateFuzzTest {

    private static final String[] ALGS = {"HS256"};
    private static final byte[] SECRET = Keys.secret(32);
    private static final String SECRET_TEXT = Base64.getEncoder().encodeToString(SECRET);
    private static final byte[] OTHER_SECRET = Keys.secret(32);

    private static final AuthenticateProperties PROPERTIES = AuthenticateProperties.of(
            Map.of("algorithms", "HS256", "secret", "env:SECRET", "secretEncoding", "base64"),
            Map.of("SECRET", SECRET_TEXT),
            (input, segment) -> Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(hmac("HmacSHA256", SECRET, FuzzedTokens.ascii(input))).equals(segment));

    /** Keys an attacker might try: another secret, the secret's configured text, the secret with SHA-384. */
    private static final FuzzedTokens.Signer[] FORGERS = {
        (alg, input) -> hmac("HmacSHA256", OTHER_SECRET, input),
        (alg, input) -> hmac("HmacSHA256", SECRET_TEXT.getBytes(StandardCharsets.US_ASCII), input),
        (alg, input) -> hmac("HmacSHA384", SECRET, input),
        (alg, input) -> new byte[0],
    };

    @FuzzTest(maxDuration = "10s")
    void authenticate_hs256_principalOnlyForTokensSignedWithTheSecret(FuzzedDataProvider data) {
        PROPERTIES.check(FuzzedTokens.token(data, ALGS, (alg, input) -> hmac("HmacSHA256", SECRET, input), FORGERS));
    }

    @AfterAll
    static void report() {
        PROPERTIES.report("HS256");
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] input) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
