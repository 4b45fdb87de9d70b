package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What every refused request must look like, per the contract's "Responses" section. */
final class ErrorResponseAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The contract's "short fixed list of sentences", written out: they are part of what clients
     * see, and these tests see JwtGate only from outside (its classes are not on their class path).
     */
    static final Set<String> DESCRIPTIONS = Set.of(
            "An access token is required.",
            "The request's credentials are malformed.",
            "The request carries more than one access token.",
            "The access token is too long.",
            "The access token is malformed.",
            "The access token is signed with an algorithm that is not accepted.",
            "The access token requires an extension that is not supported.",
            "The access token signature is invalid.",
            "The access token has no valid expiry time.",
            "The access token has expired.",
            "The access token is not valid yet.",
            "The access token was issued by an issuer that is not accepted.",
            "The access token is not intended for this audience.",
            "The access token lacks a required claim.",
            "The access token has a claim of the wrong type.",
            "The access token is invalid.",
            "The access token is not of an accepted type.",
            "The access token has a time claim that is not a valid time.",
            "The access token has no issue time.",
            "The access token was issued too long ago.",
            "The access token is bound to a key and cannot be used as a bearer token.",
            "The access token lacks a required claim value.",
            "The access token names no principal.",
            "The access token does not grant a required role.",
            "Access to this resource is denied.",
            "The access token does not grant the required scope.",
            "The keys to verify the access token are unavailable; retry later.", "The access token has been revoked.",
            "The revocation list is unavailable; retry later.");
    /** Long enough that no fixed sentence holds it by chance, short enough to catch any fragment. */
    private static final int FRAGMENT = 8;

    private ErrorResponseAssertions() {
    }

    /** Runs a request that the filter must refuse, and checks that the application never saw it. */
    static HttpReply refused(Deployment app, Supplier<HttpReply> request) {
        int before = app.invocations();
        HttpReply reply = request.get();
        assertEquals(before, app.invocations(), () -> "the application was invoked for a refused request: " + reply);
        return reply;
    }

    /**
     * A 401 for a request without a token: a bare challenge, no {@code error}, and the body of
     * every error response.
     */
    static void assertNoTokenChallenge(HttpReply reply, String realm) {
        assertEquals(401, reply.status(), reply::toString);
        String challenge = reply.header("WWW-Authenticate");
        assertNotNull(challenge, "401 without WWW-Authenticate");
        if (realm != null) {
            assertEquals("Bearer realm=\"" + realm + "\"", challenge);
        } else {
            assertTrue(challenge.startsWith("Bearer"), challenge);
        }
        assertFalse(challenge.contains("error="), challenge);
        assertBody(reply, null);
    }

    /**
     * A refusal with an RFC 6750 error code: status, challenge carrying {@code error} (and, where it
     * has one, the same {@code error_description} as the body), no-store, JSON body from the fixed
     * sentences, and
     * none of {@code neverShown} (the token, claim values) anywhere in body or challenge.
     *
     * @return the description, for tests that care which sentence it was
     */
    static String assertRefused(HttpReply reply, int status, String error, String... neverShown) {
        assertEquals(status, reply.status(), reply::toString);
        String challenge = reply.header("WWW-Authenticate");
        assertNotNull(challenge, () -> "no WWW-Authenticate on " + reply);
        assertTrue(challenge.startsWith("Bearer "), challenge);
        assertTrue(challenge.contains("error=\"" + error + "\""), challenge);
        String description = assertBody(reply, error);
        // The contract's table spells error_description out for invalid_token; elsewhere it may be there.
        if (error.equals("invalid_token") || challenge.contains("error_description=")) {
            assertTrue(challenge.contains("error_description=\"" + description + "\""), challenge);
        }
        for (String secret : neverShown) {
            assertNotShown(secret, reply.body());
            assertNotShown(secret, challenge);
        }
        return description;
    }

    /** The contract's 503: keys unavailable, no challenge, a Retry-After, the usual body. */
    static void assertUnavailable(HttpReply reply) {
        assertEquals(503, reply.status(), reply::toString);
        assertEquals(null, reply.header("WWW-Authenticate"), reply::toString);
        String retryAfter = reply.header("Retry-After");
        assertNotNull(retryAfter, () -> "503 without Retry-After: " + reply);
        assertTrue(retryAfter.matches("[1-9][0-9]*"), retryAfter);
        assertBody(reply, "temporarily_unavailable");
    }

    private static String assertBody(HttpReply reply, String error) {
        assertEquals("no-store", reply.header("Cache-Control"), reply::toString);
        String contentType = reply.header("Content-Type");
        assertNotNull(contentType, "error response without Content-Type");
        assertTrue(contentType.startsWith("application/json"), contentType);
        JsonNode body;
        try {
            body = JSON.readTree(reply.body());
        } catch (Exception e) {
            throw new AssertionError("error body is not JSON: " + reply.body(), e);
        }
        Set<String> fields = new TreeSet<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        assertEquals(Set.of("error", "error_description"), fields, reply.body());
        assertTrue(body.get("error").isTextual() && !body.get("error").textValue().isEmpty(), reply.body());
        if (error != null) {
            assertEquals(error, body.get("error").textValue());
        }
        String description = body.get("error_description").textValue();
        assertTrue(DESCRIPTIONS.contains(description), () -> "not one of the fixed sentences: " + description);
        return description;
    }

    /** Neither the whole value nor any {@value #FRAGMENT}-character piece of it appears. */
    static void assertNotShown(String secret, String text) {
        if (secret.length() <= FRAGMENT) {
            assertFalse(text.contains(secret), () -> "'" + secret + "' shown in: " + text);
            return;
        }
        for (int i = 0; i + FRAGMENT <= secret.length(); i++) {
            String fragment = secret.substring(i, i + FRAGMENT);
            assertFalse(text.contains(fragment), () -> "a piece of the token (" + fragment + ") shown in: " + text);
        }
    }
}
