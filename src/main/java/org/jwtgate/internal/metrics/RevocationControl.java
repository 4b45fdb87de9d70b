package org.jwtgate.internal.metrics;

import java.io.IOException;

/**
 * What the MXBean shows of a filter's revocation list, and the operations that revoke: implemented
 * by {@code internal.revoke.Revocations}, which lives above this package.
 */
public interface RevocationControl {

    /** Entries in the node's mirror of the list. */
    int size();

    /** Seconds since the store last answered; -1 before the first answer. */
    long mirrorAgeSeconds();

    /** Failed reads of the store. */
    long storeErrors();

    /** Requests refused because their token was revoked. */
    long revokedHits();

    /** Revokes the issuer's token with this {@code jti}, which expires at {@code expiresAt} (epoch seconds). */
    void revokeToken(String issuer, String jti, long expiresAt) throws IOException;

    /** Revokes the subject's tokens issued by the issuer up to now. */
    void revokeSubject(String issuer, String subject) throws IOException;

    /** Revokes every token the issuer issued up to now. */
    void revokeIssuer(String issuer) throws IOException;
}
