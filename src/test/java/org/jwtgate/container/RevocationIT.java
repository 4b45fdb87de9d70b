package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.RevocationChecks.assertRevoked;
import static org.jwtgate.container.RevocationChecks.attribute;
import static org.jwtgate.container.RevocationChecks.awaitStatus;
import static org.jwtgate.container.RevocationChecks.invoke;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Tokens;

/**
 * Revocation on real containers, two applications sharing one {@code file:} list standing for two
 * nodes: a revocation made through one node's MBean is enforced there at once and on the other
 * within {@code revocationRefreshInterval} (1 s here), cached tokens included, by the node's own
 * background thread; cut-offs spare later tokens and refuse tokens without {@code iat}; a broken
 * list keeps the last good one until {@code revocationMaxStale}, then 503 with {@code Retry-After},
 * and recovery; bad configurations stop the application.
 */
class RevocationIT {


    @RegisterExtension
    static final CellServer server = new CellServer();
    private Path list;
    private Deployment nodeA;
    private Deployment nodeB;

    @BeforeEach
    void deployTwoNodes() throws Exception {
        list = Files.createTempFile(server.dir(), "revoked", ".txt");
        nodeA = server.deploy(node());
        nodeB = server.deploy(node());
    }

    @AfterEach
    void undeploy() {
        nodeA.close();
        nodeB.close();
    }

    private java.util.Map<String, String> node(String... more) {
        return WebXml.with(server.hs256("revocation", "file:" + list, "revocationRefreshInterval", "1",
                "revocationMaxStale", "120"), more);
    }





    @Test
    void revokeToken_throughOneNodesMBean_bothNodesRefuseTheCachedToken_othersStayAccepted() throws Exception {
        String token = Tokens.hs256(server.secret()).claim("jti", "session-42").sign();
        String other = Tokens.hs256(server.secret()).claim("jti", "session-43").sign();
        for (Deployment node : new Deployment[] {nodeA, nodeB}) {
            assertEquals(200, node.bearer("/x", token).status());
            assertEquals(200, node.bearer("/x", other).status());
        }
        long verifiedOnB = nodeB.verifications();

        invoke(nodeA, "revokeToken", Tokens.ISSUER, "session-42", Tokens.NOW.getEpochSecond() + 3600);

        assertRevoked(nodeA.bearer("/x", token)); // at once where it was made
        assertRevoked(awaitStatus(nodeB, token, 401));
        assertEquals(verifiedOnB, nodeB.verifications(), "refused from the cache, not verified again");
        assertEquals(200, nodeA.bearer("/x", other).status());
        assertEquals(200, nodeB.bearer("/x", other).status());
        assertEquals(1, attribute(nodeB, "RevocationListSize"));
        assertTrue(attribute(nodeB, "RevocationHits") >= 1);
    }

    @Test
    void revokeSubject_cutOffAtNow_earlierTokensAndTokensWithoutIatRefused_laterTokensAccepted() throws Exception {
        String earlier = Tokens.hs256(server.secret()).issuedAt(Tokens.NOW.minusSeconds(30)).sign();
        String noIat = Tokens.hs256(server.secret()).without("iat").sign();
        String bob = Tokens.hs256(server.secret()).subject("bob").issuedAt(Tokens.NOW.minusSeconds(30)).sign();
        assertEquals(200, nodeB.bearer("/x", earlier).status());

        invoke(nodeB, "revokeSubject", Tokens.ISSUER, "alice");
        TestBridge.advanceClock(Duration.ofSeconds(2));
        String later = Tokens.hs256(server.secret()).issuedAt(Tokens.NOW.plusSeconds(2)).sign();

        assertRevoked(awaitStatus(nodeA, earlier, 401));
        assertRevoked(nodeA.bearer("/x", noIat));
        assertRevoked(nodeB.bearer("/x", earlier));
        assertEquals(200, nodeA.bearer("/x", later).status(), "issued after the cut-off");
        assertEquals(200, nodeA.bearer("/x", bob).status(), "another subject");
    }

    @Test
    void revokeIssuer_everyTokenIssuedUpToNow_onEveryNode() throws Exception {
        String token = Tokens.hs256(server.secret()).subject("carol").sign();
        assertEquals(200, nodeA.bearer("/x", token).status());

        invoke(nodeA, "revokeIssuer", Tokens.ISSUER);

        assertRevoked(nodeA.bearer("/x", token));
        assertRevoked(awaitStatus(nodeB, token, 401));
    }

    /** A list that cannot be read: the last good one serves, the errors are counted, then 503 past revocationMaxStale. */
    @Test
    void brokenList_lastGoodListServes_untilMaxStale_then503WithRetryAfter_andRecovery() throws Exception {
        String revoked = Tokens.hs256(server.secret()).claim("jti", "gone").sign();
        String fine = Tokens.hs256(server.secret()).claim("jti", "fine").sign();
        invoke(nodeA, "revokeToken", Tokens.ISSUER, "gone", Tokens.NOW.getEpochSecond() + 3600);
        awaitStatus(nodeB, revoked, 401);

        Files.writeString(list, "token this line is broken\n");
        assertTrue(RevocationChecks.awaitStoreError(nodeB, attribute(nodeB, "RevocationStoreErrors"), fine),
                "the broken list is counted");
        assertRevoked(nodeB.bearer("/x", revoked));
        assertEquals(200, nodeB.bearer("/x", fine).status(), "the last good list serves");

        TestBridge.advanceClock(Duration.ofSeconds(121));
        HttpReply unavailable = nodeB.bearer("/x", fine);
        ErrorResponseAssertions.assertUnavailable(unavailable);
        assertEquals("1", unavailable.header("Retry-After"));
        assertTrue(unavailable.body().contains("The revocation list is unavailable; retry later."), unavailable::toString);

        Files.writeString(list, "");
        awaitStatus(nodeB, fine, 200);
        assertEquals(200, nodeB.bearer("/x", revoked).status(), "the repaired list no longer names it");
    }

    @Test
    void badConfiguration_literalPasswordOrUnknownScheme_stopsTheApplicationNamingTheParam() {
        try (Deployment literal = server.tryDeploy(server.hs256("revocation", "redis://127.0.0.1:6379",
                "revocationPassword", "hunter2-not-a-reference"))) {
            assertTrue(!literal.isServing(), "a literal password must stop the application");
            assertTrue(literal.initFailure().contains(": revocationPassword: a literal password is refused"),
                    literal.initFailure());
            assertTrue(!literal.initFailure().contains("hunter2"), literal.initFailure());
        }
        try (Deployment unknown = server.tryDeploy(server.hs256("revocation", "memcached://127.0.0.1:11211"))) {
            assertTrue(!unknown.isServing());
            assertTrue(unknown.initFailure().contains(": revocation: expected file:PATH, redis://"),
                    unknown.initFailure());
        }
    }
}
