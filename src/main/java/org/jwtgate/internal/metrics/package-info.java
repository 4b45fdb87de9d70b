/**
 * The counters and their publication: {@link org.jwtgate.internal.metrics.Metrics} (lock-free
 * counters, one per outcome and reason), {@link org.jwtgate.internal.metrics.MetricsView} (what the
 * MXBean shows), {@link org.jwtgate.internal.metrics.JmxRegistration} and, only when the
 * application has Micrometer, {@link org.jwtgate.internal.metrics.MicrometerBinder} (loaded by
 * {@link org.jwtgate.internal.metrics.MicrometerPresence}, so that nothing else refers to it).
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.metrics;
