package org.jwtgate.internal.revoke;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Where revocations are kept, for every node to read: a file, or Redis. {@link Revocations} drives
 * it from one background thread ({@link #sync}) and from the operations that revoke ({@link #add}).
 *
 * <p>Implementations are thread-safe for one syncing thread and any number of adding ones.
 */
public interface RevocationStore extends AutoCloseable {

    /** What a {@link #sync} brought. Immutable. */
    final class Update {
        /** Nothing new. */
        public static final Update NONE = new Update(false, List.of());

        private final boolean full;
        private final List<RevocationEntry> entries;

        private Update(boolean full, List<RevocationEntry> entries) {
            this.full = full;
            this.entries = List.copyOf(entries);
        }

        /** Every entry the store holds: the mirror is replaced by these. */
        public static Update full(List<RevocationEntry> entries) {
            return new Update(true, entries);
        }

        /** Entries added since the last sync: the mirror adds them. */
        public static Update added(List<RevocationEntry> entries) {
            return entries.isEmpty() ? NONE : new Update(false, entries);
        }

        public boolean isFull() {
            return full;
        }

        public List<RevocationEntry> entries() {
            return entries;
        }
    }

    /**
     * Brings the caller up to date: on the first call, and whenever the store cannot say what
     * changed, every entry; else what was added since the last call, waiting at most
     * {@code maxWait} for something to arrive (a store that cannot wait returns at once).
     *
     * @throws IOException when the store cannot be read or what it holds cannot be parsed; the
     *         message names the store by its log-safe form, never an entry
     */
    Update sync(Duration maxWait) throws IOException;

    /**
     * Whether {@link #sync} waits up to its {@code maxWait} for news (a push from the store), so
     * that it can be called again at once; else the caller waits the interval between calls.
     */
    boolean waitsForNews();

    /** Stores an entry for every node, and drops entries that have expired. */
    void add(RevocationEntry entry) throws IOException;

    /** The store for log lines and the MBean: no password, no query. */
    String describe();

    /** Releases connections; a {@link #sync} waiting returns or fails. */
    @Override
    void close();
}
