/**
 * Deciding whether a token is good: {@link org.jwtgate.internal.verify.Authenticator} (the cache
 * in front of verification), {@link org.jwtgate.internal.verify.TokenVerifier} (header policy, key
 * selection and signature, time and claims, principal mapping and authorization), the verified-token
 * cache and its entries, and the {@link org.jwtgate.internal.verify.Decision} a request gets.
 * Exposes the authenticator and the decision to the gate and to {@code jwtgate verify}.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.verify;
