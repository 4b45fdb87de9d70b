package org.jwtgate.internal.jose;

import java.util.Date;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

/**
 * The signing input and signature of a token, in the shape java-jwt's {@code Algorithm.verify}
 * reads (header, payload and signature segments; the key id for key providers, which are not used
 * here). Everything else was parsed strictly by {@link JwsParser} and is deliberately not offered.
 */
public final class SignedParts implements DecodedJWT {

    private final String header;
    private final String payload;
    private final String signature;
    private final String keyId;

    public SignedParts(String[] parts, String keyId) {
        this.header = parts[0];
        this.payload = parts[1];
        this.signature = parts[2];
        this.keyId = keyId;
    }

    @Override public String getHeader() { return header; }
    @Override public String getPayload() { return payload; }
    @Override public String getSignature() { return signature; }
    @Override public String getKeyId() { return keyId; }

    @Override public String getToken() { throw unsupported(); }
    @Override public String getAlgorithm() { throw unsupported(); }
    @Override public String getType() { throw unsupported(); }
    @Override public String getContentType() { throw unsupported(); }
    @Override public Claim getHeaderClaim(String name) { throw unsupported(); }
    @Override public String getIssuer() { throw unsupported(); }
    @Override public String getSubject() { throw unsupported(); }
    @Override public List<String> getAudience() { throw unsupported(); }
    @Override public Date getExpiresAt() { throw unsupported(); }
    @Override public Date getNotBefore() { throw unsupported(); }
    @Override public Date getIssuedAt() { throw unsupported(); }
    @Override public String getId() { throw unsupported(); }
    @Override public Claim getClaim(String name) { throw unsupported(); }
    @Override public Map<String, Claim> getClaims() { throw unsupported(); }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("only the signing input is available here");
    }
}
