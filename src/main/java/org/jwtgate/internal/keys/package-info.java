/**
 * Verification keys and where they come from: {@link org.jwtgate.internal.keys.KeyLoader} (PEM,
 * JWK and secrets by reference, with the weak-secret, ROCA and curve checks), the
 * {@link org.jwtgate.internal.keys.KeySource} interface and its sources (static, reloading file,
 * JWK Set over HTTP with its caching and outage policy, and the composite of configured plus remote
 * keys), and {@link org.jwtgate.internal.keys.KeySet}, the immutable set of keys in force that
 * verification reads once per request. Exposes the key set, the sources and the loader.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.keys;
