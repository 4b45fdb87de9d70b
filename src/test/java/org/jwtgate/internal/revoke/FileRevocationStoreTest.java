package org.jwtgate.internal.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.testing.MutableClock;

class FileRevocationStoreTest {

    private static final String ISS = "https://idp.example/";

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.atFixtureNow();

    private Path file() {
        return dir.resolve("revoked.txt");
    }

    private long now() {
        return clock.millis() / 1000;
    }

    @Test
    void sync_missingFile_emptyOnce_thenNothingNew() throws IOException {
        FileRevocationStore store = new FileRevocationStore(file(), clock);
        RevocationStore.Update first = store.sync(Duration.ZERO);
        assertTrue(first.isFull() && first.entries().isEmpty(), "a missing file is an empty list");
        assertSame(RevocationStore.Update.NONE, store.sync(Duration.ZERO));
    }

    @Test
    void add_thenSync_fullListOnceThenNothingUntilTheFileChanges() throws IOException {
        FileRevocationStore store = new FileRevocationStore(file(), clock);
        store.add(RevocationEntry.subject(ISS, "alice", now()));

        RevocationStore.Update update = store.sync(Duration.ZERO);
        assertTrue(update.isFull());
        assertEquals(List.of(RevocationEntry.subject(ISS, "alice", now())), update.entries());
        assertSame(RevocationStore.Update.NONE, store.sync(Duration.ZERO));

        store.add(RevocationEntry.issuer(ISS, now()));
        assertEquals(2, store.sync(Duration.ZERO).entries().size());
    }

    @Test
    void add_dropsExpiredEntries_keepsLiveOnes_leavesNoTemporaryFile() throws IOException {
        FileRevocationStore store = new FileRevocationStore(file(), clock);
        store.add(RevocationEntry.token(ISS, "short", now() + 10));
        store.add(RevocationEntry.token(ISS, "long", now() + 3600));
        clock.advance(Duration.ofSeconds(10 + 300));
        store.add(RevocationEntry.subject(ISS, "alice", now()));

        List<RevocationEntry> entries = FileRevocationStore.read(file());
        assertEquals(List.of(RevocationEntry.token(ISS, "long", clock.millis() / 1000 - 310 + 3600),
                RevocationEntry.subject(ISS, "alice", now())), entries);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("revoked.txt", "revoked.txt.lock"), files.map(p -> p.getFileName().toString()).sorted()
                    .collect(java.util.stream.Collectors.toList()));
        }
    }

    /** A list rewritten by an operator must stay readable by the application's user. */
    @Test
    void add_keepsTheListsPermissions_firstListAndLockGroupWritable() throws IOException {
        FileRevocationStore store = new FileRevocationStore(file(), clock);
        store.add(RevocationEntry.subject(ISS, "alice", now()));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("revoked.txt.lock"))));

        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r-----"));
        store.add(RevocationEntry.subject(ISS, "bob", now()));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void sync_brokenLine_ioExceptionNamingTheLineNumberNotItsContent() throws IOException {
        Files.writeString(file(), "# comment\nsubject " + ISS + " alice 1\ntoken " + ISS + " PRIVATE-JTI soon\n");
        FileRevocationStore store = new FileRevocationStore(file(), clock);

        IOException e = assertThrows(IOException.class, () -> store.sync(Duration.ZERO));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertFalse(e.getMessage().contains("PRIVATE-JTI"), e.getMessage());
    }

    @Test
    void sync_notUtf8_ioException() throws IOException {
        Files.write(file(), new byte[] {'s', 'u', 'b', (byte) 0xff, '\n'});
        assertThrows(IOException.class, () -> new FileRevocationStore(file(), clock).sync(Duration.ZERO));
    }

    /** A list that disappears after it was read is an error (the last list serves), never an empty list. */
    @Test
    void sync_fileRemovedAfterItWasRead_ioException() throws IOException {
        FileRevocationStore store = new FileRevocationStore(file(), clock);
        store.add(RevocationEntry.subject(ISS, "alice", now()));
        store.sync(Duration.ZERO);
        Files.delete(file());

        IOException e = assertThrows(IOException.class, () -> store.sync(Duration.ZERO));
        assertTrue(e.getMessage().contains("is missing; it was there before"), e.getMessage());
    }

    /** A same-sized rewrite within the file system's time granularity is still seen: each write is a new file. */
    @Test
    void sync_sameSizeSameTimeRewrite_seenByTheFilesIdentity() throws IOException {
        FileRevocationStore store = new FileRevocationStore(file(), clock);
        store.add(RevocationEntry.subject(ISS, "alice", now()));
        store.sync(Duration.ZERO);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(file());
        long size = Files.size(file());

        Path replacement = dir.resolve("replacement.txt");
        Files.writeString(replacement, Files.readString(file()).replace("alice", "carol"));
        Files.move(replacement, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(file(), modified);
        assertEquals(size, Files.size(file()));

        RevocationStore.Update update = store.sync(Duration.ZERO);
        assertTrue(update.isFull());
        assertEquals("carol", update.entries().get(0).value());
    }

    @Test
    void describe_theAbsolutePath() {
        assertEquals("file:" + file().toAbsolutePath(), new FileRevocationStore(file(), clock).describe());
    }
}
