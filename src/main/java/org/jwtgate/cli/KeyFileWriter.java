package org.jwtgate.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the files {@code keygen} makes, all or none, and never over anything:
 * <ul>
 * <li>every target is checked before the first is written: one that exists (even as a dangling
 * link) stops the run with nothing written;</li>
 * <li>each file is opened with {@code CREATE_NEW}, so a file that appears meanwhile is not
 * overwritten either; what this run already wrote is then removed;</li>
 * <li>a secret file is created owner-only ({@code rw-------}) by the same system call that creates
 * it, so it is never readable by others, not even for a moment. Where the file system has no
 * POSIX permissions this cannot be done, and the caller is told so.</li>
 * </ul>
 * Stateless.
 */
final class KeyFileWriter {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFileWriter() {
    }

    /** One file to create. */
    static final class Target {
        final Path path;
        final byte[] content;
        final boolean secret;

        Target(Path path, byte[] content, boolean secret) {
            this.path = path.toAbsolutePath().normalize();
            this.content = content;
            this.secret = secret;
        }
    }

    /**
     * Creates every target.
     *
     * @return warnings for the operator (a secret file whose permissions could not be restricted)
     */
    static List<String> writeAll(List<Target> targets) throws CommandException {
        List<Path> paths = new ArrayList<>();
        for (Target target : targets) {
            paths.add(target.path);
        }
        requireAbsent(paths);
        List<String> warnings = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (Target target : targets) {
            try {
                boolean restricted = create(target);
                written.add(target.path);
                if (target.secret && !restricted) {
                    warnings.add("the file system of " + SafeText.of(target.path.toString()) + " has no POSIX "
                            + "permissions: restrict that file to its owner yourself (e.g. with icacls on Windows)");
                }
            } catch (IOException e) {
                removeAll(written);
                if (e instanceof FileAlreadyExistsException) {
                    throw CommandException.usage(SafeText.of(target.path.toString())
                            + " appeared while writing; refusing to overwrite it (nothing was kept)");
                }
                throw CommandException.failed("could not write " + SafeText.of(target.path.toString()) + ": "
                        + SafeText.of(e.getClass().getSimpleName() + " " + e.getMessage()) + " (nothing was kept)");
            }
        }
        return warnings;
    }

    /**
     * Refuses when a file could not be created: its directory is missing, or it exists (even as a
     * dangling link). Worth calling before slow work, such as generating a large RSA key.
     */
    static void requireAbsent(List<Path> paths) throws CommandException {
        for (Path path : paths) {
            Path parent = path.toAbsolutePath().normalize().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw CommandException.usage("directory " + SafeText.of(String.valueOf(parent))
                        + " does not exist; nothing was written");
            }
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw CommandException.usage(SafeText.of(path.toAbsolutePath().normalize().toString())
                        + " already exists; refusing to overwrite it (nothing was written)");
            }
        }
    }

    /** @return whether the file's permissions are owner-only (always false for a file that need not be) */
    private static boolean create(Target target) throws IOException {
        boolean posix = target.secret && supportsPosix(target.path.getParent());
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        // One open(2) with O_CREAT|O_EXCL and mode 0600: no window in which the file exists with wider rights.
        try (SeekableByteChannel channel = Files.newByteChannel(target.path,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(target.content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        return posix;
    }

    private static boolean supportsPosix(Path directory) {
        try {
            return Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        }
    }

    private static void removeAll(List<Path> paths) {
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // best effort: the error that stopped the run is what the operator must see
            }
        }
    }
}
