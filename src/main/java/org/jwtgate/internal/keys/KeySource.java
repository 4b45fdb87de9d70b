package org.jwtgate.internal.keys;

import java.util.EnumSet;
import java.util.Set;

import org.jwtgate.JwtAlgorithm;

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
     * {@link #keys()} at {@code nowMillis}, the request's one reading of the clock: a source that
     * looks for changes on a schedule (a reloaded file, a JWK Set) compares its schedule with this
     * reading instead of reading the clock again: a reading costs about 35 ns on the machines
     * measured, a fifth of a cache hit (BENCHMARKS.md, issue 19). The others answer {@link #keys()}.
     */
    default KeySet keys(long nowMillis) throws KeysUnavailableException {
        return keys();
    }

    /**
     * The keys after giving the source a chance to learn about {@code keyId}, which the current
     * set does not label: a JWK Set fetches again (at most once per minimum interval, shared by
     * all callers). Sources that cannot learn new keys answer {@link #keys()}. Waits only briefly,
     * and only a few callers at once; the others are answered at once.
     *
     * @throws KeysUnavailableException also while the fetch that could bring {@code keyId} is still
     *                                  running for this caller: the key may exist where it cannot
     *                                  be read right now, so this is not a bad token (yet)
     */
    default KeySet keysIncluding(String keyId) throws KeysUnavailableException {
        return keys();
    }

    /**
     * Whether {@link #keysIncluding} could learn a key for this algorithm: a JWK Set never
     * publishes a secret, so an HS256 token's unknown kid must not make it fetch (and wait).
     */
    default boolean mayLearnKeysFor(JwtAlgorithm algorithm) {
        return algorithms().contains(algorithm);
    }

    /**
     * The algorithms this source's keys can verify: what an outage of it can cost (a JWK Set never
     * holds a secret, so its outage never concerns an HS256 token).
     */
    default Set<JwtAlgorithm> algorithms() {
        return EnumSet.allOf(JwtAlgorithm.class);
    }

    /**
     * Like {@link #keys()}, but never waits on the network: with nothing usable in hand it answers
     * unavailable at once. For combinations with configured keys, whose tokens must never wait.
     */
    default KeySet keysWithoutWaiting() throws KeysUnavailableException {
        return keys();
    }

    /** {@link #keysWithoutWaiting()} at {@code nowMillis}, the request's reading of the clock (see {@link #keys(long)}). */
    default KeySet keysWithoutWaiting(long nowMillis) throws KeysUnavailableException {
        return keysWithoutWaiting();
    }

    /**
     * The outage, when this source could hold a key for this algorithm (and, for a token without
     * {@code keyId}, an unlabelled one) that the set in hand lacks because its last fetch failed
     * (it keeps serving the last good set); otherwise {@code null}. Asked only after no key in hand
     * verified a token whose kid the set does not label: the answer is then 503, not a bad token.
     * Never waits.
     */
    default KeysUnavailableException staleFor(JwtAlgorithm algorithm, String keyId) {
        return null;
    }

    /**
     * How this source is doing, in a few words an operator reads in JMX: the keys in force, or why
     * there are none. Never waits (it may start a background fetch or a reload, as a request would);
     * the words hold no key, secret or URL query.
     */
    default String health() {
        try {
            KeySet keys = keysWithoutWaiting();
            KeysUnavailableException outage = keys.outage();
            return keys.keys().size() + " key(s) in force" + (outage == null ? "" : "; " + outage.getMessage());
        } catch (KeysUnavailableException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    /**
     * The keys, waiting (briefly, a few callers at once) for a source that has none in hand yet.
     * Asked only for a token that {@link #keysIncluding} was not asked about (one without a kid),
     * when {@link #keys()} answered a set with an {@linkplain KeySet#outage outage} for the token's
     * algorithm and no key in it verified the token.
     */
    default KeySet keysWaiting() throws KeysUnavailableException {
        return keys();
    }

    /**
     * Waits until a first fetch that is under way has completed, at most about the source's own
     * fetch timeout. For one-shot tools ({@code jwtgate verify}) that would otherwise report the
     * start-up moment rather than the keys; never called on a request path, where waiting is
     * bounded far more tightly.
     */
    default void awaitFirstFetch() {
    }

    /** Stops background work, if any. */
    @Override
    default void close() {
    }
}
