package org.jwtgate.internal.verify;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;

/**
 * The 403 decision: a principal that lacks a required scope or role is refused with its
 * principal, so the answer can name what was missing. Scopes are checked first.
 *
 * <p>Immutable and thread-safe.
 */
final class Authorization {

    private final Set<String> requiredScopes;
    private final Set<String> requiredRoles;

    /**
     * @param requiredScopes scopes the principal must all have
     * @param requiredRoles  roles the principal must all have
     */
    Authorization(Collection<String> requiredScopes, Collection<String> requiredRoles) {
        this.requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requiredScopes));
        this.requiredRoles = Collections.unmodifiableSet(new LinkedHashSet<>(requiredRoles));
    }

    /** Authenticated, or forbidden with {@link Reason#MISSING_SCOPE} or {@link Reason#MISSING_ROLE}. */
    AuthenticationResult decide(JwtPrincipal principal) {
        if (!principal.getScopes().containsAll(requiredScopes)) {
            return AuthenticationResult.forbidden(Reason.MISSING_SCOPE, principal);
        }
        if (!principal.getRoles().containsAll(requiredRoles)) {
            return AuthenticationResult.forbidden(Reason.MISSING_ROLE, principal);
        }
        return AuthenticationResult.authenticated(principal);
    }
}
