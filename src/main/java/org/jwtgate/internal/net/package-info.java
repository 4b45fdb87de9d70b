/**
 * Rules for the network JwtGate reaches out to: {@link org.jwtgate.internal.net.RemoteUrls}, the
 * one check every fetched URL passes. Depends on nothing else in JwtGate.
 *
 * <p><strong>Not public API</strong>, like every {@code org.jwtgate.internal} package: anything
 * here may change in any release. Applications use the filters in {@code org.jwtgate.jakarta} and
 * {@code org.jwtgate.javax} and the types in {@code org.jwtgate}.
 */
package org.jwtgate.internal.net;
