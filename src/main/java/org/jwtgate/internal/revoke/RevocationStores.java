package org.jwtgate.internal.revoke;

import java.net.URI;
import java.time.Clock;

import org.jwtgate.JwtGateConfigurationException;

/**
 * Opens the store a {@code revocation} URL names: the one factory of Redis stores, for the filter
 * ({@link Revocations#create}) and {@code jwtgate revoke}. Stateless.
 */
public final class RevocationStores {

    private RevocationStores() {
    }

    /**
     * {@code redis://} or {@code rediss://}: a {@link RedisRevocationStore}; nothing is connected
     * yet (the first sync connects).
     *
     * @throws JwtGateConfigurationException naming {@code revocation} for a URL the store refuses
     */
    public static RevocationStore redis(URI uri, String password, Clock clock) {
        try {
            return new RedisRevocationStore(uri, password, clock);
        } catch (IllegalArgumentException e) {
            throw new JwtGateConfigurationException("revocation", e.getMessage());
        }
    }
}
