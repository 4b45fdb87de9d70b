/**
 * JwtGate's machinery: token extraction, parsing, key sources, verification, the verified-token
 * cache and error mapping.
 *
 * <p><strong>Not public API.</strong> Anything here may change in any release; applications use
 * the filters in {@code org.jwtgate.jakarta} and {@code org.jwtgate.javax} and the types in
 * {@code org.jwtgate}.
 */
package org.jwtgate.internal;
