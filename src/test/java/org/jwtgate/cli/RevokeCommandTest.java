package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jwtgate.internal.revoke.FileRevocationStore;
import org.jwtgate.internal.revoke.RevocationEntry;
import org.jwtgate.internal.revoke.RevocationKeys;
import org.jwtgate.internal.revoke.Revocations;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * {@code jwtgate revoke} on a {@code file:} store: the entry each form writes, read back in the
 * store's own format and by the filter's own {@link Revocations}; the usage errors, which write
 * nothing; a store that cannot be written (exit 4, nothing revoked); nothing secret on the screen.
 */
class RevokeCommandTest {

    private static final String ISSUER = "https://id.example.com/";
    private static final long NOW = Tokens.NOW.getEpochSecond();

    private final MutableClock clock = MutableClock.atFixtureNow();
    private final Cli cli = new Cli(clock);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("revocations.txt");
    }

    private Cli.Result revoke(String... options) {
        List<String> args = new ArrayList<>(List.of("revoke", "--store", "file:" + file()));
        args.addAll(List.of(options));
        return cli.run(args.toArray(new String[0]));
    }

    /** The file's entries, parsed as every node parses them. */
    private List<RevocationEntry> entries() throws IOException {
        List<RevocationEntry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file(), StandardCharsets.UTF_8)) {
            RevocationEntry entry = RevocationEntry.parse(line);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    @Test
    void revoke_jti_storesTheTokenUntilItsExpiry_andSaysSo() throws IOException {
        long expires = NOW + 900;

        Cli.Result result = revoke("--issuer", ISSUER, "--jti", "6f1c0d2e", "--expires", String.valueOf(expires))
                .exits(ExitCode.OK);

        assertEquals(List.of(RevocationEntry.token(ISSUER, "6f1c0d2e", expires)), entries());
        assertEquals("revoked: the token with jti 6f1c0d2e from issuer " + ISSUER + ", which expires at "
                + "2026-11-22T10:15:00Z (epoch " + expires + "), in file:" + file().toAbsolutePath()
                + "; every node enforces it within its revocationRefreshInterval" + System.lineSeparator(), result.out);
        assertEquals("", result.err);
    }

    @Test
    void revoke_subject_storesACutOffAtNow() throws IOException {
        Cli.Result result = revoke("--issuer", ISSUER, "--subject", "alice").exits(ExitCode.OK);

        assertEquals(List.of(RevocationEntry.subject(ISSUER, "alice", NOW)), entries());
        assertTrue(result.out.startsWith("revoked: every token of subject alice from issuer " + ISSUER
                + " issued up to 2026-11-22T10:00:00Z (epoch " + NOW + "), in file:"), result.out);
    }

    @Test
    void revoke_all_storesACutOffOfTheIssuerAtNow() throws IOException {
        Cli.Result result = revoke("--issuer", ISSUER, "--all").exits(ExitCode.OK);

        assertEquals(List.of(RevocationEntry.issuer(ISSUER, NOW)), entries());
        assertTrue(result.out.startsWith("revoked: every token from issuer " + ISSUER
                + " issued up to 2026-11-22T10:00:00Z (epoch " + NOW + "), in file:"), result.out);
    }

    @Test
    void revoke_twice_keepsBothEntries() throws IOException {
        revoke("--issuer", ISSUER, "--subject", "alice").exits(ExitCode.OK);
        clock.advance(Duration.ofSeconds(30));
        revoke("--issuer", ISSUER, "--jti", "j-1", "--expires", String.valueOf(NOW + 3600)).exits(ExitCode.OK);

        assertEquals(List.of(RevocationEntry.subject(ISSUER, "alice", NOW),
                RevocationEntry.token(ISSUER, "j-1", NOW + 3600)), entries());
    }

    @Test
    void revoke_existingList_replacedWhole_expiredEntriesDropped_aReaderOfTheOldFileSeesItWhole() throws IOException {
        RevocationEntry expired = RevocationEntry.token(ISSUER, "old", NOW - RevocationEntry.MAX_LEEWAY_SECONDS - 1);
        RevocationEntry live = RevocationEntry.token(ISSUER, "live", NOW + 60);
        String before = "# written by hand\n" + expired.toLine() + "\n" + live.toLine() + "\n";
        Files.writeString(file(), before);

        String readByTheOldReader;
        try (InputStream reader = Files.newInputStream(file())) {
            revoke("--issuer", ISSUER, "--subject", "bob").exits(ExitCode.OK);
            // Moved into place, not written over: what a node had open is the old list, whole.
            readByTheOldReader = new String(reader.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertEquals(before, readByTheOldReader);
        assertEquals(List.of(live, RevocationEntry.subject(ISSUER, "bob", NOW)), entries());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("revocations.txt", "revocations.txt.lock"),
                    files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()),
                    "no temporary file left behind");
        }
    }

    @Test
    void revoke_valuesWithSpacesPercentAndHash_encodedInTheFile_readBackTheSame() throws IOException {
        String issuer = "urn:tenant #1";
        String subject = "Jane Doe 100% #admin\tx";

        Cli.Result result = revoke("--issuer", issuer, "--subject", subject).exits(ExitCode.OK);

        String text = Files.readString(file());
        assertTrue(text.contains("subject urn:tenant%20%231 Jane%20Doe%20100%25%20%23admin%09x " + NOW), text);
        assertEquals(List.of(RevocationEntry.subject(issuer, subject, NOW)), entries());
        // Printed back as typed, the tab made harmless.
        assertTrue(result.out.contains("subject Jane Doe 100% #admin?x from issuer urn:tenant #1 "), result.out);
    }

    @Test
    void revoke_controlCharactersInAValue_neverReachTheTerminal() {
        Cli.Result result = revoke("--issuer", ISSUER, "--subject", "\u001b[2Jmallory\u202e").exits(ExitCode.OK);

        assertTrue(result.out.contains("subject ?[2Jmallory? from"), result.out);
        assertFalse(result.all().chars().anyMatch(c -> c == 0x1b || c == 0x202e));
    }

    @Test
    void revoke_whatTheCommandWrote_isRevokedForTheFiltersOwnRevocations_andNothingElse() {
        revoke("--issuer", ISSUER, "--jti", "j-1", "--expires", String.valueOf(NOW + 3600)).exits(ExitCode.OK);
        revoke("--issuer", ISSUER, "--subject", "alice").exits(ExitCode.OK);
        revoke("--issuer", "https://other.example.com/", "--all").exits(ExitCode.OK);

        try (Revocations revocations = new Revocations(new FileRevocationStore(file(), clock), Duration.ofSeconds(5),
                Duration.ofSeconds(300), clock, false)) {
            revocations.syncNow();
            long issuedBefore = NOW - 60;

            assertEquals(Revocations.REVOKED, status(revocations, ISSUER, "j-1", "bob", issuedBefore));
            assertEquals(Revocations.REVOKED, status(revocations, ISSUER, "j-2", "alice", issuedBefore));
            assertEquals(Revocations.REVOKED, status(revocations, ISSUER, "j-2", "alice", Revocations.NO_ISSUED_AT));
            assertEquals(Revocations.REVOKED, status(revocations, "https://other.example.com/", "j-3", "carol",
                    issuedBefore));
            assertEquals(Revocations.ACCEPTED, status(revocations, ISSUER, "j-2", "bob", issuedBefore));
            assertEquals(Revocations.ACCEPTED, status(revocations, ISSUER, "j-2", "alice", NOW + 1),
                    "alice logs in again after the cut-off");
        }
    }

    private long status(Revocations revocations, String issuer, String jti, String subject, long issuedAt) {
        return revocations.status(RevocationKeys.token(issuer, jti), RevocationKeys.subject(issuer, subject),
                RevocationKeys.issuer(issuer), issuedAt, clock.millis());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--issuer ISS|one of --jti (with --expires), --subject or --all says what to revoke",
        "--issuer ISS --subject alice --all|only one of --jti (with --expires), --subject or --all",
        "--issuer ISS --jti a --subject alice --expires 1795345200|only one of --jti",
        "--issuer ISS --jti a|--expires is required: with --jti: the token's exp claim, in epoch seconds",
        "--issuer ISS --jti a --expires 1795341300|the token has already expired: nothing to revoke",
        "--issuer ISS --jti a --expires 1795300000|the token has already expired: nothing to revoke",
        "--issuer ISS --jti a --expires 2026-12-01|--expires expects the token's exp claim in epoch seconds",
        "--issuer ISS --jti a --expires -5|--expires expects the token's exp claim in epoch seconds",
        "--issuer ISS --jti a --expires 1795345200000|not milliseconds",
        "--issuer ISS --subject alice --expires 1795345200|--expires goes with --jti only",
        "--issuer ISS --all=yes|--all takes no value",
        "--issuer ISS --all --all|--all is given twice",
        "--subject alice|--issuer is required",
        "--issuer ISS --subject alice extra|revoke takes no arguments besides its options",
        "--issuer ISS --subject alice --password env:REDIS_PASSWORD|--password: only with a redis://… or rediss://… store",
    })
    void revoke_usageError_exit2_nothingWritten(String options, String message) {
        Cli.Result result = revoke(options.replace("ISS", ISSUER).split(" ")).exits(ExitCode.USAGE);

        assertTrue(result.err.contains(message), result.err);
        assertTrue(result.err.contains("(jwtgate revoke --help shows its usage)"), result.err);
        assertEquals("", result.out);
        assertFalse(Files.exists(file()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://redis.example.com:6379|--store: expected file:PATH, redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB]",
        "redis.example.com:6379|--store: expected file:PATH",
        "file:|--store: file: needs a path",
        "redis://redis.example.com|--store: expected redis://HOST:PORT or redis://HOST:PORT/DB",
        "redis://redis.example.com:6379/16|--store: expected redis://HOST:PORT or redis://HOST:PORT/DB (DB 0 to 15)",
        "redis://default:pw-in-the-url-9d2f@redis.example.com:6379|--store: expected redis://HOST:PORT or "
                + "redis://HOST:PORT/DB (DB 0 to 15), without user info or query: the password goes in revocationPassword",
        "redis://redis.example.com:6379?password=pw-in-the-url-9d2f|without user info or query",
    })
    void revoke_storeTheFilterWouldRefuse_exit2_withTheFiltersReason_neverEchoed(String store, String message) {
        Cli.Result result = cli.run("revoke", "--store", store, "--issuer", ISSUER, "--all").exits(ExitCode.USAGE);

        assertTrue(result.err.contains(message), result.err);
        assertFalse(result.all().contains("pw-in-the-url-9d2f"), result.err);
    }

    @Test
    void revoke_literalPassword_refusedAsTheFilterRefusesIt_neverEchoed() {
        Cli.Result result = cli.run("revoke", "--store", "redis://127.0.0.1:6379", "--password", "hunter2-7c1e",
                "--issuer", ISSUER, "--all").exits(ExitCode.USAGE);

        assertTrue(result.err.contains("--password: a literal password is refused: give env:NAME, sysprop:NAME or "
                + "file:PATH"), result.err);
        assertFalse(result.all().contains("hunter2-7c1e"), result.all());
    }

    @Test
    void revoke_passwordReferenceThatDoesNotResolve_exit2_namingTheOption() {
        Cli.Result result = cli.run("revoke", "--store", "redis://127.0.0.1:6379", "--password", "env:NOT_SET_HERE",
                "--issuer", ISSUER, "--all").exits(ExitCode.USAGE);

        assertTrue(result.err.contains("--password: environment variable NOT_SET_HERE is not set"), result.err);
    }

    /**
     * Whatever becomes of the Redis store (refused by this build, or nothing listening on the port),
     * the password a reference resolves to is never shown, and nothing is reported as revoked.
     */
    @Test
    void revoke_redisPasswordByReference_neverPrinted() throws IOException {
        String property = "jwtgate.test.revoke.password." + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        System.setProperty(property, password);
        try {
            Cli.Result result = cli.run("revoke", "--store", "redis://127.0.0.1:" + port, "--password",
                    "sysprop:" + property, "--issuer", ISSUER, "--subject", "alice");

            assertNotEquals(ExitCode.OK, result.exit, result::toString);
            assertNotEquals(ExitCode.INTERNAL, result.exit, result::toString);
            assertFalse(result.all().contains(password), result::toString);
            assertFalse(result.out.contains("revoked:"), result::toString);
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void revoke_storeCannotBeWritten_exit4_sayingNothingWasRevoked() throws IOException {
        // A regular file where the directory should be: refused to root too, unlike a read-only directory.
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path store = notADirectory.resolve("revocations.txt");

        Cli.Result result = cli.run("revoke", "--store", "file:" + store, "--issuer", ISSUER, "--subject", "alice")
                .exits(ExitCode.UNAVAILABLE);

        assertTrue(result.err.startsWith("jwtgate revoke: cannot write to the revocation store file:" + store), result.err);
        assertTrue(result.err.toLowerCase(Locale.ROOT).contains("nothing was revoked"), result.err);
        assertFalse(result.err.contains("--help"), "not a usage error");
        assertEquals("", result.out);
    }

    @Test
    void revoke_help_documentsTheExitCodesAndTheRunbook() {
        String help = cli.run("revoke", "--help").exits(ExitCode.OK).out;

        for (String text : new String[] {"0  stored", "2  usage error", "4  the store cannot be reached or written",
            "70  a bug", "laptop with a session was stolen", "--subject alice", "signing key leaked", "--all\n"}) {
            assertTrue(help.contains(text), text);
        }
    }
}
