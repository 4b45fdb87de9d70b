/**
 * The assembly a servlet adapter talks to: one object built in {@code init()} from the settings,
 * holding the authenticator, the excluded paths, the prebuilt error responses and the metrics, and
 * answering each request with one decision. The {@code jakarta} and {@code javax} filters are thin
 * twins over it.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.gate;
