package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.KeyReference;

class ErrorResponseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 7235 challenge with auth-params whose quoted values hold no quote, backslash or control character. */
    private static final Pattern CHALLENGE = Pattern.compile(
            "Bearer( [a-z_]+=\"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*\"(, [a-z_]+=\"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*\")*)?");

    private static ErrorResponse.Catalog catalog(String realm) {
        JwtGateSettings settings = JwtGateSettings.builder()
                .algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:UNUSED"))
                .realm(realm)
                .requiredScopes(List.of("read", "write"))
                .requiredRoles(List.of("admin"))
                .build();
        return new ErrorResponse.Catalog(settings);
    }

    private static ErrorResponse response(String realm, Reason reason) {
        return catalog(realm).forResult(resultFor(reason));
    }

    private static AuthenticationResult resultFor(Reason reason) {
        if (reason.httpStatus() == 503) {
            return AuthenticationResult.unavailable(reason, 30);
        }
        if (reason.httpStatus() == 403) {
            return AuthenticationResult.forbidden(reason,
                    new JwtPrincipal("alice", java.util.Map.of(), java.util.Set.of(), java.util.Set.of(), null));
        }
        return AuthenticationResult.rejected(reason);
    }

    private static List<Reason> reasonsWithError(String error) {
        List<Reason> out = new ArrayList<>();
        for (Reason reason : Reason.values()) {
            if (error.equals(reason.error())) {
                out.add(reason);
            }
        }
        return out;
    }

    // --- no token ---

    @Test
    void challenge_noTokenWithRealm_realmOnly() {
        ErrorResponse response = response("r", Reason.NO_TOKEN);
        assertEquals(401, response.status());
        assertEquals("Bearer realm=\"r\"", response.challenge());
    }

    @Test
    void challenge_noTokenWithoutRealm_schemeOnly() {
        assertEquals("Bearer", response(null, Reason.NO_TOKEN).challenge());
    }

    // --- invalid token ---

    @Test
    void challenge_invalidTokenWithRealm_realmErrorAndDescription() {
        for (Reason reason : reasonsWithError("invalid_token")) {
            ErrorResponse response = response("r", reason);
            assertEquals(401, response.status(), reason.name());
            assertEquals("Bearer realm=\"r\", error=\"invalid_token\", error_description=\"" + reason.description() + "\"",
                    response.challenge());
        }
    }

    @Test
    void challenge_invalidTokenWithoutRealm_errorAndDescription() {
        for (Reason reason : reasonsWithError("invalid_token")) {
            assertEquals("Bearer error=\"invalid_token\", error_description=\"" + reason.description() + "\"",
                    response(null, reason).challenge());
        }
    }

    @Test
    void challenge_expired_exactString() {
        assertEquals("Bearer realm=\"r\", error=\"invalid_token\", error_description=\"The access token has expired.\"",
                response("r", Reason.EXPIRED).challenge());
    }

    // --- invalid request ---

    @Test
    void challenge_invalidRequestWithRealm_realmErrorAndDescription() {
        List<Reason> reasons = reasonsWithError("invalid_request");
        assertTrue(reasons.contains(Reason.INVALID_REQUEST) && reasons.contains(Reason.MULTIPLE_TOKENS));
        for (Reason reason : reasons) {
            ErrorResponse response = response("r", reason);
            assertEquals(400, response.status(), reason.name());
            assertEquals("Bearer realm=\"r\", error=\"invalid_request\", error_description=\"" + reason.description()
                    + "\"", response.challenge());
        }
    }

    @Test
    void challenge_invalidRequestWithoutRealm_errorAndDescription() {
        assertEquals("Bearer error=\"invalid_request\", error_description=\"The request carries more than one access "
                + "token.\"", response(null, Reason.MULTIPLE_TOKENS).challenge());
    }

    // --- insufficient scope ---

    @Test
    void challenge_missingScopeWithRealm_scopeAttributeListsRequiredScopes() {
        ErrorResponse response = response("r", Reason.MISSING_SCOPE);
        assertEquals(403, response.status());
        assertEquals("Bearer realm=\"r\", error=\"insufficient_scope\", error_description=\"The access token does not "
                + "grant the required scope.\", scope=\"read write\"", response.challenge());
    }

    @Test
    void challenge_missingScopeWithoutRealm_scopeAttributeListsRequiredScopes() {
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"The access token does not grant the "
                + "required scope.\", scope=\"read write\"", response(null, Reason.MISSING_SCOPE).challenge());
    }

    @Test
    void challenge_missingRole_403InsufficientScope() {
        ErrorResponse response = response("r", Reason.MISSING_ROLE);
        assertEquals(403, response.status());
        assertTrue(response.challenge().startsWith("Bearer realm=\"r\", error=\"insufficient_scope\", "
                + "error_description=\"The access token does not grant a required role.\""), response.challenge());
    }

    // --- unavailable ---

    @Test
    void challenge_keysUnavailable_noneAnd503() {
        ErrorResponse response = response("r", Reason.KEYS_UNAVAILABLE);
        assertEquals(503, response.status());
        assertNull(response.challenge());
        assertNull(response(null, Reason.KEYS_UNAVAILABLE).challenge());
    }

    // --- every reason ---

    @ParameterizedTest
    @EnumSource(Reason.class)
    void challenge_everyReason_wellFormed(Reason reason) {
        for (String realm : new String[] {"r", null, "My API (prod)"}) {
            String challenge = response(realm, reason).challenge();
            if (reason.httpStatus() != 503) {
                assertNotNull(challenge, reason.name());
                assertTrue(CHALLENGE.matcher(challenge).matches(), challenge);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void body_everyReason_jsonWithOnlyErrorAndDescription(Reason reason) throws Exception {
        for (String realm : new String[] {"r", null}) {
            ErrorResponse response = response(realm, reason);
            JsonNode json = JSON.readTree(response.body());
            assertTrue(json.isObject());
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                fields.add(it.next());
            }
            assertEquals(List.of("error", "error_description"), fields);
            assertEquals(reason.error() == null ? "unauthorized" : reason.error(), json.get("error").textValue());
            assertEquals(reason.description(), json.get("error_description").textValue());
            assertEquals(reason.httpStatus(), response.status());
        }
    }

    @Test
    void body_returned_isCopy() {
        ErrorResponse response = response("r", Reason.EXPIRED);
        byte[] first = response.body();
        first[0] = 'X';
        assertEquals('{', response.body()[0]);
    }

    @Test
    void body_keysUnavailable_temporarilyUnavailable() throws Exception {
        JsonNode json = JSON.readTree(response(null, Reason.KEYS_UNAVAILABLE).body());
        assertEquals("temporarily_unavailable", json.get("error").textValue());
    }

    @Test
    void contentType_json() {
        assertEquals("application/json;charset=UTF-8", ErrorResponse.CONTENT_TYPE);
    }

    @Test
    void challenge_scopeWithCharactersThatCannotBeQuoted_omitted() {
        // requiredScopes refuses such values, so this is about roles: the challenge must stay well-formed.
        JwtGateSettings settings = JwtGateSettings.builder()
                .algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:UNUSED"))
                .requiredRoles(List.of("r\u00e9le"))
                .build();
        String challenge = new ErrorResponse.Catalog(settings).forResult(resultFor(Reason.MISSING_ROLE)).challenge();
        assertTrue(CHALLENGE.matcher(challenge).matches(), challenge);
        assertFalse(challenge.contains("\u00e9"));
    }

    @Test
    void challenge_requiredRoleWithSpace_scopeOmitted() {
        // Joined with spaces, "order admin" would read as two scopes: better no scope than a wrong one.
        JwtGateSettings settings = JwtGateSettings.builder()
                .algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:UNUSED"))
                .requiredRoles(List.of("order admin"))
                .build();
        String challenge = new ErrorResponse.Catalog(settings).forResult(resultFor(Reason.MISSING_ROLE)).challenge();
        assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
        assertFalse(challenge.contains("scope=\"order"), challenge);
    }
}
