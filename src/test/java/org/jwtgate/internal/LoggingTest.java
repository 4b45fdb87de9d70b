package org.jwtgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * What JwtGate logs, through System.Logger (JUL here): the start line and its warnings. That no log
 * line ever carries a token, secret, key, claim or exception is proven across the whole security
 * suite by {@code org.jwtgate.security.LeakAttackTest} and the guard on every attack family.
 */
class LoggingTest {

    private final Logger logger = Logger.getLogger("org.jwtgate");
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord record) { records.add(record); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private Level previousLevel;

    private final byte[] secret = Keys.secret(32);
    private final String secretText = Base64.getEncoder().encodeToString(secret);

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
    }

    private FilterCore core(Map<String, String> extra) {
        Map<String, String> params = new HashMap<>();
        params.put("algorithms", "HS256");
        params.put("secret", "env:JWT_SECRET");
        params.put("secretEncoding", "base64");
        params.putAll(extra);
        ReferenceResolver resolver = new ReferenceResolver(n -> n.equals("JWT_SECRET") ? secretText : null, n -> null);
        return FilterCore.create("api", params, null, MutableClock.atFixtureNow(), resolver);
    }

    private List<String> messages(Level level) {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord record : records) {
                if (record.getLevel().equals(level)) {
                    out.add(format(record));
                }
            }
        }
        return out;
    }

    private static String format(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters == null ? record.getMessage() : MessageFormat.format(record.getMessage(), parameters);
    }

    private String everything() {
        StringBuilder all = new StringBuilder();
        synchronized (records) {
            for (LogRecord record : records) {
                all.append(format(record)).append('\n');
                if (record.getThrown() != null) {
                    all.append(record.getThrown()).append('\n');
                }
            }
        }
        return all.toString();
    }

    @Test
    void create_validSettings_oneInfoLineWithReferencesNotSecrets() {
        core(Map.of("issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE));
        List<String> info = messages(Level.INFO);
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).contains("'api'"), info.get(0));
        assertTrue(info.get(0).contains("env:JWT_SECRET"), info.get(0));
        assertTrue(messages(Level.WARNING).isEmpty(), messages(Level.WARNING).toString());
        assertFalse(everything().contains(secretText));
    }

    @Test
    void create_noIssuerNoAudience_warnsForEach() {
        core(Map.of());
        List<String> warnings = messages(Level.WARNING);
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
