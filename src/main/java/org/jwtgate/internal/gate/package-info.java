/**
 * The {@link org.jwtgate.internal.gate.Gatekeeper}: one object built at start, from init-params or
 * from settings given in code, holding the authenticator, the excluded paths, the prebuilt error
 * responses, the claim headers and the metrics, and answering each request with one
 * {@link org.jwtgate.internal.verify.Decision}. It reads requests and writes refusals through the
 * servlet-free views of {@code org.jwtgate.internal.request}, so any front can use it: the
 * {@code jakarta} and {@code javax} filters are thin adapters over it.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.gate;
