package org.jwtgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * The fuzz targets' judge of the claim checks is not vacuous: it passes the fuzz configuration's
 * valid token and names the check each broken one fails. Without this, a judge that never
 * objected would let the property "a principal only when every check passed" hold for nothing.
 */
class ClaimJudgeTest {

    private static final long NOW = Tokens.NOW.getEpochSecond();
    private static final byte[] SECRET = Keys.secret(32);

    private static Tokens valid() {
        return Tokens.hs256(SECRET).claim("tid", "t1").claim("ver", 2);
    }

    private static JwtPrincipal alice(Set<String> scopes) {
        return new JwtPrincipal("alice", Map.of(), Set.of(), scopes, null);
    }

    @Test
    void failedCheck_validFuzzToken_none() {
        assertNull(ClaimJudge.failedCheck(valid().sign(), alice(Set.of())));
        assertNull(ClaimJudge.failedCheck(valid().headerParam("typ", "application/AT+JWT").claim("tid", List.of("x", "t2"))
                .claim("ver", 2.0).scope("a b").claim("scp", List.of("c")).sign(), alice(Set.of("a", "b", "c"))));
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("typ", (UnaryOperator<Tokens>) t -> t.headerParam("typ", "logout+jwt")),
                Arguments.of("typ", (UnaryOperator<Tokens>) t -> t.headerParam("typ", "none")),
                Arguments.of("exp", (UnaryOperator<Tokens>) t -> t.claim("exp", 253_402_300_800L)),
                Arguments.of("exp", (UnaryOperator<Tokens>) t -> t.claim("exp", null)),
                Arguments.of("exp", (UnaryOperator<Tokens>) t -> t.without("exp")),
                Arguments.of("exp", (UnaryOperator<Tokens>) t -> t.claim("exp", NOW - 30)),
                Arguments.of("nbf", (UnaryOperator<Tokens>) t -> t.claim("nbf", -1)),
                Arguments.of("nbf", (UnaryOperator<Tokens>) t -> t.claim("nbf", NOW + 31)),
                Arguments.of("iat", (UnaryOperator<Tokens>) t -> t.claim("iat", "1")),
                Arguments.of("iat", (UnaryOperator<Tokens>) t -> t.without("iat")),
                Arguments.of("maxTokenAge", (UnaryOperator<Tokens>) t -> t.claim("iat", NOW - 3631)),
                Arguments.of("iss", (UnaryOperator<Tokens>) t -> t.issuer("https://other.example")),
                Arguments.of("aud", (UnaryOperator<Tokens>) t -> t.audience(List.of(Tokens.AUDIENCE, 1))),
                Arguments.of("requiredClaimValues", (UnaryOperator<Tokens>) t -> t.claim("tid", "T1")),
                Arguments.of("requiredClaimValues", (UnaryOperator<Tokens>) t -> t.claim("ver", "2.0")),
                Arguments.of("cnf", (UnaryOperator<Tokens>) t -> t.claim("cnf", Map.of("jkt", "x"))),
                Arguments.of("principal", (UnaryOperator<Tokens>) t -> t.subject("\u200b ")),
                Arguments.of("scopes", (UnaryOperator<Tokens>) t -> t.claim("scope", List.of("admin"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("broken")
    void failedCheck_tokenBrokenInOneWay_namesTheCheck(String check, UnaryOperator<Tokens> change) {
        Set<String> granted = check.equals("scopes") ? Set.of("admin") : Set.of();
        String failed = ClaimJudge.failedCheck(change.apply(valid()).sign(), alice(granted));
        assertNotNull(failed, check);
        assertTrue(failed.contains(check), failed);
    }
}
