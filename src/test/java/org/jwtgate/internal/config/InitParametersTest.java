package org.jwtgate.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtGateSettings.BoundTokens;
import org.jwtgate.JwtGateSettings.Mode;
import org.jwtgate.JwtGateSettings.SecretEncoding;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.keys.KeyLoader;
import org.jwtgate.internal.keys.KeySet;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;

/**
 * The init-param table of the contract, one parameter at a time: every valid form parses, every
 * invalid value stops {@code init()} with an exception that names the parameter and says what is
 * expected. {@link #init} does what the filter's {@code init()} does: parse, then load the keys.
 */
class InitParametersTest {

    /** Marks an init-param to drop from the base configuration. */
    private static final String REMOVE = "<remove>";

    /** The contract's init-param table, less the ones this version refuses. */
    private static final Set<String> CONTRACT_PARAMETERS = Set.of("algorithms", "secret", "secretEncoding",
            "publicKeys", "issuer", "audience", "leeway", "requireExp", "requiredClaims", "principalClaim", "rolesClaim",
            "requiredRoles", "requiredScopes", "mode", "excludePaths", "realm", "tokenCookie", "allowQueryParameter",
            "maxTokenLength", "claimHeaders", "cacheMaxSize", "cacheMaxTtl", "keysReloadInterval", "jwksUri",
            "jwksRefreshInterval", "jwksMinRefreshInterval", "jwksMaxStale", "jwksTimeout",
            // contract v2, token hygiene
            "tokenTypes", "maxTokenAge", "requiredClaimValues", "boundTokens",
            // contract v2, several trusted issuers
            "issuers", "discovery", "discoveryUri",
            // contract v2, revocation
            "revocation", "revocationPassword", "revocationRefreshInterval", "revocationMaxStale",
            // contract v2, browsers, and access rules per path and method
            "corsPreflight", "accessRules");

    private final String secret = HexFormat.of().formatHex(Keys.secret(32));
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> sysprops = new HashMap<>();
    private final ReferenceResolver resolver = new ReferenceResolver(env::get, sysprops::get);
    private final MutableClock clock = MutableClock.atFixtureNow();

    @TempDir
    Path dir;

    InitParametersTest() {
        env.put("SECRET", secret);
        env.put("SECRET2", HexFormat.of().formatHex(Keys.secret(32)));
        env.put("RSA", Keys.pem(Keys.rsa().getPublic()));
        env.put("EC", Keys.pem(Keys.ec256().getPublic()));
        env.put("BLANK", "   ");
    }

