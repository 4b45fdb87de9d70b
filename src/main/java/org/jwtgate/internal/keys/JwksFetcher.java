package org.jwtgate.internal.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side of a JWK Set: one GET of the configured URL, its redirects (same scheme, host and
 * port only, at most three), its body (at most 1 MiB) and its {@code Cache-Control: max-age}, the
 * whole exchange bounded by {@code jwksTimeout}. When and whether to fetch, and what an outage
 * means, is {@link JwksKeySource}'s: it takes any {@link JwksKeySource.Transport}, so tests can script one.
 * <ul>
 * <li>{@code HttpURLConnection} on an exchange thread of the source's own, which ends when the
 * source closes: the JDK 17 {@code HttpClient} cannot be shut down, and its threads outlived a
 * redeployed application (issue 13, defect 6).</li>
 * <li>The JVM's network settings apply, as to every other Java client: the proxy of
 * {@code ProxySelector.getDefault()} (which reads {@code https.proxyHost}, {@code http.proxyHost},
 * {@code http.nonProxyHosts}, or {@code java.net.useSystemProxies}), and the default
 * {@code SSLContext} (the JVM's trust store, {@code javax.net.ssl.trustStore}).
 * {@code JwksFetcherProxyTest} proves both through a real proxy.</li>
 * <li>JVM-wide defaults another application may have changed never reach the fetch: no
 * {@code Authenticator} credentials, the JVM's default TLS socket factory and the JDK's own
 * RFC 2818 host name check, no response cache, no redirects followed by the JDK.</li>
 * </ul>
 *
 * <p>Thread-safe; one fetch at a time is what {@link JwksKeySource} asks of it.
 */
final class JwksFetcher implements JwksKeySource.Transport {

    static final int MAX_BODY_BYTES = 1_048_576;

    private static final int MAX_REDIRECTS = 3;

    /** How long past its deadline an exchange reading a body may take to notice; see {@link #letGo}. */
    private static final long LET_GO_GRACE_MILLIS = 1_000;

    /** An exchange thread idle this long ends; a fetch is minutes apart, so each usually gets a new one. */
    private static final long EXCHANGE_THREAD_IDLE_SECONDS = 5;
    /**
     * Answers every request for credentials with none: an {@link java.net.Authenticator#setDefault} another
     * application in the JVM installed must not hand its passwords to the identity provider.
     */
    private static final java.net.Authenticator NO_CREDENTIALS = new java.net.Authenticator() {
    };
    /**
     * Consulted only after the JDK's own RFC 2818 check failed: refuses, whatever default verifier
     * another application in the JVM installed.
     */
    private static final HostnameVerifier NO_EXCEPTIONS = (host, session) -> false;

    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,12})\"?");

    /** Runs each HTTP exchange, so that the fetch can give up on it at the deadline: see {@link #exchange}. */
    private final ThreadPoolExecutor exchanges;

    /**
     * The connection of an exchange waiting for its response headers, disconnected when it runs out of
     * time or the source closes. Only then: once the body is read, disconnecting from another thread
     * would wait for the read under way (the JDK's body streams read under a lock that close takes).
     */
    private final AtomicReference<HttpURLConnection> awaitingHeaders = new AtomicReference<>();

    private final URI uri;
    private final Duration timeout;

    /**
     * @param threads the source's set of running threads, to which the exchange thread adds itself,
     *                so that closing the source can wait for it
     */
    JwksFetcher(URI uri, Duration timeout, Set<Thread> threads) {
        this.uri = uri;
        this.timeout = timeout;
        this.exchanges = new ThreadPoolExecutor(1, 1, EXCHANGE_THREAD_IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new OwnThreads("jwtgate-jwks-http " + uri.getHost(), threads));
        exchanges.allowCoreThreadTimeOut(true);
    }

    @Override
    public void close() {
        exchanges.shutdownNow();
        disconnectAwaitingHeaders();
    }




    @Override
    public JwksKeySource.Fetched fetch() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI target = uri;
        for (int redirects = 0; ; redirects++) {
            Response response = exchange(target, deadline);
            int status = response.status;
            if (status >= 300 && status < 400) {
                URI next = response.location == null ? null : resolve(target, response.location);
                if (next == null || redirects >= MAX_REDIRECTS || !sameOrigin(uri, next)) {
                    throw new IOException("redirect refused (only to the same scheme, host and port, at most "
                            + MAX_REDIRECTS + ")");
                }
                target = next;
                continue;
            }
            if (status != 200) {
                throw new StatusException(status);
            }
            long maxAge = -1;
            for (String cacheControl : response.cacheControl) {
                Matcher matcher = MAX_AGE.matcher(cacheControl.toLowerCase(Locale.ROOT));
                if (matcher.find()) {
                    maxAge = Long.parseLong(matcher.group(1));
                }
            }
            return new JwksKeySource.Fetched(response.body, maxAge);
        }
    }

    private static URI resolve(URI base, String location) {
        try {
            return base.resolve(location);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What one exchange brought: the body only with status 200. */
    private static final class Response {
        final int status;
        final String location;
        final List<String> cacheControl;
        final byte[] body;

        Response(int status, String location, List<String> cacheControl, byte[] body) {
            this.status = status;
            this.location = location;
            this.cacheControl = cacheControl;
            this.body = body;
        }
    }

    /**
     * One request and its answer, on an exchange thread, given up on at {@code deadline}: a socket
     * timeout bounds each read, not the whole. A server that trickles its headers is cut off by
     * disconnecting from here; one that trickles its body, by the exchange thread itself, which
     * looks at the deadline after every read.
     */
    private Response exchange(URI target, long deadline) throws IOException {
        Future<Response> running;
        try {
            running = exchanges.submit(() -> send(target, deadline));
        } catch (RejectedExecutionException closed) {
            throw new IOException("the key source is closed");
        }
        try {
            return running.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            letGo(running); // nobody will read this answer
            throw new IOException("no complete answer within jwksTimeout");
        } catch (InterruptedException e) {
            running.cancel(true);
            disconnectAwaitingHeaders();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause instanceof BodyTooLargeException ? cause.getMessage()
                    : cause instanceof java.net.ConnectException ? "the connection was refused or failed"
                    : cause instanceof java.net.SocketTimeoutException ? "no answer within jwksTimeout"
                    : "the request failed");
        }
    }

    /**
     * Ends an exchange past its deadline, so that its connection is closed before the fetch reports
     * the failure (a slow server must not hold a connection per failed attempt): one waiting for
     * headers is disconnected; one reading a body ends by itself within moments, by its read timeout
     * or its look at the deadline, so it is waited for, briefly.
     */
    private void letGo(Future<Response> running) {
        disconnectAwaitingHeaders();
        try {
            running.get(LET_GO_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException ended) {
            // ended, or stuck beyond reason: either way not waited for any longer
        }
        running.cancel(true);
    }

    private void disconnectAwaitingHeaders() {
        HttpURLConnection connection = awaitingHeaders.getAndSet(null);
        if (connection != null) {
            connection.disconnect();
        }
    }

    private Response send(URI target, long deadline) throws IOException {
        URLConnection opened = target.toURL().openConnection();
        if (!(opened instanceof HttpURLConnection)) {
            throw new IOException("not an HTTP URL");
        }
        HttpURLConnection connection = (HttpURLConnection) opened;
        awaitingHeaders.set(connection);
        try {
            // Abandoned or closed before it was published: close() or the deadline could not cut it off.
            if (Thread.currentThread().isInterrupted() || exchanges.isShutdown()) {
                throw new IOException("abandoned");
            }
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setAuthenticator(NO_CREDENTIALS);
            connection.setRequestProperty("Accept", "application/jwk-set+json, application/json");
            // Fetches are minutes apart: nothing to keep alive. A server that keeps the connection open
            // anyway loses it to disconnect() below, which takes it out of the JDK's keep-alive cache.
            connection.setRequestProperty("Connection", "close");
            if (connection instanceof HttpsURLConnection) {
                HttpsURLConnection https = (HttpsURLConnection) connection;
                // The JVM's defaults, not HttpsURLConnection's, which any application may have replaced.
                https.setSSLSocketFactory(SSLContext.getDefault().getSocketFactory());
                https.setHostnameVerifier(NO_EXCEPTIONS);
            }
            int status = connection.getResponseCode();
            if (!awaitingHeaders.compareAndSet(connection, null)) {
                throw new IOException("abandoned"); // disconnected just as the headers came
            }
            List<String> cacheControl = new ArrayList<>();
            for (int i = 1; connection.getHeaderField(i) != null; i++) {
                if ("Cache-Control".equalsIgnoreCase(connection.getHeaderFieldKey(i))) {
                    cacheControl.add(connection.getHeaderField(i));
                }
            }
            byte[] body = status == 200 ? body(connection, deadline) : null;
            return new Response(status, connection.getHeaderField("Location"), cacheControl, body);
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS context", e);
        } finally {
            awaitingHeaders.compareAndSet(connection, null);
            connection.disconnect();
        }
    }

    private byte[] body(HttpURLConnection connection, long deadline) throws IOException {
        if (connection.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new BodyTooLargeException();
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = connection.getInputStream()) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (buffer.size() + n > MAX_BODY_BYTES) {
                    throw new BodyTooLargeException();
                }
                buffer.write(chunk, 0, n);
                if (System.nanoTime() - deadline > 0 || exchanges.isShutdown()) {
                    throw new java.net.SocketTimeoutException("past the deadline, or closed");
                }
            }
        }
        return buffer.toByteArray();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }


    /**
     * Daemon threads that note themselves in {@code running} while they run. Holds only the name and
     * the set, never the source: nothing from a running thread leads back to the application.
     */
    static final class OwnThreads implements ThreadFactory {
        private final String name;
        private final Set<Thread> running;

        OwnThreads(String name, Set<Thread> running) {
            this.name = name;
            this.running = running;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } finally {
                    running.remove(Thread.currentThread());
                }
            }, name);
            thread.setDaemon(true);
            running.add(thread);
            return thread;
        }
    }


    /** A final answer other than 200 (after redirects): its status, so that a caller may try elsewhere on a 404. */
    static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        StatusException(int status) {
            super("HTTP status " + status);
            this.status = status;
        }
    }

    private static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("the response is larger than " + MAX_BODY_BYTES + " bytes");
        }
    }
}
