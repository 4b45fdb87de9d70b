package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.testing.Tokens;

/** The principal stage alone: the name, roles and scopes a verified token's claims give. */
class PrincipalMapperTest {

    private final PrincipalMapper mapper = new PrincipalMapper("sub", List.of("roles"));

    private static Map<String, Object> claims(String json) throws TokenRejection {
        return JwsParser.object(Tokens.b64(json));
    }

    private static Reason reason(PrincipalMapper mapper, String json) throws TokenRejection {
        Map<String, Object> claims = claims(json);
        return assertThrows(TokenRejection.class, () -> mapper.principal(claims, null)).reason();
    }

    @Test
    void principal_subAndExpiry_namedAndCarried() throws TokenRejection {
        Map<String, Object> claims = claims("{\"sub\":\"alice\"}");
        Instant exp = Tokens.NOW.plusSeconds(60);
        JwtPrincipal principal = mapper.principal(claims, exp);
        assertEquals("alice", principal.getName());
        assertEquals(exp, principal.getExpiresAt());
        assertSame(claims, principal.getClaims(), "the parser's unmodifiable map, not a copy");
        assertNull(mapper.principal(claims, null).getExpiresAt());
    }

    @Test
    void principal_principalClaimDotPath_wholeNameFirst() throws TokenRejection {
        PrincipalMapper byPath = new PrincipalMapper("user.name", List.of());
        assertEquals("bob", byPath.principal(claims("{\"user\":{\"name\":\"bob\"}}"), null).getName());
        assertEquals("carol", byPath.principal(claims("{\"user\":{\"name\":\"bob\"},\"user.name\":\"carol\"}"), null)
                .getName());
    }

    @Test
    void principal_principalClaimMissingOrNull_missingClaim() throws TokenRejection {
        assertEquals(Reason.MISSING_CLAIM, reason(mapper, "{\"name\":\"alice\"}"));
        assertEquals(Reason.MISSING_CLAIM, reason(mapper, "{\"sub\":null}"));
    }

    @ParameterizedTest(name = "[{index}] sub {0}")
    @ValueSource(strings = {"7", "true", "[\"alice\"]", "{\"n\":\"alice\"}", "\"ali\\nce\"", "\"alice\\r\"",
        "\"a\\u0000\"", "\"a\\u007f\"", "\"a\\u0085\"", "\"a\\u2028\"", "\"a\\u2029\""})
    void principal_nameNotAStringOrWithControls_badClaim(String sub) throws TokenRejection {
        assertEquals(Reason.BAD_CLAIM, reason(mapper, "{\"sub\":" + sub + "}"));
    }

    @ParameterizedTest(name = "[{index}] sub {0}")
    @ValueSource(strings = {"\"\"", "\" \"", "\"\\u00a0\"", "\"\\u200b\"", "\"\\u3164\"", "\"\\u2800\"", "\"\\ufeff \"",
        "\"\\udb40\\udc01\"", "\" \\udb40\\udc20\\u200b\""})
    void principal_nameThatShowsAsNothing_blankPrincipal(String sub) throws TokenRejection {
        assertEquals(Reason.BLANK_PRINCIPAL, reason(mapper, "{\"sub\":" + sub + "}"));
    }

    @ParameterizedTest(name = "[{index}] sub {0}")
    @ValueSource(strings = {"\"a\"", "\" a\"", "\"\\u200b \\u00a0x\"", "\"\\ud834\\udd1e\"", "\"\\udb40\\udc01\\ud834\\udd1e\""})
    void principal_nameWithOneVisibleCharacter_named(String sub) throws TokenRejection {
        // The last two: a G clef (U+1D11E), and one after a language tag (U+E0001, a format character).
        assertEquals(claims("{\"s\":" + sub + "}").get("s"),
                mapper.principal(claims("{\"sub\":" + sub + "}"), null).getName());
    }

