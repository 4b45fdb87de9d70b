package org.jwtgate.internal.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jwtgate.JwtAlgorithm;

/**
 * The keys in force at one moment, and the rule that picks the ones to try for a token:
 * <ul>
 * <li>a token whose {@code kid} equals a labelled key's label is tried against that key only;</li>
 * <li>any other token, with or without {@code kid}, is tried against the unlabelled keys;</li>
 * <li>either way only keys that fit the token's algorithm, which is itself on the allow-list.</li>
 * </ul>
 * The header never chooses a key by anything but this exact string match.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeySet {

    private final long generation;
    private final List<VerificationKey> keys;
    /*
     * What candidates() answers, built with the set rather than on each miss: each labelled key by
     * its label as a one-element list, and for each algorithm the unlabelled keys that fit it.
     */
    private final Map<String, List<VerificationKey>> labelled = new HashMap<>();
    private final Map<JwtAlgorithm, List<VerificationKey>> unlabelled = new EnumMap<>(JwtAlgorithm.class);
    private final Set<VerificationKey> members;
    private final KeysUnavailableException outage;
    private final Set<JwtAlgorithm> outageAlgorithms;

    /**
     * @param generation increases whenever the keys change, so a cache can tell cheaply that
     *                   nothing changed since it verified a token
     */
    public KeySet(long generation, List<VerificationKey> keys) {
        this(generation, keys, null, Set.of());
    }

    private KeySet(long generation, List<VerificationKey> keys, KeysUnavailableException outage,
            Set<JwtAlgorithm> outageAlgorithms) {
        this.outage = outage;
        this.outageAlgorithms = Set.copyOf(outageAlgorithms);
        this.generation = generation;
        this.keys = List.copyOf(keys);
        Set<VerificationKey> identities = Collections.newSetFromMap(new IdentityHashMap<>());
        for (VerificationKey key : this.keys) {
            identities.add(key);
            if (key.keyId() != null && labelled.putIfAbsent(key.keyId(), List.of(key)) != null) {
                throw new IllegalArgumentException("two keys share one key id");
            }
        }
        this.members = identities;
        for (JwtAlgorithm algorithm : JwtAlgorithm.values()) {
            List<VerificationKey> fitting = new ArrayList<>();
            for (VerificationKey key : this.keys) {
                if (key.keyId() == null && key.verifierFor(algorithm) != null) {
                    fitting.add(key);
                }
            }
            unlabelled.put(algorithm, List.copyOf(fitting));
        }
    }

    public long generation() {
        return generation;
    }

    public List<VerificationKey> keys() {
        return keys;
    }

    /**
     * These keys, noting that another source of keys, one that could hold keys for
     * {@code algorithms}, is down: a token of such an algorithm that none of these keys verifies then
     * gets {@link #outage(JwtAlgorithm)} (503), not a 401, unless its kid is one these keys label. So
     * a set with an outage must hold only keys whose labels the source that is down cannot supply:
     * the configuration's own, which a JWK with the same kid never overrides
     * ({@link CompositeKeySource}).
     */
    public KeySet withOutage(KeysUnavailableException cause, Set<JwtAlgorithm> algorithms) {
        return new KeySet(generation, keys, cause, algorithms);
    }

    /**
     * Why a key for a token of this algorithm may be missing from this set, or {@code null} when
     * nothing that could hold one is down.
     */
    public KeysUnavailableException outage(JwtAlgorithm algorithm) {
        return outage != null && outageAlgorithms.contains(algorithm) ? outage : null;
    }

    /** The outage of the source that is down beside these keys, for any algorithm; {@code null} for none. */
    public KeysUnavailableException outage() {
        return outage;
    }

    /** Whether a key is labelled with exactly this key id. */
    public boolean hasLabel(String keyId) {
        return labelled.containsKey(keyId);
    }

    /** Whether this very key (not an equal one) is still in force. */
    public boolean contains(VerificationKey key) {
        return members.contains(key);
    }

    /**
     * The keys to try, in order, for a token with this algorithm and {@code kid} (may be
     * {@code null}); the list is not to be changed.
     */
    public List<VerificationKey> candidates(JwtAlgorithm algorithm, String keyId) {
        if (keyId != null) {
            List<VerificationKey> alone = labelled.get(keyId);
            if (alone != null) {
                return alone.get(0).verifierFor(algorithm) != null ? alone : List.of();
            }
        }
        return unlabelled.get(algorithm);
    }
}
