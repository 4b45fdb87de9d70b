package org.jwtgate.internal.verify;

import java.util.Map;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;

/**
 * Verifies one token by named stages, in this order: {@link HeaderPolicy} (algorithm allow-list,
 * {@code crit}, {@code enc}, {@code kid}), {@link SignatureVerifier} (key selection, signature by
 * java-jwt, outage or bad token), the header's {@code typ} ({@link HeaderPolicy#checkType}), then
 * the payload: {@link TimePolicy}, {@link ClaimsPolicy}, {@link PrincipalMapper},
 * {@link Authorization} (403s) and {@link ClaimHeaderMapper}. The signature is checked before the
 * payload is even parsed, and the type only once a key vouches for the header, so unsigned input
 * reaches only the header parser and the allow-list. Each segment is parsed once, the key source
 * is read once (then asked again only by the signature stage, for a key it lacks). All of it runs
 * on a cache miss only: what a cached token still needs on a hit, its time, is folded into its
 * accept-until instant.
 *
 * <p>Each stage is built from the values it uses, so that one set of stages can serve each trusted
 * issuer. Immutable and thread-safe: build one per filter and share it.
 */
final class TokenVerifier {

    private final KeySource keySource;
    private final HeaderPolicy header;
    private final SignatureVerifier signature;
    private final TimePolicy time;
    private final ClaimsPolicy claims;
    private final PrincipalMapper principals;
    private final Authorization authorization;
    private final ClaimHeaderMapper claimHeaders;

    public TokenVerifier(JwtGateSettings settings, KeySource keySource) {
        this(keySource,
                new HeaderPolicy(settings.algorithms(), settings.tokenTypes()),
                new TimePolicy(settings.leeway(), settings.maxTokenAge(), settings.requireExp()),
                new ClaimsPolicy(settings.boundTokens(), settings.issuer(), settings.audience(),
                        settings.requiredClaims(), settings.requiredClaimValues()),
                new PrincipalMapper(settings.principalClaim(), settings.rolesClaim()),
                new Authorization(settings.requiredScopes(), settings.requiredRoles()),
                new ClaimHeaderMapper(settings.claimHeaders()));
    }

    TokenVerifier(KeySource keySource, HeaderPolicy header, TimePolicy time, ClaimsPolicy claims,
            PrincipalMapper principals, Authorization authorization, ClaimHeaderMapper claimHeaders) {
        this.keySource = keySource;
        this.header = header;
        this.signature = new SignatureVerifier(keySource);
        this.time = time;
        this.claims = claims;
        this.principals = principals;
        this.authorization = authorization;
        this.claimHeaders = claimHeaders;
    }

    public KeySource keySource() {
        return keySource;
    }

    /**
     * @param token     the compact JWS, already length- and syntax-checked by the extractor
     * @param nowMillis the one reading of the clock for this request
     */
    public VerifiedToken verify(String token, long nowMillis) throws TokenRejection, KeysUnavailableException {
        String[] parts = JwsParser.split(token);
        Map<String, Object> joseHeader = JwsParser.object(parts[0]);
        JwtAlgorithm algorithm = header.algorithm(joseHeader);
        String keyId = HeaderPolicy.keyId(joseHeader);
        // Read only now: a token the header policy refuses is a 401 even while the keys are out of reach.
        SignatureVerifier.Match match = signature.verify(parts, algorithm, keyId, keySource.keys());

        header.checkType(joseHeader);
        Map<String, Object> payload = JwsParser.object(parts[1]);
        long acceptUntilMillis = time.acceptUntilMillis(payload, nowMillis);
        claims.check(payload);
        JwtPrincipal principal = principals.principal(payload, TimePolicy.expiresAt(payload));
        return new VerifiedToken(authorization.decide(principal), claimHeaders.headers(payload), acceptUntilMillis,
                match.key, match.keys);
    }
}
