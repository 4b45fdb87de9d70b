package org.jwtgate.internal.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.RedisServer;
import org.jwtgate.testing.Tokens;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * {@link RedisRevocationStore} against a real redis-server (one for the class, emptied before each
 * test); two stores on one server are two nodes.
 */
class RedisRevocationStoreTest {

    private static final String ISSUER = "https://issuer.example";
    private static RedisServer server;

    private final MutableClock clock = MutableClock.atFixtureNow();
    private final long now = Tokens.NOW.getEpochSecond();
    private RedisRevocationStore nodeA;
    private RedisRevocationStore nodeB;

    @BeforeAll
    static void startServer() throws IOException {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void emptyServer() throws IOException {
        server.reset();
        nodeA = store(server.uri(), null);
        nodeB = store(server.uri(), null);
    }

    @AfterEach
    void closeStores() {
        nodeA.close();
        nodeB.close();
    }

    private RedisRevocationStore store(String uri, String password) {
        return new RedisRevocationStore(URI.create(uri), password, clock);
    }

    private RevocationEntry token(String jti) {
        return RevocationEntry.token(ISSUER, jti, now + 3600);
    }

    @Test
    void syncFirstReadsEverything() throws IOException {
        RevocationStore.Update empty = nodeB.sync(Duration.ZERO);
        assertTrue(empty.isFull());
        assertTrue(empty.entries().isEmpty());

        RevocationEntry subject = RevocationEntry.subject(ISSUER, "alice smith", now);
        nodeA.add(token("t1"));
        nodeA.add(subject);
        RevocationStore.Update full = nodeA.sync(Duration.ZERO);
        assertTrue(full.isFull());
        assertEquals(List.of(token("t1"), subject).size(), full.entries().size());
        assertTrue(full.entries().containsAll(List.of(token("t1"), subject)));
    }

    @Test
    void syncAfterAnotherNodeAddsReturnsOnlyTheAddition() throws IOException {
        nodeA.add(token("before"));
        assertTrue(nodeB.sync(Duration.ZERO).isFull());
        assertEquals(RevocationStore.Update.NONE, nodeB.sync(Duration.ZERO));

        nodeA.add(token("t2"));
        assertAdded(List.of(token("t2")), nodeB.sync(Duration.ZERO));
        assertEquals(RevocationStore.Update.NONE, nodeB.sync(Duration.ZERO));
    }

    @Test
    void syncOnAnEmptyLogThenAnAdditionIsNotAFullRead() throws IOException {
        assertTrue(nodeB.sync(Duration.ZERO).isFull());
        nodeA.add(token("first ever"));
        assertAdded(List.of(token("first ever")), nodeB.sync(Duration.ZERO));
    }

    @Test
    void blockingSyncWakesAsSoonAsAnotherNodeAdds() throws Exception {
        nodeA.add(token("before"));
        nodeB.sync(Duration.ZERO);
        CompletableFuture<RevocationStore.Update> waiting = blockedSync(nodeB);

        long added = System.nanoTime();
        nodeA.add(token("t3"));
        RevocationStore.Update update = waiting.get(10, TimeUnit.SECONDS);
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - added);

        assertEquals(List.of(token("t3")), update.entries());
        assertTrue(latencyMillis < 1_000, "XREAD woke " + latencyMillis + " ms after the add");
        System.out.println("RedisRevocationStoreTest: add to blocked sync return " + latencyMillis + " ms");
    }

    @Test
    void syncThatWaitsAndHearsNothingReturnsNone() throws IOException {
        nodeB.sync(Duration.ZERO);
        assertEquals(RevocationStore.Update.NONE, nodeB.sync(Duration.ofMillis(50)));
    }

