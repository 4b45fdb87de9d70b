package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The revocation params: what is accepted, and every refusal naming its param. */
class RevocationSettingsTest {

    private static JwtGateSettings.Builder base() {
        return JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256).secret(KeyReference.of("env:S"))
                .issuer("https://idp.example/");
    }

    /** Revocations are kept by the token's iss: without an issuer checked, a token might have none. */
    @Test
    void revocation_withoutIssuer_refused() {
        JwtGateConfigurationException e = refused(() -> JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:S")).revocation("file:/x").build());
        assertTrue(e.getMessage().startsWith("revocation: needs issuer (or issuers)"), e.getMessage());
    }

    private static JwtGateConfigurationException refused(Runnable setting) {
        return assertThrows(JwtGateConfigurationException.class, setting::run);
    }

    @Test
    void defaults_off_fiveSecondRefresh_fiveMinuteStale() {
        JwtGateSettings settings = base().build();
        assertNull(settings.revocation());
        assertEquals(Duration.ofSeconds(5), settings.revocationRefreshInterval());
        assertEquals(Duration.ofSeconds(300), settings.revocationMaxStale());
        assertFalse(settings.toString().contains("revocation"), settings.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:/var/lib/jwtgate/revoked.txt", "redis://redis.internal:6379", "redis://10.0.0.5:6380/3",
        "rediss://cache.example.com:6379/15"})
    void revocation_fileOrRedis_accepted(String value) {
        JwtGateSettings settings = base().revocation(value).build();
        assertEquals(value, settings.revocation());
        assertTrue(settings.toString().contains("revocation=" + value), settings.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached://h:1", "/var/revoked.txt", "file:", "redis://h", "redis://:6379",
        "redis://user:pw@h:6379", "redis://h:6379/16", "redis://h:6379/a", "redis://h:6379?password=x",
        "redis://h:6379#f", "http://h:80"})
    void revocation_anythingElse_refusedNamingIt_withoutEchoingCredentials(String value) {
        JwtGateConfigurationException e = refused(() -> base().revocation(value));
        assertTrue(e.getMessage().startsWith("revocation: "), e.getMessage());
        assertFalse(e.getMessage().contains("pw@") || e.getMessage().contains("password=x"), e.getMessage());
    }

    @Test
    void revocationPassword_literal_refused_reference_accepted_andOnlyWithRedis() {
        JwtGateConfigurationException literal = refused(() -> base().revocationPassword("hunter2-hunter2"));
        assertTrue(literal.getMessage().startsWith("revocationPassword: a literal password is refused"),
                literal.getMessage());
        assertFalse(literal.getMessage().contains("hunter2"), literal.getMessage());
        refused(() -> base().revocationPassword("env:"));

        assertEquals("env:REDIS_PASSWORD", base().revocation("redis://h:6379").revocationPassword("env:REDIS_PASSWORD")
                .build().revocationPassword());
        JwtGateConfigurationException fileStore = refused(() -> base().revocation("file:/x")
                .revocationPassword("env:P").build());
        assertTrue(fileStore.getMessage().startsWith("revocationPassword: only with"), fileStore.getMessage());
        refused(() -> base().revocationPassword("env:P").build());
    }

    @Test
    void revocationMaxStale_shorterThanTheRefreshInterval_refused() {
        JwtGateConfigurationException e = refused(() -> base().revocation("file:/x")
                .revocationRefreshInterval(Duration.ofSeconds(30)).revocationMaxStale(Duration.ofSeconds(10)).build());
        assertTrue(e.getMessage().startsWith("revocationMaxStale: must be at least revocationRefreshInterval"),
                e.getMessage());
        refused(() -> base().revocationRefreshInterval(Duration.ZERO));
        refused(() -> base().revocationMaxStale(Duration.ofMillis(1500)));
    }

    @Test
    void revocation_withIssuerBlocks_filterWide_accepted() {
        JwtGateSettings settings = JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256)
                .issuers(TrustedIssuer.named("corp").issuer("https://corp/").secret(KeyReference.of("env:C")))
                .revocation("file:/x").build();
        assertEquals("file:/x", settings.revocation());
    }
}
