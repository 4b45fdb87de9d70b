package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Tokens;

/**
 * Discovery through the JWK Set source's whole policy: while neither metadata nor keys are in
 * hand, no token is accepted and none is called bad (503 with Retry-After, never 200, never 401);
 * the first good fetch is used without a restart. Another verifier shipped exactly the opposite: a
 * failed discovery that let tokens through.
 */
class DiscoveryKeySourceTest {

    private static String metadata(String issuer, String jwksUri) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", jwksUri);
        return Jwks.json(document);
    }

    @Test
    void authenticate_providerDownAtStartThenUp_503UntilKeysThen200WithoutRestart() {
        try (JwksFixture f = new JwksFixture()) {
            String issuer = f.server.uri("/realms/a").toString();
            KeyPair key = JwksFixture.rsaA();
            f.server.otherwise(exchange -> JwkSetServer.send(exchange, 503, "{}"));
            JwtGateSettings settings = JwtGateSettings.builder().algorithms(JwtAlgorithm.RS256).issuer(issuer)
                    .discovery(true).audience(Tokens.AUDIENCE).jwksMinRefreshInterval(Duration.ofSeconds(30))
                    .clock(f.clock).build();
            JwksKeySource source = f.source(settings);
            Authenticator gate = JwksFixture.gate(settings, source);
            String token = Tokens.with("RS256", key.getPrivate()).keyId("a").issuer(issuer).sign();

            for (int i = 0; i < 5; i++) {
                AuthenticationResult result = JwksFixture.send(gate, token);
                assertEquals(Kind.UNAVAILABLE, result.kind(), "discovery failing: " + result);
                assertTrue(result.retryAfterSeconds() > 0);
            }
            assertTrue(source.health().startsWith("unavailable"), source.health());
            assertTrue(source.health().contains("has not been read yet"), source.health());

            f.server.on("/realms/a/.well-known/openid-configuration",
                    exchange -> JwkSetServer.send(exchange, 200, metadata(issuer, issuer + "/certs")));
            f.server.on("/realms/a/certs",
                    exchange -> JwkSetServer.send(exchange, 200, Jwks.set(Jwks.of("a", key.getPublic()))));
            f.clock.advance(Duration.ofSeconds(30)); // the next attempt, as throttled
            AuthenticationResult result = JwksFixture.send(gate, token);
            assertEquals(Kind.AUTHENTICATED, result.kind(), result.toString());
            assertTrue(source.health().contains("the jwks_uri in the metadata of issuer"), source.health());
        }
    }

    @Test
    void authenticate_metadataOfAnotherIssuer_neverAccepted() {
        try (JwksFixture f = new JwksFixture()) {
            String issuer = f.server.uri("/realms/a").toString();
            KeyPair key = JwksFixture.rsaA();
            // The provider's metadata says it is realm b: its keys are not realm a's.
            f.server.on("/realms/a/.well-known/openid-configuration", exchange -> JwkSetServer.send(exchange, 200,
                    metadata(f.server.uri("/realms/b").toString(), issuer + "/certs")));
            f.server.on("/realms/a/certs",
                    exchange -> JwkSetServer.send(exchange, 200, Jwks.set(Jwks.of("a", key.getPublic()))));
            JwtGateSettings settings = JwtGateSettings.builder().algorithms(JwtAlgorithm.RS256).issuer(issuer)
                    .discovery(true).audience(Tokens.AUDIENCE).clock(f.clock).build();
            Authenticator gate = JwksFixture.gate(settings, f.source(settings));
            AuthenticationResult result = JwksFixture.send(gate,
                    Tokens.with("RS256", key.getPrivate()).keyId("a").issuer(issuer).sign());
            assertEquals(Kind.UNAVAILABLE, result.kind(), result.toString());
            assertEquals(List.of("/realms/a/.well-known/openid-configuration"), f.server.paths(),
                    "no key fetched on the word of another issuer's metadata");
        }
    }
}
