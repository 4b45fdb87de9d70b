package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;

/**
 * Discovery as a transport: which URLs are asked, in what order, what the metadata must say, and
 * what happens when it is missing, wrong or down. The caching and outage policy on top is
 * {@link JwksKeySource}'s and tested there; a real provider is in the container tests.
 */
class DiscoveryTransportTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private static final Duration REFRESH = Duration.ofSeconds(300);
    private static final String KEYS = Jwks.set(Jwks.of("a", JwksFixture.rsaA().getPublic()));

    private final JwkSetServer server = JwkSetServer.start();
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private DiscoveryTransport transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
        server.close();
    }

    private String issuer(String path) {
        return server.uri(path).toString();
    }

    private static String metadata(String issuer, String jwksUri, String... algorithms) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        if (jwksUri != null) {
            document.put("jwks_uri", jwksUri);
        }
        if (algorithms.length > 0) {
            document.put("id_token_signing_alg_values_supported", List.of(algorithms));
        }
        return Jwks.json(document);
    }

    private DiscoveryTransport transport(String issuer, URI discoveryUri) {
        transport = new DiscoveryTransport(issuer, discoveryUri, Set.of(JwtAlgorithm.RS256), Duration.ofSeconds(2),
                REFRESH, clock, threads);
        return transport;
    }

    private String fetch() throws IOException {
        return fetch(transport);
    }

    private static String fetch(DiscoveryTransport transport) throws IOException {
        return new String(transport.fetch().body, StandardCharsets.UTF_8);
    }

    @Test
    void metadataUris_issuerWithPathAndSlash_oidcFormThenRfc8414Form() {
        assertEquals(List.of(URI.create("https://idp.example/realms/a/.well-known/openid-configuration"),
                URI.create("https://idp.example/.well-known/oauth-authorization-server/realms/a")),
                DiscoveryTransport.metadataUris(URI.create("https://idp.example/realms/a/")));
        assertEquals(List.of(URI.create("https://idp.example:8443/.well-known/openid-configuration"),
                URI.create("https://idp.example:8443/.well-known/oauth-authorization-server")),
                DiscoveryTransport.metadataUris(URI.create("https://idp.example:8443")));
    }

    @Test
    void fetch_oidcMetadata_keysFromItsJwksUri() throws IOException {
        String issuer = issuer("/realms/a");
        server.on("/realms/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer, issuer + "/certs", "RS256")));
        server.on("/realms/a/certs", e -> JwkSetServer.send(e, 200, KEYS));
        assertEquals(KEYS, fetch(transport(issuer, null)));
        assertEquals(server.uri("/realms/a/certs"), transport.jwksUri());
        assertEquals(List.of("/realms/a/.well-known/openid-configuration", "/realms/a/certs"), server.paths());
        assertTrue(log.messages(Level.WARNING).isEmpty(), log.everything());
    }

    @Test
    void fetch_oidcFormNotFound_rfc8414FormUsed() throws IOException {
        String issuer = issuer("/tenant-1");
        server.on("/.well-known/oauth-authorization-server/tenant-1",
                e -> JwkSetServer.send(e, 200, metadata(issuer, server.uri("/keys").toString())));
        server.on("/keys", e -> JwkSetServer.send(e, 200, KEYS));
        assertEquals(KEYS, fetch(transport(issuer, null)));
        assertEquals(List.of("/tenant-1/.well-known/openid-configuration",
                "/.well-known/oauth-authorization-server/tenant-1", "/keys"), server.paths());
    }

    @Test
    void fetch_oidcFormServerError_noSecondFormAndFails() {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration", e -> JwkSetServer.send(e, 500, "{}"));
        IOException e = assertThrows(IOException.class, () -> fetch(transport(issuer, null)));
        assertEquals("discovery failed: HTTP status 500", e.getMessage());
        assertEquals(1, server.hits(), "a provider in trouble is not asked twice per attempt");
    }

    @Test
    void fetch_metadataNamesAnotherIssuer_refusedNamingBoth() {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer("/b"), issuer + "/certs")));
        IOException e = assertThrows(IOException.class, () -> fetch(transport(issuer, null)));
        assertEquals("discovery failed: the metadata names issuer '" + issuer("/b") + "', not the configured '"
                + issuer + "'", e.getMessage());
        assertEquals(1, server.hits(), "no key is fetched from another issuer's metadata");
    }

    @Test
    void fetch_issuerDiffersByTrailingSlash_refusedSayingSo() {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer + "/", issuer + "/certs")));
        IOException e = assertThrows(IOException.class, () -> fetch(transport(issuer, null)));
        assertTrue(e.getMessage().contains("'" + issuer + "/', not the configured '" + issuer + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("differ only by a trailing slash"), e.getMessage());
    }

    @Test
    void fetch_metadataWithoutJwksUri_refused() {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration", e -> JwkSetServer.send(e, 200, metadata(issuer, null)));
        assertEquals("discovery failed: the metadata has no jwks_uri",
                assertThrows(IOException.class, () -> fetch(transport(issuer, null))).getMessage());
    }

    @Test
    void fetch_jwksUriPlainHttpToRemoteHost_refused() {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer, "http://idp.example/certs?key=s3cr3t")));
        IOException e = assertThrows(IOException.class, () -> fetch(transport(issuer, null)));
        assertTrue(e.getMessage().contains("jwks_uri http://idp.example/certs is not an https URL"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), "no query in a message");
    }

    @Test
    void fetch_metadataNotJson_refusedWithoutQuotingIt() {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, "<html>secret-looking-page</html>"));
        IOException e = assertThrows(IOException.class, () -> fetch(transport(issuer, null)));
        assertEquals("discovery failed: the metadata is not valid JSON", e.getMessage());
    }

    @Test
    void fetch_metadataDuplicateIssuer_refused() {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration", e -> JwkSetServer.send(e, 200,
                "{\"issuer\":\"https://evil.example\",\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/k\"}"));
        assertEquals("discovery failed: the metadata is not valid JSON",
                assertThrows(IOException.class, () -> fetch(transport(issuer, null))).getMessage());
    }

    @Test
    void fetch_discoveryUri_onlyThatUrlAskedAndIssuerStillChecked() throws IOException {
        String publicIssuer = "https://login.example.com/realms/a";
        server.on("/internal/meta", e -> JwkSetServer.send(e, 200, metadata(publicIssuer,
                server.uri("/internal/certs").toString())));
        server.on("/internal/certs", e -> JwkSetServer.send(e, 200, KEYS));
        assertEquals(KEYS, fetch(transport(publicIssuer, server.uri("/internal/meta"))));
        assertEquals(List.of("/internal/meta", "/internal/certs"), server.paths());

        DiscoveryTransport other = transport("https://login.example.com/realms/b", server.uri("/internal/meta"));
        assertThrows(IOException.class, other::fetch, "the metadata of realm a is not realm b's");
    }

    @Test
    void fetch_providerDownThenUp_failsThenKeys() throws IOException {
        String issuer = issuer("/a");
        server.otherwise(e -> JwkSetServer.send(e, 503, "{}"));
        transport(issuer, null);
        assertThrows(IOException.class, transport::fetch);
        assertNull(transport.jwksUri());
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer, issuer + "/certs")));
        server.on("/a/certs", e -> JwkSetServer.send(e, 200, KEYS));
        assertEquals(KEYS, fetch());
    }

    @Test
    void fetch_withinRefresh_metadataNotAskedAgain_afterRefreshAskedAndJwksUriMoves() throws IOException {
        String issuer = issuer("/a");
        String[] jwksPath = {"/a/certs"};
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer, server.uri(jwksPath[0]).toString())));
        server.on("/a/certs", e -> JwkSetServer.send(e, 200, KEYS));
        server.on("/a/certs-2", e -> JwkSetServer.send(e, 200, KEYS));
        transport(issuer, null);
        fetch();
        clock.advance(REFRESH.minusSeconds(1));
        fetch();
        assertEquals(List.of("/a/.well-known/openid-configuration", "/a/certs", "/a/certs"), server.paths());
        jwksPath[0] = "/a/certs-2";
        clock.advance(Duration.ofSeconds(1));
        fetch();
        assertEquals(server.uri("/a/certs-2"), transport.jwksUri());
        assertEquals("/a/certs-2", server.paths().get(server.paths().size() - 1));
    }

    @Test
    void fetch_metadataRefreshFails_jwksUriInHandKeptAndWarned() throws IOException {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer, issuer + "/certs")));
        server.on("/a/certs", e -> JwkSetServer.send(e, 200, KEYS));
        transport(issuer, null);
        fetch();
        server.on("/a/.well-known/openid-configuration", e -> JwkSetServer.send(e, 500, "{}"));
        clock.advance(REFRESH);
        assertEquals(KEYS, fetch(), "keys still come from the jwks_uri in hand");
        assertEquals(1, log.messages(Level.WARNING).size(), log.everything());
        assertTrue(log.messages(Level.WARNING).get(0).contains("stays in use"));
    }

    @Test
    void fetch_noAdvertisedAlgorithmAllowed_warnsOnce() throws IOException {
        String issuer = issuer("/a");
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer, issuer + "/certs", "ES256", "PS256")));
        server.on("/a/certs", e -> JwkSetServer.send(e, 200, KEYS));
        transport(issuer, null);
        fetch();
        clock.advance(REFRESH);
        fetch();
        List<String> warnings = log.messages(Level.WARNING);
        assertEquals(1, warnings.size(), log.everything());
        assertTrue(warnings.get(0).contains("[ES256, PS256]") && warnings.get(0).contains("[RS256]"), warnings.get(0));
    }

    @Test
    void parse_remoteMetadataNamingALoopbackJwksUri_refused() {
        String issuer = "https://idp.example/realms/a";
        byte[] body = metadata(issuer, "http://127.0.0.1:8080/actuator/shutdown").getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> ProviderMetadata.parse(body, issuer,
                URI.create("https://idp.example/realms/a/.well-known/openid-configuration")));
        assertTrue(e.getMessage().contains("loopback host, and the metadata is not"), e.getMessage());
        byte[] https = metadata(issuer, "https://localhost/keys").getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> ProviderMetadata.parse(https, issuer,
                URI.create("https://idp.example/realms/a/.well-known/openid-configuration")));
    }

    @Test
    void fetch_jwksUriFails_metadataReadAgainAtTheNextAttempt() throws IOException {
        String issuer = issuer("/a");
        String[] jwksPath = {"/a/certs"};
        server.on("/a/.well-known/openid-configuration",
                e -> JwkSetServer.send(e, 200, metadata(issuer, server.uri(jwksPath[0]).toString())));
        server.on("/a/certs", e -> JwkSetServer.send(e, 200, KEYS));
        transport(issuer, null);
        fetch();
        server.on("/a/certs", e -> JwkSetServer.send(e, 404, "{}")); // the keys moved
        server.on("/a/certs-new", e -> JwkSetServer.send(e, 200, KEYS));
        jwksPath[0] = "/a/certs-new";
        assertThrows(IOException.class, transport::fetch, "within the refresh interval: the old jwks_uri fails");
        assertEquals(KEYS, fetch(), "the next attempt reads the metadata again");
        assertEquals(server.uri("/a/certs-new"), transport.jwksUri());
    }

    @Test
    void close_thenFetch_refused() {
        transport(issuer("/a"), null).close();
        assertThrows(IOException.class, transport::fetch);
        assertEquals(0, server.hits());
    }
}
