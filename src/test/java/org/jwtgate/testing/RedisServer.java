package org.jwtgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real {@code redis-server} on a free loopback port, in a temporary directory, with nothing saved
 * to disk. The binary is the one {@code com.github.codemonstur:embedded-redis} ships inside its jar
 * for this OS and architecture (copied out and made executable), so CI needs no package install;
 * where that jar has none, a {@code redis-server} on the PATH.
 *
 * <p>{@link #stop()} shuts it down cleanly, {@link #kill()} with SIGKILL, {@link #freeze()} with
 * SIGSTOP, {@link #restart()} starts it again on the same port (with an empty data set). Not thread-safe: one test class drives it.
 */
public final class RedisServer implements AutoCloseable {

    private static final long START_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final Path directory;
    private final Path binary;
    private final String password;
    private final int port;
    private Process process;

    private RedisServer(String password) throws IOException {
        this.password = password;
        this.directory = Files.createTempDirectory("jwtgate-redis");
        this.binary = binary(directory);
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = free.getLocalPort();
        }
        launch();
    }

    /** A server without a password. */
    public static RedisServer start() throws IOException {
        return new RedisServer(null);
    }

    /** A server that requires {@code password} ({@code requirepass}). */
    public static RedisServer withPassword(String password) throws IOException {
        return new RedisServer(password);
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** A new client connection (authenticated when the server has a password); the caller closes it. */
    public Jedis client() {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().password(password).timeoutMillis(3_000).build());
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Shuts down without saving, and waits for the process to end. */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        try (Jedis client = client()) {
            client.shutdown();
        } catch (JedisException ignored) {
            // SHUTDOWN closes the connection under the client: the reply never comes.
        }
        waitFor();
    }

    /** SIGKILL: no goodbye to the clients. */
    public void kill() {
        if (isRunning()) {
            try {
                thaw(); // a frozen process cannot die until it runs again
            } catch (IOException ignored) {
                // SIGKILL below ends it anyway
            }
            process.destroyForcibly();
            waitFor();
        }
    }

    /** Running (started again if a test stopped it) and empty: what each test of a class sharing the server starts from. */
    public void reset() throws IOException {
        if (!isRunning()) {
            launch();
        }
        try (Jedis client = client()) {
            client.flushAll();
        }
    }

    /** SIGSTOP: the process stays, its connections stay open, nothing answers (a hung or cut-off server). */
    public void freeze() throws IOException {
        signal("-STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() throws IOException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException {
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException("kill " + signal + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Starts again on the same port, empty. */
    public void restart() throws IOException {
        kill();
        launch();
    }

    @Override
    public void close() throws IOException {
        kill();
        try (var files = Files.walk(directory)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(),
                "--daemonize", "no"));
        if (password != null) {
            command.add("--requirepass");
            command.add(password);
        }
        process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
        // Each attempt is a real connection: it fails at once until the server listens, and the loop is bounded.
        JedisException last = null;
        for (long deadline = System.nanoTime() + START_NANOS; System.nanoTime() < deadline; ) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(directory.resolve("redis.log")));
            }
            try (Jedis client = client()) {
                if ("PONG".equals(client.ping())) {
                    return;
                }
            } catch (JedisException e) {
                last = e;
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server on port " + port + " did not answer PING", last);
    }

    private void waitFor() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** embedded-redis's binary for this platform, copied into {@code directory}; else redis-server from the PATH. */
    private static Path binary(Path directory) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String resource = null;
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            resource = "redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("linux") && arch.equals("aarch64")) {
            resource = "redis-server-6.2.7-linux-arm64";
        } else if (os.contains("mac") && arch.equals("aarch64")) {
            resource = "redis-server-6.2.6-v5-darwin-arm64";
        } else if (os.contains("mac")) {
            resource = "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (resource != null) {
            try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    Path target = directory.resolve("redis-server");
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    if (!target.toFile().setExecutable(true)) {
                        throw new UncheckedIOException(new IOException("cannot make " + target + " executable"));
                    }
                    return target;
                }
            }
        }
        return Path.of("redis-server");
    }
}
