package org.jwtgate.internal.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;

/**
 * A node's list over a real file: what requests are told while the store answers, after it stops
 * answering, past {@code revocationMaxStale}, and after it recovers.
 */
class RevocationsTest {

    private static final String ISS = "https://idp.example/";
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration MAX_STALE = Duration.ofSeconds(60);

    @RegisterExtension
    final LogCapture log = new LogCapture();
    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.atFixtureNow();
    private Revocations node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    private Path file() {
        return dir.resolve("revocations.txt");
    }

    private Revocations node() {
        return new Revocations(new FileRevocationStore(file(), clock), REFRESH, MAX_STALE, clock, false);
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private int status(Revocations revocations, String jti, String subject, long issuedAt) {
        return revocations.status(RevocationKeys.token(ISS, jti), RevocationKeys.subject(ISS, subject),
                RevocationKeys.issuer(ISS), issuedAt, clock.millis());
    }

    @Test
    void status_beforeTheFirstRead_unavailable_afterIt_accepted() {
        node = node();
        assertEquals(Revocations.UNAVAILABLE, status(node, "j", "alice", now()));
        assertEquals(-1, node.mirrorAgeSeconds());

        node.syncNow(); // no file yet: nothing is revoked
        assertEquals(Revocations.ACCEPTED, status(node, "j", "alice", now()));
        assertEquals(0, node.mirrorAgeSeconds());
    }

    @Test
    void revoke_onOneNode_theOtherSeesItAtItsNextRead() throws IOException {
        node = node();
        try (Revocations other = node()) {
            node.syncNow();
            other.syncNow();
            node.revokeToken(ISS, "j1", now() + 600);
            assertEquals(Revocations.REVOKED, status(node, "j1", "alice", now()), "at once where it was made");
            assertEquals(Revocations.ACCEPTED, status(other, "j1", "alice", now()));

            other.syncNow();
            assertEquals(Revocations.REVOKED, status(other, "j1", "alice", now()));
            assertEquals(1, other.revokedHits());
            assertEquals(1, other.size());
        }
    }

    /** A node may accept a token for its leeway after its exp: such a token can still be revoked. */
    @Test
    void revokeToken_expiredWithinTheLongestLeeway_stillRevoked() throws IOException {
        node = node();
        node.syncNow();
        node.revokeToken(ISS, "late", now() - 299);

        assertEquals(Revocations.REVOKED, status(node, "late", "alice", now()));
    }

    @Test
    void revokeSubject_cutsOffAtNow_laterTokensAndOtherSubjectsSpared() throws IOException {
        node = node();
        node.syncNow();
        node.revokeSubject(ISS, "alice");

        assertEquals(Revocations.REVOKED, status(node, null, "alice", now()));
        assertEquals(Revocations.REVOKED, status(node, null, "alice", Revocations.NO_ISSUED_AT));
        assertEquals(Revocations.ACCEPTED, status(node, null, "alice", now() + 1));
        assertEquals(Revocations.ACCEPTED, status(node, null, "bob", now()));
    }

    @Test
    void revokeIssuer_everyTokenIssuedUpToNow() throws IOException {
        node = node();
        node.syncNow();
        node.revokeIssuer(ISS);

        assertEquals(Revocations.REVOKED, status(node, "any", "anyone", now() - 100));
        assertEquals(Revocations.ACCEPTED, status(node, "any", "anyone", now() + 1));
    }

    @Test
    void revoke_badArguments_refusedAndNothingStored() {
        node = node();
        assertThrows(IllegalArgumentException.class, () -> node.revokeToken(ISS, "j", now() - 300));
        assertThrows(IllegalArgumentException.class, () -> node.revokeToken("", "j", now() + 60));
        assertThrows(IllegalArgumentException.class, () -> node.revokeToken(ISS, null, now() + 60));
        assertThrows(IllegalArgumentException.class, () -> node.revokeSubject(ISS, ""));
        assertThrows(IllegalArgumentException.class, () -> node.revokeIssuer(null));
        assertFalse(Files.exists(file()));
    }

    /** A broken file: the last good list keeps serving, a WARN (once a minute) says so, and nothing else. */
    @Test
    void sync_brokenFile_lastGoodListServes_warnsWithoutContent_untilMaxStale_then503_thenRecovers()
            throws IOException {
        node = node();
        node.syncNow();
        node.revokeSubject(ISS, "alice");
        node.syncNow();

        Files.writeString(file(), "subject " + ISS + " alice-SECRET-SUBJECT 12x\n");
        clock.advance(Duration.ofSeconds(1));
        node.syncNow();
        node.syncNow();
        clock.advance(MAX_STALE.minusSeconds(1));
        assertEquals(Revocations.REVOKED, status(node, null, "alice", now() - 100), "the last good list");
        assertEquals(Revocations.ACCEPTED, status(node, null, "bob", now() - 100));
        assertEquals(2, node.storeErrors());
        assertEquals(1, log.messages(Level.WARNING).size(), "rate-limited: " + log.everything());
        String warning = log.messages(Level.WARNING).get(0);
        assertTrue(warning.contains("line 1"), warning);
        assertFalse(warning.contains("SECRET-SUBJECT"), warning);

        clock.advance(Duration.ofSeconds(2));
        assertEquals(Revocations.UNAVAILABLE, status(node, null, "bob", now()), "past revocationMaxStale");

        Files.writeString(file(), "subject " + ISS + " alice " + (now() - 50) + "\n");
        node.syncNow();
        assertEquals(Revocations.ACCEPTED, status(node, null, "bob", now()));
        assertEquals(Revocations.REVOKED, status(node, null, "alice", now() - 100));
    }

    /** A store that lost its data (a Redis restarted without persistence) looks like an emptied list: say so. */
    @Test
    void sync_listEmptiedWhileEntriesWereHeld_followsIt_andWarnsOnce() throws IOException {
        node = node();
        node.syncNow();
        node.revokeSubject(ISS, "alice");
        node.syncNow();
        Files.writeString(file(), "");
        clock.advance(Duration.ofSeconds(1));
        node.syncNow();

        assertEquals(Revocations.ACCEPTED, status(node, null, "alice", now() - 10), "the store is the truth");
        List<String> warnings = log.messages(Level.WARNING);
        assertEquals(1, warnings.size(), log.everything());
        assertTrue(warnings.get(0).contains("is empty now, where this node held 1 entries"), warnings.get(0));
    }

    @Test
    void revoke_storeCannotWrite_ioException_nothingRevokedHere() throws IOException {
        Files.writeString(file(), "");
        Files.createDirectory(dir.resolve("revocations.txt.lock")); // readable list, but no writer can lock it
        node = node();
        node.syncNow();

        assertThrows(IOException.class, () -> node.revokeSubject(ISS, "alice"));
        assertEquals(Revocations.ACCEPTED, status(node, null, "alice", now() - 1));
    }

    /** Started as the filter starts it: the first read happens before the constructor returns. */
    @Test
    void start_readsAtOnce_andCloseStopsTheThread() throws IOException {
        Files.writeString(file(), RevocationEntry.subject(ISS, "alice", now()).toLine() + "\n");
        node = new Revocations(new FileRevocationStore(file(), clock), REFRESH, MAX_STALE, clock, true);

        assertEquals(Revocations.REVOKED, status(node, null, "alice", now()));
        node.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("jwtgate-revocations")
                && t.isAlive()), "the thread ended");
        node = null;
    }
}
