package org.jwtgate.internal.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jwtgate.JwtAlgorithm;

/**
 * Configured keys ({@code secret}, {@code publicKeys}) together with a remote source (a JWK Set,
 * or any {@link KeySource} in tests). A kid the configuration labels is the configuration's: a
 * JWK Set key with the same kid is not used. When
 * the JWK Set is unavailable the configured keys keep working, and a token that the JWK Set could
 * have verified gets 503, not 401: one with a kid the configuration does not label (or none), of
 * an algorithm a JWK Set key could have, that no configured key verifies. The set in hand then
 * carries the outage and the algorithms it concerns ({@link KeySet#withOutage}); whether no
 * configured key fits or one fits but its signature check fails makes no difference, because an
 * unlabelled configured key says nothing about which key the token was signed with.
 *
 * <p>Thread-safe.
 */
public final class CompositeKeySource implements KeySource {

    /** A merge and the two sets it was made from, compared by identity. */
    private static final class Merged {
        final KeySet local;
        final KeySet remote;
        final KeySet keys;

        Merged(KeySet local, KeySet remote, KeySet keys) {
            this.local = local;
            this.remote = remote;
            this.keys = keys;
        }
    }

    private final KeySource local;
    private final KeySource remote;
    private final AtomicLong generation = new AtomicLong();
    private volatile Merged merged = new Merged(null, null, null);

    public CompositeKeySource(KeySource local, KeySource remote) {
        this.local = local;
        this.remote = remote;
    }

    /** Never waits on the identity provider: tokens for the configured keys must not. */
    @Override
    public KeySet keys() throws KeysUnavailableException {
        return withRemote(false, 0, false);
    }

    /** {@link #keys()} at the request's reading of the clock. */
    @Override
    public KeySet keys(long nowMillis) throws KeysUnavailableException {
        return withRemote(true, nowMillis, false);
    }

    /** For a token none of the configured keys fits: worth waiting for the JWK Set. */
    @Override
    public KeySet keysWaiting() throws KeysUnavailableException {
        return withRemote(false, 0, true);
    }

    /**
     * The configured keys merged with the JWK Set's, or with its outage when it has none to give.
     *
     * @param timed     whether both sources are asked at {@code nowMillis} (the request's reading of
     *                  the clock) rather than at their own
     * @param wait      whether the JWK Set may wait (briefly) for a fetch; never when {@code timed}
     */
    private KeySet withRemote(boolean timed, long nowMillis, boolean wait) throws KeysUnavailableException {
        KeySet localKeys = timed ? local.keys(nowMillis) : local.keys();
        try {
            return merge(localKeys, wait ? remote.keys()
                    : timed ? remote.keysWithoutWaiting(nowMillis) : remote.keysWithoutWaiting());
        } catch (KeysUnavailableException outage) {
            return localKeys.withOutage(outage, remote.algorithms());
        }
    }

    @Override
    public boolean mayLearnKeysFor(JwtAlgorithm algorithm) {
        return remote.mayLearnKeysFor(algorithm);
    }

    @Override
    public KeysUnavailableException staleFor(JwtAlgorithm algorithm, String keyId) {
        return remote.staleFor(algorithm, keyId);
    }

    @Override
    public KeySet keysIncluding(String keyId) throws KeysUnavailableException {
        KeySet localKeys = local.keys();
        if (localKeys.hasLabel(keyId)) {
            return keys();
        }
        try {
            return merge(localKeys, remote.keysIncluding(keyId));
        } catch (KeysUnavailableException outage) {
            return localKeys.withOutage(outage, remote.algorithms());
        }
    }

    @Override
    public void awaitFirstFetch() {
        remote.awaitFirstFetch();
    }

    private KeySet merge(KeySet localKeys, KeySet remoteKeys) {
        Merged current = merged;
        if (current.local == localKeys && current.remote == remoteKeys) {
            return current.keys;
        }
        List<VerificationKey> keys = new ArrayList<>(localKeys.keys());
        for (VerificationKey key : remoteKeys.keys()) {
            if (key.keyId() == null || !localKeys.hasLabel(key.keyId())) {
                keys.add(key);
            }
        }
        KeySet combined = new KeySet(generation.incrementAndGet(), keys);
        merged = new Merged(localKeys, remoteKeys, combined);
        return combined;
    }

    /** The configured keys' health, then the remote source's (for discovery, its jwks_uri). */
    @Override
    public String health() {
        return "configured: " + local.health() + "; remote: " + remote.health();
    }

    @Override
    public void close() {
        local.close();
        remote.close();
    }
}
