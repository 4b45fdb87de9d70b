package org.jwtgate.internal.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.RedisServer;
import org.jwtgate.testing.Tokens;

/**
 * Two nodes' {@link Revocations} over one real Redis, synced by hand: a revocation made on one is
 * enforced by the other after one sync, and an outage is served from the mirror until
 * {@code revocationMaxStale}, then refused.
 */
class RevocationsOverRedisTest {

    private static final String ISSUER = "https://issuer.example";
    private static final Duration MAX_STALE = Duration.ofSeconds(300);
    private static RedisServer server;

    private final MutableClock clock = MutableClock.atFixtureNow();
    private final long now = Tokens.NOW.getEpochSecond();
    private final long revokedKey = RevocationKeys.token(ISSUER, "revoked-jti");
    private final long otherKey = RevocationKeys.token(ISSUER, "other-jti");
    private final long subjectKey = RevocationKeys.subject(ISSUER, "alice");
    private final long issuerKey = RevocationKeys.issuer(ISSUER);
    private Revocations nodeA;
    private Revocations nodeB;

    @BeforeAll
    static void startServer() throws IOException {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void nodes() throws IOException {
        server.reset();
        nodeA = node();
        nodeB = node();
        nodeA.syncNow();
        nodeB.syncNow();
    }

    @AfterEach
    void closeNodes() {
        nodeA.close();
        nodeB.close();
    }

    private Revocations node() {
        return new Revocations(new RedisRevocationStore(URI.create(server.uri()), null, clock),
                Duration.ofSeconds(5), MAX_STALE, clock, false);
    }

    private int status(Revocations node, long tokenKey) {
        return node.status(tokenKey, subjectKey, issuerKey, now - 10, clock.millis());
    }

    @Test
    void aRevocationOnOneNodeIsEnforcedByTheOtherAfterOneSync() throws IOException {
        nodeA.revoke(RevocationEntry.token(ISSUER, "revoked-jti", now + 3600));
        assertEquals(Revocations.REVOKED, status(nodeA, revokedKey));
        assertEquals(Revocations.ACCEPTED, status(nodeB, revokedKey));

        nodeB.syncNow();
        assertEquals(Revocations.REVOKED, status(nodeB, revokedKey));
        assertEquals(Revocations.ACCEPTED, status(nodeB, otherKey));
    }

    @Test
    void aNodeServesItsMirrorWhileRedisIsDownUntilMaxStaleThenRefusesThenRecovers() throws IOException {
        nodeA.revoke(RevocationEntry.token(ISSUER, "revoked-jti", now + 3600));
        nodeB.syncNow();
        server.kill();

        clock.advance(MAX_STALE);
        nodeB.syncNow();
        assertEquals(1, nodeB.storeErrors());
        assertEquals(Revocations.REVOKED, status(nodeB, revokedKey));
        assertEquals(Revocations.ACCEPTED, status(nodeB, otherKey));

        clock.advance(Duration.ofSeconds(1));
        nodeB.syncNow();
        assertEquals(Revocations.UNAVAILABLE, status(nodeB, revokedKey));
        assertEquals(Revocations.UNAVAILABLE, status(nodeB, otherKey));

        // The test server keeps nothing on disk: after its restart the revocation is made again.
        server.restart();
        nodeA.revoke(RevocationEntry.token(ISSUER, "revoked-jti", now + 3600));
        nodeB.syncNow();
        assertEquals(Revocations.REVOKED, status(nodeB, revokedKey));
        assertEquals(Revocations.ACCEPTED, status(nodeB, otherKey));
        assertTrue(nodeB.mirrorAgeSeconds() == 0);
    }
}