    private static Map<String, String> with(Map<String, String> base, String... overrides) {
        Map<String, String> params = new LinkedHashMap<>(base);
        for (int i = 0; i < overrides.length; i += 2) {
            if (REMOVE.equals(overrides[i + 1])) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        return params;
    }

    /** The smallest valid HMAC configuration, changed by {@code overrides} (name, value pairs). */
    private static Map<String, String> hs(String... overrides) {
        return with(Map.of("algorithms", "HS256", "secret", "env:SECRET"), overrides);
    }

    /** A valid RS256 configuration where every interval init-param, the JWK Set ones included, has a use. */
    private static Map<String, String> withJwks() {
        return Map.of("algorithms", "RS256", "publicKeys", "env:RSA", "jwksUri", "https://idp.example/jwks");
    }

    private JwtGateSettings parse(Map<String, String> params) {
        return InitParameters.parse(params, resolver, clock);
    }

    /** What the filter's init() does with its init-params. */
    private KeySet init(Map<String, String> params) {
        return KeyLoader.load(parse(params), resolver, 1);
    }

    // ---- valid configurations -------------------------------------------------------------

    @Test
    void parse_minimalHsConfig_parsesAndLoads() {
        JwtGateSettings settings = parse(hs());
        assertEquals(Set.of(JwtAlgorithm.HS256), settings.algorithms());
        assertEquals(List.of(KeyReference.of("env:SECRET")), settings.secret());
        assertEquals(List.of(), settings.publicKeys());
        assertEquals(1, init(hs()).keys().size());
    }

    @ParameterizedTest(name = "{0} with env:{1}")
    @CsvSource({"RS256,RSA", "PS256,RSA", "'RS256, PS512',RSA", "ES256,EC"})
    void parse_minimalAsymmetricConfig_parsesAndLoads(String algorithms, String keyVariable) {
        Map<String, String> params = Map.of("algorithms", algorithms, "publicKeys", "env:" + keyVariable);
        JwtGateSettings settings = parse(params);
        assertEquals(List.of(KeyReference.of("env:" + keyVariable)), settings.publicKeys());
        assertEquals(List.of(), settings.secret());
        assertEquals(settings.algorithms(), init(params).keys().get(0).algorithms());
    }

    @Test
    void parse_minimalConfig_contractDefaults() {
        JwtGateSettings settings = parse(hs());
        assertEquals(Duration.ofSeconds(30), settings.leeway());
        assertTrue(settings.requireExp());
        assertEquals("sub", settings.principalClaim());
        assertEquals(List.of("roles"), settings.rolesClaim());
        assertEquals(Mode.REQUIRED, settings.mode());
        assertEquals(8192, settings.maxTokenLength());
        assertEquals(10_000, settings.cacheMaxSize());
        assertEquals(Duration.ofSeconds(600), settings.cacheMaxTtl());
        assertEquals(SecretEncoding.UTF8, settings.secretEncoding());
        assertFalse(settings.allowQueryParameter());
        assertTrue(settings.issuer().isEmpty());
        assertTrue(settings.audience().isEmpty());
        assertTrue(settings.requiredClaims().isEmpty());
        assertTrue(settings.requiredRoles().isEmpty());
        assertTrue(settings.requiredScopes().isEmpty());
        assertTrue(settings.excludePaths().isEmpty());
        assertTrue(settings.claimHeaders().isEmpty());
        assertNull(settings.realm());
        assertNull(settings.tokenCookie());
        assertEquals(clock, settings.clock());
        assertEquals(Set.of("none", "jwt", "at+jwt"), settings.tokenTypes());
        assertNull(settings.maxTokenAge());
        assertTrue(settings.requiredClaimValues().isEmpty());
        assertEquals(BoundTokens.REJECT, settings.boundTokens());
    }

    @Test
    void parse_tokenTypes_canonicalInOrder() {
        JwtGateSettings settings = parse(hs("tokenTypes", "at+JWT, application/JWT , NONE, secevent+jwt"));
        assertEquals(List.of("at+jwt", "jwt", "none", "secevent+jwt"), new ArrayList<>(settings.tokenTypes()));
    }

    @ParameterizedTest(name = "maxTokenAge={0}")
    @ValueSource(strings = {"1", "300", "86400", "253402300799"})
    void parse_maxTokenAge_parsedAsSeconds(String value) {
        assertEquals(Duration.ofSeconds(Long.parseLong(value)), parse(hs("maxTokenAge", value)).maxTokenAge());
    }

    @Test
    void parse_requiredClaimValues_repeatedClaimCollectsValuesInOrder() {
        JwtGateSettings settings = parse(hs("requiredClaimValues",
                "typ=Bearer, tid=72f988bf-86f1-41af-91ab-2d7cd011db47, azp = web, azp=cli, realm_access.x=a=b"));
        assertEquals(List.of("typ", "tid", "azp", "realm_access.x"),
                new ArrayList<>(settings.requiredClaimValues().keySet()));
        assertEquals(List.of("web", "cli"), new ArrayList<>(settings.requiredClaimValues().get("azp")));
        assertEquals(Set.of("a=b"), settings.requiredClaimValues().get("realm_access.x"));
    }

    @ParameterizedTest(name = "boundTokens={0}")
    @CsvSource({"reject,REJECT", "REJECT,REJECT", "accept-as-bearer,ACCEPT_AS_BEARER", "Accept-As-Bearer,ACCEPT_AS_BEARER"})
    void parse_boundTokens_caseInsensitive(String value, BoundTokens expected) {
        assertEquals(expected, parse(hs("boundTokens", value)).boundTokens());
    }

    @Test
    void toString_tokenHygieneSettingsShown() {
        String text = parse(hs("tokenTypes", "at+jwt", "maxTokenAge", "3600", "requiredClaimValues", "typ=Bearer",
                "boundTokens", "accept-as-bearer")).toString();
        assertTrue(text.contains("tokenTypes=[at+jwt]"), text);
        assertTrue(text.contains("maxTokenAge=3600s"), text);
        assertTrue(text.contains("requiredClaimValues={typ=[Bearer]}"), text);
        assertTrue(text.contains("boundTokens=accept-as-bearer"), text);
        String defaults = parse(hs()).toString();
        assertTrue(defaults.contains("tokenTypes=[none, jwt, at+jwt], maxTokenAge=(no limit), requiredClaimValues={}, "
                + "boundTokens=reject"), defaults);
    }

    @Test
    void parse_accessRules_newlinesAndSemicolonsSeparateBlankLinesIgnored() {
        assertEquals(List.of("GET /a permit", "* /b/*   role:x|y", "POST *.do deny"),
                parse(hs("accessRules", "GET /a permit\r\n\n  * /b/*   role:x|y ;POST *.do deny;\n")).accessRules());
    }

    @Test
    void parse_accessRulesOnlySeparators_refusedNamingIt() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> parse(hs("accessRules", ";\n ;")));
        assertEquals("accessRules", e.getParameter());
    }

    @Test
    void toString_accessRulesShown() {
        assertTrue(parse(hs("accessRules", "GET /a permit")).toString().contains("accessRules=[GET /a permit]"));
    }

    @Test
    void names_everyContractParameter_andNothingElse() {
        assertEquals(CONTRACT_PARAMETERS, InitParameters.names());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"true,true", "TRUE,true", "True,true", "false,false", "FALSE,false", "fAlSe,false", "' true ',true"})
    void parse_booleans_caseInsensitive(String value, boolean expected) {
        JwtGateSettings settings = parse(hs("requireExp", value, "allowQueryParameter", value));
        assertEquals(expected, settings.requireExp());
        assertEquals(expected, settings.allowQueryParameter());
    }

    @ParameterizedTest(name = "leeway={0}")
    @ValueSource(strings = {"0", "1", "30", "300", " 45 "})
    void parse_leewayInRange_parsedAsSeconds(String value) {
        assertEquals(Duration.ofSeconds(Long.parseLong(value.trim())), parse(hs("leeway", value)).leeway());
    }

    @ParameterizedTest(name = "cacheMaxTtl={0}")
    @ValueSource(strings = {"1", "2", "600", "86400", "31536000"})
    void parse_cacheMaxTtlFromOneSecond_parsedAsSeconds(String value) {
        assertEquals(Duration.ofSeconds(Long.parseLong(value)), parse(hs("cacheMaxTtl", value)).cacheMaxTtl());
    }

    /**
     * One duration syntax for web.xml and the command line ({@link DurationText}). Issue 14 made these
     * valid: before it, {@code 30s}, {@code 1h}, {@code 10m}, {@code 1m} and {@code 1d} were refused
     * here as "not whole seconds".
     */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"leeway,30s,30", "leeway,5m,300", "leeway,+45,45", "maxTokenAge,1h,3600", "maxTokenAge,2d,172800",
        "maxTokenAge,2932896d,253402214400", "cacheMaxTtl,10m,600", "cacheMaxTtl,5m,300", "cacheMaxTtl,90s,90",
        "keysReloadInterval,1m,60", "jwksRefreshInterval,1h,3600", "jwksMinRefreshInterval,30s,30",
        "jwksMaxStale,1d,86400", "jwksTimeout,5s,5", "jwksMaxStale,106751d,9223286400",
        "cacheMaxTtl,9223372036,9223372036"})
    void parse_durationWithUnit_parsedAsSeconds(String parameter, String value, long seconds) {
        JwtGateSettings settings = parse(with(withJwks(), parameter, value));
        Map<String, Duration> durations = Map.of("leeway", settings.leeway(), "cacheMaxTtl", settings.cacheMaxTtl(),
                "keysReloadInterval", settings.keysReloadInterval(), "jwksRefreshInterval", settings.jwksRefreshInterval(),
                "jwksMinRefreshInterval", settings.jwksMinRefreshInterval(), "jwksMaxStale", settings.jwksMaxStale(),
                "jwksTimeout", settings.jwksTimeout());
        Duration parsed = parameter.equals("maxTokenAge") ? settings.maxTokenAge() : durations.get(parameter);
        assertEquals(Duration.ofSeconds(seconds), parsed);
    }

    /**
     * Text that is no number is refused by the conversion, a number out of range by the builder: the
     * user reads the same sentence from both, as before the builder alone owned the ranges.
     */
    @ParameterizedTest(name = "{0}: {1} and {2}")
    @CsvSource({"leeway,thirty,301", "leeway,1.5,-1", "leeway,99999999999999999999,6m",
        "maxTokenAge,1.5h,0", "maxTokenAge,soon,253402300800",
        "maxTokenLength,8k,15", "maxTokenLength,4294967296,1048577",
        "cacheMaxSize,lots,-1", "cacheMaxSize,9223372036854775808,10000001",
        "cacheMaxTtl,0.5,0", "keysReloadInterval,1M,-1", "jwksRefreshInterval,1w,9223372037",
        "jwksMinRefreshInterval,x,0s", "jwksMaxStale,1d1h,106752d", "jwksTimeout,5 s,0"})
    void init_notANumberAndOutOfRange_sameMessage(String parameter, String notANumber, String outOfRange) {
        String conversion = assertThrows(JwtGateConfigurationException.class,
                () -> parse(with(withJwks(), parameter, notANumber))).getMessage();
        String range = assertThrows(JwtGateConfigurationException.class,
                () -> parse(with(withJwks(), parameter, outOfRange))).getMessage();
        assertEquals(conversion, range);
    }

    /** The words init() has always used for these values, byte for byte (issue 14 moved the ranges, not the words). */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "leeway|301|leeway: expected whole seconds from 0 to 300",
        "maxTokenAge|0|maxTokenAge: expected whole seconds from 1 to 253402300799",
        "maxTokenLength|15|maxTokenLength: expected a length from 16 to 1048576",
        "cacheMaxSize|-1|cacheMaxSize: expected 0 (no cache) up to 10000000",
        "cacheMaxTtl|9223372037|cacheMaxTtl: expected whole seconds, at least 1",
        "jwksTimeout|0|jwksTimeout: expected whole seconds, at least 1"})
    void init_numberOutOfRange_messageUnchanged(String parameter, String value, String message) {
        assertEquals(message, assertThrows(JwtGateConfigurationException.class,
                () -> parse(with(withJwks(), parameter, value))).getMessage());
    }

    @ParameterizedTest(name = "cacheMaxSize={0}")
    @ValueSource(longs = {0, 1, 10_000, 10_000_000})
    void parse_cacheMaxSize_parsed(long value) {
        assertEquals(value, parse(hs("cacheMaxSize", Long.toString(value))).cacheMaxSize());
    }

    @ParameterizedTest(name = "maxTokenLength={0}")
    @ValueSource(ints = {16, 4096, 8192, 1_048_576})
    void parse_maxTokenLength_parsed(int value) {
        assertEquals(value, parse(hs("maxTokenLength", Integer.toString(value))).maxTokenLength());
    }

    @Test
    void parse_listsWithSpaces_itemsTrimmedInOrder() {
        JwtGateSettings settings = parse(hs(
                "issuer", " https://a.example ,https://b.example ",
                "audience", "api,  web",
                "requiredClaims", "sub , email",
                "rolesClaim", "roles, realm_access.roles",
                "requiredRoles", " admin ",
                "requiredScopes", "read:orders , write:orders",
                "excludePaths", "/health, /public/* ,*.css, /"));
        assertEquals(List.of("https://a.example", "https://b.example"), new ArrayList<>(settings.issuer()));
        assertEquals(List.of("api", "web"), new ArrayList<>(settings.audience()));
        assertEquals(List.of("sub", "email"), new ArrayList<>(settings.requiredClaims()));
        assertEquals(List.of("roles", "realm_access.roles"), settings.rolesClaim());
        assertEquals(Set.of("admin"), settings.requiredRoles());
        assertEquals(List.of("read:orders", "write:orders"), new ArrayList<>(settings.requiredScopes()));
        assertEquals(List.of("/health", "/public/*", "*.css", "/"), settings.excludePaths());
    }

    @Test
    void parse_algorithmsAnyCaseWithSpaces_parsed() {
        JwtGateSettings settings = parse(with(hs(), "algorithms", " hs256 , Hs384,HS512, rs256 ,Es256 ",
                "publicKeys", "env:RSA, env:EC"));
        assertEquals(EnumSet.of(JwtAlgorithm.HS256, JwtAlgorithm.HS384, JwtAlgorithm.HS512, JwtAlgorithm.RS256,
                JwtAlgorithm.ES256), settings.algorithms());
    }

    @ParameterizedTest(name = "mode={0}")
    @CsvSource({"required,REQUIRED", "REQUIRED,REQUIRED", "optional,OPTIONAL", "Optional,OPTIONAL"})
    void parse_mode_caseInsensitive(String value, Mode expected) {
        assertEquals(expected, parse(hs("mode", value)).mode());
    }

    @ParameterizedTest(name = "secretEncoding={0}")
    @CsvSource({"utf8,UTF8", "UTF8,UTF8", "base64,BASE64", "Base64,BASE64", "base64url,BASE64URL", "hex,HEX",
        "HEX,HEX"})
    void parse_secretEncoding_caseInsensitive(String value, SecretEncoding expected) {
        assertEquals(expected, parse(hs("secretEncoding", value)).secretEncoding());
    }

    @Test
    void parse_claimHeaders_pairsInOrder() {
        Map<String, String> headers = parse(hs("claimHeaders", "X-User=sub, X-Email=email ,X-Tenant = org.tenant"))
                .claimHeaders();
        assertEquals(List.of("X-User", "X-Email", "X-Tenant"), new ArrayList<>(headers.keySet()));
        assertEquals(List.of("sub", "email", "org.tenant"), new ArrayList<>(headers.values()));
    }

    @Test
    void parse_principalRealmCookie_takenAsGiven() {
        JwtGateSettings settings = parse(hs("principalClaim", "preferred_username", "realm", "My API (prod)",
                "tokenCookie", "access_token"));
        assertEquals("preferred_username", settings.principalClaim());
        assertEquals("My API (prod)", settings.realm());
        assertEquals("access_token", settings.tokenCookie());
    }

    @Test
    void parse_kidLabelledSecrets_labelsAndReferencesKept() {
        JwtGateSettings settings = parse(hs("secret", "2026-11=env:A, 2026-05=file:/x"));
        assertEquals(List.of(KeyReference.labelled("2026-11", "env:A"), KeyReference.labelled("2026-05", "file:/x")),
                settings.secret());
    }

    @Test
    void parse_kidLabelledPublicKeys_mixedWithUnlabelled() {
        JwtGateSettings settings = parse(Map.of("algorithms", "RS256",
                "publicKeys", "env:RSA, old = sysprop:rsa.old, urn:key:1=file:/keys/a=b.pem, file:/keys/c=d.pem"));
        assertEquals(List.of(KeyReference.of("env:RSA"), KeyReference.labelled("old", "sysprop:rsa.old"),
                KeyReference.labelled("urn:key:1", "file:/keys/a=b.pem"), KeyReference.of("file:/keys/c=d.pem")),
                settings.publicKeys());
    }

    @Test
    void parse_kidsDifferingOnlyInCase_areDistinct() {
        // kid matching is exact, so "k" and "K" are two labels, not a duplicate.
        JwtGateSettings settings = parse(hs("secret", "k=env:SECRET, K=env:SECRET2"));
        assertEquals(2, settings.secret().size());
        assertEquals(2, init(hs("secret", "k=env:SECRET, K=env:SECRET2")).keys().size());
    }

    @Test
    void parse_referencesForOrdinaryParams_resolved() {
        env.put("ISS", "https://a.example, https://b.example");
        env.put("ALGS", "HS256");
        env.put("REQ_EXP", "FALSE");
        sysprops.put("jwt.aud", "orders-api");
        sysprops.put("jwt.mode", "optional");
        JwtGateSettings settings = parse(hs(
                "algorithms", "env:ALGS",
                "issuer", "env:ISS",
                "audience", "sysprop:jwt.aud",
                "mode", "sysprop:jwt.mode",
                "requireExp", "env:REQ_EXP",
                "leeway", Keys.fileRef(dir, "leeway", "45\n"),
                "claimHeaders", Keys.fileRef(dir, "headers", "X-User=sub\r\n")));
        assertEquals(Set.of(JwtAlgorithm.HS256), settings.algorithms());
        assertEquals(List.of("https://a.example", "https://b.example"), new ArrayList<>(settings.issuer()));
        assertEquals(Set.of("orders-api"), settings.audience());
        assertEquals(Mode.OPTIONAL, settings.mode());
        assertFalse(settings.requireExp());
        assertEquals(Duration.ofSeconds(45), settings.leeway());
        assertEquals(Map.of("X-User", "sub"), settings.claimHeaders());
    }

    // ---- invalid configurations -----------------------------------------------------------

    private static Arguments bad(String parameter, String expected, Map<String, String> base, String... overrides) {
        return Arguments.of(String.join(" ", overrides), parameter, expected, with(base, overrides));
    }

    private static Arguments bad(String parameter, String expected, String... overrides) {
        return bad(parameter, expected, hs(), overrides);
    }

    static Stream<Arguments> invalidParameters() {
        Map<String, String> rs = Map.of("algorithms", "RS256", "publicKeys", "env:RSA");
        return Stream.of(
                bad("algorithm", "expected one of", "algorithm", "HS256"),
                bad("Secret", "expected one of", "Secret", "env:SECRET"),
                bad("jwt.issuer", "expected one of", "jwt.issuer", "https://a.example"),
                bad("keysReloadInterval", "whole seconds, at least 1", "keysReloadInterval", "0"),
                bad("jwksUri", "allows no RS, PS, ES or EdDSA", "jwksUri", "https://idp.example/.well-known/jwks.json"),
                bad("jwksUri", "https URL", "algorithms", "RS256", "secret", null, "jwksUri", "http://idp.example/jwks"),
                bad("jwksUri", "https URL", "algorithms", "RS256", "secret", null, "jwksUri", "ftp://idp.example/jwks"),
                bad("jwksUri", "absolute https URL", "algorithms", "RS256", "secret", null, "jwksUri", "/jwks.json"),
                bad("jwksUri", "without user info", "algorithms", "RS256", "secret", null,
                        "jwksUri", "https://user:pw@idp.example/jwks"),
                bad("jwksUri", "absolute https URL", "algorithms", "RS256", "secret", null, "jwksUri", "https://a b/"),
                bad("jwksRefreshInterval", "whole seconds, at least 1", "jwksRefreshInterval", "0"),
                bad("jwksMinRefreshInterval", "whole seconds, at least 1", "jwksMinRefreshInterval", "-5"),
                bad("jwksMaxStale", "whole seconds, at least 1", "jwksMaxStale", "1w"),
                bad("jwksTimeout", "whole seconds, at least 1", "jwksTimeout", "0.5"),
                bad("keysReloadInterval", "whole seconds, at least 1", "keysReloadInterval", "1M"),
                bad("issuer", "give a value", "issuer", ""),
                bad("issuer", "give a value", "issuer", "   "),
                bad("secret", "give a value", "secret", ""),
                bad("algorithms", "give a value", "algorithms", " "),
                bad("leeway", "give a value", "leeway", ""),
                bad("algorithms", "required", "algorithms", REMOVE),
                bad("algorithms", "expected HS256", "algorithms", "HS257"),
                bad("algorithms", "expected HS256", "algorithms", "RSA"),
                bad("algorithms", "expected HS256", "algorithms", "HS256 RS256"),
                bad("algorithms", "expected HS256", "algorithms", "none"),
                bad("algorithms", "expected HS256", "algorithms", "NONE"),
                bad("algorithms", "expected HS256", "algorithms", "HS256, none"),
                bad("requireExp", "true or false", "requireExp", "yes"),
                bad("requireExp", "true or false", "requireExp", "1"),
                bad("allowQueryParameter", "true or false", "allowQueryParameter", "on"),
                bad("leeway", "0 to 300", "leeway", "thirty"),
                bad("leeway", "0 to 300", "leeway", "30sec"),
                bad("leeway", "0 to 300", "leeway", "6m"),
                bad("leeway", "0 to 300", "leeway", "1.5"),
                bad("leeway", "0 to 300", "leeway", "-1"),
                bad("leeway", "0 to 300", "leeway", "301"),
                bad("leeway", "0 to 300", "leeway", "99999999999999999999"),
                bad("maxTokenLength", "16 to 1048576", "maxTokenLength", "8k"),
                bad("maxTokenLength", "16 to 1048576", "maxTokenLength", "-1"),
                bad("maxTokenLength", "16 to 1048576", "maxTokenLength", "0"),
                bad("maxTokenLength", "16 to 1048576", "maxTokenLength", "15"),
                bad("maxTokenLength", "16 to 1048576", "maxTokenLength", "1048577"),
                bad("maxTokenLength", "16 to 1048576", "maxTokenLength", "4294967296"),
                bad("cacheMaxSize", "0 (no cache) up to 10000000", "cacheMaxSize", "lots"),
                bad("cacheMaxSize", "0 (no cache) up to 10000000", "cacheMaxSize", "1e4"),
                bad("cacheMaxSize", "0 (no cache) up to 10000000", "cacheMaxSize", "-1"),
                bad("cacheMaxSize", "0 (no cache) up to 10000000", "cacheMaxSize", "9223372036854775808"),
                bad("cacheMaxSize", "0 (no cache) up to 10000000", "cacheMaxSize", "10000001"),
                bad("excludePaths", "would exclude every request", "excludePaths", "/health, /*"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "10min"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "10 m"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "0m"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "106752d"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "9223372036854775807d"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "0.5"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "0"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "-1"),
                bad("cacheMaxTtl", "at least 1", "cacheMaxTtl", "9223372036854775807"),
                bad("mode", "required or optional", "mode", "sometimes"),
                bad("mode", "required or optional", "mode", "require"),
                bad("mode", "required or optional", "mode", "required,optional"),
                bad("secretEncoding", "utf8, base64, base64url or hex", "secretEncoding", "base32"),
                bad("secretEncoding", "utf8, base64, base64url or hex", "secretEncoding", "utf-8"),
                bad("secret", "env:NAME, sysprop:NAME or file:PATH", "secret", "literal-secret-value-0123456789-ABCDEFG"),
                bad("secret", "env:NAME, sysprop:NAME or file:PATH", "secret", "k1=literal-secret-value-0123456789-ABCDEFG"),
                bad("secret", "env:NAME, sysprop:NAME or file:PATH", "secret", "env:SECRET, literal-secret-value-0123456789"),
                bad("secret", "env:NAME, sysprop:NAME or file:PATH", "secret", "=env:SECRET"),
                bad("secret", "UNSET_SECRET", "secret", "env:UNSET_SECRET"),
                bad("secret", "unset.secret", "secret", "sysprop:unset.secret"),
                bad("secret", "UNSET_SECRET", "secret", "env:SECRET, old=env:UNSET_SECRET"),
                bad("secret", "/nonexistent/jwtgate/secret", "secret", "file:/nonexistent/jwtgate/secret"),
                bad("publicKeys", "UNSET_KEY", rs, "publicKeys", "env:UNSET_KEY"),
                bad("publicKeys", "/nonexistent/jwtgate/key.pem", rs, "publicKeys", "file:/nonexistent/jwtgate/key.pem"),
                bad("publicKeys", "env:NAME, sysprop:NAME or file:PATH", rs, "publicKeys", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"),
                bad("secret", "required when an HS algorithm is allowed", "secret", REMOVE),
                bad("secret", "required when an HS algorithm is allowed", rs, "algorithms", "RS256, HS256"),
                bad("secret", "allows no HS algorithm", rs, "secret", "env:SECRET"),
                bad("publicKeys", "required when an RS, PS, ES or EdDSA algorithm is allowed", "algorithms", "HS256, RS256"),
                bad("publicKeys", "required when an RS, PS, ES or EdDSA algorithm is allowed", "algorithms", "ES256, HS256"),
                bad("publicKeys", "allows no RS, PS, ES or EdDSA algorithm", "publicKeys", "env:RSA"),
                bad("secret", "used twice", "secret", "k1=env:SECRET, k1=env:SECRET2"),
                bad("publicKeys", "used twice", rs, "publicKeys", "k1=env:RSA, k2=env:EC, k1=env:RSA"),
                bad("excludePaths", "servlet-style patterns", "excludePaths", "public/*"),
                bad("excludePaths", "servlet-style patterns", "excludePaths", "/a/*/b"),
                bad("excludePaths", "servlet-style patterns", "excludePaths", "/a/../b"),
                bad("excludePaths", "servlet-style patterns", "excludePaths", "*"),
                bad("excludePaths", "servlet-style patterns", "excludePaths", "/health, *"),
                bad("excludePaths", "servlet-style patterns", "excludePaths", "/static/*.css"),
                bad("realm", "without quotes", "realm", "my \"realm\""),
                bad("realm", "without quotes", "realm", "back\\slash"),
                bad("tokenCookie", "cookie name", "tokenCookie", "access token"),
                bad("tokenCookie", "cookie name", "tokenCookie", "a;b"),
                bad("claimHeaders", "Header=claim", "claimHeaders", "X-User"),
                bad("claimHeaders", "Header=claim", "claimHeaders", "X-User=sub, X-Email"),
                bad("claimHeaders", "Header=claim", "claimHeaders", "=sub"),
                bad("claimHeaders", "Header=claim", "claimHeaders", "X-User="),
                bad("claimHeaders", "Header=claim", "claimHeaders", "X User=sub"),
                bad("claimHeaders", "case-insensitive", "claimHeaders", "X-User=sub, x-user=email"),
                bad("claimHeaders", "meaning of its own", "claimHeaders", "Authorization=sub"),
                bad("claimHeaders", "meaning of its own", "claimHeaders", "X-User=sub, x-forwarded-for=ip"),
                bad("tokenTypes", "JWT or at+jwt", "tokenTypes", "JWT, at jwt"),
                bad("tokenTypes", "JWT or at+jwt", "tokenTypes", "application/"),
                bad("tokenTypes", "JWT or at+jwt", "tokenTypes", "application/x/y"),
                bad("tokenTypes", "without empty items", "tokenTypes", "JWT,,at+jwt"),
                bad("maxTokenAge", "1 to 253402300799", "maxTokenAge", "0"),
                bad("maxTokenAge", "1 to 253402300799", "maxTokenAge", "-60"),
                bad("maxTokenAge", "1 to 253402300799", "maxTokenAge", "1.5h"),
                bad("maxTokenAge", "1 to 253402300799", "maxTokenAge", "2932897d"),
                bad("maxTokenAge", "1 to 253402300799", "maxTokenAge", "1.5"),
                bad("maxTokenAge", "1 to 253402300799", "maxTokenAge", "253402300800"),
                bad("requiredClaimValues", "claim=value", "requiredClaimValues", "typ"),
                bad("requiredClaimValues", "claim=value", "requiredClaimValues", "=Bearer"),
                bad("requiredClaimValues", "claim=value", "requiredClaimValues", "typ="),
                bad("requiredClaimValues", "claim=value", "requiredClaimValues", "typ=Bearer, tid"),
                bad("requiredClaimValues", "without empty items", "requiredClaimValues", "typ=Bearer,"),
                bad("boundTokens", "reject or accept-as-bearer", "boundTokens", "accept"),
                bad("boundTokens", "reject or accept-as-bearer", "boundTokens", "accept_as_bearer"),
                bad("boundTokens", "reject or accept-as-bearer", "boundTokens", "true"),
                bad("algorithms", "without empty items", "algorithms", "HS256,,RS256"),
                bad("algorithms", "without empty items", "algorithms", "HS256,"),
                bad("issuer", "without empty items", "issuer", "https://a.example,,https://b.example"),
                bad("secret", "without empty items", "secret", "env:SECRET,,env:SECRET2"),
                bad("requiredScopes", "without spaces", "requiredScopes", "read write"),
                bad("issuer", "UNSET_ISSUER", "issuer", "env:UNSET_ISSUER"),
                bad("leeway", "unset.leeway", "leeway", "sysprop:unset.leeway"),
                bad("audience", "/nonexistent/jwtgate/audience", "audience", "file:/nonexistent/jwtgate/audience"),
                bad("issuer", "empty", "issuer", "env:BLANK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidParameters")
    void init_invalidParameter_refusedNamingParameterAndExpectation(String label, String parameter, String expected,
            Map<String, String> params) {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class, () -> init(params));
        assertEquals(parameter, e.getParameter(), e.getMessage());
        assertTrue(e.getMessage().contains(parameter), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }

    @Test
    void init_sameKidForSecretAndPublicKey_refusedNamingParameter() {
        // KeySet can hold one key per kid; a kid shared across secret and publicKeys is a duplicate
        // the operator must fix, reported like any other bad init-param.
        Map<String, String> params = Map.of("algorithms", "HS256, RS256", "secret", "k1=env:SECRET",
                "publicKeys", "k1=env:RSA");
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class, () -> init(params));
        assertTrue(Set.of("secret", "publicKeys").contains(e.getParameter()), e.getMessage());
        assertTrue(e.getMessage().contains("k1"), e.getMessage());
    }
}
