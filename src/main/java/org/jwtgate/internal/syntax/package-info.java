/**
 * Character classes of the texts JwtGate checks: the HTTP {@code token} and its {@code tchar}s
 * (RFC 9110), text that can stand inside a quoted string without escapes, OAuth scope tokens
 * (RFC 6749) and control characters. The bottom layer: it uses nothing of JwtGate, so the settings'
 * builder, the request path and the command line apply one definition of each. Exposes
 * {@link org.jwtgate.internal.syntax.HttpSyntax} to all of them, and
 * {@link org.jwtgate.internal.syntax.InterpretedHeaders} (the header names the container, proxies
 * and frameworks give a meaning of their own, which no claim header may use) to the builder.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.syntax;
