package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.testing.HeadersOnly;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Token hygiene (contract v2): a token signed by a trusted key is still refused when it is not an
 * access token for this application. Each attack here is a real token an attacker can get from the
 * same issuer, signed with the same key: an ID token, a refresh or logout token, a DPoP proof, a
 * token bound to a key the attacker stole it without, a token from another tenant, a token minted
 * long ago or claiming to live forever. Each refusal is a 401 {@code invalid_token} with its own
 * reason, counted under it, and never cached.
 */
class TokenHygieneAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private Tokens valid() {
        return gates.valid();
    }

    /** Asserts the answer a client gets: 401, invalid_token, the reason's fixed description. */
    private static void assertInvalidToken(Gate gate, String token, Reason expected) {
        AuthenticationResult result = gate.result(token);
        assertEquals(Kind.REJECTED, result.kind(), result::toString);
        assertEquals(expected, result.reason());
        ErrorResponse response = gate.recordResponse(result);
        assertEquals(401, response.status());
        assertTrue(response.challenge().contains("error=\"invalid_token\""), response.challenge());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains(expected.description()));
    }

    // --- tokens that are not access tokens, signed by the trusted key ---

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"logout+jwt", "dpop+jwt", "secevent+jwt", "id_token+jwt", "application/logout+jwt",
        "DPoP+JWT"})
    void sameKeyOtherTokenType_refusedByDefault(String typ) {
        assertInvalidToken(gates.hs256(), valid().headerParam("typ", typ).sign(), Reason.UNACCEPTED_TOKEN_TYPE);
    }

    @Test
    void typNamedNone_notTakenForAbsentTyp() {
        // "none" in tokenTypes stands for no typ at all; a header that says "none" is some other type.
        assertInvalidToken(gates.hs256(), valid().headerParam("typ", "none").sign(), Reason.UNACCEPTED_TOKEN_TYPE);
    }

    @Test
    void keycloakIdAndRefreshTokens_refusedWithTypBearerRequired() {
        // Keycloak types every token JWT in the header; the payload's typ says what it is.
        Gate gate = gates.hs256("requiredClaimValues", "typ=Bearer", "rolesClaim", "realm_access.roles");
        Tokens keycloak = valid().claim("azp", "web").claim("realm_access", Map.of("roles", List.of("user")));
        assertEquals("alice", gate.principal(keycloak.claim("typ", "Bearer").sign()).getName());
        for (String typ : new String[] {"ID", "Refresh", "Offline", "Logout", "bearer"}) {
            assertInvalidToken(gate, keycloak.claim("typ", typ).sign(), Reason.CLAIM_VALUE_MISMATCH);
        }
        assertInvalidToken(gate, valid().sign(), Reason.CLAIM_VALUE_MISMATCH);
    }

    @Test
    void entraTokenOfAnotherTenant_refusedWithTidRequired() {
        Gate gate = gates.hs256("requiredClaimValues", "tid=" + TENANT + ", ver=2.0");
        Tokens entra = valid().claim("tid", TENANT).claim("ver", "2.0").claim("azp", "client").claim("scp", "read");
        assertEquals("alice", gate.principal(entra.sign()).getName());
        assertInvalidToken(gate, entra.claim("tid", "9188040d-6c67-4c5b-b112-36a304b66dad").sign(),
                Reason.CLAIM_VALUE_MISMATCH);
        assertInvalidToken(gate, valid().claim("tid", List.of("x", TENANT)).claim("ver", "1.0").sign(),
                Reason.CLAIM_VALUE_MISMATCH);
    }

    @Test
    void dpopBoundTokenReplayedAsBearer_refused() {
        // Stolen without its private key, a DPoP-bound token is useless to the thief: unless someone
        // accepts it as a bearer token.
        String bound = valid().claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")).sign();
        assertInvalidToken(gates.hs256(), bound, Reason.BOUND_TOKEN);
        assertEquals("alice", gates.hs256("boundTokens", "accept-as-bearer").principal(bound).getName());
    }

    @Test
    void mtlsBoundToken_refused() {
        String bound = valid().claim("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")).sign();
        assertInvalidToken(gates.hs256(), bound, Reason.BOUND_TOKEN);
    }

    // --- time ---

    @Test
    void tokenMintedLongAgoWithFarExp_refusedByMaxTokenAge() {
        Gate gate = gates.hs256("maxTokenAge", "3600");
        String ancient = valid().issuedAt(Tokens.NOW.minusSeconds(86_400 * 365)).expiresAt(Tokens.NOW.plusSeconds(86_400))
                .sign();
        assertInvalidToken(gate, ancient, Reason.TOO_OLD);
        assertInvalidToken(gate, valid().without("iat").sign(), Reason.MISSING_ISSUED_AT);
    }

    @Test
    void cachedTokenOutlivingMaxTokenAge_refusedAndReverifiedNotServedFromCache() {
        Gate gate = gates.hs256("maxTokenAge", "60", "leeway", "0");
        String token = valid().sign();
        gate.principal(token);
        gates.clock.advance(Duration.ofSeconds(60));
        gate.principal(token);
        assertEquals(1, gate.verifications(), "still young enough: a cache hit");
        gates.clock.advance(Duration.ofMillis(1));
        assertInvalidToken(gate, token, Reason.TOO_OLD);
        assertInvalidToken(gate, token, Reason.TOO_OLD);
        assertEquals(3, gate.verifications(), "a refusal is never cached");
        assertEquals(0, gate.cachedTokens());
    }

    @ParameterizedTest(name = "[{index}] exp {0}")
    @ValueSource(strings = {"9223372036854775807", "1e300", "253402300800", "-1", "null", "\"4102444800\""})
    void eternalOrNonsenseExp_refusedEvenWithRequireExpFalse(String exp) {
        String token = valid().rawPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":" + exp + "}").sign();
        assertInvalidToken(gates.hs256(), token, Reason.BAD_TIME_CLAIM);
        assertInvalidToken(gates.hs256("requireExp", "false"), token, Reason.BAD_TIME_CLAIM);
    }

    // --- the principal and scopes ---

    @Test
    void invisiblePrincipal_refused() {
        assertInvalidToken(gates.hs256(), valid().subject("\u200b\u00a0").sign(), Reason.BLANK_PRINCIPAL);
        assertInvalidToken(gates.hs256("principalClaim", "preferred_username"),
                valid().claim("preferred_username", "\u3000").sign(), Reason.BLANK_PRINCIPAL);
    }

    @Test
    void scopeAsArray_grantsNothing() {
        // A scope array is what no RFC 9068 issuer writes: honouring it would let a claim that some
        // issuers fill from user input (or copy across token exchange) grant scopes.
        Gate gate = gates.hs256("requiredScopes", "admin");
        assertEquals(Reason.MISSING_SCOPE, gate.reason(valid().claim("scope", List.of("admin")).sign()));
        assertEquals(Reason.MISSING_SCOPE, gate.reason(valid().claim("scp", List.of("admin", 1)).sign()));
        assertEquals("alice", gate.principal(valid().claim("scp", "admin").sign()).getName());
        assertEquals("alice", gate.principal(valid().scope("read admin").sign()).getName());
    }

    // --- counted under their own reasons ---

    @Test
    void eachRefusal_countedUnderItsOwnReason() {
        gates.filterOnly("a bare gatekeeper's metrics, asked without a gate");
        Gatekeeper core = Gatekeeper.fromInitParameters("hygiene", null,
                gates.params("maxTokenAge", "60", "requiredClaimValues", "tid=t"), gates.clock, gates.resolver());
        try {
            Tokens ok = valid().claim("tid", "t");
            Map<Reason, String> tokens = Map.of(
                    Reason.UNACCEPTED_TOKEN_TYPE, ok.headerParam("typ", "logout+jwt").sign(),
                    Reason.BAD_TIME_CLAIM, valid().claim("tid", "t").claim("nbf", -5).sign(),
                    Reason.MISSING_ISSUED_AT, valid().claim("tid", "t").without("iat").sign(),
                    Reason.TOO_OLD, valid().claim("tid", "t").issuedAt(Tokens.NOW.minusSeconds(600)).sign(),
                    Reason.BOUND_TOKEN, valid().claim("tid", "t").claim("cnf", Map.of()).sign(),
                    Reason.CLAIM_VALUE_MISMATCH, valid().claim("tid", "u").sign(),
                    Reason.BLANK_PRINCIPAL, valid().claim("tid", "t").subject(" ").sign());
            tokens.forEach((reason, token) -> {
                LeakGuard.token(token);
                AuthenticationResult result = core.decide(name -> name.equals("Authorization")
                        ? Collections.enumeration(List.of("Bearer " + token)) : Collections.emptyEnumeration(),
                        HeadersOnly.VIEW).result();
                assertEquals(reason, result.reason());
            });
            for (Reason reason : tokens.keySet()) {
                assertEquals(1, core.metrics().refused(reason), reason.name());
                assertEquals(1L, core.metricsView().getRequestsRejectedByReason().get(reason.name()), reason.name());
            }
            assertEquals(tokens.size(), core.metrics().refusedWithStatus(401));
        } finally {
            core.close();
        }
    }

    @Test
    void validAccessToken_allChecksOn_accepted() {
        Gate gate = gates.hs256("maxTokenAge", "300", "requiredClaimValues", "typ=Bearer, azp=web",
                "tokenTypes", "at+jwt, JWT");
        assertEquals("alice", gate.principal(valid().headerParam("typ", "at+jwt").claim("typ", "Bearer")
                .claim("azp", "web").issuedAt(Tokens.NOW.minusSeconds(100)).sign()).getName());
    }
}
