package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Tokens;

/**
 * Token hygiene over HTTP (contract v2): a token signed by the trusted key that is not an access
 * token for this application gets 401 {@code invalid_token} with its fixed description, and the
 * application is not invoked: a wrong {@code typ}, an {@code iat} older than {@code maxTokenAge}, a
 * missing required claim value, a {@code cnf} (sender-constrained) token, an {@code exp} out of
 * range. Tokens shaped like Keycloak's and Entra ID's pass with the settings the README gives.
 * A {@code claimHeaders} name the container or proxies interpret stops the application.
 */
class TokenHygieneIT {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    @RegisterExtension
    static final CellServer server = new CellServer();

    private static Deployment deploy(String... params) {
        return server.deploy(server.hs256(params));
    }

    private static Tokens token() {
        return Tokens.hs256(server.secret());
    }

    private static Map<String, String> accepted(Deployment app, Tokens token) {
        HttpReply reply = app.bearer("/x", token.sign());
        assertEquals(200, reply.status(), reply::toString);
        return reply.dump();
    }

    private static void assertInvalid(Deployment app, Tokens token, String description) {
        String signed = token.sign();
        assertEquals(description, assertRefused(refused(app, () -> app.bearer("/x", signed)), 401, "invalid_token",
                signed));
    }

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"logout+jwt", "dpop+jwt", "id_token+jwt", "none"})
    void defaultTokenTypes_otherTyp_401(String typ) {
        try (Deployment app = deploy()) {
            accepted(app, token());
            accepted(app, token().headerParam("typ", "application/at+jwt"));
            assertInvalid(app, token().headerParam("typ", typ), "The access token is not of an accepted type.");
        }
    }

    @Test
    void maxTokenAge_tooOldIat_401_andCachedTokenRefusedOnceTooOld() {
        try (Deployment app = deploy("maxTokenAge", "600", "leeway", "0")) {
            assertInvalid(app, token().issuedAt(Tokens.NOW.minusSeconds(601)), "The access token was issued too long ago.");
            assertInvalid(app, token().without("iat"), "The access token has no issue time.");
            Tokens young = token().issuedAt(Tokens.NOW.minusSeconds(540));
            long before = app.verifications();
            accepted(app, young);
            TestBridge.advanceClock(Duration.ofSeconds(60));
            accepted(app, young);
            assertEquals(before + 1, app.verifications(), "a cache hit while the token is young enough");
            TestBridge.advanceClock(Duration.ofMillis(1));
            assertInvalid(app, young, "The access token was issued too long ago.");
        }
    }

    @Test
    void requiredClaimValues_missingOrOtherValue_401() {
        try (Deployment app = deploy("requiredClaimValues", "typ=Bearer, azp=web, azp=cli")) {
            accepted(app, token().claim("typ", "Bearer").claim("azp", "cli"));
            assertInvalid(app, token().claim("typ", "Bearer"), "The access token lacks a required claim value.");
            assertInvalid(app, token().claim("typ", "ID").claim("azp", "web"),
                    "The access token lacks a required claim value.");
        }
    }

    @Test
    void boundTokens_default_cnfToken401_acceptAsBearer200() {
        Tokens bound = token().claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
        try (Deployment app = deploy()) {
            assertInvalid(app, bound, "The access token is bound to a key and cannot be used as a bearer token.");
        }
        try (Deployment app = deploy("boundTokens", "accept-as-bearer")) {
            accepted(app, bound);
        }
    }

    @Test
    void timeClaims_outOfRangeOrNull_401_evenWithRequireExpFalse() {
        try (Deployment app = deploy("requireExp", "false")) {
            String description = "The access token has a time claim that is not a valid time.";
            assertInvalid(app, token().claim("exp", Long.MAX_VALUE), description);
            assertInvalid(app, token().claim("exp", 253_402_300_800L), description);
            assertInvalid(app, token().claim("exp", 1e300), description);
            assertInvalid(app, token().claim("exp", -1), description);
            assertInvalid(app, token().claim("exp", null), description);
            assertInvalid(app, token().claim("nbf", "1700000000"), description);
            accepted(app, token().claim("exp", 253_402_300_799L));
            accepted(app, token().without("exp"));
        }
    }

    @Test
    void blankPrincipal_401() {
        try (Deployment app = deploy()) {
            assertInvalid(app, token().subject(" \u200b "), "The access token names no principal.");
        }
    }

    @Test
    void keycloakAccessToken_readmeSettings_200_idToken401() {
        try (Deployment app = deploy("requiredClaimValues", "typ=Bearer", "rolesClaim", "realm_access.roles",
                "principalClaim", "preferred_username")) {
            Tokens keycloak = token().claim("typ", "Bearer").claim("azp", "web-app")
                    .claim("preferred_username", "alice").claim("realm_access", Map.of("roles", List.of("user")))
                    .claim("scope", "openid profile email").claim("sid", "0b8b5e3c");
            Map<String, String> seen = accepted(app, keycloak);
            assertEquals("alice", seen.get("remoteUser"), seen::toString);
            assertInvalid(app, keycloak.claim("typ", "ID"), "The access token lacks a required claim value.");
        }
    }

    @Test
    void entraAccessTokens_readmeSettings_v2AndV1Pass_otherTenant401() {
        try (Deployment app = deploy("requiredClaimValues", "tid=" + TENANT + ", ver=2.0, azp=client-a")) {
            Tokens v2 = token().claim("tid", TENANT)
                    .claim("ver", "2.0").claim("azp", "client-a").claim("oid", "00000000-0000-0000-0000-00000000a11c")
                    .claim("scp", "orders.read orders.write").claim("roles", List.of("Orders.Admin"));
            accepted(app, v2);
            assertInvalid(app, v2.claim("tid", "9188040d-6c67-4c5b-b112-36a304b66dad"),
                    "The access token lacks a required claim value.");
        }
        try (Deployment app = deploy("requiredClaimValues", "tid=" + TENANT + ", ver=1.0, appid=client-a")) {
            accepted(app, token().claim("tid", TENANT).claim("ver", "1.0").claim("appid", "client-a")
                    .claim("scp", "user_impersonation"));
        }
    }

    /** Issue 13 defect 11: a claim header named like one the container or a proxy interprets stops start-up. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Authorization", "Cookie", "Host", "Content-Length", "Transfer-Encoding",
        "X-Forwarded-For", "Forwarded"})
    void claimHeaders_interpretedHeaderName_applicationDoesNotStart(String header) {
        try (Deployment app = server.tryDeploy(server.hs256("claimHeaders", "X-User=sub, " + header + "=email"))) {
            assertFalse(app.isServing(), "the application started");
            assertEquals(0, app.invocations());
            String message = app.initFailure();
            assertNotNull(message, "init() did not throw");
            assertTrue(message.contains("claimHeaders") && message.contains(header), message);
        }
    }
}
