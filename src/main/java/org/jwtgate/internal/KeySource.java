package org.jwtgate.internal;

/**
 * Where the verifier gets its keys. Static keys, reloaded files and JWK Sets all sit behind this.
 * Implementations are thread-safe and must not block a request on the network while they hold a
 * usable key set.
 */
public interface KeySource extends AutoCloseable {

    /**
     * The keys in force now.
     *
     * @throws KeysUnavailableException when no usable key set can be had: the caller answers 503,
     *                                  never 401
     */
    KeySet keys() throws KeysUnavailableException;

    /**
     * The keys after giving the source a chance to learn about {@code keyId}, which the current
     * set does not label: a JWK Set fetches again (at most once per minimum interval, shared by
     * all callers). Sources that cannot learn new keys answer {@link #keys()}.
     */
    default KeySet keysIncluding(String keyId) throws KeysUnavailableException {
        return keys();
    }

    /**
     * The keys, waiting (bounded) for a source that has none in hand yet. Asked only when
     * {@link #keys()} answered a set with an {@linkplain KeySet#outage() outage}, no key fits and
     * the token's kid is not one that set labels.
     */
    default KeySet keysWaiting() throws KeysUnavailableException {
        return keys();
    }

    /** Stops background work, if any. */
    @Override
    default void close() {
    }
}
