package org.jwtgate.internal;

/**
 * Where the verifier gets its keys. Static keys, reloaded files and JWK Sets all sit behind this.
 * Implementations are thread-safe and must not block a request on the network while they hold a
 * usable key set.
 */
public interface KeySource {

    /**
     * The keys in force now.
     *
     * @throws KeysUnavailableException when no usable key set can be had: the caller answers 503,
     *                                  never 401
     */
    KeySet keys() throws KeysUnavailableException;
}
