/**
 * Logging that is safe to leave on: {@link org.jwtgate.internal.logging.RateLimitedLog} (one line per
 * kind of trouble a minute, never per request) and {@link org.jwtgate.internal.logging.LogSafeUri}
 * (a URL without user info, query or fragment). Depends on nothing else in JwtGate; everything
 * below uses it.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.logging;
