/**
 * Revocation: which tokens are refused before they expire, kept in a store every node reads (a
 * file, or Redis) and mirrored in memory on each node, so that the check every request makes,
 * cache hits included, never waits on the network. Uses {@code internal.logging}; used by
 * {@code internal.verify}, {@code internal.gate} and the command line.
 */
package org.jwtgate.internal.revoke;
