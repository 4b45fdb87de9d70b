package org.jwtgate.internal.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.jwtgate.testing.MutableClock;

/**
 * The list's thread against scripted stores: it backs off after failures (a store that waits for
 * news, as Redis does, would otherwise be asked thousands of times a second while it is down), it
 * survives an {@link Error}, and a full read that began before a revocation made on this node
 * does not undo it. Waits on latches, never on a clock.
 */
class RevocationsThreadTest {

    private static final String ISS = "https://idp.example/";
    private final MutableClock clock = MutableClock.atFixtureNow();

    /** A store whose reads a test writes; it takes every revocation and holds nothing. */
    private abstract static class ScriptedStore implements RevocationStore {
        private final boolean waitsForNews;

        ScriptedStore(boolean waitsForNews) {
            this.waitsForNews = waitsForNews;
        }

        @Override
        public boolean waitsForNews() {
            return waitsForNews;
        }

        @Override
        public void add(RevocationEntry entry) {
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }

    /** A store that waits for news and fails every read, counting them. */
    private static final class FailingStore extends ScriptedStore {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch fourReads = new CountDownLatch(4);

        FailingStore() {
            super(true);
        }

        @Override
        public Update sync(Duration maxWait) throws IOException {
            reads.incrementAndGet();
            fourReads.countDown();
            throw new IOException("store down (scripted)");
        }
    }

    @Test
    void thread_storeFailing_backsOffInsteadOfRetryingAtOnce() throws Exception {
        FailingStore store = new FailingStore();
        long start = System.nanoTime();
        try (Revocations revocations = new Revocations(store, Duration.ofSeconds(5), Duration.ofSeconds(60), clock, true)) {
            assertTrue(store.fourReads.await(10, TimeUnit.SECONDS));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // The read at start, then waits of 100, 200 and 400 ms: at least 700 ms for four reads.
            assertTrue(elapsedMillis >= 700, "four reads in " + elapsedMillis + " ms");
            assertTrue(revocations.storeErrors() >= 3, "each failed read counted");
        }
    }

    @Test
    void thread_storeThrowsAnError_keepsRunning_andReadsAgain() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch recovered = new CountDownLatch(1);
        RevocationStore store = new ScriptedStore(true) {
            @Override
            public Update sync(Duration maxWait) {
                int n = reads.incrementAndGet();
                if (n == 2) {
                    throw new StackOverflowError("scripted");
                }
                if (n >= 3) {
                    recovered.countDown();
                }
                return n == 1 ? Update.full(List.of()) : Update.NONE;
            }

        };
        try (Revocations revocations = new Revocations(store, Duration.ofSeconds(1), Duration.ofSeconds(60), clock, true)) {
            assertTrue(recovered.await(10, TimeUnit.SECONDS), "the thread read again after the Error");
            assertEquals(1, revocations.storeErrors());
        }
    }

    /** A full read under way while this node revokes must not take the revocation back. */
    @Test
    void fullReadBegunBeforeALocalRevocation_doesNotUndoIt() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch revoked = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        RevocationStore store = new ScriptedStore(false) {
            @Override
            public Update sync(Duration maxWait) throws IOException {
                if (reads.incrementAndGet() == 2) {
                    readStarted.countDown();
                    try {
                        revoked.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return Update.full(List.of()); // what the store held when the read began
            }

        };
        try (Revocations revocations = new Revocations(store, Duration.ofHours(1), Duration.ofHours(2), clock, false)) {
            revocations.syncNow();
            CompletableFuture<Void> read = CompletableFuture.runAsync(revocations::syncNow);
            assertTrue(readStarted.await(10, TimeUnit.SECONDS));
            revocations.revokeSubject(ISS, "alice");
            revoked.countDown();
            read.get(10, TimeUnit.SECONDS);

            assertEquals(Revocations.REVOKED, revocations.status(RevocationKeys.NONE, RevocationKeys.subject(ISS, "alice"),
                    RevocationKeys.issuer(ISS), clock.millis() / 1000 - 1, clock.millis()));
        }
    }
}
