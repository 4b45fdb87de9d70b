package org.jwtgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * What JwtGate logs, through System.Logger (JUL here): the start line and its warnings. That no log
 * line ever carries a token, secret, key, claim or exception is proven across the whole security
 * suite by {@code org.jwtgate.security.LeakAttackTest} and the guard on every attack family.
 */
class LoggingTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final byte[] secret = Keys.secret(32);
    private final String secretText = Base64.getEncoder().encodeToString(secret);

    private FilterCore core(Map<String, String> extra) {
        Map<String, String> params = new HashMap<>();
        params.put("algorithms", "HS256");
        params.put("secret", "env:JWT_SECRET");
        params.put("secretEncoding", "base64");
        params.putAll(extra);
        ReferenceResolver resolver = new ReferenceResolver(n -> n.equals("JWT_SECRET") ? secretText : null, n -> null);
        return FilterCore.create("api", params, null, MutableClock.atFixtureNow(), resolver);
    }

    @Test
    void create_validSettings_oneInfoLineWithReferencesNotSecrets() {
        core(Map.of("issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE));
        List<String> info = log.messages(Level.INFO);
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).contains("'api'"), info.get(0));
        assertTrue(info.get(0).contains("env:JWT_SECRET"), info.get(0));
        assertTrue(log.messages(Level.WARNING).isEmpty(), log.messages(Level.WARNING).toString());
        assertFalse(log.everything().contains(secretText));
    }

    @Test
    void create_noIssuerNoAudience_warnsForEach() {
        core(Map.of());
        List<String> warnings = log.messages(Level.WARNING);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("iss"), warnings.get(0));
        assertTrue(warnings.get(1).contains("aud"), warnings.get(1));
    }

    @Test
    void create_unknownAlgorithmFromReference_valueNotEchoed() {
        // A copy-paste slip, algorithms=env:JWT_SECRET, must not put the secret into the error.
        org.jwtgate.JwtGateConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.jwtgate.JwtGateConfigurationException.class, () -> core(Map.of("algorithms", "env:JWT_SECRET")));
        assertEquals("algorithms", e.getParameter());
        assertFalse(e.getMessage().contains(secretText.substring(0, 8)), e.getMessage());
    }

}
