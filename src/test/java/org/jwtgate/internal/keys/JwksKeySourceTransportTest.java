package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.internal.keys.JwksFixture.rsaA;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.JwtGateSettings;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;

/**
 * The JWK Set source's HTTP client is a plain {@link java.net.HttpURLConnection}, and that class
 * takes JVM-wide defaults that any application in the container may have set: a default
 * {@link java.net.Authenticator}, and {@link HttpsURLConnection}'s default hostname verifier and
 * socket factory. None of them may reach the fetch: another application's credentials are not
 * sent to the identity provider, and its "trust everything" does not weaken the fetch's TLS. TLS
 * runs against a loopback HTTPS server whose certificates keytool makes at run time. And an
 * exchange under way ends with the source.
 *
 * <p>The JVM's default {@link SSLContext} trusts those certificates for the duration of the class;
 * every JVM-wide default a test changes is restored after it.
 */
class JwksKeySourceTransportTest {

    /** Of the key stores made here: random, never written down. */
    private static final String PASSWORD = HexFormat.of().formatHex(randomBytes());

    @TempDir
    static Path dir;
    static KeyStore namesLoopback;
    static KeyStore namesAnotherHost;
    static KeyStore trustedByNobody;
    static SSLContext jvmDefault;

    private final JwksFixture f = new JwksFixture();
    private final List<HttpsServer> servers = new ArrayList<>();
    private final java.net.Authenticator authenticatorBefore = java.net.Authenticator.getDefault();
    private final HostnameVerifier verifierBefore = HttpsURLConnection.getDefaultHostnameVerifier();
    private final SSLSocketFactory factoryBefore = HttpsURLConnection.getDefaultSSLSocketFactory();

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @BeforeAll
    static void certificates() throws Exception {
        namesLoopback = keyStore("loopback", "ip:127.0.0.1");
        namesAnotherHost = keyStore("other", "dns:idp.invalid");
        trustedByNobody = keyStore("nobody", "ip:127.0.0.1");
        jvmDefault = SSLContext.getDefault();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("loopback", namesLoopback.getCertificate("idp"));
        trusted.setCertificateEntry("other", namesAnotherHost.getCertificate("idp"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLContext.setDefault(context);
    }

    @AfterAll
    static void restoreTls() {
        if (jvmDefault != null) {
            SSLContext.setDefault(jvmDefault);
        }
    }

    @AfterEach
    void close() {
        java.net.Authenticator.setDefault(authenticatorBefore);
        HttpsURLConnection.setDefaultHostnameVerifier(verifierBefore);
        HttpsURLConnection.setDefaultSSLSocketFactory(factoryBefore);
        servers.forEach(server -> server.stop(0));
        f.close();
    }

    /** A PKCS12 key store with one EC key pair, alias {@code idp}, its certificate naming {@code san}. */
    private static KeyStore keyStore(String name, String san) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "idp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=jwtgate-test",
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = keytool.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** An HTTPS server on 127.0.0.1 that serves {A} at {@link JwkSetServer#PATH} and counts its requests. */
    private URI serveOverTls(KeyStore identity, AtomicInteger requests) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        byte[] body = Jwks.set(Jwks.of("A", rsaA().getPublic())).getBytes(StandardCharsets.UTF_8);
        server.createContext(JwkSetServer.PATH, exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + JwkSetServer.PATH);
    }

    private JwksKeySource source(URI jwksUri) {
        JwtGateSettings settings = f.settings().jwksUri(jwksUri).build();
        return f.source(settings);
    }

    @Test
    void fetch_serverAsksForCredentials_defaultAuthenticatorOfTheJvmNeverAsked() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        f.server.respond(exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
                JwkSetServer.send(exchange, 200, Jwks.set(Jwks.of("A", rsaA().getPublic())));
                return;
            }
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"idp\"");
            JwkSetServer.send(exchange, 401, "{}");
        });
        AtomicInteger asked = new AtomicInteger();
        java.net.Authenticator.setDefault(new java.net.Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.incrementAndGet();
                return new PasswordAuthentication("another-application", "its-password".toCharArray());
            }
        });
        JwksKeySource source = f.source();
        assertThrows(KeysUnavailableException.class, source::keys, "a 401 from the JWK Set URL is a failed fetch");
        assertEquals(0, asked.get(), "the JVM's default authenticator was asked for credentials");
        assertEquals(List.of(), authorizations, "credentials were sent to the identity provider");
    }

    @Test
    void fetch_httpsCertificateNamesTheHost_keysFetched() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        JwksKeySource source = source(serveOverTls(namesLoopback, requests));
        assertTrue(source.keys().hasLabel("A"));
        assertEquals(1, requests.get());
    }

    @Test
    void fetch_httpsCertificateForAnotherHost_refusedThoughTheJvmDefaultVerifierTrustsAnyName() throws Exception {
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);
        AtomicInteger requests = new AtomicInteger();
        JwksKeySource source = source(serveOverTls(namesAnotherHost, requests));
        assertThrows(KeysUnavailableException.class, source::keys);
        assertEquals(0, requests.get(), "the request went to a server whose certificate names another host");
    }

    @Test
    void fetch_httpsCertificateNobodyTrusts_refusedThoughTheJvmDefaultSocketFactoryTrustsAnyCertificate()
            throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        HttpsURLConnection.setDefaultSSLSocketFactory(trustAll.getSocketFactory());
        AtomicInteger requests = new AtomicInteger();
        JwksKeySource source = source(serveOverTls(trustedByNobody, requests));
        assertThrows(KeysUnavailableException.class, source::keys);
        assertEquals(0, requests.get(), "the request went to a server with an untrusted certificate");
    }

    // The trickling servers' pace is real time (a slow network), not synchronisation: nothing in
    // these tests waits for it to pass.

    /**
     * Writes one byte every 100 ms, a hundred times, unless {@code stop} opens; well within any read
     * timeout, so only the deadline on the whole exchange can end it. Says how it ended.
     */
    private static String trickle(OutputStream out, CountDownLatch stop) {
        try {
            for (int i = 0; i < 100; i++) {
                if (stop.await(100, TimeUnit.MILLISECONDS)) {
                    return "stopped";
                }
                out.write('a');
                out.flush();
            }
            return "the client read on for 10 s";
        } catch (IOException e) {
            return "abandoned";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Fetches with jwksTimeout=1s; the fetch must give up in time, and the server must see the connection go. */
    private void assertCutOffAtJwksTimeout(URI jwksUri, CountDownLatch serverDone, AtomicReference<String> outcome)
            throws InterruptedException {
        long start = System.nanoTime();
        // Built with Runnable::run: the first fetch runs to its end in the constructor.
        JwksKeySource source = f.source(f.settings().jwksUri(jwksUri).jwksTimeout(Duration.ofSeconds(1)).build());
        assertThrows(KeysUnavailableException.class, source::keys);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 2_500, "the answer trickles for 10 s; jwksTimeout=1s must end the fetch, took " + millis
                + " ms");
        assertTrue(serverDone.await(3, TimeUnit.SECONDS), "the connection is still being read: " + outcome.get());
        assertEquals("abandoned", outcome.get());
    }

    @Test
    void fetch_serverTricklesItsHeaders_connectionCutAtJwksTimeout() throws Exception {
        // A header a byte at a time: the fetch thread must disconnect the exchange that waits for it.
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch serverDone = new CountDownLatch(1);
        AtomicReference<String> outcome = new AtomicReference<>("still writing");
        ExecutorService serving = Executors.newSingleThreadExecutor();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            serving.execute(() -> {
                try (Socket socket = listener.accept()) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    outcome.set(trickle(out, stop));
                } catch (IOException e) {
                    outcome.set("abandoned");
                } finally {
                    serverDone.countDown();
                }
            });
            assertCutOffAtJwksTimeout(URI.create("http://127.0.0.1:" + listener.getLocalPort() + JwkSetServer.PATH),
                    serverDone, outcome);
        } finally {
            stop.countDown();
            serving.shutdownNow();
        }
    }

    @Test
    void fetch_serverTricklesItsBody_connectionCutAtJwksTimeout() throws Exception {
        // A body a byte at a time: the exchange thread must look at the deadline after every read.
        // The declared length leaves more than the JDK drains for reuse, so giving up closes the socket.
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch serverDone = new CountDownLatch(1);
        AtomicReference<String> outcome = new AtomicReference<>("still writing");
        f.server.respond(exchange -> {
            try {
                exchange.sendResponseHeaders(200, 900_000);
                outcome.set(trickle(exchange.getResponseBody(), stop));
            } finally {
                serverDone.countDown();
            }
        });
        try {
            assertCutOffAtJwksTimeout(f.server.uri(), serverDone, outcome);
        } finally {
            stop.countDown();
        }
    }

    @Test
    void close_exchangeUnderWayForAnotherThread_cutOffAndItsThreadEndedWhenCloseReturns() throws Exception {
        // A fetch that runs on a thread the source does not own cannot be interrupted by close():
        // only disconnecting frees the exchange thread blocked reading.
        CountDownLatch reading = new CountDownLatch(1);
        f.server.respond(exchange -> {
            reading.countDown();
            f.server.awaitRelease();
        });
        Set<Thread> before = exchangeThreads();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            JwksKeySource source = f.source(f.settings().jwksTimeout(Duration.ofSeconds(20)).build(), caller);
            assertTrue(reading.await(5, TimeUnit.SECONDS));
            Set<Thread> mine = exchangeThreads();
            mine.removeAll(before);
            assertEquals(1, mine.size(), "one exchange thread, blocked reading: " + mine);
            source.close();
            for (Thread thread : mine) {
                assertFalse(thread.isAlive(), thread.getName() + " still running when close() returned");
            }
        } finally {
            caller.shutdownNow();
        }
    }

    private static Set<Thread> exchangeThreads() {
        Set<Thread> threads = JwksKeySourceTest.jwksThreads();
        threads.removeIf(thread -> !thread.getName().startsWith("jwtgate-jwks-http"));
        return threads;
    }
}
