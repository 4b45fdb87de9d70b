package org.jwtgate.internal.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevocationEntryTest {

    @Test
    void toLine_eachKind_theDocumentedFormat() {
        assertEquals("token https://idp.example/ abc-1 1800000000",
                RevocationEntry.token("https://idp.example/", "abc-1", 1_800_000_000L).toLine());
        assertEquals("subject https://idp.example/ alice 1700000000",
                RevocationEntry.subject("https://idp.example/", "alice", 1_700_000_000L).toLine());
        assertEquals("issuer https://idp.example/ 1700000000",
                RevocationEntry.issuer("https://idp.example/", 1_700_000_000L).toLine());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice smith", "tab\there", "100%", "#hash", "line\nbreak", "ünïcödé", "nbsp\u00a0x",
        "ctl\u0007", "%41", ""})
    void parse_toLine_roundTripsAnyValue(String value) {
        RevocationEntry entry = RevocationEntry.subject("iss with space", value.isEmpty() ? "x" : value, 42);
        String line = entry.toLine();
        assertFalse(line.contains("\n"), line);
        assertEquals(4, line.split(" ").length, line);
        assertEquals(entry, RevocationEntry.parse(line));
    }

    @Test
    void parse_blankOrComment_null() {
        assertNull(RevocationEntry.parse("   "));
        assertNull(RevocationEntry.parse("# a comment"));
        assertEquals(RevocationEntry.issuer("i", 7), RevocationEntry.parse("  issuer\ti   7  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jti IQZ JQZ 1", "token IQZ JQZ", "token IQZ JQZ 1 extra", "issuer IQZ JQZ 1",
        "token IQZ JQZ -1", "token IQZ JQZ 1e9", "token IQZ JQZ 9999999999999", "token IQZ%4 JQZ 1",
        "token IQZ%zz JQZ 1", "subject IQZ SQZ"})
    void parse_malformedLine_refusedWithoutQuotingIt(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RevocationEntry.parse(line));
        assertFalse(e.getMessage().contains("QZ"), e.getMessage());
    }

    @Test
    void dropAt_token_expiryPlusLongestLeeway_cutoff_plusThirtyDays() {
        assertEquals(1000 + 300, RevocationEntry.token("i", "j", 1000).dropAt());
        assertEquals(1000 + 30L * 24 * 3600, RevocationEntry.subject("i", "s", 1000).dropAt());
        assertEquals(253_402_300_799L + 30L * 24 * 3600, RevocationEntry.issuer("i", 253_402_300_799L).dropAt());
    }

    /** One entry no node can read back would stop every node's reads: such an entry is never made. */
    @Test
    void factories_timeOutsideTheFormat_refused() {
        assertThrows(IllegalArgumentException.class, () -> RevocationEntry.token("i", "j", 1_795_345_200_000L));
        assertThrows(IllegalArgumentException.class, () -> RevocationEntry.subject("i", "s", -1));
        assertThrows(IllegalArgumentException.class, () -> RevocationEntry.parse("issuer i 253402300800"));
        assertEquals(253_402_300_799L, RevocationEntry.parse("issuer i 253402300799").instant());
    }

    @Test
    void toString_namesTheKindOnly() {
        assertEquals("revocation of subject", RevocationEntry.subject("iss", "alice", 1).toString());
    }
}
