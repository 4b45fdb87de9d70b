package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * {@code verify}: each verdict the filter can reach locally, with its exit code, the answer the client
 * gets, and an explanation precise enough to act on; never the token, the secret or a claim set, and
 * never a token-supplied control character.
 */
class VerifyCommandTest {

    private final byte[] secret = Keys.secret(32);
    private final String secretText = Base64.getEncoder().encodeToString(secret);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final Cli cli = new Cli(clock);
    private final Map<String, String> params = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void hs256FilterWithIssuerAndAudience() {
        cli.env("JWT_SECRET", secretText);
        params.put("algorithms", "HS256");
        params.put("secret", "env:JWT_SECRET");
        params.put("secretEncoding", "base64");
        params.put("issuer", Tokens.ISSUER);
        params.put("audience", Tokens.AUDIENCE);
    }

    private Cli.Result verify(String token, int exit) throws Exception {
        StringBuilder properties = new StringBuilder();
        params.forEach((name, value) -> properties.append(name).append('=').append(value).append('\n'));
        Path file = Files.writeString(dir.resolve("jwtgate.properties"), properties);
        Cli.Result result = cli.stdin(token).run("verify", "--properties", file.toString()).exits(exit);
        assertNoLeak(result, token);
        return result;
    }

    /** The verdict, the answer the client gets, and each fragment of the explanation. */
    private static void assertSays(Cli.Result result, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(result.out.contains(fragment), () -> "missing <" + fragment + "> in:\n" + result);
        }
    }

    private void assertNoLeak(Cli.Result result, String token) {
        String all = result.all();
        assertFalse(all.contains(secretText), "the secret was printed");
        if (token.length() > 20) {
            assertFalse(all.contains(token.strip()), "the token was printed");
        }
        String[] parts = token.strip().split("\\.");
        if (parts.length == 3 && parts[1].length() > 20) {
            assertFalse(all.contains(parts[1]), "the payload was printed");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            assertFalse(all.contains(payload), "the claim set was printed");
        }
        assertFalse(all.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), "a control character got out");
    }

    private Tokens token() {
        return Tokens.hs256(secret);
    }

    @Test
    void verify_validToken_isAccepted_withPrincipalRolesScopesExpiryIssuerAudience() throws Exception {
        Cli.Result result = verify(token().roles(List.of("user", "admin")).scope("orders:read orders:write")
                .keyId("k1").sign(), ExitCode.OK);

        assertSays(result, "ACCEPTED", "principal  alice", "roles      admin, user", "scopes     orders:read, orders:write",
                "expires    2026-11-22T11:00:00Z (in 1h 0m 0s)", "issuer     " + Tokens.ISSUER,
                "audience   " + Tokens.AUDIENCE, "algorithm  HS256, kid k1");
        assertEquals("", result.err, "an accepted token with issuer and audience set logs no warning");
    }

    /** Issue 15: with issuer blocks, which block a token chose, each block's keys, and an iss a slash away. */
    @Test
    void verify_issuerBlocks_namesTheBlockItsKeysAndAnIssOffByATrailingSlash() throws Exception {
        byte[] partnerSecret = Keys.secret(32);
        cli.env("PARTNER_SECRET", Base64.getEncoder().encodeToString(partnerSecret));
        params.remove("secret");
        params.remove("secretEncoding");
        params.remove("issuer");
        params.put("issuers", "corp, partner");
        params.put("corp.issuer", Tokens.ISSUER);
        params.put("corp.secret", "env:JWT_SECRET");
        params.put("corp.secretEncoding", "base64");
        params.put("partner.issuer", "https://partner.example/");
        params.put("partner.secret", "env:PARTNER_SECRET");
        params.put("partner.secretEncoding", "base64");

        assertSays(verify(token().sign(), ExitCode.OK), "ACCEPTED", "block      corp",
                "keys of corp: 1 key(s) in force", "keys of partner: 1 key(s) in force");
        assertSays(verify(Tokens.hs256(partnerSecret).issuer("https://partner.example/").sign(), ExitCode.OK),
                "block      partner");
        assertSays(verify(token().issuer("https://partner.example/").sign(), ExitCode.REJECTED),
                "REJECTED: BAD_SIGNATURE", "issuer block partner (its iss), whose keys and rules apply");
        assertSays(verify(Tokens.hs256(partnerSecret).issuer("https://partner.example").sign(), ExitCode.REJECTED),
                "REJECTED: BAD_ISSUER", "chooses no issuers block, so no key was tried",
                "iss differs from the configured issuer https://partner.example/ (block partner) only by a "
                        + "trailing slash");
    }

    @Test
    void verify_tokenSignedBySignThenClockPastItsTtl_isExpired() throws Exception {
        String token = cli.sign("--alg", "HS256", "--key", "env:JWT_SECRET", "--secret-encoding", "base64",
                "--sub", "alice", "--iss", Tokens.ISSUER, "--aud", Tokens.AUDIENCE, "--ttl", "15m");
        verify(token, ExitCode.OK);

        clock.advance(Duration.ofMinutes(16));

        assertSays(verify(token, ExitCode.REJECTED), "REJECTED: EXPIRED",
                "the token expired at 2026-11-22T10:15:00Z, 1m 0s ago; now is 2026-11-22T10:16:00Z",
                "leeway of 30s ended at 2026-11-22T10:15:30Z");
    }

    @Test
    void verify_expired_saysWhenAndTheCurrentTime() throws Exception {
        assertSays(verify(token().expiresAt(Tokens.NOW.minusSeconds(3600)).sign(), ExitCode.REJECTED),
                "REJECTED: EXPIRED",
                "the client gets: HTTP 401, WWW-Authenticate: Bearer error=\"invalid_token\", "
                        + "error_description=\"The access token has expired.\"",
                "expired at 2026-11-22T09:00:00Z, 1h 0m 0s ago; now is 2026-11-22T10:00:00Z");
    }

    @Test
    void verify_notBeforeInTheFuture_isNotYetValid() throws Exception {
        assertSays(verify(token().notBefore(Tokens.NOW.plusSeconds(3600)).sign(), ExitCode.REJECTED),
                "REJECTED: NOT_YET_VALID", "nbf is 2026-11-22T11:00:00Z, 1h 0m 0s from now");
    }

    @Test
    void verify_issuedInTheFuture_isNotYetValid_blamingAClock() throws Exception {
        assertSays(verify(token().issuedAt(Tokens.NOW.plusSeconds(600)).sign(), ExitCode.REJECTED),
                "REJECTED: NOT_YET_VALID", "iat is 2026-11-22T10:10:00Z, 10m 0s in the future", "clock");
    }

    @Test
    void verify_otherSecret_isBadSignature_namingTheKeyTriedAndTheEncoding() throws Exception {
        assertSays(verify(Tokens.hs256(Keys.secret(32)).sign(), ExitCode.REJECTED), "REJECTED: BAD_SIGNATURE",
                "the HS256 signature verifies with none of the keys tried: secret env:JWT_SECRET",
                "secretEncoding is base64 here");
    }

    @Test
    void verify_tokenSignedWithTheSecretsTextButFilterDecodesBase64_isBadSignature() throws Exception {
        String token = cli.sign("--alg", "HS256", "--key", "env:JWT_SECRET", "--sub", "alice", "--iss",
                Tokens.ISSUER, "--aud", Tokens.AUDIENCE);

        assertSays(verify(token, ExitCode.REJECTED), "REJECTED: BAD_SIGNATURE", "decodes the same text differently");
    }

    @Test
    void verify_algorithmNotAllowed_isUnsupportedAlgorithm_listingTheAllowedOnes() throws Exception {
        assertSays(verify(Tokens.hs384(Keys.secret(48)).sign(), ExitCode.REJECTED), "REJECTED: UNSUPPORTED_ALGORITHM",
                "the header's alg is \"HS384\"; algorithms allows HS256",
                "if the issuer really signs with HS384, add it to algorithms");
    }

    @Test
    void verify_algNone_isUnsupportedAlgorithm_neverAccepted() throws Exception {
        String unsigned = Tokens.b64("{\"alg\":\"none\"}") + "." + Tokens.b64("{\"sub\":\"alice\"}") + ".c2ln";

        assertSays(verify(unsigned, ExitCode.REJECTED), "REJECTED: UNSUPPORTED_ALGORITHM", "alg none) is never accepted");
    }

    @Test
    void verify_otherIssuer_isBadIssuer_namingBothSides() throws Exception {
        assertSays(verify(token().issuer("https://other.example").sign(), ExitCode.REJECTED), "REJECTED: BAD_ISSUER",
                "iss is \"https://other.example\"; accepted (issuer): " + Tokens.ISSUER);
    }

    @Test
    void verify_noIssuer_isBadIssuer_sayingAbsent() throws Exception {
        assertSays(verify(token().without("iss").sign(), ExitCode.REJECTED), "REJECTED: BAD_ISSUER", "iss is absent");
    }

    @Test
    void verify_otherAudience_isBadAudience_namingBothSides() throws Exception {
        assertSays(verify(token().audience(List.of("billing", "crm")).sign(), ExitCode.REJECTED),
                "REJECTED: BAD_AUDIENCE", "aud is [\"billing\", \"crm\"]; accepted (audience)", Tokens.AUDIENCE);
    }

    @Test
    void verify_requiredClaimAbsent_isMissingClaim_namingIt() throws Exception {
        params.put("requiredClaims", "tenant, email");

        assertSays(verify(token().claim("email", "a@example.com").sign(), ExitCode.REJECTED), "REJECTED: MISSING_CLAIM",
                "required claims absent or null: tenant");
    }

    @Test
    void verify_noSubject_isMissingClaim_namingThePrincipalClaim() throws Exception {
        assertSays(verify(token().without("sub").sign(), ExitCode.REJECTED), "REJECTED: MISSING_CLAIM",
                "the principal's claim sub (principalClaim) is absent");
    }

    @Test
    void verify_subjectIsANumber_isBadClaim() throws Exception {
        assertSays(verify(token().subject(null).claim("sub", 5).sign(), ExitCode.REJECTED), "REJECTED: BAD_CLAIM",
                "the principal's claim sub (principalClaim) is the number 5");
    }

    @Test
    void verify_nbfIsAString_isBadTimeClaim() throws Exception {
        assertSays(verify(token().claim("nbf", "soon").sign(), ExitCode.REJECTED), "REJECTED: BAD_TIME_CLAIM",
                "nbf is a string, not a NumericDate");
    }

    @Test
    void verify_subjectWithControlCharacters_isBadClaim_printedWithoutThem() throws Exception {
        Cli.Result result = verify(token().subject("alice\u001b[31m\u0007").sign(), ExitCode.REJECTED);

        assertSays(result, "REJECTED: BAD_CLAIM", "contains control characters (alice?[31m?)");
    }

    @Test
    void verify_issuerWithTerminalEscapesAndBidi_isPrintedWithoutThem() throws Exception {
        Cli.Result result = verify(token().issuer("evil\u001b]0;pwned\u0007\u202etxt").sign(), ExitCode.REJECTED);

        assertSays(result, "REJECTED: BAD_ISSUER", "iss is \"evil?]0;pwned??txt\"");
    }

    @Test
    void verify_noExp_isMissingExpiry() throws Exception {
        assertSays(verify(token().without("exp").sign(), ExitCode.REJECTED), "REJECTED: MISSING_EXPIRY",
                "the token has no exp, and requireExp is true");
    }

    @Test
    void verify_expIsAString_isBadTimeClaim_sayingItsType() throws Exception {
        assertSays(verify(token().claim("exp", "1795000000").sign(), ExitCode.REJECTED), "REJECTED: BAD_TIME_CLAIM",
                "exp is a string, not a NumericDate");
    }

    @Test
    void verify_criticalHeader_isUnsupportedCriticalHeader() throws Exception {
        assertSays(verify(token().headerParam("crit", List.of("b64")).sign(), ExitCode.REJECTED),
                "REJECTED: UNSUPPORTED_CRITICAL_HEADER", "crit: [\"b64\"]");
    }

    @Test
    void verify_kidOfNoLabelAndNoUnlabelledKey_isNoMatchingKey_listingTheConfiguredKeys() throws Exception {
        params.put("secret", "2026-11=env:JWT_SECRET");

        assertSays(verify(token().keyId("2026-05").sign(), ExitCode.REJECTED), "REJECTED: NO_MATCHING_KEY",
                "no configured key fits alg \"HS256\" with kid \"2026-05\"",
                "configured: secret 2026-11=env:JWT_SECRET (label 2026-11), verifies HS256");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc.def|the token has 2 dot-separated parts",
        "a.b.c.d.e|5 is an encrypted JWE",
        "eyJhbGciOiJIUzI1NiJ9.e30.c2ln=|the signature (part 3) ends in = padding",
        "eyJhbGciOiJIUzI1NiJ9.e30.c2ln+|has + or /",
        "eyJhbGciOiJIUzI1NiJ9..c2ln|the payload (part 2) is empty",
        "eyJhbGciOiJIUzI1NiJ9.e31.c2ln|not canonical base64url",
        "bm90IGpzb24.e30.c2ln|the header is not valid JSON",
        "WzFd.e30.c2ln|the header is not a JSON object",
        "e30.e30.c2ln|the header has no alg string"})
    void verify_malformed_isMalformedToken_sayingWhereItBreaks(String token, String why) throws Exception {
        assertSays(verify(token, ExitCode.REJECTED), "REJECTED: MALFORMED_TOKEN", why);
    }

    @Test
    void verify_duplicateHeaderMember_isMalformedToken() throws Exception {
        String token = token().rawHeader("{\"alg\":\"HS256\",\"alg\":\"none\"}").sign();

        assertSays(verify(token, ExitCode.REJECTED), "REJECTED: MALFORMED_TOKEN", "the header has a duplicate member");
    }

    @Test
    void verify_tokenWithASpace_isInvalidRequest_sayingWhere() throws Exception {
        assertSays(verify("abc def", ExitCode.REJECTED), "REJECTED: INVALID_REQUEST",
                "the client gets: HTTP 400, WWW-Authenticate: Bearer error=\"invalid_request\"",
                "character 4 of the token, U+0020");
    }

    @Test
    void verify_paddingInsideTheToken_isInvalidRequest_notMalformed_asTheFilterAnswers400() throws Exception {
        assertSays(verify("eyJhbGciOiJIUzI1NiJ9.e30=.c2ln", ExitCode.REJECTED), "REJECTED: INVALID_REQUEST",
                "character 25 of the token is = with more after it");
    }

    @Test
    void verify_quotedToken_isInvalidRequest_sayingRemoveTheQuotes() throws Exception {
        assertSays(verify("\"" + token().sign() + "\"", ExitCode.REJECTED), "REJECTED: INVALID_REQUEST",
                "remove the quotes");
    }

    @Test
    void verify_longerThanMaxTokenLength_isTokenTooLong() throws Exception {
        params.put("maxTokenLength", "64");
        String token = token().sign();

        assertSays(verify(token, ExitCode.REJECTED), "REJECTED: TOKEN_TOO_LONG",
                "the token is " + token.length() + " characters long; maxTokenLength is 64");
    }

    @Test
    void verify_roleMissing_isForbidden403_exit3_namingTheRoles() throws Exception {
        params.put("requiredRoles", "admin, auditor");

        assertSays(verify(token().roles(List.of("user", "admin")).sign(), ExitCode.FORBIDDEN), "FORBIDDEN: MISSING_ROLE",
                "HTTP 403, WWW-Authenticate: Bearer error=\"insufficient_scope\"",
                "the token is valid, for alice, but lacks roles auditor that requiredRoles requires (admin, auditor)",
                "its roles (from rolesClaim roles): admin, user");
    }

    @Test
    void verify_scopeMissing_isForbidden403_exit3_namingTheScopes() throws Exception {
        params.put("requiredScopes", "orders:write");

        assertSays(verify(token().scope("orders:read").sign(), ExitCode.FORBIDDEN), "FORBIDDEN: MISSING_SCOPE",
                "scope=\"orders:write\"", "lacks scopes orders:write", "its scopes (from the scope string and the scp "
                        + "array or string): orders:read");
    }

    /** RS256 keys from a JWK Set on a closed loopback port, {@code pathAndQuery} after the port; returns the port. */
    private int unreachableJwks(String pathAndQuery) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            port = socket.getLocalPort();
        }
        params.remove("secret");
        params.remove("secretEncoding");
        params.put("algorithms", "RS256");
        params.put("jwksUri", "http://127.0.0.1:" + port + pathAndQuery);
        params.put("jwksTimeout", "2");
        return port;
    }

    @Test
    void verify_jwksUriOnAClosedPort_isKeysUnavailable503_exit4_andLogsWhy() throws Exception {
        int port = unreachableJwks("/jwks.json");

        Cli.Result result = verify(Tokens.with("RS256", Keys.rsa().getPrivate()).sign(), ExitCode.UNAVAILABLE);

        assertSays(result, "UNAVAILABLE: KEYS_UNAVAILABLE", "the client gets: HTTP 503, Retry-After: ",
                "the JWK Set at http://127.0.0.1:" + port + "/jwks.json cannot be obtained");
        assertTrue(result.err.contains("filter log: WARNING JwtGate could not fetch the JWK Set"), result.err);
    }

    @Test
    void verify_jwksUriWithQueryUnreachable_outputAndFilterLogNeverShowTheQuery() throws Exception {
        int port = unreachableJwks("/jwks.json?api_key=s3cr3t-in-query");

        Cli.Result result = verify(Tokens.with("RS256", Keys.rsa().getPrivate()).sign(), ExitCode.UNAVAILABLE);

        assertSays(result, "the JWK Set at http://127.0.0.1:" + port + "/jwks.json cannot be obtained");
        assertFalse(result.out.contains("s3cr3t-in-query") || result.out.contains("api_key"), result.out);
        assertFalse(result.err.contains("s3cr3t-in-query") || result.err.contains("api_key"), result.err);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "leeway|999|leeway: expected whole seconds from 0 to 300",
        "secret|sw0rdfish-but-literal|secret: literal keys are refused",
        "algorithms|HS256, RS257|algorithms: an unknown algorithm is listed",
        "requiredRole|admin|requiredRole: unknown init-param",
        "secret|env:NOT_SET|secret: environment variable NOT_SET is not set"})
    void verify_configurationTheFilterRefuses_isInvalidConfiguration_exit5_namingTheParam(String name, String value,
            String message) throws Exception {
        params.put(name, value);

        Cli.Result result = verify(token().sign(), ExitCode.CONFIGURATION);

        assertTrue(result.err.contains("the filter would not start: " + message), result.err);
        assertFalse(result.all().contains("sw0rdfish"), "the refused literal is not echoed");
    }

    @Test
    void verify_weakSecret_isInvalidConfiguration_withoutShowingIt() throws Exception {
        cli.env("JWT_SECRET", "abcdefghijklmnopqrstuvwxyzabcdefghij");
        params.put("secretEncoding", "utf8");

        Cli.Result result = verify(token().sign(), ExitCode.CONFIGURATION);

        assertTrue(result.err.contains("secret: the secret from env:JWT_SECRET is refused"), result.err);
        assertFalse(result.all().contains("abcdefghijklmnop"));
    }

    @Test
    void verify_rejected_showsTheFiltersLogOnStandardError_withoutTheSecret() throws Exception {
        Cli.Result result = verify(token().issuer("https://other.example").sign(), ExitCode.REJECTED);

        assertTrue(result.err.contains("filter log: INFO JwtGate filter 'jwtgate.properties' protects this application"),
                result.err);
        assertTrue(result.err.contains("secret=[env:JWT_SECRET] (base64)"), result.err);
        assertTrue(result.err.contains("filter log: DEBUG JwtGate rejected a request: BAD_ISSUER"), result.err);
    }

    @Test
    void verify_acceptedWithoutIssuerOrAudience_warnsAsTheFilterDoes() throws Exception {
        params.remove("issuer");
        params.remove("audience");

        Cli.Result result = verify(token().sign(), ExitCode.OK);

        assertTrue(result.err.contains("issuer is not set, so the iss claim is not checked"), result.err);
        assertTrue(result.err.contains("audience is not set"), result.err);
        assertFalse(result.err.contains("protects this application"), "the start line only when refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s", "%s\n", "%s\r\n", "  %s  \n", "Bearer %s\n", "bearer   %s", "Authorization: Bearer %s\n"})
    void verify_tokenOnStandardInput_withOrWithoutBearerAndNewline_isAccepted(String format) throws Exception {
        verify(String.format(format, token().sign()), ExitCode.OK);
    }

    @Test
    void verify_tokenAsArgument_isAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("p.properties"), "algorithms=HS256\nsecret=env:JWT_SECRET\n"
                + "secretEncoding=base64\n");

        cli.run("verify", "--properties", file.toString(), "Bearer " + token().sign()).exits(ExitCode.OK);
        cli.stdin(token().sign()).run("verify", "--properties", file.toString(), "-").exits(ExitCode.OK);
    }

    @Test
    void verify_noToken_isAUsageError() throws Exception {
        assertTrue(verify("\n", ExitCode.USAGE).err.contains("no token given"));
        assertTrue(verify("Bearer ", ExitCode.USAGE).err.contains("no token given"));
    }

    @Test
    void verify_settingsGivenTwiceOrNotAtAll_isAUsageError() throws Exception {
        Path file = Files.writeString(dir.resolve("p.properties"), "algorithms=HS256\n");

        cli.run("verify", "x").exits(ExitCode.USAGE);
        cli.run("verify", "--properties", file.toString(), "--web-xml", file.toString(), "x").exits(ExitCode.USAGE);
        assertTrue(cli.run("verify", "--properties", file.toString(), "--filter", "a", "x").exits(ExitCode.USAGE)
                .err.contains("--filter applies to --web-xml only"));
        cli.run("verify", "--properties", file.toString(), "x", "y").exits(ExitCode.USAGE);
    }

    @Test
    void verify_settingsFileMissingOrADirectory_isAUsageError() {
        assertTrue(cli.run("verify", "--properties", dir.resolve("none.properties").toString(), "x")
                .exits(ExitCode.USAGE).err.contains("cannot be read"));
        assertTrue(cli.run("verify", "--web-xml", dir.toString(), "x").exits(ExitCode.USAGE)
                .err.contains("is a directory"));
    }

    // --- token hygiene (contract v2) ---

    @Test
    void verify_logoutTokenType_isUnacceptedTokenType_namingTypAndTokenTypes() throws Exception {
        assertSays(verify(token().headerParam("typ", "logout+jwt").sign(), ExitCode.REJECTED),
                "REJECTED: UNACCEPTED_TOKEN_TYPE", "error_description=\"The access token is not of an accepted type.\"",
                "the header's typ is \"logout+jwt\"", "none, jwt, at+jwt (tokenTypes", "is not an access token");
    }

    @Test
    void verify_noTypWhereNoneNotListed_isUnacceptedTokenType_sayingSo() throws Exception {
        params.put("tokenTypes", "at+jwt");
        assertSays(verify(token().rawHeader("{\"alg\":\"HS256\"}").sign(), ExitCode.REJECTED),
                "REJECTED: UNACCEPTED_TOKEN_TYPE", "the token has no typ, and tokenTypes does not list none");
    }

    @Test
    void verify_typNotAString_isMalformed_sayingWhy() throws Exception {
        assertSays(verify(token().headerParam("typ", 7).sign(), ExitCode.REJECTED), "REJECTED: MALFORMED_TOKEN",
                "the header's typ is not a string");
    }

    @Test
    void verify_expHuge_isBadTimeClaim_sayingTheRange() throws Exception {
        assertSays(verify(token().claim("exp", Long.MAX_VALUE).sign(), ExitCode.REJECTED), "REJECTED: BAD_TIME_CLAIM",
                "exp is the number 9223372036854775807, outside 0 to 253402300799");
    }

    @Test
    void verify_expNullWithRequireExpFalse_isBadTimeClaim_sayingNullIsNoTime() throws Exception {
        params.put("requireExp", "false");
        assertSays(verify(token().claim("exp", null).sign(), ExitCode.REJECTED), "REJECTED: BAD_TIME_CLAIM",
                "exp is null: null is not a time, and does not mean never");
    }

    @Test
    void verify_tooOld_isTooOld_namingIatMaxTokenAgeAndTheEnd() throws Exception {
        params.put("maxTokenAge", "3600");
        assertSays(verify(token().issuedAt(Tokens.NOW.minusSeconds(7200)).sign(), ExitCode.REJECTED),
                "REJECTED: TOO_OLD", "the token was issued at 2026-11-22T08:00:00Z, 2h 0m 0s ago",
                "maxTokenAge is 3600s and the leeway 30s, so it was accepted until 2026-11-22T09:00:30Z");
    }

    @Test
    void verify_noIatUnderMaxTokenAge_isMissingIssuedAt() throws Exception {
        params.put("maxTokenAge", "3600");
        assertSays(verify(token().without("iat").sign(), ExitCode.REJECTED), "REJECTED: MISSING_ISSUED_AT",
                "the token has no iat, and maxTokenAge (3600s) needs it");
    }

    @Test
    void verify_acceptedUnderMaxTokenAge_showsWhenItGrowsTooOld() throws Exception {
        params.put("maxTokenAge", "600");
        assertSays(verify(token().sign(), ExitCode.OK), "ACCEPTED", "too old    after 2026-11-22T10:10:30Z");
    }

    @Test
    void verify_cnf_isBoundToken_namingBoundTokens() throws Exception {
        assertSays(verify(token().claim("cnf", Map.of("jkt", "abc")).sign(), ExitCode.REJECTED),
                "REJECTED: BOUND_TOKEN", "the token has a cnf claim", "boundTokens is reject");
    }

    @Test
    void verify_claimValueMismatch_namesTheClaimItsValueAndTheAcceptedOnes() throws Exception {
        params.put("requiredClaimValues", "typ=Bearer, azp=web, azp=cli");
        assertSays(verify(token().claim("typ", "ID").claim("azp", "web").sign(), ExitCode.REJECTED),
                "REJECTED: CLAIM_VALUE_MISMATCH", "typ is \"ID\"; requiredClaimValues accepts Bearer");
        assertSays(verify(token().claim("typ", "Bearer").sign(), ExitCode.REJECTED),
                "azp is absent; requiredClaimValues accepts any of web, cli");
    }

    @Test
    void verify_blankSubject_isBlankPrincipal() throws Exception {
        assertSays(verify(token().subject(" \u200b ").sign(), ExitCode.REJECTED), "REJECTED: BLANK_PRINCIPAL",
                "the principal's claim sub (principalClaim) is empty, or holds only white space");
    }
}
