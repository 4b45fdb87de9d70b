package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.testing.Tokens;

/** The header stage alone, on headers parsed as a token's are: what it accepts, and which reason comes first. */
class HeaderPolicyTest {

    private final HeaderPolicy policy = new HeaderPolicy(Set.of(JwtAlgorithm.HS256, JwtAlgorithm.RS256),
            JwtGateSettings.DEFAULT_TOKEN_TYPES);

    private static Map<String, Object> header(String json) throws TokenRejection {
        return JwsParser.object(Tokens.b64(json));
    }

    private static Reason reason(ThrowingCheck check) {
        return assertThrows(TokenRejection.class, check::run).reason();
    }

    private interface ThrowingCheck {
        void run() throws TokenRejection;
    }

    // --- alg, crit, enc ---

    @Test
    void algorithm_allowedAlg_thatAlgorithm() throws TokenRejection {
        assertEquals(JwtAlgorithm.RS256, policy.algorithm(header("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{}", "{\"alg\":null}", "{\"alg\":256}", "{\"alg\":[\"HS256\"]}"})
    void algorithm_algMissingOrNotAString_malformed(String json) {
        assertEquals(Reason.MALFORMED_TOKEN, reason(() -> policy.algorithm(header(json))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"ES256", "none", "hs256", "HS256 ", ""})
    void algorithm_notOnAllowListOrUnknown_unsupportedAlgorithm(String alg) {
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, reason(() -> policy.algorithm(header("{\"alg\":\"" + alg + "\"}"))));
    }

    @Test
    void algorithm_critPresent_unsupportedCriticalHeaderEvenWhenEmptyOrNull() {
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER,
                reason(() -> policy.algorithm(header("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}"))));
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER, reason(() -> policy.algorithm(header("{\"alg\":\"HS256\",\"crit\":[]}"))));
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER, reason(() -> policy.algorithm(header("{\"alg\":\"HS256\",\"crit\":null}"))));
    }

    @Test
    void algorithm_encPresent_malformed() {
        assertEquals(Reason.MALFORMED_TOKEN, reason(() -> policy.algorithm(header("{\"alg\":\"HS256\",\"enc\":\"A128GCM\"}"))));
    }

    @Test
    void algorithm_severalFaults_allowListThenCritThenEnc() {
        assertEquals(Reason.UNSUPPORTED_ALGORITHM,
                reason(() -> policy.algorithm(header("{\"alg\":\"ES256\",\"crit\":[\"b64\"],\"enc\":\"A128GCM\"}"))));
        assertEquals(Reason.UNSUPPORTED_CRITICAL_HEADER,
                reason(() -> policy.algorithm(header("{\"alg\":\"HS256\",\"enc\":\"A128GCM\",\"crit\":[\"b64\"]}"))));
    }

    @Test
    void constructor_allowListChangedAfterwards_policyUnchanged() throws TokenRejection {
        Set<JwtAlgorithm> algorithms = EnumSet.of(JwtAlgorithm.HS256);
        HeaderPolicy own = new HeaderPolicy(algorithms, List.of(JwtGateSettings.UNTYPED));
        algorithms.add(JwtAlgorithm.RS256);
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, reason(() -> own.algorithm(header("{\"alg\":\"RS256\"}"))));
        assertEquals(JwtAlgorithm.HS256, own.algorithm(header("{\"alg\":\"HS256\"}")));
    }

    // --- kid ---

    @Test
    void keyId_absent_null() throws TokenRejection {
        assertNull(HeaderPolicy.keyId(header("{\"alg\":\"HS256\"}")));
    }

    @Test
    void keyId_string_thatString() throws TokenRejection {
        assertEquals("2026-11", HeaderPolicy.keyId(header("{\"alg\":\"HS256\",\"kid\":\"2026-11\"}")));
        assertEquals("", HeaderPolicy.keyId(header("{\"alg\":\"HS256\",\"kid\":\"\"}")));
    }

    @ParameterizedTest(name = "[{index}] kid {0}")
    @ValueSource(strings = {"null", "1", "true", "[\"k1\"]", "{\"kid\":\"k1\"}"})
    void keyId_notAString_malformed(String kid) {
        assertEquals(Reason.MALFORMED_TOKEN, reason(() -> HeaderPolicy.keyId(header("{\"alg\":\"HS256\",\"kid\":" + kid + "}"))));
    }

    // --- typ ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"alg\":\"HS256\",\"typ\":\"application/AT+JWT\"}"})
    void checkType_defaultTypes_accessTokenTypesAccepted(String json) {
        assertDoesNotThrow(() -> policy.checkType(header(json)));
    }

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"logout+jwt", "none", "application/none", "", " JWT", "application/"})
    void checkType_otherTyp_unacceptedTokenType(String typ) {
        assertEquals(Reason.UNACCEPTED_TOKEN_TYPE,
                reason(() -> policy.checkType(header("{\"alg\":\"HS256\",\"typ\":\"" + typ + "\"}"))));
    }

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"null", "5", "[\"JWT\"]"})
    void checkType_typNotAString_malformed(String typ) {
        assertEquals(Reason.MALFORMED_TOKEN, reason(() -> policy.checkType(header("{\"alg\":\"HS256\",\"typ\":" + typ + "}"))));
    }

    @Test
    void checkType_typesWithoutNone_untypedRefusedTypedAccepted() {
        HeaderPolicy typedOnly = new HeaderPolicy(Set.of(JwtAlgorithm.HS256), List.of("at+jwt"));
        assertEquals(Reason.UNACCEPTED_TOKEN_TYPE, reason(() -> typedOnly.checkType(header("{\"alg\":\"HS256\"}"))));
        assertDoesNotThrow(() -> typedOnly.checkType(header("{\"alg\":\"HS256\",\"typ\":\"at+JWT\"}")));
    }

    @Test
    void checkType_typesChangedAfterwards_policyUnchanged() {
        Set<String> types = new LinkedHashSet<>(List.of("jwt"));
        HeaderPolicy own = new HeaderPolicy(Set.of(JwtAlgorithm.HS256), types);
        types.add(JwtGateSettings.UNTYPED);
        assertEquals(Reason.UNACCEPTED_TOKEN_TYPE, reason(() -> own.checkType(new HashMap<>(Map.of("alg", "HS256")))));
    }
}
