package org.jwtgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on 127.0.0.1 that accepts every TCP connection, records it and hangs up, whatever
 * protocol it speaks: the proof that a URL a token names (jku, x5u) is never contacted is zero
 * connections here, not merely zero HTTP requests. Thread-safe.
 */
public final class ConnectionRecorder implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private ConnectionRecorder() throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        acceptor = new Thread(this::acceptAll, "connection-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts listening on an ephemeral port of 127.0.0.1. */
    public static ConnectionRecorder start() {
        try {
            return new ConnectionRecorder();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                accepted.incrementAndGet();
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    /** An http URL on this listener, with this path. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
