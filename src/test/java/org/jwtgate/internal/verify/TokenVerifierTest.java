package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.VerificationKey;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * Token verification end to end through {@link Authenticator} (extractor, verifier, cache), built
 * from init-params the way the filter builds it. Each test starts from a token that is valid by
 * default and changes one thing. What the checks do; the attacks on them (algorithms, signatures,
 * key headers, time, claims) are the families in {@code org.jwtgate.security}; each stage of the
 * verifier alone is tested by its own class ({@code HeaderPolicyTest}, {@code SignatureVerifierTest},
 * {@code TimePolicyTest}, {@code ClaimsPolicyTest}, {@code PrincipalMapperTest},
 * {@code AuthorizationTest}, {@code ClaimHeaderMapperTest}).
 */
class TokenVerifierTest {

    private static final long NOW = Tokens.NOW.getEpochSecond();

    private final byte[] secret = Keys.secret(64);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final Map<String, String> env = new HashMap<>();

    TokenVerifierTest() {
        env.put("SECRET", Base64.getEncoder().encodeToString(secret));
    }

    // --- fixture ---

    /** An HS256 gate checking issuer and audience; {@code overrides} are name/value pairs, a null value removes. */
    private Authenticator gate(String... overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithms", "HS256");
        params.put("secret", "env:SECRET");
        params.put("secretEncoding", "base64");
        params.put("issuer", Tokens.ISSUER);
        params.put("audience", Tokens.AUDIENCE);
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        ReferenceResolver resolver = new ReferenceResolver(env::get, name -> null);
        return Authenticator.create(InitParameters.parse(params, resolver, clock), resolver);
    }

    /** A gate for one public-key algorithm with {@code keys}' public key; no secret. */
    private Authenticator publicKeyGate(String algorithms, KeyPair keys, String... overrides) {
        env.put("PUB", Keys.pem(keys.getPublic()));
        String[] all = Arrays.copyOf(new String[] {"algorithms", algorithms, "secret", null, "secretEncoding", null,
                "publicKeys", "env:PUB"}, 8 + overrides.length);
        System.arraycopy(overrides, 0, all, 8, overrides.length);
        return gate(all);
    }

    private Tokens valid() {
        return Tokens.hs256(secret);
    }

    private static Enumeration<String> none() {
        return Collections.emptyEnumeration();
    }

    private static Decision outcome(Authenticator gate, String token) {
        return gate.authenticate(name -> name.equals("Authorization")
                ? Collections.enumeration(List.of("Bearer " + token)) : none(), null);
    }

    private static AuthenticationResult result(Authenticator gate, String token) {
        return outcome(gate, token).result();
    }

    private static Reason reason(Authenticator gate, String token) {
        AuthenticationResult result = result(gate, token);
        assertEquals(Kind.REJECTED, result.kind(), "expected a rejection, got " + result);
        return result.reason();
    }

    private static JwtPrincipal principal(Authenticator gate, String token) {
        AuthenticationResult result = result(gate, token);
        assertEquals(Kind.AUTHENTICATED, result.kind(), "expected authentication, got " + result);
        return result.principal();
    }

