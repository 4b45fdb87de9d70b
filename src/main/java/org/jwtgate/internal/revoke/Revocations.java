package org.jwtgate.internal.revoke;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.logging.RateLimitedLog;
import org.jwtgate.internal.metrics.RevocationControl;

/**
 * A node's revocation list: the {@link RevocationMirror} every request consults, kept up to date
 * from a {@link RevocationStore} by one background thread, and the operations that revoke.
 *
 * <p>The thread syncs every {@code revocationRefreshInterval} (a store that can wait for news, as
 * Redis does, answers as soon as something arrives), drops expired entries once a minute, and
 * records when the store last answered. The check a request makes never waits: it reads the
 * mirror, and the time of that last answer. Past {@code revocationMaxStale} without one, or before
 * the first, every request is refused with 503: a revoked token is never accepted because the store
 * is down. Each failure to read the store is counted, and a WARN (at most one a minute) says what
 * is wrong.
 *
 * <p>Thread-safe. {@link #close()} stops the thread and waits for it.
 */
public final class Revocations implements RevocationControl, AutoCloseable {

    /** {@link #status}: not revoked. */
    public static final int ACCEPTED = 0;
    /** {@link #status}: revoked. */
    public static final int REVOKED = 1;
    /** {@link #status}: the list is too old, or was never read, to say. */
    public static final int UNAVAILABLE = 2;
    /** A token without {@code iat}: under a cut-off of its subject or issuer, it is refused. */
    public static final long NO_ISSUED_AT = RevocationMirror.NO_ISSUED_AT;

    private static final Logger LOG = System.getLogger("org.jwtgate");
    private static final long DROP_EXPIRED_EVERY_MILLIS = 60_000;
    /** The first wait after a failed read; it doubles up to the refresh interval. */
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RevocationStore store;
    private final Clock clock;
    private final long refreshMillis;
    private final long maxStaleMillis;
    private final RevocationMirror mirror = new RevocationMirror();
    private final RateLimitedLog warnings;
    private final LongAdder revokedHits = new LongAdder();
    private final LongAdder storeErrors = new LongAdder();
    private final Object writer = new Object();
    /** When the store last answered (clock millis); {@link Long#MIN_VALUE} before the first answer. */
    private volatile long syncedAtMillis = Long.MIN_VALUE;
    /** The same moment on the monotonic clock. */
    private volatile long syncedAtNanos = System.nanoTime();
    /** Set by the thread when, by the monotonic clock, the store has not answered for revocationMaxStale. */
    private volatile boolean staleByMonotonicTime;
    /** Revocations made on this node, until a full read that began after them has seen them. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Local> recentLocal =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A revocation made here, and when (monotonic clock). */
    private static final class Local {
        final RevocationEntry entry;
        final long nanos;

        Local(RevocationEntry entry, long nanos) {
            this.entry = entry;
            this.nanos = nanos;
        }
    }
    private long droppedAtMillis;
    private volatile boolean closed;
    /** Whether the read at start failed: the thread then waits before its first read. */
    private boolean firstReadFailed;
    private final Thread thread;

