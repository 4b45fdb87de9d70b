package org.jwtgate.internal.revoke;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code revocation=file:PATH}: the list in a text file ({@link RevocationEntry}'s format, UTF-8),
 * for one node or nodes sharing a file system. A sync reads the whole file again when its size or
 * modification time changed. A missing file is an empty list (nothing revoked yet); a file that
 * cannot be read or parsed is an error, so the nodes keep their last good list and say so.
 *
 * <p>Writers ({@code jwtgate revoke}, the MBean) take an exclusive lock on {@code PATH.lock},
 * rewrite the file without the entries that have expired, and move it into place atomically, so a
 * reader sees the old list or the new one, never half of one.
 *
 * <p>Thread-safe.
 */
public final class FileRevocationStore implements RevocationStore {

    private final Path file;
    private final Clock clock;
    private FileTime readModified;
    private long readSize = -1;
    /** The file's identity (device and inode on POSIX) when last read; {@code null} where there is none. */
    private Object readKey;
    private boolean everRead;

    public FileRevocationStore(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
    }

    /**
     * A missing file is an empty list only until one has been read: a list that disappears
     * afterwards (removed, or caught in a move that is not atomic) is an error, so the last list
     * keeps serving rather than revocations being forgotten. To clear the list, empty the file.
     * A change is seen by the file's identity (every write is a new file moved into place), size
     * and modification time: a same-sized rewrite within the file system's time granularity too.
     */
    @Override
    public synchronized Update sync(Duration maxWait) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (everRead) {
                throw new IOException("revocation list " + file + " is missing; it was there before (to clear the "
                        + "list, empty the file)");
            }
            boolean first = readSize < 0;
            readSize = 0;
            return first ? Update.full(List.of()) : Update.NONE;
        }
        FileTime modified = attributes.lastModifiedTime();
        long size = attributes.size();
        Object key = attributes.fileKey();
        if (everRead && modified.equals(readModified) && size == readSize && java.util.Objects.equals(key, readKey)) {
            return Update.NONE;
        }
        List<RevocationEntry> entries = read(file);
        readModified = modified;
        readSize = size;
        readKey = key;
        everRead = true;
        return Update.full(entries);
    }

    /** Every entry of the file, in order. */
    static List<RevocationEntry> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException("revocation list " + file + " is not UTF-8 text");
        }
        List<RevocationEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            try {
                RevocationEntry entry = RevocationEntry.parse(lines.get(i));
                if (entry != null) {
                    entries.add(entry);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("revocation list " + file + ", line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return entries;
    }

    @Override
    public void add(RevocationEntry entry) throws IOException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        if (!Files.exists(lock)) {
            try {
                // Group-writable, so that the application's user and an operator in its group can both lock it.
                Files.createFile(lock);
                Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-rw-r--")); // whatever the umask
            } catch (UnsupportedOperationException | java.nio.file.FileAlreadyExistsException e) {
                // Not POSIX, or another writer made it first: opened below as it is.
            }
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            long now = clock.millis() / 1000;
            Set<RevocationEntry> kept = new LinkedHashSet<>();
            if (Files.exists(file)) {
                for (RevocationEntry existing : read(file)) {
                    if (existing.dropAt() > now) {
                        kept.add(existing);
                    }
                }
            }
            kept.add(entry);
            StringBuilder text = new StringBuilder("# JwtGate revocation list: token ISSUER JTI EXPIRES | subject ISSUER "
                    + "SUBJECT CUTOFF | issuer ISSUER CUTOFF (epoch seconds)\n");
            kept.forEach(e -> text.append(e.toLine()).append('\n'));
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".revocations", ".tmp");
            try {
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    out.write(StandardCharsets.UTF_8.encode(text.toString()));
                    out.force(true); // on disk before it replaces the list: a crash leaves the old list or the new
                }
                keepAccess(temporary);
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** A file cannot say when it changes: the caller checks it every interval. */
    @Override
    public boolean waitsForNews() {
        return false;
    }

    /**
     * Gives the new list the old one's permissions, owner and group (a temporary file is created
     * readable by its creator only): a revocation written by an operator as root must stay readable
     * by the application's user, or every node would fail to read it and, past
     * {@code revocationMaxStale}, answer 503. A first list is readable by everyone (it holds no
     * secret) and writable by its group, like its lock file.
     */
    private void keepAccess(Path temporary) throws IOException {
        PosixFileAttributeView target = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        if (target == null) {
            return; // not a POSIX file system: its default access applies
        }
        if (Files.exists(file)) {
            PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
            target.setPermissions(old.permissions());
            try {
                target.setGroup(old.group());
                target.setOwner(old.owner());
            } catch (IOException e) {
                // Only the owner or root may give a file away; the permissions still let the group read it.
            }
        } else {
            target.setPermissions(PosixFilePermissions.fromString("rw-rw-r--"));
        }
    }

    @Override
    public String describe() {
        return "file:" + file;
    }

    @Override
    public void close() {
        // Nothing held between calls.
    }
}
