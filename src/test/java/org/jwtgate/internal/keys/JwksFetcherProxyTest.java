package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.testing.ForwardProxy;
import org.jwtgate.testing.JwkSetServer;

/**
 * Enterprise networks reach identity providers through a forward proxy, and trust them through the
 * JVM's trust store: the fetch honours both, as operators configure them for every other Java
 * client ({@code -Dhttps.proxyHost}, {@code -Dhttp.nonProxyHosts}, a {@link ProxySelector},
 * {@code -Djavax.net.ssl.trustStore}). Proven through a real proxy that relays the bytes.
 *
 * <p>These tests change JVM-wide defaults and put them back; surefire runs test classes one at a
 * time in this JVM.
 */
class JwksFetcherProxyTest {

    private static final String BODY = "{\"keys\":[]}";

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Test
    void fetch_httpProxyInSystemProperties_goesThroughTheProxy() throws IOException {
        String[] names = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        String[] saved = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            saved[i] = System.getProperty(names[i]);
        }
        try (ForwardProxy proxy = ForwardProxy.start(); JwkSetServer server = JwkSetServer.start()) {
            server.serve(BODY);
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            // The JDK sends loopback hosts direct unless http.nonProxyHosts is set and empty; the
            // test's provider is on loopback.
            System.setProperty("http.nonProxyHosts", "");
            JwksFetcher fetcher = new JwksFetcher(server.uri(), Duration.ofSeconds(5), threads);
            try {
                assertEquals(BODY, new String(fetcher.fetch().body, StandardCharsets.UTF_8));
            } finally {
                fetcher.close();
            }
            assertEquals(List.of("GET " + server.uri()), proxy.targets());
            assertEquals(1, server.hits());
        } finally {
            for (int i = 0; i < names.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(names[i]);
                } else {
                    System.setProperty(names[i], saved[i]);
                }
            }
        }
    }

    @Test
    void fetch_httpsThroughDefaultProxySelector_tunnelsAndTrustsTheJvmTrustStore(@TempDir Path dir)
            throws Exception {
        char[] password = Base64.getEncoder().encodeToString(SecureRandom.getInstanceStrong().generateSeed(18))
                .toCharArray();
        KeyStore keys = selfSignedLoopbackCertificate(dir, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        tls.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/jwks.json", exchange -> JwkSetServer.send(exchange, 200, BODY));
        server.start();
        SSLContext savedTls = SSLContext.getDefault();
        ProxySelector savedSelector = ProxySelector.getDefault();
        try (ForwardProxy proxy = ForwardProxy.start()) {
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress address, IOException e) {
                }
            });
            // What -Djavax.net.ssl.trustStore gives every client in the JVM: here, the test's own CA.
            SSLContext.setDefault(tls);
            URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
            JwksFetcher fetcher = new JwksFetcher(uri, Duration.ofSeconds(5), threads);
            try {
                assertEquals(BODY, new String(fetcher.fetch().body, StandardCharsets.UTF_8));
            } finally {
                fetcher.close();
            }
            assertEquals(List.of("CONNECT 127.0.0.1:" + server.getAddress().getPort()), proxy.targets());
        } finally {
            ProxySelector.setDefault(savedSelector);
            SSLContext.setDefault(savedTls);
            server.stop(0);
        }
    }

    /** A key pair and certificate for 127.0.0.1, made by the JDK's keytool for this run only. */
    private static KeyStore selfSignedLoopbackCertificate(Path dir, char[] password) throws Exception {
        Path store = dir.resolve("loopback.p12");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "loopback", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass:env", "STOREPASS")
                .redirectErrorStream(true);
        command.environment().put("STOREPASS", new String(password)); // never on a command line
        Process keytool = command.start();
        keytool.getOutputStream().close();
        byte[] output = keytool.getInputStream().readAllBytes();
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        return keys;
    }
}