    @Test
    void syncAskedToWaitLessThanAMillisecondDoesNotWaitForEver() throws Exception {
        nodeB.sync(Duration.ZERO);
        CompletableFuture<RevocationStore.Update> waiting =
                CompletableFuture.supplyAsync(() -> syncUnchecked(nodeB, Duration.ofNanos(500)));
        assertEquals(RevocationStore.Update.NONE, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void fullReadLeavesOutExpiredEntriesAndTheNextAddDropsThem() throws IOException {
        RevocationEntry shortLived = RevocationEntry.token(ISSUER, "short", now + 60);
        nodeA.add(shortLived);
        nodeA.add(token("long"));
        clock.advance(Duration.ofSeconds(60 + RevocationEntry.MAX_LEEWAY_SECONDS));

        assertEquals(List.of(token("long")), nodeB.sync(Duration.ZERO).entries());
        try (Jedis client = server.client()) {
            assertEquals(2, client.zcard(RedisRevocationStore.ENTRIES));
            nodeA.add(token("later"));
            assertNull(client.zscore(RedisRevocationStore.ENTRIES, shortLived.toLine()));
            assertEquals(2, client.zcard(RedisRevocationStore.ENTRIES));
        }
    }

    @Test
    void syncAfterTheLogWasTrimmedPastItReadsEverything() throws IOException {
        nodeA.add(token("seen"));
        nodeB.sync(Duration.ZERO);
        nodeA.add(token("missed"));
        try (Jedis client = server.client()) {
            client.xtrim(RedisRevocationStore.LOG, 0, false);
        }

        RevocationStore.Update update = nodeB.sync(Duration.ZERO);
        assertTrue(update.isFull());
        assertTrue(update.entries().contains(token("missed")));
        // The log is read from where the full read left it.
        nodeA.add(token("next"));
        assertEquals(List.of(token("next")), nodeB.sync(Duration.ZERO).entries());
    }

    @Test
    void syncAfterTheLogWasDeletedReadsEverything() throws IOException {
        nodeA.add(token("seen"));
        nodeB.sync(Duration.ZERO);
        try (Jedis client = server.client()) {
            client.del(RedisRevocationStore.LOG);
        }
        assertTrue(nodeB.sync(Duration.ZERO).isFull());
    }

    @Test
    void syncReadsEverythingAgainEveryTenMinutes() throws IOException {
        nodeB.sync(Duration.ZERO);
        clock.advance(Duration.ofMinutes(9));
        assertFalse(nodeB.sync(Duration.ZERO).isFull());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(nodeB.sync(Duration.ZERO).isFull());
    }

    @Test
    void syncReadsEverythingAgainWhenTheClockWentBack() throws IOException {
        nodeB.sync(Duration.ZERO);
        clock.advance(Duration.ofSeconds(-1));
        assertTrue(nodeB.sync(Duration.ZERO).isFull());
        assertFalse(nodeB.sync(Duration.ofMillis(-5)).isFull());
    }

    @Test
    void addAndSyncFailWhenAKeyHoldsAnotherTypeThenRecover() throws IOException {
        nodeB.sync(Duration.ZERO);
        try (Jedis client = server.client()) {
            client.set(RedisRevocationStore.ENTRIES, "not a sorted set");
            client.set(RedisRevocationStore.LOG, "not a stream");
        }
        IOException add = assertThrows(IOException.class, () -> nodeA.add(token("t")));
        assertTrue(add.getMessage().startsWith(nodeA.describe() + ": JedisDataException: WRONGTYPE"), add.getMessage());
        assertThrows(IOException.class, () -> nodeB.sync(Duration.ZERO));
        server.reset();
        nodeA.add(token("t"));
        assertEquals(List.of(token("t")), nodeB.sync(Duration.ZERO).entries());
    }

    @Test
    void syncOfAMemberThatDoesNotParseFailsWithoutQuotingIt() throws IOException {
        try (Jedis client = server.client()) {
            client.zadd(RedisRevocationStore.ENTRIES, now + 1000, "token secret-subject-xyz");
        }
        IOException e = assertThrows(IOException.class, () -> nodeB.sync(Duration.ZERO));
        assertTrue(e.getMessage().startsWith(nodeB.describe()), e.getMessage());
        assertFalse(e.getMessage().contains("secret-subject-xyz"), e.getMessage());
    }

    @Test
    void syncOfALogEntryThatDoesNotParseFailsWithoutQuotingItThenReadsEverything() throws IOException {
        nodeA.add(token("good"));
        nodeB.sync(Duration.ZERO);
        try (Jedis client = server.client()) {
            client.xadd(RedisRevocationStore.LOG, XAddParams.xAddParams(), Map.of("e", "subject secret-jti-xyz"));
            client.xadd(RedisRevocationStore.LOG, XAddParams.xAddParams(), Map.of("other", "secret-jti-xyz"));
        }
        IOException e = assertThrows(IOException.class, () -> nodeB.sync(Duration.ZERO));
        assertTrue(e.getMessage().startsWith(nodeB.describe()), e.getMessage());
        assertFalse(e.getMessage().contains("secret-jti-xyz"), e.getMessage());
        // After an error the store cannot say what changed: everything, from the sorted set.
        assertFull(List.of(token("good")), nodeB.sync(Duration.ZERO));
    }

    @Test
    void syncOfALogEntryWithoutTheFieldFails() throws IOException {
        nodeB.sync(Duration.ZERO);
        try (Jedis client = server.client()) {
            client.xadd(RedisRevocationStore.LOG, XAddParams.xAddParams(), Map.of("other", "secret-jti-xyz"));
        }
        IOException e = assertThrows(IOException.class, () -> nodeB.sync(Duration.ZERO));
        assertFalse(e.getMessage().contains("secret-jti-xyz"), e.getMessage());
    }

    @Test
    void syncAndAddWhileTheServerIsStoppedFailQuicklyAndRecoverWithAFullRead() throws IOException {
        nodeB.sync(Duration.ZERO);
        server.stop();
        assertFailsQuickly(() -> nodeB.sync(Duration.ofSeconds(5)));
        assertFailsQuickly(() -> nodeA.add(token("t")));

        server.restart();
        assertTrue(nodeB.sync(Duration.ZERO).isFull());
        nodeA.add(token("after"));
        assertEquals(List.of(token("after")), nodeB.sync(Duration.ZERO).entries());
    }

    @Test
    void syncWhileTheServerWasKilledFailsQuicklyAndRecoversWithAFullRead() throws IOException {
        nodeB.sync(Duration.ZERO);
        server.kill();
        assertFailsQuickly(() -> nodeB.sync(Duration.ofSeconds(5)));
        server.restart();
        nodeA.add(token("after"));
        assertFull(List.of(token("after")), nodeB.sync(Duration.ZERO));
    }

    @Test
    void syncOnAConnectionToAServerThatRestartedSinceSucceedsWithAFullRead() throws IOException {
        nodeA.add(token("before"));
        nodeB.sync(Duration.ZERO);
        server.restart();
        nodeA.add(token("after"));
        assertFull(List.of(token("after")), nodeB.sync(Duration.ZERO));
    }

    @Test
    void syncAgainstAServerThatStoppedAnsweringFailsAfterTheSocketTimeout() throws Exception {
        nodeB.sync(Duration.ZERO);
        server.freeze();
        try {
            long started = System.nanoTime();
            CompletableFuture<RevocationStore.Update> hung =
                    CompletableFuture.supplyAsync(() -> syncUnchecked(nodeB, Duration.ZERO));
            ExecutionException e = assertThrows(ExecutionException.class, () -> hung.get(20, TimeUnit.SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
            assertTrue(millis < RedisRevocationStore.TIMEOUT_MILLIS + 1_500, "failed after " + millis + " ms");
        } finally {
            server.thaw();
        }
        assertTrue(nodeB.sync(Duration.ZERO).isFull());
    }

    @Test
    void safeMessageNeverQuotesThePassword() {
        String password = randomSecret();
        String message = RedisRevocationStore.safeMessage("redis://h:1/0",
                new IllegalStateException("AUTH " + password + " refused " + "x".repeat(500)), password);
        assertFalse(message.contains(password), message);
        assertTrue(message.startsWith("redis://h:1/0: IllegalStateException: AUTH *** refused"), message);
        assertTrue(message.length() < 300, message);
    }

    @Test
    void syncBlockedWhenTheServerIsKilledFailsAtOnce() throws Exception {
        nodeB.sync(Duration.ZERO);
        CompletableFuture<RevocationStore.Update> waiting = blockedSync(nodeB);
        long killed = System.nanoTime();
        server.kill();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
        assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(RedisRevocationStore.TIMEOUT_MILLIS / 1000 + 2));
    }

    @Test
    void closeEndsABlockedSyncAtOnce() throws Exception {
        nodeB.sync(Duration.ZERO);
        CompletableFuture<RevocationStore.Update> waiting = blockedSync(nodeB);

        long closing = System.nanoTime();
        nodeB.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
        assertTrue(System.nanoTime() - closing < TimeUnit.SECONDS.toNanos(2));
        assertThrows(IOException.class, () -> nodeB.sync(Duration.ZERO));
    }

    @Test
    void aServerThatRequiresAPasswordRefusesAWrongOrMissingOneWithoutEchoingIt() throws IOException {
        String password = randomSecret();
        String wrong = randomSecret();
        try (RedisServer guarded = RedisServer.withPassword(password);
                RedisRevocationStore right = store(guarded.uri(), password);
                RedisRevocationStore bad = store(guarded.uri(), wrong);
                RedisRevocationStore none = store(guarded.uri(), null)) {
            right.add(token("t"));
            assertEquals(List.of(token("t")), right.sync(Duration.ZERO).entries());

            for (RedisRevocationStore refused : List.of(bad, none)) {
                IOException e = assertThrows(IOException.class, () -> refused.sync(Duration.ZERO));
                assertFalse(e.getMessage().contains(password) || e.getMessage().contains(wrong), e.getMessage());
                assertTrue(e.getMessage().startsWith(refused.describe()), e.getMessage());
                IOException add = assertThrows(IOException.class, () -> refused.add(token("x")));
                assertFalse(add.getMessage().contains(password) || add.getMessage().contains(wrong), add.getMessage());
            }
            assertFalse(right.describe().contains(password));
        }
    }

    @Test
    void describeNamesSchemeHostPortAndDatabaseOnly() {
        assertEquals("redis://127.0.0.1:6379/0", store("redis://127.0.0.1:6379", "pw-secret").describe());
        assertEquals("redis://127.0.0.1:6379/0", store("redis://127.0.0.1:6379/", null).describe());
        assertEquals("rediss://cache.example:6380/15", store("rediss://cache.example:6380/15", "pw-secret").describe());
        assertEquals("redis://[::1]:6379/3", store("redis://[::1]/3", "").describe());
    }

    @Test
    void aDatabaseOtherThanZeroIsItsOwnStore() throws IOException {
        try (RedisRevocationStore other = store(server.uri() + "/5", null)) {
            other.add(token("in five"));
            assertTrue(nodeB.sync(Duration.ZERO).entries().isEmpty());
            assertEquals(List.of(token("in five")), other.sync(Duration.ZERO).entries());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://user:pw-secret@127.0.0.1:6379", "redis://:pw-secret@127.0.0.1:6379",
        "redis://127.0.0.1:6379?password=pw-secret", "redis://127.0.0.1:6379/0?pw-secret",
        "redis://127.0.0.1:6379#pw-secret", "redis://127.0.0.1:6379/16", "redis://127.0.0.1:6379/x",
        "redis://127.0.0.1:6379/0/1", "redis://127.0.0.1:6379/-1", "redis:///0", "redis:pw-secret",
        "http://127.0.0.1:6379", "file:/tmp/list", "//127.0.0.1:6379"})
    void constructorRefusesAUriThatIsNotRedisHostPortDatabase(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store(uri, null));
        assertFalse(e.getMessage().contains("pw-secret"), e.getMessage());
    }

    private static void assertFull(List<RevocationEntry> expected, RevocationStore.Update update) {
        assertTrue(update.isFull(), "a full read");
        assertEquals(expected, update.entries());
    }

    private static void assertAdded(List<RevocationEntry> expected, RevocationStore.Update update) {
        assertFalse(update.isFull(), "only what was added");
        assertEquals(expected, update.entries());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private interface Call {
        void run() throws IOException;
    }

    private static void assertFailsQuickly(Call call) {
        long started = System.nanoTime();
        assertThrows(IOException.class, call::run);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis < RedisRevocationStore.TIMEOUT_MILLIS + 1_000, "failed after " + millis + " ms");
    }

    private static RevocationStore.Update syncUnchecked(RevocationStore store, Duration maxWait) {
        try {
            return store.sync(maxWait);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A sync of {@code store} waiting up to 20 s, once the server lists it blocked in XREAD. */
    private static CompletableFuture<RevocationStore.Update> blockedSync(RevocationStore store) {
        CompletableFuture<RevocationStore.Update> waiting =
                CompletableFuture.supplyAsync(() -> syncUnchecked(store, Duration.ofSeconds(20)));
        awaitBlockedRead();
        return waiting;
    }

    /** Until the server lists a client blocked in XREAD: each round asks the server, bounded. */
    private static void awaitBlockedRead() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Jedis client = server.client()) {
            while (System.nanoTime() < deadline) {
                for (String line : client.clientList().split("\n")) {
                    if (line.contains("cmd=xread") && line.contains("flags=b")) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no client blocked in XREAD");
    }
}
