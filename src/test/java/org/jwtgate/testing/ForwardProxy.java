package org.jwtgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP forward proxy on 127.0.0.1, as enterprise networks run them, that relays bytes:
 * {@code CONNECT host:port} opens a tunnel (for https), and an absolute-form request
 * ({@code GET http://host:port/path}) is sent on to its origin with its answer relayed back. It
 * records each request's target, so a test can prove that a fetch went through it.
 *
 * <p>Thread-safe. One connection, one request: clients are told {@code Connection: close}.
 */
public final class ForwardProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final ExecutorService pool;
    private final List<String> targets = new CopyOnWriteArrayList<>();

    private ForwardProxy() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "forward-proxy");
            thread.setDaemon(true);
            return thread;
        });
        pool.execute(this::accept);
    }

    public static ForwardProxy start() {
        try {
            return new ForwardProxy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code CONNECT host:port} or {@code GET http://…} per request relayed, in order. */
    public List<String> targets() {
        return targets;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                pool.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (Socket c = client) {
            c.setSoTimeout(30_000);
            InputStream in = c.getInputStream();
            String head = readHead(in);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            String[] parts = requestLine.split(" ");
            if (parts[0].equals("CONNECT")) {
                targets.add("CONNECT " + parts[1]);
                int colon = parts[1].lastIndexOf(':');
                try (Socket origin = new Socket(parts[1].substring(0, colon),
                        Integer.parseInt(parts[1].substring(colon + 1)))) {
                    c.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    relay(c, origin);
                }
                return;
            }
            URI target = URI.create(parts[1]);
            targets.add(parts[0] + " " + target);
            try (Socket origin = new Socket(target.getHost(), target.getPort())) {
                StringBuilder forwarded = new StringBuilder(parts[0]).append(' ').append(target.getRawPath())
                        .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery()).append(' ')
                        .append(parts[2]).append("\r\n");
                for (String header : head.substring(head.indexOf("\r\n") + 2).split("\r\n")) {
                    String name = header.contains(":") ? header.substring(0, header.indexOf(':')) : "";
                    if (!header.isEmpty() && !name.toLowerCase(Locale.ROOT).startsWith("proxy-")
                            && !name.equalsIgnoreCase("connection")) {
                        forwarded.append(header).append("\r\n");
                    }
                }
                forwarded.append("Connection: close\r\n\r\n");
                origin.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                origin.getInputStream().transferTo(c.getOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            // the client or the origin went away: nothing to relay any more
        }
    }

    /** Both directions until either side closes. */
    private void relay(Socket client, Socket origin) throws IOException {
        pool.execute(() -> {
            try {
                client.getInputStream().transferTo(origin.getOutputStream());
                origin.shutdownOutput();
            } catch (IOException e) {
                // closed
            }
        });
        OutputStream out = client.getOutputStream();
        origin.getInputStream().transferTo(out);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            if (head.size() > 65_536) {
                break;
            }
        }
        throw new IOException("no request head");
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        pool.shutdownNow();
    }
}
