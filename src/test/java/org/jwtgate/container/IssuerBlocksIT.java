package org.jwtgate.container;

import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.assertUnavailable;
import static org.jwtgate.container.ErrorResponseAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * Several trusted issuers from a real web.xml, on every container, against a real OpenID provider
 * ({@code mock-oauth2-server}, which serves discovery, JWK Sets and tokens for any number of
 * issuers from one server, each issuer with its own key): each block's tokens are accepted; every
 * cross-block combination is refused; a token whose {@code iss} chooses no block is refused without
 * a single fetch; discovery follows the provider down and up without a restart; bad blocks stop
 * {@code init()} naming the param. Hand-made metadata covers what a real provider never serves
 * (another issuer's metadata, no {@code jwks_uri}).
 */
class IssuerBlocksIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static MockOAuth2Server provider;
    static JwkSetServer partner;
    static KeyPair partnerKey;
    static KeyPair localKey;
    static byte[] legacySecret;
    static byte[] otherSecret;
    static String localKeyFile;

    @BeforeAll
    static void start() throws IOException {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        partnerKey = Keys.rsa();
        partner = JwkSetServer.start().serve(Jwks.set(Jwks.of("p1", partnerKey.getPublic())));
        localKey = Keys.newRsa(2048);
        Path file = server.dir().resolve("local-" + UUID.randomUUID() + ".pem");
        Files.createDirectories(file.getParent());
        Files.write(file, Keys.pem(localKey.getPublic()).getBytes(StandardCharsets.US_ASCII));
        localKeyFile = "file:" + file;
        legacySecret = Keys.secret(32);
        otherSecret = Keys.secret(32);
    }

    @AfterAll
    static void stop() {
        provider.shutdown();
        partner.close();
    }

    static String issuer(String id) {
        return provider.issuerUrl(id).toString();
    }

    /**
     * corp: the provider, by discovery. partner: a JWK Set by URL. local: a configured key labelled
     * with the provider's kid for corp. legacy and other: HMAC secrets.
     */
    static Map<String, String> blocks(String... overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithms", "RS256");
        params.put("audience", Tokens.AUDIENCE);
        params.put("issuers", "corp, partner, local, legacy, other");
        params.put("corp.issuer", issuer("corp"));
        params.put("corp.discovery", "true");
        params.put("partner.issuer", Tokens.ISSUER);
        params.put("partner.jwksUri", partner.uri().toString());
        params.put("local.issuer", "https://local.example");
        params.put("local.publicKeys", "corp=" + localKeyFile);
        params.put("legacy.issuer", "https://legacy.example");
        params.put("legacy.algorithms", "HS256");
        params.put("legacy.secret", server.reference(new String(java.util.Base64.getEncoder().encode(legacySecret),
                StandardCharsets.US_ASCII)));
        params.put("legacy.secretEncoding", "base64");
        params.put("other.issuer", "https://other.example");
        params.put("other.algorithms", "HS256");
        params.put("other.secret", server.reference(new String(java.util.Base64.getEncoder().encode(otherSecret),
                StandardCharsets.US_ASCII)));
        params.put("other.secretEncoding", "base64");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        return params;
    }

    /** A token from the provider for issuer {@code id}: its key, its kid, its iss, valid from the real now. */
    static String fromProvider(String id) {
        return provider.issueToken(id, "alice", Tokens.AUDIENCE, Map.of(), 600).serialize();
    }

    /**
     * The provider's tokens carry the real time; the filter runs on the test clock, set to now. The
     * first fetch runs in the background from init(): a request waits for it at most a second, so
     * a few tries are enough, with no sleeping.
     */
    static HttpReply firstRequest(Deployment app, Supplier<HttpReply> request) {
        TestBridge.setClock(Instant.now());
        HttpReply reply = request.get();
        for (int i = 0; i < 10 && reply.status() == 503; i++) {
            reply = request.get();
        }
        return reply;
    }

    @Test
    void get_eachBlocksOwnTokens_accepted() {
        Deployment app = server.deploy(blocks());
        HttpReply corp = firstRequest(app, () -> app.bearer("/x", fromProvider("corp")));
        assertEquals(200, corp.status(), corp::toString);
        assertEquals("alice", corp.dump().get("remoteUser"));
        TestBridge.setClock(Tokens.NOW); // the tests' own tokens are issued at Tokens.NOW
        HttpReply partnerReply = app.bearer("/x", Tokens.with("RS256", partnerKey.getPrivate()).keyId("p1").sign());
        assertEquals(200, partnerReply.status(), partnerReply::toString);
        assertEquals(200, app.bearer("/x", Tokens.with("RS256", localKey.getPrivate()).keyId("corp")
                .issuer("https://local.example").sign()).status(), "local");
        assertEquals(200, app.bearer("/x", Tokens.hs256(legacySecret).issuer("https://legacy.example").sign())
                .status(), "legacy");
    }

    @Test
    void get_crossBlockCombinations_allRefused() {
        Deployment app = server.deploy(blocks());
        firstRequest(app, () -> app.bearer("/x", fromProvider("corp")));
        TestBridge.setClock(Tokens.NOW);
        // local's key, labelled with the kid the provider gives corp's key, claiming corp's iss
        String sameKid = Tokens.with("RS256", localKey.getPrivate()).keyId("corp").issuer(issuer("corp")).sign();
        // partner's key with local's iss, and local's key with partner's iss
        String partnerAsLocal = Tokens.with("RS256", partnerKey.getPrivate()).keyId("corp")
                .issuer("https://local.example").sign();
        String localAsPartner = Tokens.with("RS256", localKey.getPrivate()).keyId("p1").sign();
        // one block's HMAC secret with the other's iss
        String legacyAsOther = Tokens.hs256(legacySecret).issuer("https://other.example").sign();
        String otherAsLegacy = Tokens.hs256(otherSecret).issuer("https://legacy.example").sign();
        // an HMAC token claiming an RS256-only block's iss
        String hmacAsPartner = Tokens.hs256(legacySecret).sign();
        for (String token : List.of(sameKid, partnerAsLocal, localAsPartner, legacyAsOther, otherAsLegacy,
                hmacAsPartner)) {
            assertRefused(refused(app, () -> app.bearer("/x", token)), 401, "invalid_token", token);
        }
    }

    @Test
    void get_issChoosesNoBlock_401WithoutAnyFetchUnderAFlood() {
        Deployment app = server.deploy(blocks("jwksMinRefreshInterval", "1"));
        TestBridge.setClock(Tokens.NOW);
        assertEquals(200, app.bearer("/x", Tokens.with("RS256", partnerKey.getPrivate()).keyId("p1").sign())
                .status());
        int fetches = partner.hits();
        for (int i = 0; i < 200; i++) {
            TestBridge.advanceClock(Duration.ofSeconds(2)); // past jwksMinRefreshInterval each time
            String kid = UUID.randomUUID().toString();
            String unknown = Tokens.with("RS256", partnerKey.getPrivate()).keyId(kid).issuer("https://evil.example/" + i)
                    .sign();
            String missing = Tokens.with("RS256", partnerKey.getPrivate()).keyId(kid).without("iss").sign();
            assertEquals(401, app.bearer("/x", unknown).status());
            assertEquals(401, app.bearer("/x", missing).status());
        }
        assertEquals(fetches, partner.hits(), "a token whose iss chooses no block makes no fetch");
        String last = Tokens.with("RS256", partnerKey.getPrivate()).issuer("https://evil.example").sign();
        assertRefused(refused(app, () -> app.bearer("/x", last)), 401, "invalid_token", last);
    }

    @Test
    void get_discoveryProviderDownAtStartThenUp_503Then200WithoutRestart() {
        KeyPair key = Keys.rsa();
        try (JwkSetServer idp = JwkSetServer.start()) {
            String iss = idp.uri("/realms/late").toString();
            idp.otherwise(exchange -> JwkSetServer.send(exchange, 503, "{}"));
            Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "issuer", iss, "discovery", "true",
                    "audience", Tokens.AUDIENCE, "jwksMinRefreshInterval", "1"));
            String token = Tokens.with("RS256", key.getPrivate()).keyId("a").issuer(iss).sign();
            for (int i = 0; i < 3; i++) {
                TestBridge.advanceClock(Duration.ofSeconds(2));
                assertUnavailable(refused(app, () -> app.bearer("/x", token)));
            }
            idp.on("/realms/late/.well-known/openid-configuration",
                    exchange -> JwkSetServer.send(exchange, 200, metadata(iss, iss + "/certs")));
            idp.on("/realms/late/certs",
                    exchange -> JwkSetServer.send(exchange, 200, Jwks.set(Jwks.of("a", key.getPublic()))));
            TestBridge.advanceClock(Duration.ofSeconds(2));
            HttpReply reply = app.bearer("/x", token);
            for (int i = 0; i < 10 && reply.status() == 503; i++) {
                reply = app.bearer("/x", token);
            }
            assertEquals(200, reply.status(), reply::toString);
        }
    }

    @Test
    void get_discoveryRfc8414Form_usedWhenTheOpenIdFormIsNotThere() {
        KeyPair key = Keys.rsa();
        try (JwkSetServer idp = JwkSetServer.start()) {
            String iss = idp.uri("/tenant-7").toString();
            // No /tenant-7/.well-known/openid-configuration: the fallback answers 404 for it.
            idp.on("/.well-known/oauth-authorization-server/tenant-7",
                    exchange -> JwkSetServer.send(exchange, 200, metadata(iss, idp.uri("/keys/7").toString())));
            idp.on("/keys/7", exchange -> JwkSetServer.send(exchange, 200, Jwks.set(Jwks.of("a", key.getPublic()))));
            Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "issuer", iss, "discovery", "true",
                    "audience", Tokens.AUDIENCE));
            String token = Tokens.with("RS256", key.getPrivate()).keyId("a").issuer(iss).sign();
            HttpReply reply = app.bearer("/x", token);
            for (int i = 0; i < 10 && reply.status() == 503; i++) {
                reply = app.bearer("/x", token);
            }
            assertEquals(200, reply.status(), reply::toString);
            assertTrue(idp.paths().contains("/tenant-7/.well-known/openid-configuration"), "the OpenID form first");
        }
    }

    @Test
    void get_discoveryUriUnderAnotherName_metadataStillNamesThePublicIssuer() {
        KeyPair key = Keys.rsa();
        try (JwkSetServer idp = JwkSetServer.start()) {
            String publicIssuer = "https://login.example.com/realms/shop";
            idp.on("/internal/meta", exchange -> JwkSetServer.send(exchange, 200,
                    metadata(publicIssuer, idp.uri("/internal/certs").toString())));
            idp.on("/internal/certs",
                    exchange -> JwkSetServer.send(exchange, 200, Jwks.set(Jwks.of("a", key.getPublic()))));
            Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "issuer", publicIssuer,
                    "discovery", "true", "discoveryUri", idp.uri("/internal/meta").toString(),
                    "audience", Tokens.AUDIENCE));
            String token = Tokens.with("RS256", key.getPrivate()).keyId("a").issuer(publicIssuer).sign();
            HttpReply reply = app.bearer("/x", token);
            for (int i = 0; i < 10 && reply.status() == 503; i++) {
                reply = app.bearer("/x", token);
            }
            assertEquals(200, reply.status(), reply::toString);
        }
    }

    @Test
    void get_metadataOfAnotherIssuerOrWithoutJwksUri_neverAccepted() {
        KeyPair key = Keys.rsa();
        try (JwkSetServer idp = JwkSetServer.start()) {
            String a = idp.uri("/a").toString();
            String b = idp.uri("/b").toString();
            idp.on("/a/.well-known/openid-configuration",
                    exchange -> JwkSetServer.send(exchange, 200, metadata(a + "/", a + "/certs")));
            idp.on("/b/.well-known/openid-configuration",
                    exchange -> JwkSetServer.send(exchange, 200, "{\"issuer\":\"" + b + "\"}"));
            idp.otherwise(exchange -> JwkSetServer.send(exchange, 200, Jwks.set(Jwks.of("a", key.getPublic()))));
            Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "audience", Tokens.AUDIENCE,
                    "issuers", "a, b", "a.issuer", a, "a.discovery", "true", "b.issuer", b, "b.discovery", "true"));
            for (String iss : List.of(a, b)) {
                String token = Tokens.with("RS256", key.getPrivate()).keyId("a").issuer(iss).sign();
                for (int i = 0; i < 3; i++) {
                    assertUnavailable(refused(app, () -> app.bearer("/x", token)));
                }
            }
            assertFalse(idp.paths().contains("/a/certs"), "no key fetched on another issuer's metadata");
        }
    }

    static Stream<Object[]> badBlocks() {
        return Stream.of(
                new Object[] {"top-level keys beside issuers", blocks("publicKeys", "env:NONE"), "publicKeys"},
                new Object[] {"top-level issuer beside issuers", blocks("issuer", "https://x.example"), "issuer"},
                new Object[] {"a block without keys", blocks("partner.jwksUri", null), "partner.publicKeys"},
                new Object[] {"a block without issuer", blocks("partner.issuer", null), "partner.issuer"},
                new Object[] {"a param naming an undeclared block", blocks("nobody.issuer", "https://n.example"),
                    "nobody.issuer"},
                new Object[] {"discovery with two issuer values", blocks("corp.issuer",
                    issuer("corp") + ", https://x.example"), "corp.discovery"},
                new Object[] {"discovery over plain http to a remote host", blocks("corp.issuer",
                    "http://idp.example/realms/a"), "corp.discovery"},
                new Object[] {"the same iss in two blocks", blocks("local.issuer", Tokens.ISSUER), "local.issuer"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBlocks")
    void deploy_badBlocks_initFailsNamingTheParam(String what, Map<String, String> params, String parameter) {
        try (Deployment app = server.tryDeploy(params)) {
            assertFalse(app.isServing(), what + ": the application started");
            String message = app.initFailure();
            assertNotNull(message, "init() did not throw a ServletException");
            assertTrue(Pattern.compile("(^|[^\\w.])" + Pattern.quote(parameter) + "\\b").matcher(message).find(),
                    () -> what + ": the message does not name " + parameter + ": " + message);
        }
    }

    static String metadata(String issuer, String jwksUri) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", jwksUri);
        return Jwks.json(document);
    }
}
