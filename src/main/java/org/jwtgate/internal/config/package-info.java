/**
 * Configuration from text: {@link org.jwtgate.internal.config.InitParameters} turns web.xml
 * init-params into a {@link org.jwtgate.JwtGateSettings.Builder} call each (it converts strings to
 * types; the builder alone owns ranges and messages),
 * {@link org.jwtgate.internal.config.ReferenceResolver} reads {@code env:}, {@code sysprop:} and
 * {@code file:} references, and {@link org.jwtgate.internal.config.DurationText} is the one duration
 * syntax ({@code 90}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}) of web.xml and the command
 * line. Exposes all three to the key loaders, the gate and the command line.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.config;
