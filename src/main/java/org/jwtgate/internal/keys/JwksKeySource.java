package org.jwtgate.internal.keys;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.logging.LogSafeUri;
import org.jwtgate.internal.logging.RateLimitedLog;
import org.jwtgate.internal.metrics.Metrics;

/**
 * Keys from the one configured JWK Set URL. Nothing in a token ever causes a fetch from anywhere
 * else, and a token's own {@code jwk}, {@code jku}, {@code x5u} or {@code x5c} is never used.
 * <ul>
 * <li><b>Single flight.</b> At most one fetch runs at a time; everyone who needs its result shares
 * it. Fetches run on this source's own thread, never on a request's.</li>
 * <li><b>Refresh ahead.</b> The set lives {@code jwksRefreshInterval}, or the server's
 * {@code Cache-Control: max-age} clamped to 60..86400 s; a refresh starts in the background a
 * little before that, so no request waits on the network while a usable set is in hand.</li>
 * <li><b>Unknown kid.</b> A token whose {@code kid} the set does not have starts at most one fetch
 * per {@code jwksMinRefreshInterval}, shared; within the interval it is answered from the set in
 * hand at once. Thousands of random kids cost the identity provider one fetch per interval and
 * never block or evict the known keys.</li>
 * <li><b>Bounded waiting.</b> A token with a known kid never waits. Of the requests that need a
 * fetch's result (an unknown kid, or nothing usable in hand yet, at start or past
 * {@code jwksMaxStale}), at most {@value #MAX_WAITING_REQUESTS} per source wait at once, each at
 * most one second (half of {@code jwksTimeout} when that is shorter); everyone else is answered at
 * once, so a stalled identity provider and junk kids cannot tie up the container's threads. The
 * answer is honest about what is known: while the fetch that could bring the key is still running,
 * the key may exist at a source that cannot be read right now, so 503 with {@code Retry-After: 1};
 * once that fetch has completed without the kid, 401.</li>
 * <li><b>Outage.</b> A failed or timed-out fetch keeps the last good set serving for
 * {@code jwksMaxStale} past its expiry, for the kids it holds; a kid it does not hold, and a
 * kid-less token no key in hand verifies, are unavailable while the last fetch failed (the
 * provider may have published the key since); after
 * {@code jwksMaxStale}, or before any set was fetched, keys are unavailable (503 with
 * {@code Retry-After}), never a bad token.</li>
 * <li><b>Safety.</b> {@code https} only, except loopback hosts (checked when the settings are
 * built); the exchange itself, redirects, body cap and deadline, is {@link JwksFetcher}'s, or any
 * {@link Transport} given (tests script one to drive this policy without a server).</li>
 * <li><b>Rotation.</b> A key that stays in the set keeps its identity (its cached tokens stay); a
 * key that leaves it stops verifying at once, cached tokens included.</li>
 * <li><b>Redeploys.</b> Every thread this source starts has ended when {@link #close()} returns, and
 * nothing outlives it that could hold the application's class loader: the exchange is a plain
 * {@code HttpURLConnection} on a thread of this source's own ({@link JwksFetcher}), never kept
 * alive. (The JDK's {@code java.net.http.HttpClient} starts selector and worker threads that take
 * the application's context class loader and outlive the filter, and on Java 17 cannot be shut
 * down: every redeploy left its class loader behind.)</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the fetch threads and waits for them.
 */
public final class JwksKeySource implements KeySource {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    static final long MIN_MAX_AGE_SECONDS = 60;
    static final long MAX_MAX_AGE_SECONDS = 86_400;
    /** Request threads that may wait for a fetch at once, per source: junk kids must not tie up a container's pool. */
    static final int MAX_WAITING_REQUESTS = 4;
    /** The longest a request waits for a fetch (half of jwksTimeout when that is shorter). */
    static final long MAX_REQUEST_WAIT_MILLIS = 1_000;
    /** Beyond jwksTimeout, how long {@link #close()} waits for the threads to end; see there. */
    private static final long CLOSE_GRACE_MILLIS = 1_000;

    /** What brings a JWK Set's body: {@link JwksFetcher} over HTTP, or a test's script. */
    interface Transport {
        /** One fetch: the body, or an {@link IOException} whose message names no URL query and no body. */
        Fetched fetch() throws IOException;

