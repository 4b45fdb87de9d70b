package org.jwtgate.internal.revoke;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamInfo;

/**
 * {@code revocation=redis://HOST:PORT[/DB]} (or {@code rediss://}, TLS with the JVM's trust store):
 * the list in Redis, shared by every node, each told of a revocation as soon as it is made.
 *
 * <p>Data model (two keys, both written only by {@link #add}):
 * <ul>
 * <li>{@value #ENTRIES}, a sorted set: member {@link RevocationEntry#toLine()}, score
 * {@link RevocationEntry#dropAt()} (epoch seconds). The source of truth: a full read is
 * {@code ZRANGEBYSCORE (now +inf}.</li>
 * <li>{@value #LOG}, a stream: one {@code XADD} per revocation, field {@code e} = the line,
 * trimmed to about {@value #LOG_MAX_LENGTH} entries. Nodes follow it with a blocking
 * {@code XREAD}, so a revocation reaches them at once.</li>
 * </ul>
 * {@link #add} does {@code ZADD}, {@code XADD} and {@code ZREMRANGEBYSCORE -inf now} (drops what
 * expired) in one {@code MULTI}/{@code EXEC}: a node never sees one without the other.
 *
 * <p>{@link #sync} reads everything on the first call, after any error, after a gap, and every
 * {@value #FULL_READ_EVERY_MINUTES} minutes of clock time as a safety net: first where the stream
 * stands ({@code XINFO STREAM}: its last entry's id, or for an empty stream its last generated id,
 * {@code 0-0} when there is none), then the set, so an entry added in between is read twice, which
 * the mirror takes as once. Otherwise it reads the stream from the last id seen
 * ({@code XREAD [BLOCK ms] COUNT 10000}). A gap is the stream trimmed past that id: the entry it
 * names is gone (the oldest left is newer, or the stream is empty with a newer last generated id,
 * or the stream was deleted), so entries after it may be lost to this node, which reads everything
 * again. The check runs after each {@code XREAD}: trimming only ever removes the oldest entries, so
 * if that entry is still there, nothing after it was removed. When the stream was empty at the last
 * full read there is no entry to look for; then only the trimming that {@code XADD} does (from
 * {@value #LOG_MAX_LENGTH} entries on) counts as a gap, and an operator's {@code XTRIM} waits for
 * the periodic full read (Redis 6 has no count of deleted entries to tell it).
 *
 * <p>Two connections: one for the syncing thread (blocking {@code XREAD} and full reads), one for
 * {@link #add}, each opened on first use and again after an error. Connect and socket timeouts of
 * {@value #TIMEOUT_MILLIS} ms make a dead server an {@link IOException} quickly. A blocking read
 * waits at most {@value #MAX_BLOCK_MILLIS} ms, whatever it is asked, with a socket timeout of that
 * plus {@value #TIMEOUT_MILLIS} ms, so a server that vanishes without closing the connection cannot
 * hang the syncing thread; {@link #close()} closes the connection under a blocked read from the
 * calling thread, which ends the read at once (with an {@link IOException}).
 *
 * <p>Messages name the store by {@link #describe()}: never the password, never an entry.
 *
 * <p>Thread-safe: one syncing thread and any number of adding ones.
 */
public final class RedisRevocationStore implements RevocationStore {

    static final String ENTRIES = "jwtgate:revocations";
    static final String LOG = "jwtgate:revocations:log";
    static final long LOG_MAX_LENGTH = 100_000;
    static final int TIMEOUT_MILLIS = 3_000;
    static final int MAX_BLOCK_MILLIS = 30_000;
    static final int FULL_READ_EVERY_MINUTES = 10;
    private static final long FULL_READ_EVERY_MILLIS = FULL_READ_EVERY_MINUTES * 60_000L;
    private static final int READ_COUNT = 10_000;
    private static final String FIELD = "e";
    private static final StreamEntryID NO_ID = new StreamEntryID(0, 0);

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String password;
    private final String description;
    private final Clock clock;

    private final Object syncLock = new Object();
    private final Object addLock = new Object();
    /** The syncing thread's connection; volatile so that {@link #close()} can end a blocked read. */
    private volatile Jedis reader;
    private Jedis writer;
    private volatile boolean closed;
    private boolean fullReadDue = true;
    private long fullReadAtMillis;
    private StreamEntryID lastId = NO_ID;
    /** Whether {@link #lastId} is an entry the log held (else the log was empty or missing when read). */
    private boolean lastIdWasEntry;

