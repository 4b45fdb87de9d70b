package org.jwtgate.internal.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RevocationMirrorTest {

    private static final String ISS = "https://idp.example/";
    private static final long NOW = 1_800_000_000L;
    private final RevocationMirror mirror = new RevocationMirror();

    private boolean revokes(String iss, String jti, String sub, long iat) {
        return mirror.revokes(RevocationKeys.token(iss, jti), RevocationKeys.subject(iss, sub),
                RevocationKeys.issuer(iss), iat);
    }

    @Test
    void revokes_empty_nothing() {
        assertFalse(revokes(ISS, "j", "alice", NOW));
        assertFalse(revokes(ISS, null, null, RevocationMirror.NO_ISSUED_AT));
    }

    @Test
    void revokes_tokenEntry_thatJtiOfThatIssuerOnly() {
        mirror.add(RevocationEntry.token(ISS, "j1", NOW + 60), NOW);

        assertTrue(revokes(ISS, "j1", "alice", NOW));
        assertFalse(revokes(ISS, "j2", "alice", NOW));
        assertFalse(revokes("https://other.example/", "j1", "alice", NOW), "a jti is the issuer's own");
        assertFalse(revokes(ISS, null, "alice", NOW), "a token without jti");
    }

    @Test
    void revokes_subjectCutoff_tokensIssuedAtOrBeforeIt_andTokensWithoutIat() {
        mirror.add(RevocationEntry.subject(ISS, "alice", NOW), NOW);

        assertTrue(revokes(ISS, "j", "alice", NOW - 10));
        assertTrue(revokes(ISS, "j", "alice", NOW), "issued in the cut-off's second");
        assertFalse(revokes(ISS, "j", "alice", NOW + 1), "issued after the cut-off");
        assertTrue(revokes(ISS, "j", "alice", RevocationMirror.NO_ISSUED_AT), "no iat under a cut-off");
        assertFalse(revokes(ISS, "j", "bob", NOW - 10));
        assertFalse(revokes("https://other.example/", "j", "alice", NOW - 10));
    }

    @Test
    void revokes_issuerCutoff_everySubject_andALaterCutoffWins() {
        mirror.add(RevocationEntry.issuer(ISS, NOW - 100), NOW);
        mirror.add(RevocationEntry.issuer(ISS, NOW), NOW);
        mirror.add(RevocationEntry.issuer(ISS, NOW - 50), NOW);

        assertTrue(revokes(ISS, null, "anyone", NOW - 1));
        assertFalse(revokes(ISS, null, "anyone", NOW + 1));
        assertFalse(revokes("https://other.example/", null, "anyone", NOW - 1));
    }

    @Test
    void add_expiredEntry_ignored_dropExpired_removesWhatExpired() {
        mirror.add(RevocationEntry.token(ISS, "old", NOW - 400), NOW);
        assertEquals(0, mirror.size());

        mirror.add(RevocationEntry.token(ISS, "soon", NOW + 10), NOW);
        mirror.add(RevocationEntry.subject(ISS, "alice", NOW), NOW);
        mirror.dropExpired(NOW + 10 + 300);
        assertFalse(revokes(ISS, "soon", null, NOW));
        assertTrue(revokes(ISS, null, "alice", NOW - 1), "a cut-off stays for 30 days");
        mirror.dropExpired(NOW + 30L * 24 * 3600);
        assertEquals(0, mirror.size());
        assertFalse(revokes(ISS, null, "alice", NOW - 1));
    }

    @Test
    void add_manyEntries_growsAndFindsEveryOne() {
        for (int i = 0; i < 5_000; i++) {
            mirror.add(RevocationEntry.token(ISS, "jti-" + i, NOW + 60), NOW);
        }
        assertEquals(5_000, mirror.size());
        for (int i = 0; i < 5_000; i++) {
            assertTrue(revokes(ISS, "jti-" + i, null, NOW), "jti-" + i);
        }
        assertFalse(revokes(ISS, "jti-5000", null, NOW));
    }

    @Test
    void replaceAll_replacesEverything() {
        mirror.add(RevocationEntry.token(ISS, "gone", NOW + 60), NOW);
        List<RevocationEntry> entries = new ArrayList<>();
        entries.add(RevocationEntry.token(ISS, "kept", NOW + 60));
        entries.add(RevocationEntry.token(ISS, "expired", NOW - 400));
        mirror.replaceAll(entries, NOW);

        assertFalse(revokes(ISS, "gone", null, NOW));
        assertTrue(revokes(ISS, "kept", null, NOW));
        assertEquals(1, mirror.size());
        mirror.replaceAll(List.of(), NOW);
        assertFalse(revokes(ISS, "kept", null, NOW));
    }

    /** The sizing the README states: a million revoked token ids in 32 MiB of tables (about 34 bytes each). */
    @Test
    void bytes_oneMillionTokenIds_32MiB() {
        List<RevocationEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            entries.add(RevocationEntry.token(ISS, Integer.toString(i), NOW + 60));
        }
        mirror.replaceAll(entries, NOW);

        assertEquals(1_000_000, mirror.size());
        assertTrue(mirror.bytes() <= (32L << 20) + 1024, "bytes: " + mirror.bytes());
        assertTrue(revokes(ISS, "999999", null, NOW));
    }
}
