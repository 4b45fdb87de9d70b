/**
 * The HTTP side of a request without a servlet type:
 * {@link org.jwtgate.internal.request.BearerTokenExtractor} (RFC 6750 syntax),
 * {@link org.jwtgate.internal.request.ExcludedPaths} (paths that need no token, matched on the
 * normalised path) and {@link org.jwtgate.internal.request.ErrorResponse} (every RFC 6750 answer,
 * built once at start).
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.request;
