package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.testing.Tokens;

/** The time stage alone: the edges of exp, nbf, iat and maxTokenAge to the millisecond, with the leeway applied once. */
class TimePolicyTest {

    private static final long NOW = Tokens.NOW.toEpochMilli();
    private static final long SECONDS = Tokens.NOW.getEpochSecond();

    private final TimePolicy leeway30 = new TimePolicy(Duration.ofSeconds(30), null, true);

    private static Map<String, Object> claims(Object... nameValues) {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            claims.put((String) nameValues[i], nameValues[i + 1]);
        }
        return claims;
    }

    private static Reason reason(TimePolicy policy, Map<String, Object> claims, long now) {
        return assertThrows(TokenRejection.class, () -> policy.acceptUntilMillis(claims, now)).reason();
    }

    @Test
    void acceptUntilMillis_exp_expPlusLeewayOnce() throws TokenRejection {
        assertEquals(NOW + 60_000 + 30_000, leeway30.acceptUntilMillis(claims("exp", SECONDS + 60), NOW));
    }

    @Test
    void acceptUntilMillis_atExpPlusLeeway_expiredOneMillisecondBeforeAccepted() throws TokenRejection {
        Map<String, Object> claims = claims("exp", SECONDS);
        assertEquals(NOW + 30_000, leeway30.acceptUntilMillis(claims, NOW + 29_999));
        assertEquals(Reason.EXPIRED, reason(leeway30, claims, NOW + 30_000));
    }

    @Test
    void acceptUntilMillis_noExp_missingExpiryUnlessNotRequired() throws TokenRejection {
        assertEquals(Reason.MISSING_EXPIRY, reason(leeway30, claims("sub", "alice"), NOW));
        assertEquals(Long.MAX_VALUE, new TimePolicy(Duration.ZERO, null, false).acceptUntilMillis(claims(), NOW));
    }

    @Test
    void acceptUntilMillis_nbfBeyondLeeway_notYetValidAtTheEdgeAccepted() throws TokenRejection {
        leeway30.acceptUntilMillis(claims("exp", SECONDS + 60, "nbf", SECONDS + 30), NOW);
        assertEquals(Reason.NOT_YET_VALID, reason(leeway30, claims("exp", SECONDS + 60, "nbf", SECONDS + 30), NOW - 1));
    }

    @Test
    void acceptUntilMillis_iatBeyondLeeway_notYetValid() throws TokenRejection {
        leeway30.acceptUntilMillis(claims("exp", SECONDS + 60, "iat", SECONDS + 30), NOW);
        assertEquals(Reason.NOT_YET_VALID, reason(leeway30, claims("exp", SECONDS + 60, "iat", SECONDS + 30.001), NOW));
    }

    @Test
    void acceptUntilMillis_maxTokenAge_earlierOfExpAndAgeLimit() throws TokenRejection {
        TimePolicy policy = new TimePolicy(Duration.ofSeconds(30), Duration.ofSeconds(600), true);
        assertEquals(NOW + 630_001, policy.acceptUntilMillis(claims("exp", SECONDS + 7200, "iat", SECONDS), NOW));
        assertEquals(NOW + 90_000, policy.acceptUntilMillis(claims("exp", SECONDS + 60, "iat", SECONDS), NOW));
        assertEquals(Reason.TOO_OLD, reason(policy, claims("exp", SECONDS + 7200, "iat", SECONDS), NOW + 630_001));
    }

    @Test
    void acceptUntilMillis_maxTokenAgeAndNoIat_missingIssuedAt() {
        TimePolicy policy = new TimePolicy(Duration.ZERO, Duration.ofSeconds(60), true);
        assertEquals(Reason.MISSING_ISSUED_AT, reason(policy, claims("exp", SECONDS + 60), NOW));
    }

    @Test
    void acceptUntilMillis_fractionalSeconds_flooredToTheMillisecond() throws TokenRejection {
        assertEquals(NOW + 1_250, new TimePolicy(Duration.ZERO, null, true)
                .acceptUntilMillis(claims("exp", SECONDS + 1.2509), NOW));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"null", "\"1700000000\"", "-1", "253402300800", "1e300", "true", "[1]", "-0.5"})
    void acceptUntilMillis_timeClaimNotANumericDate_badTimeClaim(String value) throws TokenRejection {
        for (String name : new String[] {"exp", "nbf", "iat"}) {
            String exp = name.equals("exp") ? "" : "\"exp\":" + (SECONDS + 60) + ",";
            Map<String, Object> claims = JwsParser.object(Tokens.b64("{" + exp + "\"" + name + "\":" + value + "}"));
            assertEquals(Reason.BAD_TIME_CLAIM, reason(leeway30, claims, NOW), name);
        }
    }

    @Test
    void acceptUntilMillis_largestNumericDate_accepted() throws TokenRejection {
        assertEquals(TimePolicy.MAX_NUMERIC_DATE * 1000 + 30_000,
                leeway30.acceptUntilMillis(claims("exp", TimePolicy.MAX_NUMERIC_DATE), NOW));
    }

    @Test
    void expiresAt_expWithoutLeeway_orNullWithoutExp() throws TokenRejection {
        assertEquals(Instant.ofEpochSecond(SECONDS + 60), TimePolicy.expiresAt(claims("exp", SECONDS + 60)));
        assertEquals(Instant.ofEpochMilli(NOW + 1_250), TimePolicy.expiresAt(claims("exp", SECONDS + 1.2509)));
        assertNull(TimePolicy.expiresAt(claims("sub", "alice")));
    }
}
