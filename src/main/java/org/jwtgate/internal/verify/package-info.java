/**
 * Deciding whether a token is good: {@link org.jwtgate.internal.verify.Authenticator} (the cache
 * in front of verification), {@link org.jwtgate.internal.verify.TokenVerifier} and its named stages
 * ({@code HeaderPolicy}, {@code SignatureVerifier}, {@code TimePolicy}, {@code ClaimsPolicy},
 * {@code PrincipalMapper}, {@code Authorization}, {@code ClaimHeaderMapper}, each built from the
 * settings it checks), the verified-token cache and its entries, and the {@link org.jwtgate.internal.verify.Decision} a request gets.
 * Exposes the authenticator and the decision to the gate and to {@code jwtgate verify}.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.verify;
