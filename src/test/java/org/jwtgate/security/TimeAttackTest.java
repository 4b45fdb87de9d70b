package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Time: a token is good from {@code nbf} (and not before its {@code iat}) until {@code exp}, each
 * widened by exactly {@code leeway}, and never without a numeric {@code exp} unless the operator
 * says so. {@code exp} missing, {@code null}, a string, a float, negative, huge, exactly now; nbf and
 * iat in the future; every leeway edge to the millisecond. A time is a JSON number from 0 to
 * 253402300799 (the end of year 9999): anything else, {@code null} included, is a malformed time
 * (contract v2), whatever {@code requireExp} says.
 */
class TimeAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private static final long NOW = Tokens.NOW.getEpochSecond();

    private Tokens valid() {
        return gates.valid();
    }

    /** A payload with the valid claims and this raw {@code exp} value. */
    private String withRawExp(String exp) {
        return valid().rawPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"exp\":" + exp + "}").sign();
    }

    // --- exp ---

    @Test
    void expMissing_refused() {
        assertEquals(Reason.MISSING_EXPIRY, gates.hs256().reason(valid().without("exp").sign()));
    }

    @Test
    void expNull_refused() {
        // java-jwt alone lets a null exp through as "no expiry".
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(valid().claim("exp", null).sign()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"exp", "nbf", "iat"})
    void timeClaimNullWithRequireExpFalse_refused(String claim) {
        // Issue 13 defect 10: requireExp=false took "exp": null for a token that never expires.
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256("requireExp", "false").reason(valid().claim(claim, null).sign()));
    }

    @ParameterizedTest(name = "[{index}] exp {0}")
    @ValueSource(strings = {"\"1900000000\"", "\"2030-01-01T00:00:00Z\"", "\"\"", "true", "false", "[1900000000]",
        "{\"s\":1900000000}", "1e400", "-1e400", "\"Infinity\""})
    void expNotAFiniteNumber_refused(String exp) {
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(withRawExp(exp)));
    }

    @ParameterizedTest(name = "[{index}] exp {0}")
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "0x7fffffff", "1_900_000_000", "+1900000000", ".5"})
    void expInNonJsonNumberSyntax_refused(String exp) {
        assertEquals(Reason.MALFORMED_TOKEN, gates.hs256().reason(withRawExp(exp)));
    }

    @Test
    void expNotANumberEvenWithRequireExpFalse_refused() {
        // Opting out of a required exp is not opting out of a well-typed one.
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256("requireExp", "false").reason(valid().claim("exp", "never").sign()));
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256("requireExp", "false").reason(withRawExp("[4102444800]")));
    }

    @Test
    void expInThePastWithRequireExpFalse_refused() {
        assertEquals(Reason.EXPIRED, gates.hs256("requireExp", "false")
                .reason(valid().expiresAt(Tokens.NOW.minusSeconds(3600)).sign()));
    }

    @Test
    void expFractional_acceptedUntilThatMillisecondOnly() {
        String token = valid().claim("exp", NOW + 0.5).sign();
        gates.clock.advance(Duration.ofMillis(499));
        assertEquals("alice", gates.hs256("leeway", "0").principal(token).getName());
        gates.clock.advance(Duration.ofMillis(1));
        assertEquals(Reason.EXPIRED, gates.hs256("leeway", "0").reason(token));
    }

    @Test
    void expFractionalInFuture_accepted() {
        assertEquals("alice", gates.hs256().principal(valid().claim("exp", NOW + 3600.5).sign()).getName());
    }

    @ParameterizedTest(name = "[{index}] exp {0}")
    @ValueSource(strings = {"0", "1", "0.5", "-0.0", "-0"})
    void expEpoch_expired(String exp) {
        assertEquals(Reason.EXPIRED, gates.hs256().reason(withRawExp(exp)));
    }

    @ParameterizedTest(name = "[{index}] exp {0}")
    @ValueSource(strings = {"-1", "-0.001", "-9223372036854775808", "-1.0e300", "-9223372036854775809"})
    void expNegative_badTimeClaim(String exp) {
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(withRawExp(exp)));
    }

    @ParameterizedTest(name = "[{index}] exp {0}")
    @ValueSource(strings = {"9223372036854775807", "9223372036854775808", "1.0e300", "9223372036854776",
        "99999999999999999999999999999999", "253402300800", "253402300799.001"})
    void expBeyondYear9999_badTimeClaimNotEternal(String exp) {
        // A token claiming to expire in the year 10^9 or at 2^63 seconds is malformed, not eternal; the
        // bound also keeps every sum of times and leeway far from overflow.
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(withRawExp(exp)));
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256("requireExp", "false").reason(withRawExp(exp)));
    }

    @Test
    void expLastSecondOfYear9999_accepted() {
        assertEquals("alice", gates.hs256().principal(withRawExp("253402300799")).getName());
        assertEquals("alice", gates.hs256().principal(withRawExp("2.53402300799e11")).getName());
    }

    @Test
    void expFar_stillBoundedByCacheMaxTtl() {
        Gate gate = gates.hs256("cacheMaxTtl", "60");
        String token = valid().claim("exp", 253_402_300_799L).sign();
        gate.principal(token);
        gates.clock.advance(Duration.ofSeconds(61));
        gate.principal(token);
        assertEquals(2, gate.verifications(), "a far exp must not keep an entry past cacheMaxTtl");
    }

    @Test
    void expExactlyNowWithoutLeeway_refused() {
        assertEquals(Reason.EXPIRED, gates.hs256("leeway", "0").reason(valid().expiresAt(Tokens.NOW).sign()));
    }

    @Test
    void expOneSecondAheadWithoutLeeway_accepted() {
        assertEquals("alice", gates.hs256("leeway", "0").principal(valid().expiresAt(Tokens.NOW.plusSeconds(1)).sign())
                .getName());
    }

    @Test
    void expOneMillisecondBeforeExpPlusLeeway_accepted() {
        String token = valid().expiresAt(Tokens.NOW).sign();
        gates.clock.set(Tokens.NOW.plusSeconds(30).minusMillis(1));
        assertEquals("alice", gates.hs256("leeway", "30").principal(token).getName());
    }

    @Test
    void expExactlyAtExpPlusLeeway_refused() {
        String token = valid().expiresAt(Tokens.NOW).sign();
        gates.clock.set(Tokens.NOW.plusSeconds(30));
        assertEquals(Reason.EXPIRED, gates.hs256("leeway", "30").reason(token));
    }

    @Test
    void defaultLeeway_isThirtySecondsAndNoMore() {
        String token = valid().expiresAt(Tokens.NOW).sign();
        gates.clock.set(Tokens.NOW.plusSeconds(30).minusMillis(1));
        assertEquals("alice", gates.hs256().principal(token).getName());
        gates.clock.set(Tokens.NOW.plusSeconds(30));
        assertEquals(Reason.EXPIRED, gates.hs256().reason(token));
    }

    @ParameterizedTest(name = "leeway {0}")
    @CsvSource({"0", "1", "300"})
    void leewayEdges_expAndNbfToTheMillisecond(int leeway) {
        Gate gate = gates.hs256("leeway", Integer.toString(leeway), "cacheMaxSize", "0");
        String expiring = valid().issuedAt(Tokens.NOW.minusSeconds(600)).expiresAt(Tokens.NOW).sign();
        String future = valid().notBefore(Tokens.NOW.plusSeconds(leeway)).sign();
        String tooFuture = valid().claim("nbf", NOW + leeway + 0.001).sign();
        gates.clock.set(Tokens.NOW.plusSeconds(leeway).minusMillis(1));
        assertEquals("alice", gate.principal(expiring).getName());
        gates.clock.set(Tokens.NOW.plusSeconds(leeway));
        assertEquals(Reason.EXPIRED, gate.reason(expiring));
        gates.clock.set(Tokens.NOW);
        assertEquals("alice", gate.principal(future).getName());
        assertEquals(Reason.NOT_YET_VALID, gate.reason(tooFuture));
    }

    @ParameterizedTest(name = "leeway {0}")
    @ValueSource(strings = {"301", "-1", "86400", "9223372036854775807"})
    void leewayBeyondTheLimit_refusedAtInit(String leeway) {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> gates.hs256("leeway", leeway));
        assertEquals("leeway", e.getParameter());
    }

    // --- nbf and iat ---

    @Test
    void nbfInFutureBeyondLeeway_refused() {
        assertEquals(Reason.NOT_YET_VALID, gates.hs256().reason(valid().notBefore(Tokens.NOW.plusSeconds(31)).sign()));
        assertEquals(Reason.NOT_YET_VALID, gates.hs256().reason(valid().claim("nbf", NOW + 30.5).sign()));
        assertEquals(Reason.NOT_YET_VALID, gates.hs256().reason(valid().claim("nbf", 253_402_300_799L).sign()));
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(valid().claim("nbf", Long.MAX_VALUE).sign()));
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(valid().claim("nbf", 1.0e300).sign()));
    }

    @Test
    void nbfWithinLeewayOrPast_accepted() {
        assertEquals("alice", gates.hs256().principal(valid().notBefore(Tokens.NOW.plusSeconds(30)).sign()).getName());
        assertEquals("alice", gates.hs256().principal(valid().notBefore(Tokens.NOW.minusSeconds(3600)).sign()).getName());
        assertEquals("alice", gates.hs256().principal(valid().claim("nbf", 0).sign()).getName());
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(valid().claim("nbf", Long.MIN_VALUE).sign()));
    }

    @Test
    void nbfOneSecondAheadWithoutLeeway_refused() {
        assertEquals(Reason.NOT_YET_VALID, gates.hs256("leeway", "0").reason(valid().notBefore(Tokens.NOW.plusSeconds(1))
                .sign()));
        assertEquals("alice", gates.hs256("leeway", "0").principal(valid().notBefore(Tokens.NOW).sign()).getName());
    }

    @Test
    void iatInFutureBeyondLeeway_refused() {
        assertEquals(Reason.NOT_YET_VALID, gates.hs256().reason(valid().issuedAt(Tokens.NOW.plusSeconds(31)).sign()));
        assertEquals(Reason.NOT_YET_VALID, gates.hs256().reason(valid().claim("iat", 253_402_300_799L).sign()));
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(valid().claim("iat", Long.MAX_VALUE).sign()));
        assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(valid().claim("iat", -1).sign()));
    }

    @Test
    void iatWithinLeeway_accepted() {
        assertEquals("alice", gates.hs256().principal(valid().issuedAt(Tokens.NOW.plusSeconds(30)).sign()).getName());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"nbf", "iat"})
    void nbfOrIatNotANumber_refused(String claim) {
        for (Object value : new Object[] {"yesterday", "1700000000", true, java.util.List.of(1), java.util.Map.of()}) {
            assertEquals(Reason.BAD_TIME_CLAIM, gates.hs256().reason(valid().claim(claim, value).sign()), claim + "=" + value);
        }
    }

    @Test
    void notYetValidToken_notCachedAsRefusalAndAcceptedOnceDue() {
        // The refusal is not remembered: once nbf is reached the same token is verified afresh.
        Gate gate = gates.hs256("leeway", "0");
        String token = valid().notBefore(Tokens.NOW.plusSeconds(60)).sign();
        assertEquals(Reason.NOT_YET_VALID, gate.reason(token));
        gates.clock.advance(Duration.ofSeconds(60));
        assertEquals("alice", gate.principal(token).getName());
    }
}
