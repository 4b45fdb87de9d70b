package org.jwtgate.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import org.jwtgate.AuthenticationResult.Reason;

/**
 * A filter's metrics as Micrometer meters, tagged {@code context} and {@code filter}: the same
 * numbers as the MBean, read from the same counters when the registry is scraped.
 * <ul>
 * <li>{@code jwtgate.requests} (counter), tagged {@code outcome} ({@code accepted},
 * {@code anonymous}, {@code excluded}, {@code preflight}, {@code bad_request}, {@code unauthorized},
 * {@code forbidden}, {@code unavailable}) and {@code reason} ({@code none}, or the refusal's reason
 * as the MBean names it). Every meter of a name has the same tag keys, as Prometheus wants.</li>
 * <li>{@code jwtgate.requests.issuer} (counter), with {@code issuers} only: tagged {@code issuer}
 * (the block) and {@code outcome} ({@code accepted}, {@code rejected}).</li>
 * <li>{@code jwtgate.cache.gets} (counter, {@code result} {@code hit} or {@code miss}, as
 * Micrometer's own cache meters), {@code jwtgate.cache.evictions} (counter),
 * {@code jwtgate.cache.size} (gauge).</li>
 * <li>{@code jwtgate.keys.reloads} and {@code jwtgate.jwks.fetches} (counters, {@code result}
 * {@code success} or {@code failure}), {@code jwtgate.jwks.keys} (gauge),
 * {@code jwtgate.jwks.last.fetch} (time gauge, since the epoch; 0 before any).</li>
 * <li>{@code jwtgate.revocation.entries} (gauge), {@code jwtgate.revocation.mirror.age} (gauge, seconds;
 * -1 before the first read and without revocation), {@code jwtgate.revocation.store.errors},
 * {@code jwtgate.revocation.hits}.</li>
 * </ul>
 * Only {@link MicrometerPresence} may load this class, after it has found Micrometer: every
 * Micrometer type JwtGate refers to is here.
 *
 * <p>Thread-safe.
 */
final class MicrometerBinder implements AutoCloseable {

    private final MeterRegistry registry;
    /** Held here: meters keep only a weak reference to what they read. */
    private final MetricsView view;
    private final List<Meter> meters = new ArrayList<>();

    private MicrometerBinder(MeterRegistry registry, MetricsView view) {
        this.registry = registry;
        this.view = view;
    }

    /** Binds to {@code Metrics.globalRegistry}, where Spring Boot and most setups publish from. */
    static AutoCloseable bindGlobal(MetricsView view, String contextPath, String filterName) {
        return bind(io.micrometer.core.instrument.Metrics.globalRegistry, view, contextPath, filterName);
    }

    static AutoCloseable bind(MeterRegistry registry, MetricsView view, String contextPath, String filterName) {
        MicrometerBinder binder = new MicrometerBinder(registry, view);
        Tags tags = Tags.of("context", contextPath.isEmpty() ? "/" : contextPath, "filter", filterName);
        binder.request(tags, "accepted", "RequestsAccepted", MetricsView::getRequestsAccepted);
        binder.request(tags, "anonymous", "RequestsAnonymous", MetricsView::getRequestsAnonymous);
        binder.request(tags, "excluded", "RequestsExcluded", MetricsView::getRequestsExcluded);
        binder.request(tags, "preflight", "RequestsPreflight", MetricsView::getRequestsPreflight);
        for (Reason reason : Reason.values()) {
            binder.counter("jwtgate.requests", tags.and("outcome", outcome(reason), "reason", reason.name()),
                    "RequestsRejectedByReason", v -> v.refused(reason));
        }
        for (String block : view.getRequestsAcceptedByIssuer().keySet()) {
            binder.counter("jwtgate.requests.issuer", tags.and("issuer", block, "outcome", "accepted"),
                    "RequestsAcceptedByIssuer", v -> v.getRequestsAcceptedByIssuer().getOrDefault(block, 0L));
            binder.counter("jwtgate.requests.issuer", tags.and("issuer", block, "outcome", "rejected"),
                    "RequestsRejectedByIssuer", v -> v.getRequestsRejectedByIssuer().getOrDefault(block, 0L));
        }
        binder.counter("jwtgate.cache.gets", tags.and("result", "hit"), "CacheHits", MetricsView::getCacheHits);
        binder.counter("jwtgate.cache.gets", tags.and("result", "miss"), "CacheMisses", MetricsView::getCacheMisses);
        binder.counter("jwtgate.cache.evictions", tags, "CacheEvictions", MetricsView::getCacheEvictions);
        binder.gauge("jwtgate.cache.size", tags, "CacheSize", MetricsView::getCacheSize);
        binder.counter("jwtgate.keys.reloads", tags.and("result", "success"), "KeyReloads", MetricsView::getKeyReloads);
        binder.counter("jwtgate.keys.reloads", tags.and("result", "failure"), "KeyReloadFailures",
                MetricsView::getKeyReloadFailures);
        binder.counter("jwtgate.jwks.fetches", tags.and("result", "success"), "JwksFetches", MetricsView::getJwksFetches);
        binder.counter("jwtgate.jwks.fetches", tags.and("result", "failure"), "JwksFetchFailures",
                MetricsView::getJwksFetchFailures);
        binder.gauge("jwtgate.jwks.keys", tags, "JwksKeys", MetricsView::getJwksKeys);
        binder.gauge("jwtgate.revocation.entries", tags, "RevocationListSize", MetricsView::getRevocationListSize);
        binder.gauge("jwtgate.revocation.mirror.age", tags, "RevocationMirrorAgeSeconds",
                MetricsView::getRevocationMirrorAgeSeconds);
        binder.counter("jwtgate.revocation.store.errors", tags, "RevocationStoreErrors",
                MetricsView::getRevocationStoreErrors);
        binder.counter("jwtgate.revocation.hits", tags, "RevocationHits", MetricsView::getRevocationHits);
        binder.meters.add(TimeGauge.builder("jwtgate.jwks.last.fetch", view, TimeUnit.MILLISECONDS,
                        MetricsView::getJwksLastFetchEpochMillis)
                .tags(tags).description(MetricsView.description("JwksLastFetchEpochMillis")).register(registry));
        return binder;
    }

    private void request(Tags tags, String outcome, String attribute, ToDoubleFunction<MetricsView> count) {
        counter("jwtgate.requests", tags.and("outcome", outcome, "reason", "none"), attribute, count);
    }

    /** The refusal's status as a word: the outcome tag of {@code jwtgate.requests}. */
    private static String outcome(Reason reason) {
        switch (reason.httpStatus()) {
            case 400:
                return "bad_request";
            case 403:
                return "forbidden";
            case 503:
                return "unavailable";
            default:
                return "unauthorized";
        }
    }

    private void counter(String name, Tags tags, String attribute, ToDoubleFunction<MetricsView> count) {
        meters.add(FunctionCounter.builder(name, view, count).tags(tags)
                .description(MetricsView.description(attribute)).register(registry));
    }

    private void gauge(String name, Tags tags, String attribute, ToDoubleFunction<MetricsView> value) {
        meters.add(Gauge.builder(name, view, value).tags(tags)
                .description(MetricsView.description(attribute)).register(registry));
    }

    /** Removes the meters from the registry: the filter is going away. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
