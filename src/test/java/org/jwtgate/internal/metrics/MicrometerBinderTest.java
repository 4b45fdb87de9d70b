package org.jwtgate.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.testing.HeadersOnly;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * The optional Micrometer binding: the MBean's numbers as meters in a {@link SimpleMeterRegistry},
 * read live, removed on close; bound to the global registry by a filter in a container; and a
 * class loader without Micrometer never loads the binder.
 */
class MicrometerBinderTest {

    @TempDir
    Path dir;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Metrics counters = new Metrics();
    private final MetricsView view = new MetricsView(counters, () -> 4);

    @AfterEach
    void removeFromGlobal() {
        io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }

    private double requests(String outcome, String reason) {
        FunctionCounter counter = registry.find("jwtgate.requests").tags("context", "/app", "filter", "jwt",
                "outcome", outcome, "reason", reason).functionCounter();
        assertNotNull(counter, outcome + "/" + reason);
        return counter.count();
    }

    private double counted(String name, String... tags) {
        return registry.get(name).tags("context", "/app").tags(tags).functionCounter().count();
    }

    /** Issue 15: accepted and refused per issuer block, in JMX and as meters, besides the totals. */
    @Test
    void bind_issuerBlocks_countedPerBlockLive() {
        Metrics blocks = new Metrics(java.util.List.of("corp", "partner"));
        MetricsView perBlock = new MetricsView(blocks, () -> 0, () -> java.util.Map.of("corp", "2 key(s) in force"));
        MicrometerBinder.bind(registry, perBlock, "/app", "jwt");
        blocks.recordIssuer(0, true);
        blocks.recordIssuer(0, true);
        blocks.recordIssuer(1, false);
        blocks.recordIssuerRejected(1);
        blocks.recordIssuer(-1, true);
        assertEquals(java.util.Map.of("corp", 2L, "partner", 0L), perBlock.getRequestsAcceptedByIssuer());
        assertEquals(java.util.Map.of("corp", 0L, "partner", 2L), perBlock.getRequestsRejectedByIssuer());
        assertEquals(java.util.Map.of("corp", "2 key(s) in force"), perBlock.getKeySourceByIssuer());
        assertEquals(2, counted("jwtgate.requests.issuer", "issuer", "corp", "outcome", "accepted"));
        assertEquals(2, counted("jwtgate.requests.issuer", "issuer", "partner", "outcome", "rejected"));
        assertEquals(0, counted("jwtgate.requests.issuer", "issuer", "partner", "outcome", "accepted"));
    }

    @Test
    void bind_countersMoving_metersReadThemLive() throws Exception {
        MicrometerBinder.bind(registry, view, "/app", "jwt");
        counters.record(AuthenticationResult.rejected(Reason.EXPIRED));
        counters.record(AuthenticationResult.rejected(Reason.EXPIRED));
        counters.record(AuthenticationResult.rejected(Reason.MULTIPLE_TOKENS));
        counters.record(AuthenticationResult.unavailable(3));
        counters.recordExcluded();
        counters.cacheStats().recordHits(1);
        counters.cacheStats().recordMisses(1);
        counters.recordKeyReloadFailure();
        counters.recordJwksFetched(counters.jwksSource(), Tokens.NOW.toEpochMilli(), 3);

        assertEquals(0, requests("accepted", "none"));
        assertEquals(1, requests("excluded", "none"));
        assertEquals(2, requests("unauthorized", "EXPIRED"));
        assertEquals(1, requests("bad_request", "MULTIPLE_TOKENS"));
        assertEquals(1, requests("unavailable", "KEYS_UNAVAILABLE"));
        assertEquals(0, requests("forbidden", "MISSING_SCOPE"));
        assertEquals(1, counted("jwtgate.cache.gets", "result", "hit"));
        assertEquals(1, counted("jwtgate.cache.gets", "result", "miss"));
        assertEquals(4, registry.get("jwtgate.cache.size").gauge().value());
        assertEquals(1, counted("jwtgate.keys.reloads", "result", "failure"));
        assertEquals(1, counted("jwtgate.jwks.fetches", "result", "success"));
        assertEquals(3, registry.get("jwtgate.jwks.keys").gauge().value());
        TimeGauge lastFetch = registry.get("jwtgate.jwks.last.fetch").timeGauge();
        assertEquals(Tokens.NOW.getEpochSecond(), lastFetch.value(TimeUnit.SECONDS));
    }

    @Test
    void bind_everyRequestsMeter_sameTagKeys() {
        MicrometerBinder.bind(registry, view, "", "jwt");
        List<String> expected = List.of("context", "filter", "outcome", "reason");
        registry.find("jwtgate.requests").meters().forEach(meter -> assertEquals(expected,
                meter.getId().getTags().stream().map(Tag::getKey).sorted().collect(Collectors.toList())));
        // accepted, anonymous, excluded, preflight, and one per reason
        assertEquals(4 + Reason.values().length, registry.find("jwtgate.requests").meters().size());
        assertNotNull(registry.find("jwtgate.requests").tag("context", "/").meter(), "the root context is /");
    }

    @Test
    void close_bound_everyMeterRemoved() throws Exception {
        AutoCloseable binding = MicrometerBinder.bind(registry, view, "/app", "jwt");
        assertFalse(registry.getMeters().isEmpty());
        binding.close();
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void gatekeeperInAContext_micrometerPresent_boundToGlobalRegistryUntilClosed() throws Exception {
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        String secret = Keys.fileRef(dir, "jwt", Base64.getEncoder().encodeToString(Keys.secret(32)));
        Gatekeeper core = Gatekeeper.fromInitParameters("jwt", "/micrometer-" + System.nanoTime(), Map.of("algorithms",
                "HS256", "secret", secret, "secretEncoding", "base64"), MutableClock.atFixtureNow(),
                new ReferenceResolver(name -> null, name -> null));
        try {
            core.decide(name -> Collections.emptyEnumeration(), HeadersOnly.VIEW);
            FunctionCounter noToken = registry.find("jwtgate.requests").tags("filter", "jwt", "reason", "NO_TOKEN")
                    .functionCounter();
            assertEquals(1, noToken.count());
        } finally {
            core.close();
        }
        assertNull(registry.find("jwtgate.requests").tags("filter", "jwt").meter(), "removed by close()");
    }

    @Test
    void isPresent_loaderWithMicrometer_true() {
        assertTrue(MicrometerPresence.isPresent(getClass().getClassLoader()));
    }

    /**
     * JwtGate's classes and dependencies, without Micrometer, in a loader of their own, as in an
     * application without it: the guard answers unbound, and nothing fails.
     */
    @Test
    void bindIfPresent_loaderWithoutMicrometer_unboundWithoutError() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        URL[] urls = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("micrometer") && !entry.contains("HdrHistogram")
                        && !entry.contains("LatencyUtils"))
                .filter(entry -> Files.exists(Path.of(entry)))
                .map(MicrometerBinderTest::url)
                .toArray(URL[]::new);
        try (URLClassLoader withoutMicrometer = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> presence = Class.forName(MicrometerPresence.class.getName(), true, withoutMicrometer);
            assertFalse(MicrometerPresence.isPresent(withoutMicrometer));
            Class<?> view = Class.forName(MetricsView.class.getName(), true, withoutMicrometer);
            Method bind = presence.getDeclaredMethod("bindIfPresent", view, String.class, String.class);
            bind.setAccessible(true);
            Object binding = bind.invoke(null, null, "/app", "jwt");
            Field unbound = presence.getDeclaredField("UNBOUND");
            unbound.setAccessible(true);
            assertSame(unbound.get(null), binding);
        }
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