    // --- algorithms accepted with the right key ---

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void verify_hmacAlgorithmWithRightSecret_authenticated(String alg) {
        Tokens token = alg.equals("HS256") ? Tokens.hs256(secret) : alg.equals("HS384") ? Tokens.hs384(secret)
                : Tokens.hs512(secret);
        assertEquals("alice", principal(gate("algorithms", alg), token.sign()).getName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
    void verify_rsaAlgorithmWithRightKey_authenticated(String alg) {
        String token = Tokens.with(alg, Keys.rsa().getPrivate()).sign();
        assertEquals("alice", principal(publicKeyGate(alg, Keys.rsa()), token).getName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "ES512"})
    void verify_ecAlgorithmWithRightKey_authenticated(String alg) {
        KeyPair keys = ecKeys(alg);
        String token = Tokens.with(alg, keys.getPrivate()).sign();
        assertEquals("alice", principal(publicKeyGate(alg, keys), token).getName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ed25519", "Ed448"})
    void verify_edDsaSignedByJdkSignature_authenticated(String curve) throws Exception {
        KeyPair keys = java.security.KeyPairGenerator.getInstance(curve).generateKeyPair();
        String token = Tokens.eddsa(keys.getPrivate()).sign();
        assertEquals("alice", principal(publicKeyGate("EdDSA", keys), token).getName());
    }

    private static KeyPair ecKeys(String alg) {
        return alg.equals("ES256") ? Keys.ec256() : alg.equals("ES384") ? Keys.ec384() : Keys.ec521();
    }

    // --- key selection by kid ---

    private final byte[] labelledSecret = Keys.secret(64);

    private Authenticator labelledGate() {
        env.put("LABELLED", Base64.getEncoder().encodeToString(labelledSecret));
        return gate("secret", "k1=env:LABELLED, env:SECRET");
    }

    @Test
    void verify_kidOfLabelledKeySignedWithIt_authenticated() {
        assertEquals("alice", principal(labelledGate(), Tokens.hs256(labelledSecret).keyId("k1").sign()).getName());
    }

    @Test
    void verify_unknownKidSignedWithUnlabelledKey_authenticated() {
        assertEquals("alice", principal(labelledGate(), Tokens.hs256(secret).keyId("k2").sign()).getName());
    }

    @Test
    void verify_noKidSignedWithUnlabelledKey_authenticated() {
        assertEquals("alice", principal(labelledGate(), Tokens.hs256(secret).sign()).getName());
    }

    @Test
    void verify_onlyLabelledKeysAndUnknownKid_noMatchingKey() {
        env.put("LABELLED", Base64.getEncoder().encodeToString(labelledSecret));
        Authenticator gate = gate("secret", "k1=env:LABELLED");
        assertEquals(Reason.NO_MATCHING_KEY, reason(gate, Tokens.hs256(labelledSecret).keyId("k2").sign()));
        assertEquals(Reason.NO_MATCHING_KEY, reason(gate, Tokens.hs256(labelledSecret).sign()));
    }

    // --- exp ---

    @Test
    void verify_requireExpFalseAndNoExp_authenticatedWithoutExpiry() {
        JwtPrincipal principal = principal(gate("requireExp", "false"), valid().without("exp").sign());
        assertNull(principal.getExpiresAt());
    }

    @Test
    void verify_validExp_principalCarriesExpiry() {
        assertEquals(Tokens.NOW.plusSeconds(3600), principal(gate(), valid().sign()).getExpiresAt());
    }

    // --- iss ---

    @Test
    void verify_issOneOfSeveralConfigured_authenticated() {
        Authenticator gate = gate("issuer", "https://a.example, " + Tokens.ISSUER);
        assertEquals("alice", principal(gate, valid().sign()).getName());
        assertEquals("alice", principal(gate, valid().issuer("https://a.example").sign()).getName());
    }

    @Test
    void verify_issuerNotConfigured_anyIssAccepted() {
        assertEquals("alice", principal(gate("issuer", null), valid().issuer("https://other.example").sign()).getName());
        assertEquals("alice", principal(gate("issuer", null), valid().without("iss").sign()).getName());
    }

    // --- aud ---

    @Test
    void verify_audSameString_authenticated() {
        assertEquals("alice", principal(gate(), valid().audience(Tokens.AUDIENCE).sign()).getName());
    }

    @Test
    void verify_audArrayContainingAudience_authenticated() {
        assertEquals("alice", principal(gate(), valid().audience(List.of("other", Tokens.AUDIENCE)).sign()).getName());
    }

    @Test
    void verify_audienceNotConfigured_anyAudAccepted() {
        assertEquals("alice", principal(gate("audience", null), valid().without("aud").sign()).getName());
    }

    // --- requiredClaims ---

    @Test
    void verify_requiredClaimMissing_missingClaim() {
        assertEquals(Reason.MISSING_CLAIM, reason(gate("requiredClaims", "tenant"), valid().sign()));
    }

    @Test
    void verify_requiredClaimPresentWithFalsyValue_authenticated() {
        Authenticator gate = gate("requiredClaims", "tenant");
        assertEquals("alice", principal(gate, valid().claim("tenant", "").sign()).getName());
        assertEquals("alice", principal(gate, valid().claim("tenant", false).sign()).getName());
        assertEquals("alice", principal(gate, valid().claim("tenant", 0).sign()).getName());
    }

    @Test
    void verify_oneOfSeveralRequiredClaimsMissing_missingClaim() {
        assertEquals(Reason.MISSING_CLAIM, reason(gate("requiredClaims", "tenant, email"),
                valid().claim("tenant", "acme").sign()));
    }

    // --- principal claim ---

    @Test
    void verify_principalClaimConfigured_namesPrincipal() {
        assertEquals("alice@example.com", principal(gate("principalClaim", "email"),
                valid().claim("email", "alice@example.com").sign()).getName());
    }

    @Test
    void verify_principalClaimDotPath_readsNestedClaim() {
        assertEquals("bob", principal(gate("principalClaim", "user.name"),
                valid().claim("user", Map.of("name", "bob")).sign()).getName());
    }

    @Test
    void verify_principalClaimWholeNameAndDotPathBothPresent_wholeNameWins() {
        String token = valid().claim("user", Map.of("name", "bob")).claim("user.name", "carol").sign();
        assertEquals("carol", principal(gate("principalClaim", "user.name"), token).getName());
    }

    // --- roles and scopes ---

    @Test
    void verify_rolesDotPath_rolesFromNestedClaim() {
        String token = valid().claim("realm_access", Map.of("roles", List.of("admin", "user"))).sign();
        assertEquals(Set.of("admin", "user"), principal(gate("rolesClaim", "realm_access.roles"), token).getRoles());
    }

    @Test
    void verify_rolesWholeNameAndDotPathBothPresent_wholeNameWins() {
        String token = valid().claim("realm_access", Map.of("roles", List.of("admin")))
                .claim("realm_access.roles", List.of("viewer")).sign();
        assertEquals(Set.of("viewer"), principal(gate("rolesClaim", "realm_access.roles"), token).getRoles());
    }

    @Test
    void verify_severalRolesClaims_rolesFromAll() {
        String token = valid().roles(List.of("a")).claim("groups", "b c").sign();
        assertEquals(Set.of("a", "b", "c"), principal(gate("rolesClaim", "roles, groups"), token).getRoles());
    }

    @Test
    void verify_rolesSpaceSeparatedString_split() {
        assertEquals(Set.of("admin", "user", "x"), principal(gate(), valid().roles("admin user  x ").sign()).getRoles());
    }

    @Test
    void verify_scopeString_scopes() {
        assertEquals(Set.of("read", "write"), principal(gate(), valid().scope("read write").sign()).getScopes());
    }

    @Test
    void verify_scpArray_scopes() {
        assertEquals(Set.of("read", "write"), principal(gate(), valid().claim("scp", List.of("read", "write")).sign())
                .getScopes());
    }

    @Test
    void verify_scopeAndScp_scopesFromBoth() {
        String token = valid().scope("read").claim("scp", List.of("write", "admin")).sign();
        assertEquals(Set.of("read", "write", "admin"), principal(gate(), token).getScopes());
    }

    @Test
    void verify_scpString_splitOnSpaces() {
        assertEquals(Set.of("read", "write"), principal(gate(), valid().claim("scp", "read write").sign()).getScopes());
    }

    @Test
    void verify_scpArrayWithANonString_grantsNothingFromScp() {
        // An array of strings or nothing: ["write", 7] is neither, as aud's rule has it.
        String token = valid().scope("read").claim("scp", List.of("write", 7)).sign();
        assertEquals(Set.of("read"), principal(gate(), token).getScopes());
    }

    @ParameterizedTest(name = "[{index}] scope {0}")
    @ValueSource(strings = {"[\"read\",\"write\"]", "{\"read\":true}", "7", "true", "null"})
    void verify_scopeNotAString_grantsNoScopeButStillAuthenticates(String scope) {
        // RFC 9068 section 2.2.3: scope is a space-separated string; an array there is not honoured.
        String token = valid().rawPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":" + (NOW + 60) + ",\"scope\":" + scope + "}").sign();
        assertEquals(Set.of(), principal(gate(), token).getScopes());
        assertEquals(Reason.MISSING_SCOPE, result(gate("requiredScopes", "read"), token).reason());
    }

    @Test
    void verify_requiredRoleMissing_forbiddenMissingRoleWithPrincipal() {
        AuthenticationResult result = result(gate("requiredRoles", "admin"), valid().roles(List.of("user")).sign());
        assertEquals(Kind.REJECTED, result.kind());
        assertEquals(Reason.MISSING_ROLE, result.reason());
        assertEquals(403, result.reason().httpStatus());
        assertEquals("alice", result.principal().getName());
    }

    @Test
    void verify_oneOfTwoRequiredRolesMissing_forbiddenMissingRole() {
        assertEquals(Reason.MISSING_ROLE, reason(gate("requiredRoles", "admin, user"), valid().roles("user").sign()));
    }

    @Test
    void verify_requiredRolesPresent_authenticated() {
        assertTrue(principal(gate("requiredRoles", "admin, user"), valid().roles("user admin").sign()).hasRole("admin"));
    }

    @Test
    void verify_requiredScopeMissing_forbiddenMissingScopeWithPrincipal() {
        AuthenticationResult result = result(gate("requiredScopes", "write"), valid().scope("read").sign());
        assertEquals(Reason.MISSING_SCOPE, result.reason());
        assertEquals(403, result.reason().httpStatus());
        assertEquals("alice", result.principal().getName());
    }

    @Test
    void verify_requiredScopesPresent_authenticated() {
        assertEquals("alice", principal(gate("requiredScopes", "read, write"),
                valid().claim("scp", List.of("write", "read")).sign()).getName());
    }

    // --- claims map ---

    @Test
    @SuppressWarnings("unchecked")
    void verify_claims_typedPerContractAndUnmodifiable() {
        String token = valid().claim("n", 7).claim("f", 1.5).claim("b", true).claim("nil", null)
                .claim("list", List.of("a", 1)).claim("obj", Map.of("k", "v")).sign();
        Map<String, Object> claims = principal(gate(), token).getClaims();
        assertEquals("alice", claims.get("sub"));
        assertEquals(NOW + 3600, claims.get("exp"));
        assertInstanceOf(Long.class, claims.get("iat"));
        assertEquals(7L, claims.get("n"));
        assertEquals(1.5, claims.get("f"));
        assertEquals(true, claims.get("b"));
        assertTrue(claims.containsKey("nil"));
        assertNull(claims.get("nil"));
        assertEquals(List.of("a", 1L), claims.get("list"));
        assertEquals(Map.of("k", "v"), claims.get("obj"));
        assertThrows(UnsupportedOperationException.class, () -> claims.put("sub", "mallory"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) claims.get("list")).add("x"));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) claims.get("obj")).put("k", "x"));
    }

    @Test
    void verify_principal_rolesAndScopesUnmodifiable() {
        JwtPrincipal principal = principal(gate(), valid().roles("a").scope("s").sign());
        assertThrows(UnsupportedOperationException.class, () -> principal.getRoles().add("admin"));
        assertThrows(UnsupportedOperationException.class, () -> principal.getScopes().add("write"));
    }

    // --- claim headers ---

    private Map<String, String> claimHeaders(Tokens token) {
        Authenticator gate = gate("claimHeaders", "X-User=sub, X-Num=num, X-Float=f, X-Flag=flag, X-List=list, "
                + "X-Numbers=numbers, X-Obj=obj, X-Ctl=ctl, X-Del=del, X-Missing=missing, X-Null=nil, X-Org=org.name");
        Decision outcome = outcome(gate, token.sign());
        assertEquals(Kind.AUTHENTICATED, outcome.result().kind());
        return outcome.claimHeaders();
    }

    @Test
    void verify_claimHeaderString_exposed() {
        assertEquals("alice", claimHeaders(valid()).get("X-User"));
    }

    @Test
    void verify_claimHeaderLookup_caseInsensitive() {
        assertEquals("alice", claimHeaders(valid()).get("x-user"));
        assertEquals("alice", claimHeaders(valid()).get("X-USER"));
    }

    @Test
    void verify_claimHeaderNumberAndBoolean_asText() {
        Map<String, String> headers = claimHeaders(valid().claim("num", 42).claim("f", 1.5).claim("flag", true));
        assertEquals("42", headers.get("X-Num"));
        assertEquals("1.5", headers.get("X-Float"));
        assertEquals("true", headers.get("X-Flag"));
    }

    @Test
    void verify_claimHeaderArray_joinedWithCommaSpace() {
        Map<String, String> headers = claimHeaders(valid().claim("list", List.of("a", "b", "c"))
                .claim("numbers", List.of(1, 2)));
        assertEquals("a, b, c", headers.get("X-List"));
        assertEquals("1, 2", headers.get("X-Numbers"));
    }

    @Test
    void verify_claimHeaderObject_omitted() {
        Map<String, String> headers = claimHeaders(valid().claim("obj", Map.of("k", "v")));
        assertFalse(headers.containsKey("X-Obj"));
    }

    @Test
    void verify_claimHeaderMissingOrNull_omitted() {
        Map<String, String> headers = claimHeaders(valid().claim("nil", null));
        assertFalse(headers.containsKey("X-Missing"));
        assertFalse(headers.containsKey("X-Null"));
    }

    @Test
    void verify_claimHeaderDotPath_exposed() {
        assertEquals("acme", claimHeaders(valid().claim("org", Map.of("name", "acme"))).get("X-Org"));
    }

    @Test
    void verify_claimHeadersForRejectedToken_empty() {
        Authenticator gate = gate("claimHeaders", "X-User=sub");
        Decision outcome = outcome(gate, valid().issuer("other").sign());
        assertEquals(Reason.BAD_ISSUER, outcome.result().reason());
        assertNotNull(outcome.claimHeaders());
        assertTrue(outcome.claimHeaders().isEmpty());
    }

    // --- token hygiene (contract v2): typ, age, claim values, bound tokens ---

    private static String rawHeader(Tokens token, String headerJson) {
        return token.rawHeader(headerJson).sign();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"alg\":\"HS256\",\"typ\":\"jwt\"}", "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}",
        "{\"alg\":\"HS256\",\"typ\":\"AT+JWT\"}", "{\"alg\":\"HS256\",\"typ\":\"application/at+jwt\"}",
        "{\"alg\":\"HS256\",\"typ\":\"Application/JWT\"}"})
    void verify_defaultTokenTypes_accessTokenTypesAccepted(String header) {
        assertEquals("alice", principal(gate(), rawHeader(valid(), header)).getName());
    }

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"logout+jwt", "dpop+jwt", "secevent+jwt", "JOSE", "JWS", "id_token+jwt", "", " JWT",
        "JWT ", "none", "application/none", "application/", "application/at+jwt; charset=utf-8", "text/jwt"})
    void verify_otherTyp_unacceptedTokenType(String typ) {
        assertEquals(Reason.UNACCEPTED_TOKEN_TYPE, reason(gate(), valid().headerParam("typ", typ).sign()));
    }

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"null", "5", "true", "[\"JWT\"]", "{\"typ\":\"JWT\"}"})
    void verify_typNotAString_malformed(String typ) {
        assertEquals(Reason.MALFORMED_TOKEN, reason(gate(), rawHeader(valid(), "{\"alg\":\"HS256\",\"typ\":" + typ + "}")));
    }

    @Test
    void verify_tokenTypesWithoutNone_untypedTokenRefused() {
        Authenticator gate = gate("tokenTypes", "at+jwt");
        assertEquals(Reason.UNACCEPTED_TOKEN_TYPE, reason(gate, rawHeader(valid(), "{\"alg\":\"HS256\"}")));
        assertEquals(Reason.UNACCEPTED_TOKEN_TYPE, reason(gate, valid().sign()));
        assertEquals("alice", principal(gate, valid().headerParam("typ", "application/AT+JWT").sign()).getName());
    }

    @Test
    void verify_tokenTypesCustom_onlyThoseAccepted() {
        Authenticator gate = gate("tokenTypes", "none, application/vnd.example+jwt");
        assertEquals("alice", principal(gate, valid().headerParam("typ", "vnd.example+JWT").sign()).getName());
        assertEquals("alice", principal(gate, rawHeader(valid(), "{\"alg\":\"HS256\"}")).getName());
        assertEquals(Reason.UNACCEPTED_TOKEN_TYPE, reason(gate, valid().sign()));
    }

    @Test
    void verify_unacceptedTypWithBadSignature_badSignatureFirst() {
        // The type is read from a header nobody vouched for only once the signature holds.
        String token = valid().headerParam("typ", "logout+jwt").sign();
        assertEquals(Reason.BAD_SIGNATURE, reason(gate(), token.substring(0, token.length() - 2) + "AA"));
    }

    @Test
    void verify_maxTokenAge_acceptedUntilIatPlusAgePlusLeewayToTheMillisecond() {
        String token = valid().issuedAt(Tokens.NOW).expiresAt(Tokens.NOW.plusSeconds(7200)).sign();
        Authenticator gate = gate("maxTokenAge", "600", "leeway", "30", "cacheMaxSize", "0");
        clock.set(Tokens.NOW.plusSeconds(630));
        assertEquals("alice", principal(gate, token).getName(), "an age of exactly maxTokenAge + leeway");
        clock.set(Tokens.NOW.plusSeconds(630).plusMillis(1));
        assertEquals(Reason.TOO_OLD, reason(gate, token));
    }

    @Test
    void verify_maxTokenAgeWithFractionalIat_edgeToTheMillisecond() {
        String token = valid().claim("iat", NOW + 0.25).sign();
        Authenticator gate = gate("maxTokenAge", "60", "leeway", "0", "cacheMaxSize", "0");
        clock.set(Tokens.NOW.plusSeconds(60).plusMillis(250));
        assertEquals("alice", principal(gate, token).getName());
        clock.set(Tokens.NOW.plusSeconds(60).plusMillis(251));
        assertEquals(Reason.TOO_OLD, reason(gate, token));
    }

    @Test
    void verify_maxTokenAgeAndNoIat_missingIssuedAt() {
        assertEquals(Reason.MISSING_ISSUED_AT, reason(gate("maxTokenAge", "3600"), valid().without("iat").sign()));
        assertEquals("alice", principal(gate(), valid().without("iat").sign()).getName(), "iat is optional otherwise");
    }

    @Test
    void verify_maxTokenAgeAndIatNull_badTimeClaim() {
        assertEquals(Reason.BAD_TIME_CLAIM, reason(gate("maxTokenAge", "3600"), valid().claim("iat", null).sign()));
    }

    @Test
    void verify_maxTokenAgeAndFutureIatWithinLeeway_ageZero() {
        Authenticator gate = gate("maxTokenAge", "1", "leeway", "30", "cacheMaxSize", "0");
        String token = valid().issuedAt(Tokens.NOW.plusSeconds(30)).sign();
        assertEquals("alice", principal(gate, token).getName());
        assertEquals(Reason.NOT_YET_VALID, reason(gate, valid().issuedAt(Tokens.NOW.plusSeconds(31)).sign()));
    }

    @Test
    void verify_cachedTokenGrowingTooOld_refusedOnceTooOldAndNotServedFromCache() {
        Authenticator gate = gate("maxTokenAge", "300", "leeway", "0");
        String token = valid().issuedAt(Tokens.NOW.minusSeconds(200)).expiresAt(Tokens.NOW.plusSeconds(3600)).sign();
        assertEquals("alice", principal(gate, token).getName());
        clock.set(Tokens.NOW.plusSeconds(100));
        assertEquals("alice", principal(gate, token).getName());
        assertEquals(1, gate.verifications(), "a hit: the checks are not run again");
        clock.set(Tokens.NOW.plusSeconds(100).plusMillis(1));
        AuthenticationResult tooOld = result(gate, token);
        assertEquals(Kind.REJECTED, tooOld.kind());
        assertEquals(Reason.TOO_OLD, tooOld.reason());
        assertEquals(0, gate.cachedTokens());
    }

    @Test
    void verify_maxTokenAge_principalExpiresAtIsStillExp() {
        JwtPrincipal principal = principal(gate("maxTokenAge", "60"), valid().sign());
        assertEquals(Tokens.NOW.plusSeconds(3600), principal.getExpiresAt());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\"Bearer\"", "[\"ID\",\"Bearer\"]", "\"Refresh\"|typ=Refresh", "1|acr=1", "true|x=true",
        "[1,2]|n=2", "2.5|v=2.5", "2.5|v=2.50", "{\"a\":\"b\"}|o.a=b"})
    void verify_requiredClaimValuePresent_accepted(String spec) {
        String[] parts = spec.split("\\|", -1);
        String required = parts.length > 1 ? parts[1] : "typ=Bearer";
        String claim = required.substring(0, required.indexOf('=')).split("\\.")[0];
        String token = valid().rawPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":" + (NOW + 60) + ",\"" + claim + "\":" + parts[0] + "}").sign();
        assertEquals("alice", principal(gate("requiredClaimValues", required), token).getName());
    }

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"\"ID\"", "\"bearer\"", "\"Bearer \"", "null", "[]", "[\"ID\"]", "[[\"Bearer\"]]",
        "{\"Bearer\":true}", "true", "1"})
    void verify_requiredClaimValueOther_claimValueMismatch(String typ) {
        String token = valid().rawPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":" + (NOW + 60) + ",\"typ\":" + typ + "}").sign();
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate("requiredClaimValues", "typ=Bearer"), token));
    }

    @Test
    void verify_requiredClaimValueNumbers_integerByTextFractionByValue() {
        Authenticator gate = gate("requiredClaimValues", "ver=1");
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate, valid().claim("ver", 1.5).sign()));
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate, valid().claim("ver", 10).sign()));
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate("requiredClaimValues", "ver=1.0"),
                valid().claim("ver", 1).sign()), "the JSON text 1 is not 1.0");
        assertEquals("alice", principal(gate, valid().claim("ver", "1").sign()).getName());
    }

    @Test
    void verify_requiredClaimValueMissing_claimValueMismatch() {
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate("requiredClaimValues", "tid=t1"), valid().sign()));
    }

    @Test
    void verify_requiredClaimValuesSeveralClaims_allMustMatchEachAnyOfItsValues() {
        Authenticator gate = gate("requiredClaimValues", "azp=web, azp=cli, tid=t1");
        assertEquals("alice", principal(gate, valid().claim("azp", "cli").claim("tid", "t1").sign()).getName());
        assertEquals("alice", principal(gate, valid().claim("azp", "web").claim("tid", "t1").sign()).getName());
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate, valid().claim("azp", "cli").claim("tid", "t2").sign()));
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate, valid().claim("azp", "other").claim("tid", "t1").sign()));
    }

    @Test
    void verify_requiredClaimValueDotPathAndWholeName_wholeNameFirstAsForOtherClaims() {
        Authenticator gate = gate("requiredClaimValues", "ext.tier=gold");
        assertEquals("alice", principal(gate, valid().claim("ext", Map.of("tier", "gold")).sign()).getName());
        assertEquals("alice", principal(gate, valid().claim("ext.tier", "gold").claim("ext", Map.of("tier", "x"))
                .sign()).getName());
        assertEquals(Reason.CLAIM_VALUE_MISMATCH, reason(gate, valid().claim("ext", Map.of("tier", "silver")).sign()));
    }

    @ParameterizedTest(name = "[{index}] cnf {0}")
    @ValueSource(strings = {"{\"jkt\":\"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I\"}", "{\"x5t#S256\":\"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2\"}",
        "null", "{}", "\"x\""})
    void verify_cnfClaim_boundTokenByDefaultAcceptedAsBearerWhenConfigured(String cnf) {
        String token = valid().rawPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":" + (NOW + 60) + ",\"cnf\":" + cnf + "}").sign();
        assertEquals(Reason.BOUND_TOKEN, reason(gate(), token));
        assertEquals("alice", principal(gate("boundTokens", "accept-as-bearer"), token).getName());
    }

    @Test
    void verify_cnfOnlyNested_notABoundToken() {
        assertEquals("alice", principal(gate(), valid().claim("ext", Map.of("cnf", "x")).sign()).getName());
    }

    // --- key selection when a key source is down: an outage is never a bad token ---

    /** A key source whose set in hand carries an outage; {@code keysWaiting} answers {@code waited}. */
    private static final class DownSource implements KeySource {
        final KeySet inHand;
        final KeySet waited;
        int waits;

        DownSource(KeySet inHand, KeySet waited) {
            this.inHand = inHand;
            this.waited = waited;
        }

        @Override
        public KeySet keys() {
            return inHand;
        }

        @Override
        public KeySet keysWaiting() {
            waits++;
            return waited;
        }
    }

    private static VerificationKey rsaKey(String kid, KeyPair pair) {
        return new VerificationKey(kid, "test key", Map.of(org.jwtgate.JwtAlgorithm.RS256,
                com.auth0.jwt.algorithms.Algorithm.RSA256((java.security.interfaces.RSAPublicKey) pair.getPublic(), null)));
    }

    private static KeySet down(Set<org.jwtgate.JwtAlgorithm> couldHold, VerificationKey... keys) {
        return new KeySet(1, List.of(keys)).withOutage(new KeysUnavailableException("the JWK Set is down", 7), couldHold);
    }

    private TokenVerifier verifier(KeySource keys) {
        return new TokenVerifier(org.jwtgate.JwtGateSettings.builder()
                .algorithms(org.jwtgate.JwtAlgorithm.RS256)
                .jwksUri(java.net.URI.create("https://idp.example/jwks"))
                .clock(clock)
                .build(), keys);
    }

    private static final KeyPair OTHER = Keys.newRsa(2048);

    @ParameterizedTest
    @ValueSource(strings = {"", "idp-kid"})
    void verify_everyCandidateFailsAndSourceThatCouldHoldTheKeyIsDown_outageNotBadSignature(String kid) {
        Set<org.jwtgate.JwtAlgorithm> rsa = Set.of(org.jwtgate.JwtAlgorithm.RS256);
        KeySet inHand = down(rsa, rsaKey(null, Keys.rsa()));
        DownSource source = new DownSource(inHand, inHand);
        Tokens token = Tokens.with("RS256", OTHER.getPrivate());
        KeysUnavailableException e = assertThrows(KeysUnavailableException.class,
                () -> verifier(source).verify((kid.isEmpty() ? token : token.keyId(kid)).sign(), clock.millis()),
                "the unlabelled configured key failed, and the key may be at the source that is down");
        assertEquals(7, e.retryAfterSeconds());
    }

    @Test
    void verify_everyCandidateFailsAndDownSourceCannotHoldThatAlgorithm_badSignature() {
        // A JWK Set never holds a secret, say: its outage cannot be why an HS256 token failed.
        KeySet inHand = down(Set.of(org.jwtgate.JwtAlgorithm.ES256), rsaKey(null, Keys.rsa()));
        TokenRejection e = assertThrows(TokenRejection.class, () -> verifier(new DownSource(inHand, inHand))
                .verify(Tokens.with("RS256", OTHER.getPrivate()).sign(), clock.millis()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void verify_labelledKidFailsWhileSourceDown_badSignatureNotOutage() {
        KeySet inHand = down(Set.of(org.jwtgate.JwtAlgorithm.RS256), rsaKey("mine", Keys.rsa()));
        TokenRejection e = assertThrows(TokenRejection.class, () -> verifier(new DownSource(inHand, inHand))
                .verify(Tokens.with("RS256", OTHER.getPrivate()).keyId("mine").sign(), clock.millis()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason(), "a kid the configuration labels is the configuration's alone");
    }

    @Test
    void verify_kidlessCandidateFailsThenWaitingBringsTheKey_authenticated() throws Exception {
        VerificationKey configured = rsaKey(null, Keys.rsa());
        VerificationKey idp = rsaKey(null, OTHER);
        DownSource source = new DownSource(down(Set.of(org.jwtgate.JwtAlgorithm.RS256), configured),
                new KeySet(2, List.of(configured, idp)));
        VerifiedToken verified = verifier(source).verify(Tokens.with("RS256", OTHER.getPrivate()).sign(), clock.millis());
        assertEquals(1, source.waits, "worth a (bounded) wait for the source that is down");
        assertEquals("alice", verified.decision().result().principal().getName());
    }
}