    /**
     * @param uri      {@code redis://HOST:PORT[/DB]} or {@code rediss://…}; no user-info, query or
     *                 fragment (a password goes in {@code password})
     * @param password the password for {@code AUTH}, or {@code null} for none
     * @throws IllegalArgumentException when the URI is not one of those; the message quotes
     *         neither user-info nor query
     */
    public RedisRevocationStore(URI uri, String password, Clock clock) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("a Redis revocation store is redis://HOST:PORT[/DB] or rediss://…");
        }
        if (uri.getRawUserInfo() != null || uri.isOpaque() && uri.getRawSchemeSpecificPart().contains("@")
                || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException("a Redis revocation store URI takes no user or password: "
                    + "give the password with revocationPassword");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a Redis revocation store URI takes no query or fragment");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a Redis revocation store URI needs a host: redis://HOST:PORT[/DB]");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            if (!path.matches("/[0-9]{1,2}") || Integer.parseInt(path.substring(1)) > 15) {
                throw new IllegalArgumentException("a Redis revocation store URI's path is a database number, /0 to /15");
            }
            database = Integer.parseInt(path.substring(1));
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        this.address = new HostAndPort(host, port);
        this.password = password == null || password.isEmpty() ? null : password;
        this.description = scheme + "://" + uri.getHost() + ":" + port + "/" + database;
        this.clock = clock;
        this.config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .blockingSocketTimeoutMillis(MAX_BLOCK_MILLIS + TIMEOUT_MILLIS)
                .password(this.password)
                .database(database)
                .ssl(scheme.equals("rediss"))
                .clientName("jwtgate")
                .build();
    }

    @Override
    public Update sync(Duration maxWait) throws IOException {
        synchronized (syncLock) {
            return withOneRetry(reader != null, this::dropReader, () -> syncOnce(maxWait));
        }
    }

    /** What {@link #withOneRetry} runs. */
    private interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}; on any failure drops the connection ({@code drop}), and when that was a
     * connection opened earlier which turned out dead (the server restarted, or closed it idle),
     * runs it once more on a new one, so that a restart costs no failed sync or revoke. Not after a
     * timeout: a server that stopped answering would only make the caller wait twice as long.
     */
    private <T> T withOneRetry(boolean reused, Runnable drop, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (JedisConnectionException e) {
            drop.run();
            if (!reused || closed || timedOut(e)) {
                throw failure(e);
            }
            try {
                return call.run();
            } catch (IOException | RuntimeException again) {
                drop.run();
                throw again instanceof IOException ? (IOException) again : failure(again);
            }
        } catch (IOException | RuntimeException e) {
            drop.run();
            throw e instanceof IOException ? (IOException) e : failure(e);
        }
    }

    private Update syncOnce(Duration maxWait) throws IOException {
        Jedis jedis = reader();
        long now = clock.millis();
        if (fullReadDue || now - fullReadAtMillis >= FULL_READ_EVERY_MILLIS || now < fullReadAtMillis) {
            return fullRead(jedis, now);
        }
        StreamEntryID from = lastId;
        List<StreamEntry> read = readLog(jedis, from, maxWait);
        if (gap(jedis, from)) {
            return fullRead(jedis, clock.millis());
        }
        List<RevocationEntry> entries = new ArrayList<>(read.size());
        for (StreamEntry entry : read) {
            entries.add(parse(entry.getFields() == null ? null : entry.getFields().get(FIELD), LOG));
        }
        if (!read.isEmpty()) {
            lastId = read.get(read.size() - 1).getID();
            lastIdWasEntry = true;
        }
        return Update.added(entries);
    }

    /** After any error the store cannot say what changed: the next sync reads everything, on a new connection. */
    private void dropReader() {
        fullReadDue = true;
        Jedis broken = reader;
        reader = null;
        closeQuietly(broken);
    }

    /** Every live entry, after noting where the log stands so that nothing added meanwhile is missed. */
    private Update fullRead(Jedis jedis, long nowMillis) throws IOException {
        StreamInfo info = streamInfo(jedis);
        StreamEntry lastEntry = info == null ? null : info.getLastEntry();
        List<String> members = jedis.zrangeByScore(ENTRIES, "(" + nowMillis / 1000, "+inf");
        List<RevocationEntry> entries = new ArrayList<>(members.size());
        for (String member : members) {
            entries.add(parse(member, ENTRIES));
        }
        lastId = lastEntry != null ? lastEntry.getID() : info != null ? info.getLastGeneratedId() : NO_ID;
        lastIdWasEntry = lastEntry != null;
        fullReadAtMillis = nowMillis;
        fullReadDue = false;
        return Update.full(entries);
    }

    private List<StreamEntry> readLog(Jedis jedis, StreamEntryID from, Duration maxWait) {
        XReadParams params = XReadParams.xReadParams().count(READ_COUNT);
        if (!maxWait.isZero() && !maxWait.isNegative()) {
            // BLOCK 0 waits for ever: at least 1 ms, at most MAX_BLOCK_MILLIS (the socket timeout allows that much).
            long millis = Math.max(1, Math.min(MAX_BLOCK_MILLIS, maxWait.toMillis()));
            params.block((int) millis);
        }
        List<Map.Entry<String, List<StreamEntry>>> streams = jedis.xread(params, Collections.singletonMap(LOG, from));
        if (streams == null || streams.isEmpty() || streams.get(0).getValue() == null) {
            return List.of();
        }
        return streams.get(0).getValue();
    }

    /**
     * Whether entries after {@code from} may have been trimmed before this node read them. Trimming
     * removes the oldest entries only: while the entry {@code from} is still the oldest or older,
     * none after it was removed. When it has gone too, some after it may have (the check cannot
     * tell, so it reads everything: at worst once too often).
     */
    private boolean gap(Jedis jedis, StreamEntryID from) {
        StreamInfo info = streamInfo(jedis);
        if (info == null) {
            return !from.equals(NO_ID); // the log was deleted
        }
        if (!lastIdWasEntry) {
            // The log was empty at the last read: its next entry is newer than anything known, so the oldest entry
            // says nothing. Only trimming by XADD (which starts at LOG_MAX_LENGTH) is caught here; an operator's
            // XTRIM of a log this node never read from is caught by the periodic full read.
            return info.getLength() >= LOG_MAX_LENGTH;
        }
        StreamEntry first = info.getFirstEntry();
        return first == null ? info.getLastGeneratedId().compareTo(from) > 0 : first.getID().compareTo(from) > 0;
    }

    /** {@code XINFO STREAM} of the log, or {@code null} when there is no log yet. */
    private static StreamInfo streamInfo(Jedis jedis) {
        if (!jedis.exists(LOG)) {
            return null;
        }
        return jedis.xinfoStream(LOG);
    }

    private RevocationEntry parse(String line, String key) throws IOException {
        if (line == null) {
            throw new IOException(description + ": an entry of " + key + " has no field " + FIELD);
        }
        try {
            RevocationEntry entry = RevocationEntry.parse(line);
            if (entry == null) {
                throw new IllegalArgumentException("it is blank or a comment");
            }
            return entry;
        } catch (IllegalArgumentException e) {
            // parse() never quotes the line: it holds subjects and token ids.
            throw new IOException(description + ": an entry of " + key + " is not a revocation (" + e.getMessage() + ")");
        }
    }

    /**
     * {@inheritDoc} On a connection that turns out dead (the server restarted since the last add),
     * once more on a new one: if the first {@code EXEC} did reach the server, the entry is in the set
     * once (same member) and in the log twice, which every node applies as once.
     */
    @Override
    public void add(RevocationEntry entry) throws IOException {
        synchronized (addLock) {
            withOneRetry(writer != null, this::dropWriter, () -> {
                addOnce(entry);
                return null;
            });
        }
    }

    /** One {@code MULTI}/{@code EXEC}: a node never sees the set changed without the log, nor the reverse. */
    private void addOnce(RevocationEntry entry) throws IOException {
        if (writer == null) {
            writer = connect();
        }
        String line = entry.toLine();
        Transaction transaction = writer.multi();
        transaction.zadd(ENTRIES, entry.dropAt(), line);
        transaction.xadd(LOG, XAddParams.xAddParams().maxLen(LOG_MAX_LENGTH).approximateTrimming(), Map.of(FIELD, line));
        transaction.zremrangeByScore(ENTRIES, "-inf", Long.toString(clock.millis() / 1000));
        List<Object> results = transaction.exec();
        if (results == null) {
            throw new JedisDataException("the transaction was discarded");
        }
        for (Object result : results) {
            if (result instanceof RuntimeException) {
                throw (RuntimeException) result;
            }
        }
    }

    private void dropWriter() {
        closeQuietly(writer);
        writer = null;
    }

    private Jedis reader() throws IOException {
        if (closed) {
            throw new IOException(description + " is closed");
        }
        Jedis jedis = reader;
        if (jedis == null) {
            jedis = connect();
            reader = jedis;
            if (closed) { // close() ran while connecting: it did not see this connection
                reader = null;
                closeQuietly(jedis);
                throw new IOException(description + " is closed");
            }
        }
        return jedis;
    }

    /** A connection that has answered: Jedis connects (and authenticates) lazily, a PING makes it happen here. */
    private Jedis connect() throws IOException {
        if (closed) {
            throw new IOException(description + " is closed");
        }
        Jedis jedis = new Jedis(address, config);
        try {
            jedis.ping();
            return jedis;
        } catch (RuntimeException e) {
            closeQuietly(jedis);
            throw e;
        }
    }

    /** A server that stopped answering: trying again would only wait as long once more. */
    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private IOException failure(Exception e) {
        return closed ? new IOException(description + " is closed") : new IOException(safeMessage(description, e, password));
    }

    /**
     * The store, the exception's kind and its message, less the password should a server or the
     * client ever echo it (Redis's own errors do not), and cut short.
     */
    static String safeMessage(String description, Exception e, String password) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (password != null) {
            message = message.replace(password, "***");
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return description + ": " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static void closeQuietly(Jedis jedis) {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // Already broken: nothing more to release.
            }
        }
    }

    /** A blocking {@code XREAD} on the revocation log returns as soon as a revocation is written anywhere. */
    @Override
    public boolean waitsForNews() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes both connections; a {@link #sync} blocked on the log fails at once. Later calls fail. */
    @Override
    public void close() {
        closed = true;
        // Not under syncLock: the syncing thread may hold it, blocked in XREAD on this very connection.
        Jedis blocked = reader;
        reader = null;
        closeQuietly(blocked);
        synchronized (addLock) {
            closeQuietly(writer);
            writer = null;
        }
    }
}
