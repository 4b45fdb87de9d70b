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

    /** {@code redis://} or {@code rediss://}: not in this build yet. */
    public static RevocationStore redis(URI uri, String password, Clock clock) {
        throw new JwtGateConfigurationException("revocation", "redis:// and rediss:// are not supported by this build "
                + "yet: use file:PATH");
    }
}
