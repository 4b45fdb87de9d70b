package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Leaks over HTTP: the filter deployed from the {@code -all} jar logs (at every level) and answers
 * without a token, a piece of one, a claim, a kid, a secret or an exception. The first case proves
 * the guard hears the deployed filter at all (its log records reach this JVM's {@code org.jwtgate}
 * logger) and sees its responses, so the guard's silence on the other HTTP families means something.
 */
class LeakAttackIT {

    private static final String CLAIM = "claim-value-mallory-7f3a9c1e";
    private static final String KID = "kid-value-leak-5b2d8e44";

    @RegisterExtension
    @Order(1)
    static final CellServer server = new CellServer();
    @RegisterExtension
    @Order(2)
    static final LeakGuard leaks = new LeakGuard();

    static byte[] secret;
    static Deployment app;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        LeakGuard.secret(secret);
        app = server.deploy(server.hs256("realm", "leak-test", "requiredRoles", "admin", "tokenCookie", "at",
                "allowQueryParameter", "true"));
    }

    @Test
    void guard_control_hearsTheDeployedFiltersLogAndSeesItsResponses() {
        int mark = LeakGuard.mark();
        String forged = Tokens.hs256(Keys.secret(32)).subject(CLAIM).sign();
        refused(app, () -> app.bearer("/x", forged));
        List<String> lines = LeakGuard.logLinesSince(mark);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("FINE") && line.contains("BAD_SIGNATURE")),
                () -> "the guard did not hear the deployed filter: " + lines);
        int responses = LeakGuard.mark() - mark - lines.size();
        assertTrue(responses >= 1, "the guard did not see the 401");
        assertEquals(List.of(), LeakGuard.problemsSince(mark));
    }

    @Test
    void everyKindOfRefusalOverHttp_carriesNothingFromTheRequest() {
        int mark = LeakGuard.mark();
        String expired = Tokens.hs256(secret).subject(CLAIM).keyId(KID).expiresAt(Tokens.NOW.minusSeconds(3600)).sign();
        String wrongIssuer = Tokens.hs256(secret).issuer("https://" + CLAIM + ".example").sign();
        String forbidden = Tokens.hs256(secret).subject(CLAIM).roles(List.of("user-" + CLAIM)).sign();
        String malformed = Tokens.hs256(secret).rawHeader("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"kid\":\"x\"}").sign();
        for (String token : List.of(expired, wrongIssuer, forbidden, malformed)) {
            refused(app, () -> app.bearer("/x", token));
            refused(app, () -> app.get("/x", "Cookie", "at=" + token));
            refused(app, () -> app.get("/x?access_token=" + token));
        }
        refused(app, () -> app.raw("/x", "Authorization: Bearer " + expired, "Cookie: at=" + forbidden));
        refused(app, () -> app.raw("/x", "Authorization: Bearer " + CLAIM + " " + KID));
        List<String> problems = LeakGuard.problemsSince(mark);
        assertEquals(List.of(), problems, () -> String.join("\n", problems));
        assertFalse(LeakGuard.logLinesSince(mark).isEmpty());
    }
}
