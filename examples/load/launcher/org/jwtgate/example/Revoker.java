package org.jwtgate.example;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The revocation soak's writer: revokes {@code rate} random token ids a second through the
 * filter's own MBean operation {@code revokeToken}, as an operator's tool would, so every
 * revocation goes through JwtGate to the store and comes back to the node through it. Writes the
 * counts (stored, failed) to a file once a second, for the script.
 */
final class Revoker {

    private static final String ISSUER = "https://login.example.com/realms/web";

    private Revoker() {
    }

    static void start(int rate, Path countFile) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = jmx.queryNames(new ObjectName("org.jwtgate:type=JwtAuthenticationFilter,*"), null);
        if (names.size() != 1) {
            throw new IllegalStateException("expected one JwtGate MBean, found " + names);
        }
        ObjectName filter = names.iterator().next();
        AtomicLong stored = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "soak-revoker");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                jmx.invoke(filter, "revokeToken", new Object[] {ISSUER, UUID.randomUUID().toString(),
                    System.currentTimeMillis() / 1000 + 3600}, new String[] {String.class.getName(),
                    String.class.getName(), "long"});
                stored.incrementAndGet();
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        executor.scheduleAtFixedRate(() -> {
            try {
                Path partial = Path.of(countFile + ".partial");
                Files.writeString(partial, stored.get() + " " + failed.get(), StandardCharsets.US_ASCII);
                Files.move(partial, countFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (Exception e) {
                // The next second writes it again.
            }
        }, 1, 1, TimeUnit.SECONDS);
    }
}
