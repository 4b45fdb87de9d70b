package org.jwtgate.container;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Payara Micro, a full Jakarta EE 10 server, as a child process: it boots with the WAR files
 * given, listens on a free loopback port, and writes everything it says to one log file in
 * {@code target/}, kept for reading after the run. Its environment is this JVM's plus what the
 * caller adds (secrets as {@code env:} references, never on a command line). {@link #close}
 * stops it, and a shutdown hook kills it should this JVM end first: it is never left running.
 *
 * <p>Payara's default configuration but for two things that change no security decision: the
 * HTTP listener binds the loopback address only (a pre-boot command), and an access log is kept.
 * What the tests see is what an operator's default server does.
 */
final class PayaraMicro implements AutoCloseable {

    /** What Payara Micro logs once every archive given at boot is deployed (or failed to). */
    private static final String READY = "ready in";
    /** Its start-up summary's line, in JSON: {@code "Http Port(s)": "8080"}. */
    private static final Pattern HTTP_PORT = Pattern.compile("\"Http Port\\(s\\)\": \"([0-9]+)\"");
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Thread killer;
    private final int port;
    private final Path log;
    private final Path accessLog;
    private final Duration boot;

    private PayaraMicro(Process process, Thread killer, int port, Path log, Path accessLog, Duration boot) {
        this.process = process;
        this.killer = killer;
        this.port = port;
        this.log = log;
        this.accessLog = accessLog;
        this.boot = boot;
    }

    /**
     * Boots Payara Micro from {@code jar} with {@code wars} (each at the context root of its file
     * name), its files under {@code workDir}, its output in {@code log}; returns once it is ready.
     */
    static PayaraMicro start(Path jar, Path workDir, Path log, List<Path> wars, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path preBoot = Files.writeString(workDir.resolve("pre-boot-commands.txt"),
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener"
                        + ".address=127.0.0.1\n");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and quick to start: the tests send a few dozen requests.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                // A free port now; should another process take it first, Payara binds the next one.
                "--port", String.valueOf(freeLoopbackPort()), "--autobindhttp",
                "--prebootcommandfile", preBoot.toString(),
                "--rootdir", Files.createDirectories(workDir.resolve("root")).toString(),
                "--unpackdir", Files.createDirectories(workDir.resolve("runtime")).toString(),
                // The access log as AuthModuleIT reads Tomcat's: URI, status, user; written every second.
                "--accesslog", Files.createDirectories(workDir.resolve("access-log")).toString(),
                "--accesslogformat", "%request% %status% %auth-user-name%", "--accessloginterval", "1",
                "--nocluster", "--nohazelcast", "--disablephonehome"));
        for (Path war : wars) {
            command.add("--deploy");
            command.add(war.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        Thread killer = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "payara-micro-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            Duration boot = awaitReady(process, log, started);
            return new PayaraMicro(process, killer, boundPort(log), log, workDir.resolve("access-log"), boot);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(killer);
            throw e;
        }
    }

    private static Duration awaitReady(Process process, Path log, long started) throws IOException,
            InterruptedException {
        long deadline = started + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains(READY)) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + " before it was "
                        + "ready; its output: " + log);
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("Payara Micro was not ready within " + BOOT_TIMEOUT + "; its output: " + log);
    }

    /** The HTTP port Payara reports in its start-up summary. */
    private static int boundPort(Path log) throws IOException {
        Matcher port = HTTP_PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (!port.find()) {
            throw new IllegalStateException("Payara Micro named no HTTP port; its output: " + log);
        }
        return Integer.parseInt(port.group(1));
    }

    /** A port nothing listens on now. */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Writes a WAR file from an exploded application directory: {@code WEB-INF/web.xml},
     * {@code WEB-INF/lib}, {@code WEB-INF/classes}, as a build tool would package it.
     */
    static Path war(Path directory, Path war) throws IOException {
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (Files.isRegularFile(file)) {
                    zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
        }
        return war;
    }

    /** How long the boot took, from starting the JVM to every archive deployed. */
    Duration bootTime() {
        return boot;
    }

    /** Everything Payara wrote so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The access log's line for a request, {@code "GET URI HTTP/1.1" STATUS "USER"} (the user
     * {@code NULL-AUTH-USER} where there is none), once Payara has written it (it does every
     * second); {@code null} if it has not within 10 s.
     */
    String accessLogLine(String linePrefix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(accessLog)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (line.startsWith(linePrefix)) {
                            return line.strip();
                        }
                    }
                }
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return null;
    }

    /** A GET of {@code path} (context root included) with header name/value pairs. */
    HttpReply get(String path, String... headers) {
        return Deployment.send("GET", URI.create("http://127.0.0.1:" + port + path), headers);
    }

    @Override
    public void close() {
        stop(process);
        Runtime.getRuntime().removeShutdownHook(killer);
    }

    /** Asks the server to stop (its shutdown hooks run), and kills it and its children if it has not within 20 s. */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
