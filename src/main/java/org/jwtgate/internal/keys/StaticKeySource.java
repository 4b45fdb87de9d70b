package org.jwtgate.internal.keys;

/** Keys loaded once at start. Immutable and thread-safe. */
public final class StaticKeySource implements KeySource {

    private final KeySet keys;

    public StaticKeySource(KeySet keys) {
        this.keys = keys;
    }

    @Override
    public KeySet keys() {
        return keys;
    }
}
