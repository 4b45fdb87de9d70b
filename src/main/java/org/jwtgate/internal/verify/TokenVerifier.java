package org.jwtgate.internal.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.TrustedIssuer;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.metrics.Metrics;

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
 * <p>Each stage is built from the values it uses, so that one set of stages serves each trusted
 * issuer.
 *
 * <p><b>Several trusted issuers.</b> With {@code issuers}, each block has its own set of the
 * per-issuer stages (header policy, keys and signature, time, claims, principal). The payload is
 * then parsed before the signature, for one reason: its {@code iss} (an exact string) chooses the
 * block, and a token whose {@code iss} names none is refused before any key is tried or any fetch
 * started. Only that block's keys can verify it, so one issuer's key never vouches for a token that
 * claims another's {@code iss} (RFC 8725 §3.8, RFC 9068 §4). The 403s and the claim headers are the
 * filter's, shared by all blocks.
 *
 * <p>Immutable and thread-safe: build one per filter and share it.
 */
final class TokenVerifier {

    /** One trusted issuer's own stages: its keys, and the rules that may differ between issuers. */
    static final class Issuer {
        final int index;
        final String name;
        final KeySource keySource;
        final HeaderPolicy header;
        final SignatureVerifier signature;
        final TimePolicy time;
        final ClaimsPolicy claims;
        final PrincipalMapper principals;

        Issuer(int index, String name, KeySource keySource, HeaderPolicy header, TimePolicy time, ClaimsPolicy claims,
                PrincipalMapper principals) {
            this.index = index;
            this.name = name;
            this.keySource = keySource;
            this.header = header;
            this.signature = new SignatureVerifier(keySource);
            this.time = time;
            this.claims = claims;
            this.principals = principals;
        }

        /** The stages {@code settings} (a block's effective settings) call for. */
        static Issuer of(int index, String name, JwtGateSettings settings, KeySource keySource) {
            return new Issuer(index, name, keySource,
                    new HeaderPolicy(settings.algorithms(), settings.tokenTypes()),
                    new TimePolicy(settings.leeway(), settings.maxTokenAge(), settings.requireExp()),
                    new ClaimsPolicy(settings.boundTokens(), settings.issuer(), settings.audience(),
                            settings.requiredClaims(), settings.requiredClaimValues()),
                    new PrincipalMapper(settings.principalClaim(), settings.rolesClaim()));
        }
    }

    /** Without issuer blocks, the one implicit issuer: no payload is read before the signature. */
    private final Issuer implicit;
    /** With issuer blocks: each {@code iss} value to its block. */
    private final Map<String, Issuer> byIssuer;
    private final List<Issuer> issuers;
    private final Authorization authorization;
    private final ClaimHeaderMapper claimHeaders;
    /** Whether verified tokens carry their revocation keys: only with {@code revocation} on. */
    private final boolean revocation;
    /** Counts refusals per block; accepted tokens and 403s are counted per request by the gate. */
    private final Metrics metrics;

    /** One implicit issuer whose keys are {@code keySource} (the settings must declare no blocks). */
    TokenVerifier(JwtGateSettings settings, KeySource keySource) {
        this(settings, List.of(keySource), new Metrics());
    }

