package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * {@code verify --method --path}: which access rule decided a request and why, with the same
 * verdict and exit code the filter's core gives; never the token.
 */
class VerifyAccessRulesTest {

    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final Cli cli = new Cli(clock);
    private final Map<String, String> params = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void filterWithRules() {
        cli.env("JWT_SECRET", Base64.getEncoder().encodeToString(secret));
        params.put("algorithms", "HS256");
        params.put("secret", "env:JWT_SECRET");
        params.put("secretEncoding", "base64");
        params.put("issuer", Tokens.ISSUER);
        params.put("audience", Tokens.AUDIENCE);
        params.put("requiredRoles", "staff");
        params.put("excludePaths", "/internal/health");
        params.put("accessRules", "GET /public/* permit; * /admin/* role:admin|ops; "
                + "POST /orders/* scope:orders.write; * /internal/* deny");
    }

    private Cli.Result verify(String token, int exit, String... options) throws Exception {
        StringBuilder properties = new StringBuilder();
        params.forEach((name, value) -> properties.append(name).append('=').append(value).append('\n'));
        Path file = Files.writeString(dir.resolve("jwtgate.properties"), properties);
        List<String> arguments = new ArrayList<>(List.of("verify", "--properties", file.toString()));
        arguments.addAll(List.of(options));
        Cli.Result result = cli.stdin(token).run(arguments.toArray(new String[0])).exits(exit);
        assertFalse(result.all().contains(token.strip()), "the token was printed");
        return result;
    }

    private static void assertSays(Cli.Result result, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(result.out.contains(fragment), () -> "missing <" + fragment + "> in:\n" + result);
        }
    }

    private String token(String... roles) {
        return Tokens.hs256(secret).roles(List.of(roles)).scope("orders.read").sign();
    }

    @Test
    void verify_ruleWithRoleTokenHasIt_acceptedNamingTheRule() throws Exception {
        assertSays(verify(token("ops"), ExitCode.OK, "--method", "DELETE", "--path", "/admin/users/7"),
                "request: DELETE /admin/users/7", "rule 2 '* /admin/* role:admin|ops' decides", "ACCEPTED",
                "principal  alice");
    }

    @Test
    void verify_ruleRoleMissing_forbiddenWithTheRulesChallengeAndTheTokensRoles() throws Exception {
        assertSays(verify(token("staff"), ExitCode.FORBIDDEN, "--path", "/admin/x"),
                "request: GET /admin/x", "rule 2 '* /admin/* role:admin|ops' decides", "FORBIDDEN: MISSING_ROLE",
                "scope=\"admin ops\"", "asks for roles admin, ops", "its roles: staff");
    }

    @Test
    void verify_ruleScopeMissing_forbiddenNamingTheScope() throws Exception {
        assertSays(verify(token("staff"), ExitCode.FORBIDDEN, "--method", "POST", "--path", "/orders/1"),
                "rule 3 'POST /orders/* scope:orders.write' decides", "FORBIDDEN: MISSING_SCOPE",
                "scope=\"orders.write\"", "its scopes: orders.read");
    }

    @Test
    void verify_denyRule_forbiddenAccessDenied() throws Exception {
        assertSays(verify(token("admin"), ExitCode.FORBIDDEN, "--path", "/internal/x"),
                "FORBIDDEN: ACCESS_DENIED", "rule 4 '* /internal/* deny' denies every request it matches");
    }

    @Test
    void verify_permitRuleAndExcludedPath_passedUntouched() throws Exception {
        assertSays(verify(token(), ExitCode.OK, "--path", "/public/x"), "rule 1 'GET /public/* permit' decides",
                "PASSED");
        assertSays(verify(token(), ExitCode.OK, "--path", "/internal/health"), "excludePaths lets this path through",
                "PASSED");
    }

    @Test
    void verify_noRuleMatches_filterWideSettingsDecide() throws Exception {
        assertSays(verify(token("admin"), ExitCode.FORBIDDEN, "--path", "/elsewhere"),
                "no access rule matches this method and path", "requiredRoles staff", "FORBIDDEN: MISSING_ROLE");
        assertSays(verify(token("staff"), ExitCode.OK, "--method", "GET", "--path", "/elsewhere"), "ACCEPTED");
    }

    @Test
    void verify_pathInDoubt_listsEveryRuleThatMustHold() throws Exception {
        assertSays(verify(token("admin", "staff"), ExitCode.FORBIDDEN, "--path", "/public/a%2fb"),
                "the path is in doubt", "rule 4 '* /internal/* deny'", "FORBIDDEN: ACCESS_DENIED");
    }

    @Test
    void verify_methodWithoutPathOrBadPath_usageError() throws Exception {
        verify(token(), ExitCode.USAGE, "--method", "GET");
        verify(token(), ExitCode.USAGE, "--path", "admin");
        verify(token(), ExitCode.USAGE, "--path", "/a?b=c");
    }
}
