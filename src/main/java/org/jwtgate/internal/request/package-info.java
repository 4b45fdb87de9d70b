/**
 * The HTTP side of a request without a servlet type:
 * {@link org.jwtgate.internal.request.BearerTokenExtractor} (RFC 6750 syntax),
 * {@link org.jwtgate.internal.request.ExcludedPaths} (paths that need no token, matched on the
 * normalised path), {@link org.jwtgate.internal.request.ErrorResponse} (every RFC 6750 answer,
 * built once at start, and the one place a refusal is written) and
 * {@link org.jwtgate.internal.request.ClaimHeaderView} (the headers the application sees). An
 * adapter shows its requests and responses through {@link org.jwtgate.internal.request.RequestView}
 * and {@link org.jwtgate.internal.request.ResponseView}: one stateless singleton each, so nothing
 * is allocated per request to read or write them.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.request;