        /** Cuts off an exchange under way and refuses further fetches. */
        default void close() {
        }

        /** Where the keys come from, as logs may show it, when that is more than the source's URL; else {@code null}. */
        default String describe() {
            return null;
        }
    }

    /** A body and its max-age (-1 when the server gave none). */
    static final class Fetched {
        final byte[] body;
        final long maxAgeSeconds;

        Fetched(byte[] body, long maxAgeSeconds) {
            this.body = body;
            this.maxAgeSeconds = maxAgeSeconds;
        }
    }

    /** What the last good fetch gave, and when; {@code keys} is null until one succeeds. */
    private static final class Snapshot {
        final KeySet keys;
        final Map<String, VerificationKey> byFingerprint;
        final long expiresAtMillis;
        final long refreshAtMillis;

        Snapshot(KeySet keys, Map<String, VerificationKey> byFingerprint, long expiresAtMillis, long refreshAtMillis) {
            this.keys = keys;
            this.byFingerprint = byFingerprint;
            this.expiresAtMillis = expiresAtMillis;
            this.refreshAtMillis = refreshAtMillis;
        }
    }

    private static final Snapshot NONE = new Snapshot(null, Map.of(), 0, 0);

    private final URI uri;
    /** The URI as logs and messages show it: never its query, fragment or user-info. */
    private final String logName;
    private final Set<JwtAlgorithm> algorithms;
    private final Clock clock;
    private final Duration timeout;
    private final long refreshMillis;
    private final long minRefreshMillis;
    private final long maxStaleMillis;
    private final JwkParser parser;
    private final Metrics metrics;
    /** This source's own last fetch and key count, which the filter's JWK Set attributes aggregate. */
    private final Metrics.JwksSource jwksFigures;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    /** Every thread of this source that is running (its fetcher's too), so that {@link #close()} can wait for them. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Transport transport;
    private final AtomicReference<CompletableFuture<Snapshot>> inFlight = new AtomicReference<>();
    private final Semaphore waitingRequests = new Semaphore(MAX_WAITING_REQUESTS);
    private final long requestWaitMillis;
    private final RateLimitedLog warnings;
    private volatile Snapshot snapshot = NONE;
    private volatile long lastAttemptMillis = Long.MIN_VALUE;
    /** Whether the last fetch that completed failed: the set in hand may then lack a key the provider has. */
    private volatile boolean lastAttemptFailed;
    private volatile long generation;

    /** Starts the first fetch at once, in the background: the application starts even if the server is down. */
    public JwksKeySource(JwtGateSettings settings) {
        this(settings, new Metrics());
    }

    /** @param metrics counts good and failed fetches */
    public JwksKeySource(JwtGateSettings settings, Metrics metrics) {
        this(settings, null, metrics);
    }

    /** @param executor runs fetches; {@code null} for a daemon thread of this source's own */
    JwksKeySource(JwtGateSettings settings, Executor executor) {
        this(settings, executor, new Metrics());
    }

    JwksKeySource(JwtGateSettings settings, Executor executor, Metrics metrics) {
        this(settings, executor, metrics, null);
    }

