package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.RevocationChecks.assertRevoked;
import static org.jwtgate.container.RevocationChecks.awaitStatus;
import static org.jwtgate.container.RevocationChecks.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.RedisServer;
import org.jwtgate.testing.Tokens;

/**
 * Revocation on a real Redis (with a password), two applications standing for two nodes on every
 * container: {@code jwtgate revoke}, run from the {@code -all} jar as an operator runs it, and the
 * MBean revoke by {@code jti}, subject and issuer; both nodes refuse the cached token (Redis pushes
 * the revocation through its log, so within the interval, in practice at once); tokens not covered
 * and tokens issued after a cut-off stay accepted. With Redis stopped the nodes answer from their
 * copy, then 503 past {@code revocationMaxStale}, and recover when it is back, without a restart.
 */
class RevocationRedisIT {


    @RegisterExtension
    static final CellServer server = new CellServer();
    private static RedisServer redis;
    private static String password;
    private Deployment nodeA;
    private Deployment nodeB;

    @BeforeAll
    static void startRedis() throws IOException {
        password = Keys.secretBase64(24);
        redis = RedisServer.withPassword(password);
    }

    @AfterAll
    static void stopRedis() throws IOException {
        redis.close();
    }

    @BeforeEach
    void deployTwoNodes() throws IOException {
        redis.reset();
        Map<String, String> params = server.hs256("revocation", redis.uri(), "revocationPassword",
                server.reference(password), "revocationRefreshInterval", "1", "revocationMaxStale", "120");
        nodeA = server.deploy(params);
        nodeB = server.deploy(params);
    }

    @AfterEach
    void undeploy() {
        nodeA.close();
        nodeB.close();
    }

    /** {@code jwtgate revoke --store REDIS --password env:… ARGS}, as a separate JVM; returns its output. */
    private static String revokeCommand(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CellServer.requiredPath("jwtgate.allJar").toString(), "revoke", "--store", redis.uri(),
                "--password", "env:JWTGATE_REDIS_PASSWORD"));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(server.dir(), "revoke", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JWTGATE_REDIS_PASSWORD", password);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "jwtgate revoke did not finish");
        String output = Files.readString(out);
        assertEquals(0, process.exitValue(), output);
        assertTrue(!output.contains(password), "the password must never be printed");
        return output;
    }




    /** The command checks --expires against the wall clock; the filters run on the tests' clock, earlier still. */
    @Test
    void revokeCommand_byJti_bothNodesRefuseTheCachedToken_anotherStaysAccepted() throws Exception {
        String token = Tokens.hs256(server.secret()).claim("jti", "laptop-session").sign();
        String other = Tokens.hs256(server.secret()).claim("jti", "phone-session").sign();
        for (Deployment node : new Deployment[] {nodeA, nodeB}) {
            assertEquals(200, node.bearer("/x", token).status());
            assertEquals(200, node.bearer("/x", other).status());
        }

        String said = revokeCommand("--issuer", Tokens.ISSUER, "--jti", "laptop-session", "--expires",
                Long.toString(java.time.Instant.now().getEpochSecond() + 3600));

        assertTrue(said.startsWith("revoked: "), said);
        assertRevoked(awaitStatus(nodeA, token, 401));
        assertRevoked(awaitStatus(nodeB, token, 401));
        assertEquals(200, nodeA.bearer("/x", other).status());
        assertEquals(200, nodeB.bearer("/x", other).status());
    }

    @Test
    void revokeCommand_bySubject_earlierTokensRefused_laterTokensAndOtherSubjectsAccepted() throws Exception {
        String earlier = Tokens.hs256(server.secret()).issuedAt(Tokens.NOW.minusSeconds(60)).sign();
        String bob = Tokens.hs256(server.secret()).subject("bob").issuedAt(Tokens.NOW.minusSeconds(60)).sign();
        assertEquals(200, nodeA.bearer("/x", earlier).status());

        // The command cuts off at the wall clock's now, later than the tests' clock: every fixture token precedes it.
        revokeCommand("--issuer", Tokens.ISSUER, "--subject", "alice");

        assertRevoked(awaitStatus(nodeA, earlier, 401));
        assertRevoked(awaitStatus(nodeB, earlier, 401));
        assertEquals(200, nodeB.bearer("/x", bob).status());
    }

    @Test
    void revokeCommand_all_everyTokenOfTheIssuerRefusedOnBothNodes() throws Exception {
        String token = Tokens.hs256(server.secret()).subject("dave").sign();
        assertEquals(200, nodeA.bearer("/x", token).status());

        revokeCommand("--issuer", Tokens.ISSUER, "--all");

        assertRevoked(awaitStatus(nodeA, token, 401));
        assertRevoked(awaitStatus(nodeB, token, 401));
    }

    @Test
    void mbean_revokeIssuer_onOneNode_theOtherFollows_laterTokensAccepted() throws Exception {
        String token = Tokens.hs256(server.secret()).subject("carol").sign();
        assertEquals(200, nodeB.bearer("/x", token).status());

        invoke(nodeA, "revokeIssuer", Tokens.ISSUER);
        TestBridge.advanceClock(Duration.ofSeconds(5));
        String later = Tokens.hs256(server.secret()).subject("carol").issuedAt(Tokens.NOW.plusSeconds(5)).sign();

        assertRevoked(nodeA.bearer("/x", token));
        assertRevoked(awaitStatus(nodeB, token, 401));
        assertEquals(200, nodeB.bearer("/x", later).status(), "issued after the cut-off");
    }

    /** Redis down: the copy serves, then 503 past revocationMaxStale; Redis back: served again, no restart. */
    @Test
    void redisStopped_copyServes_then503PastMaxStale_redisBack_recovers() throws Exception {
        String revoked = Tokens.hs256(server.secret()).claim("jti", "gone").sign();
        String fine = Tokens.hs256(server.secret()).claim("jti", "fine").sign();
        invoke(nodeA, "revokeSubject", Tokens.ISSUER, "nobody"); // something in the list
        revokeCommand("--issuer", Tokens.ISSUER, "--jti", "gone", "--expires",
                Long.toString(java.time.Instant.now().getEpochSecond() + 3600));
        awaitStatus(nodeB, revoked, 401);

        redis.kill();
        assertRevoked(nodeB.bearer("/x", revoked));
        assertEquals(200, nodeB.bearer("/x", fine).status(), "the last list read serves");

        TestBridge.advanceClock(Duration.ofSeconds(121));
        ErrorResponseAssertions.assertUnavailable(nodeB.bearer("/x", fine));
        ErrorResponseAssertions.assertUnavailable(nodeA.bearer("/x", revoked));

        redis.reset(); // back, empty: a Redis without persistence forgets (the README says to persist it)
        awaitStatus(nodeA, fine, 200);
        awaitStatus(nodeB, fine, 200);
    }
}
