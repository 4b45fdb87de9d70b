package org.jwtgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JWK Set endpoint on 127.0.0.1 whose every answer the test decides: the document, the status,
 * headers, redirects, bodies that are too large or that stall. It counts the requests it receives
 * and remembers their paths, so a test can prove what was (and was not) fetched.
 *
 * <p>Handlers that stall wait on {@link #awaitRelease()}, which {@link #close()} opens, and never
 * longer than 30 seconds: a broken client fails its test instead of hanging the build. Handlers run
 * on a pool of their own, so one stalled exchange does not hold up the next.
 *
 * <p>Thread-safe.
 */
public final class JwkSetServer implements AutoCloseable {

    /** Answers one exchange; the server closes it afterwards. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Where the JWK Set lives by default. */
    public static final String PATH = "/jwks.json";

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger hits = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Handler fallback = exchange -> send(exchange, 404, "not found");

    private JwkSetServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "jwk-set-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            paths.add(exchange.getRequestURI().getPath());
            try {
                routes.getOrDefault(exchange.getRequestURI().getPath(), fallback).handle(exchange);
            } catch (IOException e) {
                // The client hung up (a cancelled oversized body, a timeout): nothing to answer.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Starts a server on an ephemeral port of 127.0.0.1 that answers 404 until told otherwise. */
    public static JwkSetServer start() {
        try {
            return new JwkSetServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of the JWK Set. */
    public URI uri() {
        return uri(PATH);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@link #PATH} with this handler from now on. */
    public JwkSetServer respond(Handler handler) {
        return on(PATH, handler);
    }

    /** Answers {@code path} with this handler from now on. */
    public JwkSetServer on(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    /** Answers every path without a route of its own. */
    public JwkSetServer otherwise(Handler handler) {
        fallback = handler;
        return this;
    }

    /** Serves this document at {@link #PATH}, 200, with an explicit Content-Length. */
    public JwkSetServer serve(String json) {
        return respond(exchange -> send(exchange, 200, json));
    }

    /** Serves this document with a {@code Cache-Control} header. */
    public JwkSetServer serve(String json, String cacheControl) {
        return respond(exchange -> {
            exchange.getResponseHeaders().add("Cache-Control", cacheControl);
            send(exchange, 200, json);
        });
    }

    /** Answers {@link #PATH} with this status and a short body. */
    public JwkSetServer fail(int status) {
        return respond(exchange -> send(exchange, status, "{\"error\":\"down\"}"));
    }

    /** Sends a complete response with a Content-Length. */
    public static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A redirect to {@code location}, with no body. */
    public static Handler redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    /**
     * Blocks a handler until the test ends ({@link #close()}) or the test opens the latch itself;
     * at most 30 seconds.
     */
    public void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets every stalled handler go on. */
    public void release() {
        release.countDown();
    }

    /** Requests received so far, on any path. */
    public int hits() {
        return hits.get();
    }

    /** The paths requested so far, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** Closes the listening socket: from now on connections are refused. */
    public void stop() {
        release.countDown();
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
        pool.shutdownNow();
    }
}
