package org.jwtgate.internal.revoke;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A map from non-zero {@code long} keys to {@code long} values, written by one thread and read by
 * any without locks or allocation: open addressing with linear probing in two arrays. A writer
 * stores the value before the key, with release semantics, and readers load the key with acquire
 * semantics, so a reader that sees a key sees its value. Entries are never removed in place:
 * {@link RevocationMirror} builds a new table to drop expired ones and publishes it whole. Grows by
 * building a new table too (the caller publishes it), so a reader never sees a table being
 * rehashed.
 *
 * <p>Reads are thread-safe; writes must come from one thread at a time.
 */
final class LongTable {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Half full at most: a miss stops at the first empty slot, a couple of probes on average. */
    private static final int MAX_LOAD_PERCENT = 50;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    LongTable(int expected) {
        int capacity = 16;
        while (capacity < (long) expected * 100 / MAX_LOAD_PERCENT + 1) {
            capacity <<= 1;
        }
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
    }

    /** The value for {@code key}, or {@code absent}. */
    long get(long key, long absent) {
        if (key == 0) {
            return absent;
        }
        for (int slot = spread(key) & mask;; slot = (slot + 1) & mask) {
            long found = (long) LONGS.getAcquire(keys, slot);
            if (found == key) {
                return (long) LONGS.getAcquire(values, slot);
            }
            if (found == 0) {
                return absent;
            }
        }
    }

    boolean contains(long key) {
        if (key == 0) {
            return false;
        }
        for (int slot = spread(key) & mask;; slot = (slot + 1) & mask) {
            long found = (long) LONGS.getAcquire(keys, slot);
            if (found == key) {
                return true;
            }
            if (found == 0) {
                return false;
            }
        }
    }

    /**
     * Puts the larger of the value present and {@code value} for {@code key} ({@code key} not 0).
     *
     * @return false when the table is full and a larger one must be built first
     */
    boolean putMax(long key, long value) {
        for (int slot = spread(key) & mask;; slot = (slot + 1) & mask) {
            long found = keys[slot];
            if (found == key) {
                if (value > values[slot]) {
                    LONGS.setRelease(values, slot, value);
                }
                return true;
            }
            if (found == 0) {
                if ((long) (size + 1) * 100 > (long) keys.length * MAX_LOAD_PERCENT) {
                    return false;
                }
                values[slot] = value;
                LONGS.setRelease(keys, slot, key);
                size++;
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    /** Bytes held by the two arrays: what a node pays for the table. */
    long bytes() {
        return 16L * keys.length;
    }

    /** Calls {@code action} for every entry (writer thread only). */
    void forEach(LongLongConsumer action) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != 0) {
                action.accept(keys[slot], values[slot]);
            }
        }
    }

    /** For {@link #forEach}. */
    interface LongLongConsumer {
        void accept(long key, long value);
    }

    private static int spread(long key) {
        return (int) (key ^ (key >>> 32));
    }
}