    /**
     * @param keySources one per {@link JwtGateSettings#trustedIssuers()}, in the same order: each
     *                   block's own keys
     */
    TokenVerifier(JwtGateSettings settings, List<KeySource> keySources, Metrics metrics) {
        this.metrics = metrics;
        List<TrustedIssuer> blocks = settings.trustedIssuers();
        if (blocks.size() != keySources.size()) {
            throw new IllegalArgumentException("one key source per trusted issuer");
        }
        List<Issuer> built = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            built.add(Issuer.of(i, blocks.get(i).name(), blocks.get(i).settings(), keySources.get(i)));
        }
        this.issuers = List.copyOf(built);
        if (settings.issuers().isEmpty()) {
            this.implicit = issuers.get(0);
            this.byIssuer = Map.of();
        } else {
            Map<String, Issuer> index = new HashMap<>();
            for (int i = 0; i < blocks.size(); i++) {
                for (String iss : blocks.get(i).settings().issuer()) {
                    index.put(iss, issuers.get(i));
                }
            }
            this.implicit = null;
            this.byIssuer = Map.copyOf(index);
        }
        this.authorization = new Authorization(settings.requiredScopes(), settings.requiredRoles());
        this.claimHeaders = new ClaimHeaderMapper(settings.claimHeaders());
        this.revocation = settings.revocation() != null;
    }

    TokenVerifier(KeySource keySource, HeaderPolicy header, TimePolicy time, ClaimsPolicy claims,
            PrincipalMapper principals, Authorization authorization, ClaimHeaderMapper claimHeaders) {
        this.implicit = new Issuer(0, TrustedIssuer.IMPLICIT, keySource, header, time, claims, principals);
        this.metrics = new Metrics();
        this.issuers = List.of(implicit);
        this.byIssuer = Map.of();
        this.authorization = authorization;
        this.claimHeaders = claimHeaders;
        this.revocation = false;
    }

    /** The first trusted issuer's keys: without blocks, the only ones. */
    public KeySource keySource() {
        return issuers.get(0).keySource;
    }

    /** Each trusted issuer's keys, in the order of {@link JwtGateSettings#trustedIssuers()}. */
    public List<KeySource> keySources() {
        List<KeySource> sources = new ArrayList<>();
        issuers.forEach(issuer -> sources.add(issuer.keySource));
        return sources;
    }

    /**
     * @param token     the compact JWS, already length- and syntax-checked by the extractor
     * @param nowMillis the one reading of the clock for this request
     */
    public VerifiedToken verify(String token, long nowMillis) throws TokenRejection, KeysUnavailableException {
        String[] parts = JwsParser.split(token);
        Map<String, Object> joseHeader = JwsParser.object(parts[0]);
        Map<String, Object> payload = null;
        Issuer issuer = implicit;
        if (issuer == null) {
            payload = JwsParser.object(parts[1]);
            Object iss = payload.get("iss");
            issuer = iss instanceof String ? byIssuer.get(iss) : null;
            if (issuer == null) {
                throw new TokenRejection(Reason.BAD_ISSUER); // no key tried, nothing fetched
            }
            try {
                return verify(issuer, parts, joseHeader, payload, nowMillis);
            } catch (TokenRejection e) {
                metrics.recordIssuerRejected(issuer.index);
                throw e;
            }
        }
        return verify(issuer, parts, joseHeader, null, nowMillis);
    }

    private VerifiedToken verify(Issuer issuer, String[] parts, Map<String, Object> joseHeader,
            Map<String, Object> parsedPayload, long nowMillis) throws TokenRejection, KeysUnavailableException {
        Map<String, Object> payload = parsedPayload;
        JwtAlgorithm algorithm = issuer.header.algorithm(joseHeader);
        String keyId = HeaderPolicy.keyId(joseHeader);
        // Read only now: a token the header policy refuses is a 401 even while the keys are out of reach.
        SignatureVerifier.Match match = issuer.signature.verify(parts, algorithm, keyId,
                issuer.keySource.keys(nowMillis));

        issuer.header.checkType(joseHeader);
        if (payload == null) {
            payload = JwsParser.object(parts[1]);
        }
        long acceptUntilMillis = issuer.time.acceptUntilMillis(payload, nowMillis);
        issuer.claims.check(payload);
        JwtPrincipal principal = issuer.principals.principal(payload, TimePolicy.expiresAt(payload));
        return new VerifiedToken(authorization.decide(principal), claimHeaders.headers(payload), acceptUntilMillis,
                match.key, match.keys, issuer.keySource, implicit == null ? issuer.index : -1,
                revocation ? payload : null);
    }
}
