package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings.BoundTokens;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.testing.Tokens;

/** The claims stage alone: cnf, iss, aud, required claims and values, and the order their reasons come in. */
class ClaimsPolicyTest {

    private static ClaimsPolicy policy(String... overrides) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("iss", "https://idp.example", "aud", "api"));
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return new ClaimsPolicy(BoundTokens.valueOf(values.getOrDefault("boundTokens", "REJECT")), words(values.get("iss")),
                words(values.get("aud")), words(values.get("required")),
                values.containsKey("values") ? Map.of(values.get("values").split("=")[0],
                        Set.of(values.get("values").split("=")[1].split("\\|"))) : Map.of());
    }

    private static List<String> words(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(" "));
    }

    /** Claims valid for {@link #policy} plus {@code extra} JSON members (which may replace iss or aud). */
    private static Map<String, Object> claims(String extra) throws TokenRejection {
        Map<String, Object> claims = new LinkedHashMap<>(Map.of("iss", "https://idp.example", "aud", "api", "sub", "alice"));
        claims.putAll(JwsParser.object(Tokens.b64("{" + extra + "}")));
        return claims;
    }

    private static Reason reason(ClaimsPolicy policy, String extra) throws TokenRejection {
        Map<String, Object> claims = claims(extra);
        return assertThrows(TokenRejection.class, () -> policy.check(claims)).reason();
    }

    private static void assertPasses(ClaimsPolicy policy, String extra) throws TokenRejection {
        Map<String, Object> claims = claims(extra);
        assertDoesNotThrow(() -> policy.check(claims), extra);
    }

    @Test
    void check_validClaims_passes() throws TokenRejection {
        assertPasses(policy(), "");
    }

    @ParameterizedTest(name = "[{index}] cnf {0}")
    @ValueSource(strings = {"{\"jkt\":\"x\"}", "null", "{}", "\"x\""})
    void check_cnf_boundTokenUnlessAcceptedAsBearer(String cnf) throws TokenRejection {
        assertEquals(Reason.BOUND_TOKEN, reason(policy(), "\"cnf\":" + cnf));
        assertPasses(policy("boundTokens", "ACCEPT_AS_BEARER"), "\"cnf\":" + cnf);
    }

    @ParameterizedTest(name = "[{index}] iss {0}")
    @ValueSource(strings = {"\"https://other.example\"", "\"https://idp.example/\"", "null", "[\"https://idp.example\"]", "1"})
    void check_issNotAConfiguredString_badIssuer(String iss) throws TokenRejection {
        assertEquals(Reason.BAD_ISSUER, reason(policy(), "\"iss\":" + iss));
    }

    @Test
    void check_noIssuersConfigured_anyIssOrNone() throws TokenRejection {
        Map<String, Object> claims = claims("\"iss\":7");
        claims.remove("aud");
        assertDoesNotThrow(() -> policy("iss", "", "aud", "").check(claims));
    }

    @ParameterizedTest(name = "[{index}] aud {0}")
    @ValueSource(strings = {"\"api\"", "[\"other\",\"api\"]", "[\"api\",\"api\"]"})
    void check_audNamesAConfiguredAudience_passes(String aud) throws TokenRejection {
        assertPasses(policy(), "\"aud\":" + aud);
    }

    @ParameterizedTest(name = "[{index}] aud {0}")
    @ValueSource(strings = {"\"other\"", "[]", "[\"other\"]", "[\"api\",7]", "[\"api\",null]", "null", "{\"api\":true}"})
    void check_audNamingNoConfiguredAudienceOrNotStrings_badAudience(String aud) throws TokenRejection {
        assertEquals(Reason.BAD_AUDIENCE, reason(policy(), "\"aud\":" + aud));
    }

    @Test
    void check_requiredClaims_presentEvenFalsyPassesAbsentOrNullMissing() throws TokenRejection {
        ClaimsPolicy policy = policy("required", "tenant ext.tier");
        assertPasses(policy, "\"tenant\":false,\"ext\":{\"tier\":0}");
        assertEquals(Reason.MISSING_CLAIM, reason(policy, "\"tenant\":\"acme\""));
        assertEquals(Reason.MISSING_CLAIM, reason(policy, "\"tenant\":null,\"ext\":{\"tier\":0}"));
    }

    @Test
    void check_requiredClaimValues_anyOfTheValuesOrMismatch() throws TokenRejection {
        ClaimsPolicy policy = policy("values", "azp=web|cli");
        assertPasses(policy, "\"azp\":\"cli\"");
        assertPasses(policy, "\"azp\":[\"x\",\"web\"]");
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(policy, "\"azp\":\"other\""));
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(policy, ""));
    }

    @Test
    void check_requiredClaimValueNumbers_integerByTextFractionByValue() throws TokenRejection {
        assertPasses(policy("values", "v=2.5"), "\"v\":2.50");
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(policy("values", "v=1.0"), "\"v\":1"), "the JSON text 1 is not 1.0");
        assertPasses(policy("values", "v=1"), "\"v\":1");
    }

    @Test
    void check_severalFaults_cnfThenIssThenAudThenRequiredThenValues() throws TokenRejection {
        ClaimsPolicy policy = policy("required", "tenant", "values", "azp=web");
        assertEquals(Reason.BOUND_TOKEN, reason(policy, "\"cnf\":{},\"iss\":\"x\",\"aud\":\"x\""));
        assertEquals(Reason.BAD_ISSUER, reason(policy, "\"iss\":\"x\",\"aud\":\"x\""));
        assertEquals(Reason.BAD_AUDIENCE, reason(policy, "\"aud\":\"x\""));
        assertEquals(Reason.MISSING_CLAIM, reason(policy, "\"azp\":\"cli\""));
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(policy, "\"tenant\":\"t\",\"azp\":\"cli\""));
    }

    @Test
    void constructor_inputsChangedAfterwards_policyUnchanged() throws TokenRejection {
        List<String> issuers = new ArrayList<>(List.of("https://idp.example"));
        ClaimsPolicy policy = new ClaimsPolicy(BoundTokens.REJECT, issuers, List.of(), List.of(), Map.of());
        issuers.add("https://other.example");
        assertEquals(Reason.BAD_ISSUER, reason(policy, "\"iss\":\"https://other.example\""));
    }
}
