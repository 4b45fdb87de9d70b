package org.jwtgate.internal.verify;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.jose.TokenRejection;

/**
 * What a JOSE header may say: {@code alg} on the allow-list, no {@code crit}, no {@code enc}, a
 * {@code kid} that is a string, and a {@code typ} among the accepted token types. The header is
 * parsed (strictly) by {@code JwsParser} before; this class only judges it. {@link #checkType} is a
 * method of its own because it runs only once the signature holds (see {@link TokenVerifier}).
 *
 * <p>Immutable and thread-safe.
 */
final class HeaderPolicy {

    private final Set<JwtAlgorithm> algorithms;
    /** Canonical token types ({@link JwtGateSettings#canonicalTokenType}), perhaps {@value JwtGateSettings#UNTYPED}. */
    private final Set<String> tokenTypes;
    private final boolean acceptsUntyped;

    /**
     * @param algorithms the allow-list
     * @param tokenTypes the accepted {@code typ} values, already canonical, where
     *                   {@value JwtGateSettings#UNTYPED} stands for a token without {@code typ}
     */
    HeaderPolicy(Collection<JwtAlgorithm> algorithms, Collection<String> tokenTypes) {
        EnumSet<JwtAlgorithm> allowed = EnumSet.noneOf(JwtAlgorithm.class);
        allowed.addAll(algorithms);
        this.algorithms = Collections.unmodifiableSet(allowed);
        this.tokenTypes = Collections.unmodifiableSet(new LinkedHashSet<>(tokenTypes));
        this.acceptsUntyped = this.tokenTypes.contains(JwtGateSettings.UNTYPED);
    }

    /** The token's algorithm, once it is allowed and the header asks for nothing this filter does not do. */
    JwtAlgorithm algorithm(Map<String, Object> header) throws TokenRejection {
        Object alg = header.get("alg");
        if (!(alg instanceof String)) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        JwtAlgorithm algorithm = JwtAlgorithm.fromJwsName((String) alg)
                .filter(algorithms::contains)
                .orElseThrow(() -> new TokenRejection(Reason.UNSUPPORTED_ALGORITHM));
        if (header.containsKey("crit")) {
            // RFC 7515 §4.1.11: no extension is understood here, so any critical one is refused.
            throw new TokenRejection(Reason.UNSUPPORTED_CRITICAL_HEADER);
        }
        if (header.containsKey("enc")) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        return algorithm;
    }

    /** The {@code kid}, or {@code null} when the header has none. */
    static String keyId(Map<String, Object> header) throws TokenRejection {
        Object kid = header.get("kid");
        if (kid != null ? !(kid instanceof String) : header.containsKey("kid")) { // "kid": null is malformed too
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        return (String) kid;
    }

    /**
     * RFC 8725 §3.11: a token of another kind (an ID token typed as such, a logout token, a DPoP
     * proof, a security event) is not an access token, however well it is signed.
     */
    void checkType(Map<String, Object> header) throws TokenRejection {
        Object typ = header.get("typ");
        if (typ == null) {
            if (header.containsKey("typ")) {
                throw new TokenRejection(Reason.MALFORMED_TOKEN); // "typ": null names no type
            }
            if (!acceptsUntyped) {
                throw new TokenRejection(Reason.UNACCEPTED_TOKEN_TYPE);
            }
            return;
        }
        if (!(typ instanceof String)) {
            throw new TokenRejection(Reason.MALFORMED_TOKEN);
        }
        String type = JwtGateSettings.canonicalTokenType((String) typ);
        // "none" in the settings stands for no typ at all: a typ that says "none" is not that.
        if (type.equals(JwtGateSettings.UNTYPED) || !tokenTypes.contains(type)) {
            throw new TokenRejection(Reason.UNACCEPTED_TOKEN_TYPE);
        }
    }
}
