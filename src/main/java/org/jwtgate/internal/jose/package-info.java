/**
 * The JOSE compact form, read strictly: {@link org.jwtgate.internal.jose.JwsParser} (canonical
 * base64url, strict UTF-8 JSON, no duplicate members), {@link org.jwtgate.internal.jose.ClaimMap}
 * (the claims as unmodifiable Java values), {@link org.jwtgate.internal.jose.SignedParts} (the
 * signing input without a copy), {@link org.jwtgate.internal.jose.ClaimPaths} and
 * {@link org.jwtgate.internal.jose.TokenRejection}, the refusal of a token with its
 * {@link org.jwtgate.AuthenticationResult.Reason}. Knows nothing of keys or of HTTP.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.jose;