    /**
     * @param start whether to start the background thread ({@code false}: the caller syncs, as
     *              tests and the command line do)
     */
    public Revocations(RevocationStore store, Duration refreshInterval, Duration maxStale, Clock clock, boolean start) {
        this.store = store;
        this.clock = clock;
        this.refreshMillis = refreshInterval.toMillis();
        this.maxStaleMillis = maxStale.toMillis();
        this.warnings = new RateLimitedLog(LOG, clock);
        if (start) {
            // Read once now: a node whose store answers serves at once, not after a first interval.
            firstReadFailed = !sync(Duration.ZERO);
            thread = new Thread(this::run, "jwtgate-revocations");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /**
     * The revocation list {@code settings} configure, its thread started; {@code null} when
     * {@code revocation} is not set.
     *
     * @throws JwtGateConfigurationException naming {@code revocation} or {@code revocationPassword}
     */
    public static Revocations create(JwtGateSettings settings, ReferenceResolver resolver) {
        String where = settings.revocation();
        if (where == null) {
            return null;
        }
        RevocationStore store;
        if (where.startsWith("file:")) {
            store = new FileRevocationStore(Path.of(where.substring("file:".length())), settings.clock());
        } else {
            String password = settings.revocationPassword() == null ? null
                    : resolver.resolveText("revocationPassword", settings.revocationPassword());
            store = RevocationStores.redis(URI.create(where), password, settings.clock());
        }
        return new Revocations(store, settings.revocationRefreshInterval(), settings.revocationMaxStale(),
                settings.clock(), true);
    }

    /**
     * The verdict on a token (its {@link RevocationKeys} and {@code iat}, epoch seconds or
     * {@link RevocationMirror#NO_ISSUED_AT}) at {@code nowMillis}: {@link #ACCEPTED},
     * {@link #REVOKED} or {@link #UNAVAILABLE}. Allocates nothing, never waits.
     */
    public int status(long tokenKey, long subjectKey, long issuerKey, long issuedAt, long nowMillis) {
        long synced = syncedAtMillis;
        if (synced == Long.MIN_VALUE || nowMillis - synced > maxStaleMillis || staleByMonotonicTime) {
            return UNAVAILABLE;
        }
        if (mirror.revokes(tokenKey, subjectKey, issuerKey, issuedAt)) {
            revokedHits.increment();
            return REVOKED;
        }
        return ACCEPTED;
    }

    /** Seconds a client should wait before retrying after {@link #UNAVAILABLE}. */
    public long retryAfterSeconds() {
        return Math.max(1, refreshMillis / 1000);
    }

    /** Reads the store once, as the background thread does; for tests and the command line. */
    public void syncNow() {
        sync(Duration.ZERO);
    }

    /**
     * Syncs every interval. A store that waits for news ({@link RevocationStore#waitsForNews()})
     * is asked again at once: its wait is the interval, and news ends it early. Another is asked
     * when the interval has passed since the last time.
     */
    private void run() {
        long refreshNanos = TimeUnit.MILLISECONDS.toNanos(refreshMillis);
        long due = System.nanoTime();
        long backoffNanos = firstReadFailed ? MIN_BACKOFF_NANOS : 0;
        while (!closed) {
            if (backoffNanos > 0 || !store.waitsForNews()) {
                // After a failure, whatever the store: retrying at once would hammer a store that is
                // down (or refuses the password) with thousands of attempts a second.
                due = backoffNanos > 0 ? System.nanoTime() + backoffNanos : due + refreshNanos;
                for (long left = due - System.nanoTime(); left > 0 && !closed; left = due - System.nanoTime()) {
                    LockSupport.parkNanos(this, left);
                }
                if (closed) {
                    return;
                }
            }
            boolean synced = sync(Duration.ofMillis(refreshMillis));
            backoffNanos = synced ? 0 : Math.min(refreshNanos, Math.max(MIN_BACKOFF_NANOS, 2 * backoffNanos));
            // Measured on the monotonic clock too: a wall clock set back must not stretch revocationMaxStale.
            staleByMonotonicTime = System.nanoTime() - syncedAtNanos > TimeUnit.MILLISECONDS.toNanos(maxStaleMillis);
        }
    }

    /** Reads the store once and applies what it brought; whether the store answered. Never throws. */
    private boolean sync(Duration maxWait) {
        long readStarted = System.nanoTime();
        // No read takes longer than its store's timeouts (Redis: 33 s at most): older local revocations
        // are in whatever any later full read sees.
        recentLocal.removeIf(local -> readStarted - local.nanos > TimeUnit.MINUTES.toNanos(2));
        try {
            RevocationStore.Update update = store.sync(maxWait);
            long now = clock.millis();
            synchronized (writer) {
                if (update.isFull()) {
                    int before = mirror.size();
                    mirror.replaceAll(update.entries(), now / 1000);
                    // A revocation made here while the read was under way may be missing from what it
                    // read: apply it again, so that a full read never undoes it.
                    for (Local local : recentLocal) {
                        if (local.nanos - readStarted >= 0) {
                            mirror.add(local.entry, now / 1000);
                        }
                    }
                    recentLocal.removeIf(local -> local.nanos - readStarted < 0);
                    if (before > 0 && mirror.size() == 0) {
                        // Not an error (entries expire, a list may be emptied on purpose), but a store
                        // that lost its data, a Redis restarted without persistence, looks just so.
                        warnings.warn("revocation list emptied", () -> "JwtGate's revocation list (" + store.describe()
                                + ") is empty now, where this node held " + before + " entries: if nobody emptied "
                                + "it, the store has lost them (a Redis without persistence that restarted?)");
                    }
                } else {
                    update.entries().forEach(entry -> mirror.add(entry, now / 1000));
                }
                if (now - droppedAtMillis >= DROP_EXPIRED_EVERY_MILLIS) {
                    mirror.dropExpired(now / 1000);
                    droppedAtMillis = now;
                }
            }
            syncedAtMillis = now;
            syncedAtNanos = System.nanoTime();
            staleByMonotonicTime = false;
            return true;
        } catch (IOException | RuntimeException | Error e) {
            // An Error too: a dead thread would leave the list unread until a restart.
            if (closed) {
                return false;
            }
            storeErrors.increment();
            // Our stores' messages name the store by its log-safe form and never quote an entry;
            // another exception's message might, so only its class is told.
            String why = e instanceof IOException ? e.getMessage() : "an unexpected " + e.getClass().getSimpleName();
            warnings.warn("revocation store", () -> "JwtGate cannot read the revocation list (" + why
                    + "); the last list read keeps serving for revocationMaxStale, then requests get 503");
            return false;
        }
    }

    /**
     * Revokes for every node: stores the entry, and applies it here at once.
     *
     * @throws IOException when the store cannot take it: nothing is revoked anywhere, say so to the operator
     */
    public void revoke(RevocationEntry entry) throws IOException {
        store.add(entry);
        synchronized (writer) {
            mirror.add(entry, clock.millis() / 1000);
        }
        recentLocal.add(new Local(entry, System.nanoTime()));
        LOG.log(Level.INFO, "JwtGate stored a {0} in the revocation list", entry);
    }

    @Override
    public void revokeToken(String issuer, String jti, long expiresAt) throws IOException {
        requireText("issuer", issuer);
        requireText("jti", jti);
        if (expiresAt > RevocationEntry.LATEST_INSTANT) {
            throw new IllegalArgumentException("expiresAt is the token's exp in epoch seconds (not milliseconds), "
                    + "at most " + RevocationEntry.LATEST_INSTANT);
        }
        RevocationEntry entry = RevocationEntry.token(issuer, jti, expiresAt);
        // A node may still accept a token for its leeway (at most 300 s) after its exp.
        if (entry.dropAt() <= clock.millis() / 1000) {
            throw new IllegalArgumentException("the token has already expired, even with the longest leeway: nothing "
                    + "to revoke");
        }
        revoke(entry);
    }

    @Override
    public void revokeSubject(String issuer, String subject) throws IOException {
        requireText("issuer", issuer);
        requireText("subject", subject);
        revoke(RevocationEntry.subject(issuer, subject, clock.millis() / 1000));
    }

    @Override
    public void revokeIssuer(String issuer) throws IOException {
        requireText("issuer", issuer);
        revoke(RevocationEntry.issuer(issuer, clock.millis() / 1000));
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    /** Entries in the mirror. */
    @Override
    public int size() {
        return mirror.size();
    }

    /** Memory the mirror's tables hold, in bytes. */
    public long mirrorBytes() {
        return mirror.bytes();
    }

    /** Seconds since the store last answered; -1 before the first answer. */
    @Override
    public long mirrorAgeSeconds() {
        long synced = syncedAtMillis;
        return synced == Long.MIN_VALUE ? -1 : Math.max(0, (clock.millis() - synced) / 1000);
    }

    /** Requests refused because their token was revoked. */
    @Override
    public long revokedHits() {
        return revokedHits.sum();
    }

    /** Failed reads of the store. */
    @Override
    public long storeErrors() {
        return storeErrors.sum();
    }

    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        closed = true;
        store.close();
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
