package org.jwtgate.bench;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * The peer: Nimbus JOSE+JWT's {@link DefaultJWTProcessor} wired the way Spring Security's
 * {@code NimbusJwtDecoder} wires it. A {@link JWSVerificationKeySelector} for the one algorithm over
 * an {@link ImmutableJWKSet}: a JWK Set already fetched, as {@code withJwkSetUri} has it between
 * refreshes, or the secret of {@code withSecretKey} (see {@link #hs256}); the processor's own claims
 * verifier replaced by a no-op ("Spring Security validates the claim set independent from Nimbus");
 * then {@code exp}/{@code nbf} checked with 60 seconds of skew as {@code JwtTimestampValidator} does,
 * and {@code iss}/{@code aud} checked as the java-jwt verifier of the same benchmark checks them.
 *
 * <p>Spring also converts the claims to its own types and copies the header into a {@code Jwt}; that
 * is left out, so this figure is a floor for a Spring Security resource server.
 *
 * <p>Thread-safe after construction, like the processor it wraps.
 */
final class SpringStyleNimbusDecoder {

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String issuer;
    private final String audience;

    private SpringStyleNimbusDecoder(JWSAlgorithm algorithm, JWKSource<SecurityContext> keys, String issuer,
            String audience) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        this.issuer = issuer;
        this.audience = audience;
    }

    static SpringStyleNimbusDecoder rs256(RSAPublicKey key, String keyId, String issuer, String audience) {
        JWKSet set = new JWKSet(new RSAKey.Builder(key).keyID(keyId).build());
        return new SpringStyleNimbusDecoder(JWSAlgorithm.RS256, new ImmutableJWKSet<>(set), issuer, audience);
    }

    /**
     * {@code ImmutableSecret} holds the secret as a JWK without a {@code kid}, and Nimbus's key
     * selector finds no key for a token that names one; so the same set, labelled with the kid.
     */
    static SpringStyleNimbusDecoder hs256(byte[] secret, String keyId, String issuer, String audience) {
        JWKSet set = new JWKSet(new OctetSequenceKey.Builder(secret).keyID(keyId).build());
        return new SpringStyleNimbusDecoder(JWSAlgorithm.HS256, new ImmutableJWKSet<>(set), issuer, audience);
    }

    /** The verified claims; throws for any token Spring Security would refuse. */
    JWTClaimsSet decode(String token) throws ParseException, BadJOSEException, JOSEException {
        JWT jwt = JWTParser.parse(token);
        JWTClaimsSet claims = processor.process(jwt, null);
        Instant now = Instant.now();
        Date exp = claims.getExpirationTime();
        if (exp != null && now.minus(CLOCK_SKEW).isAfter(exp.toInstant())) {
            throw new BadJOSEException("Jwt expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new BadJOSEException("Jwt used before " + nbf.toInstant());
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJOSEException("The iss claim is not valid");
        }
        List<String> audiences = claims.getAudience();
        if (!audiences.contains(audience)) {
            throw new BadJOSEException("The aud claim is not valid");
        }
        return claims;
    }
}
