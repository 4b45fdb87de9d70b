package org.jwtgate.internal.revoke;

import java.util.Collection;

/**
 * A node's copy of the revocation list, in memory, for the check every request makes (cache hits
 * included): three {@link LongTable}s keyed by {@link RevocationKeys}, token ids to their drop
 * time, and subjects and issuers to their cut-offs. A lookup reads one volatile field and probes at
 * most three tables; with no entry at all, one field. It allocates nothing and never waits.
 *
 * <p>32 to 64 bytes per entry: two {@code long}s per slot, in tables between a quarter and half
 * full (they double when half full). 1,000,000 revoked token ids take 32 MiB (2^21 slots, 34 bytes
 * each); the cut-offs of subjects and issuers are few. {@link #bytes()} reports it.
 *
 * <p>Reads are thread-safe; writes ({@link #add}, {@link #replaceAll}, {@link #dropExpired}) are
 * serialised by the caller.
 */
final class RevocationMirror {

    /** A cut-off that is not there: no token is issued at or before it. */
    static final long NO_CUTOFF = Long.MIN_VALUE;
    /** A token without {@code iat}: under a cut-off of its subject or issuer, it is refused. */
    static final long NO_ISSUED_AT = Long.MIN_VALUE;

    /** The tables, swapped whole when rebuilt. */
    private static final class Tables {
        final LongTable tokens;
        final LongTable subjects;
        final LongTable issuers;

        Tables(int tokens, int subjects, int issuers) {
            this.tokens = new LongTable(tokens);
            this.subjects = new LongTable(subjects);
            this.issuers = new LongTable(issuers);
        }

        int size() {
            return tokens.size() + subjects.size() + issuers.size();
        }
    }

    private volatile Tables tables = new Tables(0, 0, 0);
    /** Whether any entry is in hand: the common case, none, costs one read. */
    private volatile boolean empty = true;

    /** Whether a token with these keys is revoked; {@code issuedAt} in epoch seconds or {@link #NO_ISSUED_AT}. */
    boolean revokes(long tokenKey, long subjectKey, long issuerKey, long issuedAt) {
        if (empty) {
            return false;
        }
        Tables current = tables;
        if (current.tokens.contains(tokenKey)) {
            return true;
        }
        long cutoff = Math.max(current.subjects.get(subjectKey, NO_CUTOFF), current.issuers.get(issuerKey, NO_CUTOFF));
        return cutoff != NO_CUTOFF && (issuedAt == NO_ISSUED_AT || issuedAt <= cutoff);
    }

    /** Adds an entry unless it has expired by {@code nowSeconds}. */
    void add(RevocationEntry entry, long nowSeconds) {
        if (entry.dropAt() <= nowSeconds) {
            return;
        }
        Tables current = tables;
        if (!put(current, entry)) {
            Tables larger = copy(current, 2 * Math.max(current.tokens.size(), 8), 2 * Math.max(current.subjects.size(), 8),
                    2 * Math.max(current.issuers.size(), 8), nowSeconds);
            put(larger, entry);
            tables = larger;
        }
        empty = false;
    }

    /** Replaces every entry: what a full read of the store found. */
    void replaceAll(Collection<RevocationEntry> entries, long nowSeconds) {
        int tokens = 0;
        int subjects = 0;
        int issuers = 0;
        for (RevocationEntry entry : entries) {
            switch (entry.kind()) {
                case TOKEN:
                    tokens++;
                    break;
                case SUBJECT:
                    subjects++;
                    break;
                default:
                    issuers++;
            }
        }
        Tables fresh = new Tables(tokens, subjects, issuers);
        for (RevocationEntry entry : entries) {
            if (entry.dropAt() > nowSeconds) {
                put(fresh, entry);
            }
        }
        tables = fresh;
        empty = fresh.size() == 0;
    }

    /** Drops the entries no valid token can match any more. */
    void dropExpired(long nowSeconds) {
        Tables current = tables;
        Tables fresh = copy(current, current.tokens.size(), current.subjects.size(), current.issuers.size(), nowSeconds);
        tables = fresh;
        empty = fresh.size() == 0;
    }

    int size() {
        return tables.size();
    }

    /** Memory the tables hold, in bytes. */
    long bytes() {
        Tables current = tables;
        return current.tokens.bytes() + current.subjects.bytes() + current.issuers.bytes();
    }

    private static boolean put(Tables tables, RevocationEntry entry) {
        long key = RevocationKeys.of(entry);
        switch (entry.kind()) {
            case TOKEN:
                return tables.tokens.putMax(key, entry.dropAt());
            case SUBJECT:
                return tables.subjects.putMax(key, entry.instant());
            default:
                return tables.issuers.putMax(key, entry.instant());
        }
    }

    /** A copy with room for these many entries of each kind, without those expired by {@code nowSeconds}. */
    private static Tables copy(Tables from, int tokens, int subjects, int issuers, long nowSeconds) {
        Tables to = new Tables(tokens, subjects, issuers);
        from.tokens.forEach((key, dropAt) -> {
            if (dropAt > nowSeconds) {
                to.tokens.putMax(key, dropAt);
            }
        });
        long oldestKept = nowSeconds - RevocationEntry.CUTOFF_RETENTION_SECONDS;
        from.subjects.forEach((key, cutoff) -> {
            if (cutoff > oldestKept) {
                to.subjects.putMax(key, cutoff);
            }
        });
        from.issuers.forEach((key, cutoff) -> {
            if (cutoff > oldestKept) {
                to.issuers.putMax(key, cutoff);
            }
        });
        return to;
    }
}
