package org.jwtgate;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The identity carried by a verified token: what {@code getUserPrincipal()} returns and what the
 * {@code org.jwtgate.principal} request attribute holds.
 *
 * <p>Immutable and thread-safe. {@link #getClaims()} is typed as JSON maps to Java: string to
 * {@code String}, integer to {@code Long}, other number to {@code Double}, boolean to
 * {@code Boolean}, array to an unmodifiable {@code List}, object to an unmodifiable {@code Map},
 * {@code null} to {@code null}.
 */
public final class JwtPrincipal implements Principal {

    private final String name;
    private final Map<String, Object> claims;
    private final Set<String> roles;
    private final Set<String> scopes;
    private final Instant expiresAt;

    /**
     * @param name      the principal's name, non-empty
     * @param claims    the token's claims, already unmodifiable and typed as described above
     * @param roles     roles from the configured roles claim(s)
     * @param scopes    scopes from {@code scope} and {@code scp}
     * @param expiresAt the token's {@code exp}, or {@code null} when it has none
     */
    public JwtPrincipal(String name, Map<String, Object> claims, Set<String> roles, Set<String> scopes,
            Instant expiresAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.roles = Set.copyOf(roles);
        this.scopes = Set.copyOf(scopes);
        this.expiresAt = expiresAt;
    }

    @Override
    public String getName() {
        return name;
    }

    /** All claims of the token's payload, unmodifiable. */
    public Map<String, Object> getClaims() {
        return claims;
    }

    /** One claim, or {@code null} when the token does not have it. */
    public Object getClaim(String claimName) {
        return claims.get(claimName);
    }

    public Set<String> getRoles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public Set<String> getScopes() {
        return scopes;
    }

    /** The token's {@code exp}, or {@code null} when {@code requireExp} is off and the token had none. */
    public Instant getExpiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof JwtPrincipal)) {
            return false;
        }
        JwtPrincipal that = (JwtPrincipal) other;
        return name.equals(that.name) && claims.equals(that.claims);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The name only: claims are kept out of anything that might end up in a log. */
    @Override
    public String toString() {
        return "JwtPrincipal[" + name + "]";
    }
}
