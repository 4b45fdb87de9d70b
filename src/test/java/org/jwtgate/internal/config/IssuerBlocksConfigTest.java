package org.jwtgate.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.TrustedIssuer;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;

/**
 * Several trusted issuers in web.xml's flat namespace: {@code issuers=corp, partner}, then
 * {@code corp.issuer}, {@code corp.jwksUri}... Each block's keys and issuer are its own; its claim
 * rules default to the filter-wide ones. Every refused configuration names the param at fault.
 */
class IssuerBlocksConfigTest {

    private final Map<String, String> env = new HashMap<>();
    private final ReferenceResolver resolver = new ReferenceResolver(env::get, n -> null);

    IssuerBlocksConfigTest() {
        env.put("CORP_SECRET", HexFormat.of().formatHex(Keys.secret(32)));
        env.put("RSA", Keys.pem(Keys.rsa().getPublic()));
    }

    /** Two valid blocks: corp by JWK Set, partner by a configured public key; shared audience. */
    private static Map<String, String> twoBlocks(String... overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithms", "RS256");
        params.put("audience", "orders-api");
        params.put("issuers", "corp, partner");
        params.put("corp.issuer", "https://login.corp.example/realms/staff");
        params.put("corp.jwksUri", "https://login.corp.example/realms/staff/certs");
        params.put("partner.issuer", "https://idp.partner.example/");
        params.put("partner.publicKeys", "p1=env:RSA");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        return params;
    }

    private JwtGateSettings parse(Map<String, String> params) {
        return InitParameters.parse(params, resolver, MutableClock.atFixtureNow());
    }

    private JwtGateConfigurationException refused(Map<String, String> params) {
        return assertThrows(JwtGateConfigurationException.class, () -> parse(params));
    }

    @Test
    void parse_twoBlocks_eachHasItsOwnIssuerAndKeysAndTheSharedRules() {
        JwtGateSettings settings = parse(twoBlocks("partner.audience", "partner-gateway",
                "partner.rolesClaim", "groups"));
        assertEquals(List.of("corp", "partner"),
                settings.trustedIssuers().stream().map(TrustedIssuer::name).collect(Collectors.toList()));
        assertEquals(settings.issuers(), settings.trustedIssuers());
        JwtGateSettings corp = settings.trustedIssuers().get(0).settings();
        JwtGateSettings partner = settings.trustedIssuers().get(1).settings();
        assertEquals(Set.of("https://login.corp.example/realms/staff"), corp.issuer());
        assertEquals(URI.create("https://login.corp.example/realms/staff/certs"), corp.jwksUri());
        assertTrue(corp.publicKeys().isEmpty(), "no key is inherited or shared");
        assertEquals(Set.of("orders-api"), corp.audience(), "the filter-wide audience where the block sets none");
        assertEquals(List.of("roles"), corp.rolesClaim());
        assertEquals(Set.of("https://idp.partner.example/"), partner.issuer());
        assertNull(partner.jwksUri());
        assertEquals(List.of(KeyReference.labelled("p1", "env:RSA")), partner.publicKeys());
        assertEquals(Set.of("partner-gateway"), partner.audience(), "the block's own value replaces the shared one");
        assertEquals(List.of("groups"), partner.rolesClaim());
        String line = settings.toString();
        assertTrue(line.contains("issuers=[corp{issuer=[https://login.corp.example/realms/staff], jwksUri="
                + "https://login.corp.example/realms/staff/certs"), line);
        assertTrue(line.contains("partner{issuer=[https://idp.partner.example/], publicKeys=[p1=env:RSA]"), line);
    }

    @Test
    void parse_noIssuers_oneImplicitBlockWhoseSettingsAreTheseSettings() {
        JwtGateSettings settings = parse(Map.of("algorithms", "HS256", "secret", "env:CORP_SECRET"));
        assertTrue(settings.issuers().isEmpty());
        assertEquals(1, settings.trustedIssuers().size());
        assertEquals(TrustedIssuer.IMPLICIT, settings.trustedIssuers().get(0).name());
        assertTrue(settings.trustedIssuers().get(0).settings() == settings);
    }

    @Test
    void parse_blockWithItsOwnAlgorithmsAndSecret_noTopLevelAlgorithmsNeeded() {
        JwtGateSettings settings = parse(Map.of("issuers", "legacy", "legacy.issuer", "https://legacy.example",
                "legacy.algorithms", "HS256", "legacy.secret", "env:CORP_SECRET", "legacy.secretEncoding", "hex"));
        JwtGateSettings legacy = settings.trustedIssuers().get(0).settings();
        assertEquals(Set.of(JwtAlgorithm.HS256), legacy.algorithms());
        assertEquals(JwtGateSettings.SecretEncoding.HEX, legacy.secretEncoding());
    }