    @Test
    void principal_repeatedRolesAndScopes_eachOnce() throws TokenRejection {
        PrincipalMapper several = new PrincipalMapper("sub", List.of("roles", "groups"));
        JwtPrincipal principal = several.principal(claims("{\"sub\":\"alice\",\"roles\":\"a a\",\"groups\":[\"a\",\"b\",\"a\"],"
                + "\"scope\":\"read read\",\"scp\":[\"read\",\"write\",\"write\"]}"), null);
        assertEquals(Set.of("a", "b"), principal.getRoles());
        assertEquals(Set.of("read", "write"), principal.getScopes());
        assertEquals(Set.of("x"), several.principal(claims("{\"sub\":\"alice\",\"roles\":\"x x\"}"), null).getRoles());
        assertEquals(Set.of("x", "y"), several.principal(claims("{\"sub\":\"alice\",\"roles\":\"x y\"}"), null).getRoles());
        assertEquals(Set.of(), several.principal(claims("{\"sub\":\"alice\"}"), null).getRoles());
    }

    /**
     * Repeats anywhere in lists of every size, each side of the pairwise limit, words split on runs
     * of spaces: the set that {@code split(" ")} and {@link Set#copyOf} make.
     */
    @Test
    void principal_manyRolesWithRepeats_sameSetAsSplitAndCopyOf() throws TokenRejection {
        Random random = new Random(19);
        for (int size = 0; size <= 3 * PrincipalMapper.PAIRWISE_WORDS; size++) {
            for (int round = 0; round < 20; round++) {
                // Words (a tab is part of one), separated by one or more spaces, perhaps some before and after.
                int distinctWords = Math.max(1, size / (1 + round % 3));
                StringBuilder text = new StringBuilder(" ".repeat(random.nextInt(3)));
                for (int i = 0; i < size; i++) {
                    String word = (random.nextInt(8) == 0 ? "r\\t" : "r") + random.nextInt(distinctWords);
                    int spaces = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1);
                    text.append(word).append(" ".repeat(spaces));
                }
                String roles = text.toString().replace("\\t", "\t");
                List<String> words = new ArrayList<>();
                for (String word : roles.split(" ")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
                JwtPrincipal principal = mapper.principal(claims("{\"sub\":\"alice\",\"roles\":\"" + text + "\"}"), null);
                assertEquals(Set.copyOf(words), principal.getRoles(), words::toString);
            }
        }
    }

    @Test
    void principal_rolesFromEveryRolesClaim_splitOnSpacesNonStringsIgnored() throws TokenRejection {
        PrincipalMapper several = new PrincipalMapper("sub", List.of("roles", "realm_access.roles", "absent"));
        JwtPrincipal principal = several.principal(claims(
                "{\"sub\":\"alice\",\"roles\":\" a  b \",\"realm_access\":{\"roles\":[\"c\",7,\"\",null,[\"d\"]]}}"), null);
        assertEquals(Set.of("a", "b", "c"), principal.getRoles());
    }

    @Test
    void principal_scopeStringAndScpStringOrArray_scopesFromBoth() throws TokenRejection {
        assertEquals(Set.of("read", "write", "admin"), mapper.principal(
                claims("{\"sub\":\"alice\",\"scope\":\"read write\",\"scp\":[\"admin\"]}"), null).getScopes());
        assertEquals(Set.of("read", "write"), mapper.principal(
                claims("{\"sub\":\"alice\",\"scp\":\"read write\"}"), null).getScopes());
    }

    @Test
    void principal_scopeNotAStringOrScpArrayWithNonString_grantsNothingFromIt() throws TokenRejection {
        assertEquals(Set.of("write"), mapper.principal(
                claims("{\"sub\":\"alice\",\"scope\":[\"read\"],\"scp\":\"write\"}"), null).getScopes());
        assertEquals(Set.of("read"), mapper.principal(
                claims("{\"sub\":\"alice\",\"scope\":\"read\",\"scp\":[\"write\",7]}"), null).getScopes());
    }

    @Test
    void constructor_rolesClaimsChangedAfterwards_mapperUnchanged() throws TokenRejection {
        List<String> rolesClaims = new ArrayList<>(List.of("roles"));
        PrincipalMapper own = new PrincipalMapper("sub", rolesClaims);
        rolesClaims.add("groups");
        assertEquals(Set.of("a"), own.principal(claims("{\"sub\":\"alice\",\"roles\":\"a\",\"groups\":\"g\"}"), null)
                .getRoles());
    }
}