    /**
     * @param transport brings the JWK Set's body; {@code null} for the HTTP one ({@link JwksFetcher}).
     *                  Tests script it to drive the caching and outage policy without a server.
     */
    JwksKeySource(JwtGateSettings settings, Executor executor, Metrics metrics, Transport transport) {
        this.metrics = metrics;
        this.jwksFigures = metrics.jwksSource();
        // With discovery, the source is named by where the metadata lives; its JWK Set URL comes later.
        this.uri = settings.discovery() ? metadataUri(settings) : settings.jwksUri();
        this.clock = settings.clock();
        this.timeout = settings.jwksTimeout();
        this.refreshMillis = settings.jwksRefreshInterval().toMillis();
        this.minRefreshMillis = settings.jwksMinRefreshInterval().toMillis();
        this.maxStaleMillis = settings.jwksMaxStale().toMillis();
        this.logName = settings.discovery()
                ? LogSafeUri.of(URI.create(settings.issuer().iterator().next())) + " (by discovery)" : LogSafeUri.of(uri);
        this.algorithms = publicKeyAlgorithms(settings.algorithms());
        this.requestWaitMillis = Math.max(1, Math.min(MAX_REQUEST_WAIT_MILLIS, timeout.toMillis() / 2));
        this.warnings = new RateLimitedLog(LOG, clock);
        this.parser = new JwkParser(settings.algorithms(), logName);
        this.transport = transport != null ? transport
                : settings.discovery() ? new DiscoveryTransport(settings.issuer().iterator().next(),
                        settings.discoveryUri(), settings.algorithms(), timeout, settings.jwksRefreshInterval(), clock,
                        threads)
                : new JwksFetcher(uri, timeout, threads);
        if (executor == null) {
            this.ownExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    new JwksFetcher.OwnThreads("jwtgate-jwks " + uri.getHost(), threads));
            this.executor = ownExecutor;
        } else {
            this.ownExecutor = null;
            this.executor = executor;
        }
        fetch(clock.millis());
    }

    /** The metadata URL tried first: {@code discoveryUri}, or the issuer's OpenID Connect form. */
    private static URI metadataUri(JwtGateSettings settings) {
        return settings.discoveryUri() != null ? settings.discoveryUri()
                : DiscoveryTransport.metadataUris(URI.create(settings.issuer().iterator().next())).get(0);
    }

    @Override
    public String health() {
        String where = transport.describe();
        return KeySource.super.health() + " (JWK Set " + (where != null ? where : "at " + logName)
                + (lastAttemptFailed ? "; the last fetch failed" : "") + ")";
    }

    @Override
    public KeySet keys() throws KeysUnavailableException {
        return keys(true, clock.millis());
    }

    @Override
    public KeySet keys(long nowMillis) throws KeysUnavailableException {
        return keys(true, nowMillis);
    }

    /**
     * Like {@link #keys()}, but never waits on the network: with nothing usable in hand it starts
     * (or joins) a fetch and answers unavailable at once. For combinations with configured keys,
     * whose tokens must never wait for the identity provider.
     */
    @Override
    public KeySet keysWithoutWaiting() throws KeysUnavailableException {
        return keys(false, clock.millis());
    }

    @Override
    public KeySet keysWithoutWaiting(long nowMillis) throws KeysUnavailableException {
        return keys(false, nowMillis);
    }

    private KeySet keys(boolean wait, long now) throws KeysUnavailableException {
        Snapshot current = snapshot;
        if (isUsable(current, now)) {
            if (now >= current.refreshAtMillis && mayFetch(now)) {
                fetch(now); // ahead of expiry, in the background: this request does not wait
            }
            return current.keys;
        }
        // Nothing usable in hand (never fetched, or past jwksMaxStale): join a running fetch, or
        // start one if the last attempt is old enough, and wait for it (briefly) when allowed to.
        CompletableFuture<Snapshot> running = runningOrStarted(now);
        if (running != null) {
            Snapshot fetched = wait ? awaitBriefly(running) : running.getNow(null);
            if (fetched != null) {
                current = fetched;
            }
        } else {
            current = snapshot; // a fetch may have completed since the first look
        }
        return usable(current, now);
    }

    @Override
    public void awaitFirstFetch() {
        CompletableFuture<Snapshot> running = inFlight.get();
        if (snapshot.keys != null || running == null) {
            return;
        }
        try {
            running.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answered as unavailable by whoever asks next
        }
    }

    /** The algorithms a JWK Set key could verify here: the allowed public-key ones (a JWK Set never supplies a secret). */
    @Override
    public Set<JwtAlgorithm> algorithms() {
        return algorithms;
    }

    @Override
    public KeySet keysIncluding(String keyId) throws KeysUnavailableException {
        long now = clock.millis();
        Snapshot current = snapshot;
        if (!isUsable(current, now)) {
            return keys(true, now);
        }
        // A fetch already running may bring this kid: share it before any rate limit applies.
        CompletableFuture<Snapshot> running = runningOrStarted(now);
        if (running == null) {
            // Looked recently: the unknown kid waits for the next interval. Unless that look
            // failed: then the kid may well be a key the provider published since, and we cannot
            // tell, which is an outage, not a bad token. The set read now, not the one read first:
            // a fetch that completed in between may have brought the kid.
            return withoutUnknownKidDuringOutage(usable(snapshot, now), now);
        }
        Snapshot fetched = awaitBriefly(running);
        if (fetched == null) {
            // The fetch that could bring this kid has not completed: the key may exist where it
            // cannot be read right now, so this is not yet a bad token.
            throw new KeysUnavailableException("the JWK Set at " + logName + " is still being fetched, and a token's"
                    + " kid is not in the set in hand", 1);
        }
        return withoutUnknownKidDuringOutage(usable(fetched, now), now);
    }

    /**
     * The set in hand for a kid it may not have; while the last fetch failed, unavailable instead
     * (the caller looks up the kid in what this returns, so a set is returned only when it was
     * refreshed by a good fetch, or the source is healthy).
     */
    private KeySet withoutUnknownKidDuringOutage(KeySet keys, long now) throws KeysUnavailableException {
        if (lastAttemptFailed) {
            throw staleOutage(now);
        }
        return keys;
    }

    @Override
    public KeysUnavailableException staleFor(JwtAlgorithm algorithm, String keyId) {
        if (!lastAttemptFailed || !algorithms.contains(algorithm)) {
            return null;
        }
        KeySet last = snapshot.keys;
        if (keyId == null && last != null && last.candidates(algorithm, null).isEmpty()) {
            // A provider that labels every key publishes none a kid-less token could use: such a
            // token is a bad token, outage or not, and stays visible as one in the metrics.
            return null;
        }
        return staleOutage(clock.millis());
    }

    private KeysUnavailableException staleOutage(long now) {
        return new KeysUnavailableException("the JWK Set at " + logName + " could not be refreshed, and no key in the"
                + " last good set fits a token", retryAfterSeconds(now));
    }

    /**
     * The fetch running now, or one started now if the rate limit allows; {@code null} when none
     * runs and the last attempt is too recent. A fetch marks its attempt only once it is in flight,
     * so a request that finds none running and then finds the attempt too recent looks again: the
     * fetch another request started in between is joined, not mistaken for a look already taken
     * (which answered a token whose kid that very fetch was bringing with 401).
     */
    private CompletableFuture<Snapshot> runningOrStarted(long now) {
        CompletableFuture<Snapshot> running = inFlight.get();
        if (running != null) {
            return running;
        }
        if (mayFetch(now)) {
            return fetch(now);
        }
        return inFlight.get();
    }

    /**
     * At most one attempt per jwksMinRefreshInterval, whatever asks for it. A clock that stepped
     * back (the last attempt seems to lie in the future) does not freeze fetching.
     */
    private boolean mayFetch(long now) {
        long last = lastAttemptMillis;
        return last == Long.MIN_VALUE || now - last >= minRefreshMillis || now < last;
    }

    private boolean isUsable(Snapshot current, long now) {
        return current.keys != null && now < saturatedAdd(current.expiresAtMillis, maxStaleMillis);
    }

    private KeySet usable(Snapshot current, long now) throws KeysUnavailableException {
        if (!isUsable(current, now)) {
            boolean fetching = inFlight.get() != null;
            throw new KeysUnavailableException("the JWK Set at " + logName + (current.keys == null
                    ? " has not been fetched yet" : " could not be refreshed for longer than jwksMaxStale")
                    + (fetching ? " (a fetch is running)" : ""),
                    fetching ? 1 : retryAfterSeconds(now));
        }
        return current.keys;
    }

    private long retryAfterSeconds(long now) {
        long next = lastAttemptMillis == Long.MIN_VALUE ? now : saturatedAdd(lastAttemptMillis, minRefreshMillis);
        return Math.max(1, (next - now + 999) / 1000);
    }

    /** The running fetch, or a new one. */
    private CompletableFuture<Snapshot> fetch(long now) {
        CompletableFuture<Snapshot> running = inFlight.get();
        if (running != null) {
            return running;
        }
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            return inFlight.get();
        }
        lastAttemptMillis = now;
        try {
            executor.execute(() -> {
                try {
                    Snapshot loaded = load(snapshot);
                    // Counted before it is in force, so whoever sees the new keys sees the fetch counted.
                    metrics.recordJwksFetched(jwksFigures, clock.millis(), loaded.keys.keys().size());
                    snapshot = loaded;
                    lastAttemptFailed = false;
                } catch (Exception | LinkageError e) {
                    lastAttemptFailed = true;
                    metrics.recordJwksFetchFailure();
                    // The message says what failed (status, size, timeout), never the body; and at
                    // most once a minute, however short jwksMinRefreshInterval is.
                    boolean lastGoodInUse = snapshot.keys != null;
                    warnings.warn("jwks-fetch", () -> "JwtGate could not fetch the JWK Set at " + logName + ": "
                            + ((e instanceof IOException || e instanceof IllegalArgumentException) && e.getMessage() != null
                                    ? e.getMessage() : "an unexpected failure")
                            + (lastGoodInUse ? "; the last good set stays in use" : ""));
                } finally {
                    inFlight.set(null);
                    mine.complete(snapshot);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.set(null);
            mine.complete(snapshot);
        }
        return mine;
    }

    /**
     * What the fetch brought, or {@code null} when it has not completed for this request: a waiting
     * place was not free (at most {@link #MAX_WAITING_REQUESTS} requests wait at once), or the
     * fetch outlasted the request's wait. Never waits when the fetch is already done.
     */
    private Snapshot awaitBriefly(CompletableFuture<Snapshot> fetch) {
        Snapshot done = fetch.getNow(null);
        if (done != null || !waitingRequests.tryAcquire()) {
            return done;
        }
        try {
            return fetch.get(requestWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } finally {
            waitingRequests.release();
        }
    }

    private Snapshot load(Snapshot previous) throws IOException {
        Fetched fetched = transport.fetch();
        List<JwkParser.Jwk> jwks = parser.parse(fetched.body);
        Map<String, VerificationKey> byFingerprint = new java.util.LinkedHashMap<>();
        for (JwkParser.Jwk jwk : jwks) {
            if (byFingerprint.containsKey(jwk.fingerprint)) {
                continue; // the same key twice adds nothing
            }
            VerificationKey key = previous.byFingerprint.get(jwk.fingerprint);
            byFingerprint.put(jwk.fingerprint, key != null ? key : new VerificationKey(jwk.keyId, "JWK "
                    + (jwk.keyId == null ? "(no kid)" : "kid=" + jwk.keyId) + " from " + logName, jwk.algorithms));
        }
        if (byFingerprint.isEmpty()) {
            // Every token would be refused: far likelier a broken publication than a real withdrawal.
            throw new IOException("the JWK Set has no usable key");
        }
        boolean changed = previous.keys == null || !byFingerprint.keySet().equals(previous.byFingerprint.keySet());
        List<VerificationKey> keys = new ArrayList<>(byFingerprint.values());
        long now = clock.millis();
        long lifetime = fetched.maxAgeSeconds >= 0
                ? TimeUnit.SECONDS.toMillis(Math.max(MIN_MAX_AGE_SECONDS, Math.min(MAX_MAX_AGE_SECONDS, fetched.maxAgeSeconds)))
                : refreshMillis;
        // Refresh a fifth of the lifetime early (at most a minute), so the set is renewed before it expires.
        long refreshAt = now + lifetime - Math.min(lifetime / 5, 60_000);
        KeySet set = changed ? new KeySet(++generation, keys) : previous.keys;
        // An unchanged set keeps its identity, so tokens verified under it stay cache hits.
        if (changed) {
            LOG.log(Level.INFO, "JwtGate fetched the JWK Set at {0}: {1} usable key(s)", logName, keys.size());
        }
        return new Snapshot(set, byFingerprint, now + lifetime, refreshAt);
    }

    private static Set<JwtAlgorithm> publicKeyAlgorithms(Set<JwtAlgorithm> allowed) {
        Set<JwtAlgorithm> out = java.util.EnumSet.noneOf(JwtAlgorithm.class);
        for (JwtAlgorithm algorithm : allowed) {
            if (algorithm.family() != JwtAlgorithm.Family.HMAC) {
                out.add(algorithm);
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Stops the fetch and exchange threads, cutting off an exchange that waits for its headers, and
     * waits until they have ended: a container looks for threads an application left behind right
     * after its filters are destroyed. Usually at once; an exchange stalled in the middle of a body
     * ends at its read timeout (at most jwksTimeout), and only a host name lookup that hangs longer
     * than jwksTimeout and a second outlasts the wait.
     */
    @Override
    public void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
        transport.close();
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
        boolean interrupted = false;
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || thread == Thread.currentThread()) {
                continue;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

}