    @Test
    void parse_discoveryBlock_needsNoJwksUri() {
        JwtGateSettings settings = parse(twoBlocks("corp.jwksUri", null, "corp.discovery", "true",
                "corp.discoveryUri", "https://keycloak.internal:8443/realms/staff/.well-known/openid-configuration"));
        JwtGateSettings corp = settings.trustedIssuers().get(0).settings();
        assertTrue(corp.discovery());
        assertNull(corp.jwksUri());
        assertEquals(URI.create("https://keycloak.internal:8443/realms/staff/.well-known/openid-configuration"),
                corp.discoveryUri());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "top-level issuer with blocks | issuer | https://x.example | issuer",
        "top-level secret with blocks | secret | env:CORP_SECRET | secret",
        "top-level publicKeys with blocks | publicKeys | env:RSA | publicKeys",
        "top-level jwksUri with blocks | jwksUri | https://x.example/jwks | jwksUri",
        "top-level discovery with blocks | discovery | true | discovery",
        "top-level secretEncoding with blocks | secretEncoding | hex | secretEncoding",
        "param naming an undeclared block | other.issuer | https://x.example | other.issuer",
        "unknown block param | corp.leeway | 10 | corp.leeway",
        "bad block name | issuers | corp, part ner | issuers",
        "block named twice | issuers | corp, corp | issuers",
        "two values and discovery | corp.discovery | true | corp.discovery",
    })
    void parse_refusedConfiguration_namesTheParam(String what, String name, String value, String parameter) {
        Map<String, String> params = twoBlocks(name, value);
        if (what.equals("two values and discovery")) {
            params.remove("corp.jwksUri");
            params.put("corp.issuer", "https://a.example, https://b.example");
        }
        assertEquals(parameter, refused(params).getParameter(), what);
    }

    @Test
    void parse_blockWithoutIssuer_refused() {
        JwtGateConfigurationException e = refused(twoBlocks("corp.issuer", null));
        assertEquals("corp.issuer", e.getParameter());
        assertTrue(e.getMessage().contains("required in a block"), e.getMessage());
    }

    @Test
    void parse_blockWithoutKeys_refusedNamingTheBlocksParam() {
        JwtGateConfigurationException e = refused(twoBlocks("corp.jwksUri", null));
        assertEquals("corp.publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains("or a jwksUri"), e.getMessage());
    }

    @Test
    void parse_secretInBlockWithoutHmacAlgorithm_refusedNamingTheBlock() {
        assertEquals("partner.secret", refused(twoBlocks("partner.secret", "env:CORP_SECRET")).getParameter());
    }

    @Test
    void parse_sameIssuerInTwoBlocks_refused() {
        JwtGateConfigurationException e = refused(twoBlocks("partner.issuer", "https://login.corp.example/realms/staff"));
        assertEquals("partner.issuer", e.getParameter());
        assertTrue(e.getMessage().contains("block corp"), e.getMessage());
    }

    @Test
    void parse_discoveryWithPlainHttpIssuerOnARemoteHost_refused() {
        assertEquals("corp.discovery", refused(twoBlocks("corp.jwksUri", null, "corp.discovery", "true",
                "corp.issuer", "http://login.corp.example/realms/staff")).getParameter());
    }

    @Test
    void parse_discoveryWithJwksUri_refused() {
        assertEquals("corp.jwksUri", refused(twoBlocks("corp.discovery", "true")).getParameter());
    }

    @Test
    void parse_discoveryUriWithoutDiscovery_refused() {
        assertEquals("corp.discoveryUri",
                refused(twoBlocks("corp.discoveryUri", "https://internal.example/meta")).getParameter());
    }

    @Test
    void parse_entraCommonIssuer_refusedSayingWhy() {
        JwtGateConfigurationException e = refused(twoBlocks("partner.issuer",
                "https://login.microsoftonline.com/common/v2.0"));
        assertEquals("partner.issuer", e.getParameter());
        assertTrue(e.getMessage().contains("every tenant"), e.getMessage());
        assertEquals("issuer", assertThrows(JwtGateConfigurationException.class,
                () -> JwtGateSettings.builder().issuer("https://login.microsoftonline.com/{tenantid}/v2.0"))
                .getParameter());
    }

    @Test
    void parse_topLevelDiscovery_oneIssuerAndNoKeysNeeded() {
        JwtGateSettings settings = parse(Map.of("algorithms", "RS256", "issuer", "https://login.corp.example/realms/a",
                "discovery", "true"));
        assertTrue(settings.discovery());
        assertTrue(settings.toString().contains("discovery=true"), settings.toString());
        assertEquals("discovery", refused(Map.of("algorithms", "RS256", "discovery", "true")).getParameter(),
                "without an issuer there is nothing to discover");
    }

    @Test
    void builder_blockValuesCheckedAtOnce_namingTheBlock() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> TrustedIssuer.named("corp").jwksUri(URI.create("http://idp.example/jwks")));
        assertEquals("corp.jwksUri", e.getParameter());
        assertTrue(e.getMessage().startsWith("corp.jwksUri: expected an https URL"), e.getMessage());
        assertEquals("issuers", assertThrows(JwtGateConfigurationException.class,
                () -> TrustedIssuer.named("a.b")).getParameter());
    }

    @Test
    void builder_codeFirstBlocks_sameAsWebXml() {
        JwtGateSettings settings = JwtGateSettings.builder().algorithms(JwtAlgorithm.RS256).audience("orders-api")
                .issuers(TrustedIssuer.named("corp").issuer("https://login.corp.example/realms/staff")
                        .jwksUri(URI.create("https://login.corp.example/realms/staff/certs")),
                        TrustedIssuer.named("partner").issuer("https://idp.partner.example/")
                                .publicKeys(KeyReference.labelled("p1", "env:RSA")))
                .build();
        assertEquals(parse(twoBlocks()).toString(), settings.toString());
    }

    /** One vocabulary for blocks too: every NAME.param is a block builder method, and nothing else is. */
    @Test
    void blockBuilderMethods_areTheBlockParamNames() {
        Set<String> methods = Arrays.stream(TrustedIssuer.Builder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(InitParameters.blockParameterNames()), methods);
        assertFalse(InitParameters.blockParameterNames().contains("leeway"), "the leeway is the filter's, not a block's");
    }
}
