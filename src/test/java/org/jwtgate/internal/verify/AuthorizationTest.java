package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;

/** The 403 stage alone: required scopes, then required roles. */
class AuthorizationTest {

    private static JwtPrincipal alice(Set<String> roles, Set<String> scopes) {
        return new JwtPrincipal("alice", Map.of("sub", "alice"), roles, scopes, null);
    }

    @Test
    void decide_nothingRequired_authenticatedWithThatPrincipal() {
        JwtPrincipal principal = alice(Set.of(), Set.of());
        AuthenticationResult result = new Authorization(List.of(), List.of()).decide(principal);
        assertEquals(Kind.AUTHENTICATED, result.kind());
        assertSame(principal, result.principal());
    }

    @Test
    void decide_allRequiredPresent_authenticated() {
        Authorization authorization = new Authorization(List.of("read", "write"), List.of("admin", "user"));
        assertEquals(Kind.AUTHENTICATED,
                authorization.decide(alice(Set.of("user", "admin", "x"), Set.of("write", "read"))).kind());
    }

    @Test
    void decide_oneRequiredScopeMissing_forbiddenMissingScopeWithPrincipal() {
        JwtPrincipal principal = alice(Set.of("admin"), Set.of("read"));
        AuthenticationResult result = new Authorization(List.of("read", "write"), List.of()).decide(principal);
        assertEquals(Kind.REJECTED, result.kind());
        assertEquals(Reason.MISSING_SCOPE, result.reason());
        assertEquals(403, result.reason().httpStatus());
        assertSame(principal, result.principal());
    }

    @Test
    void decide_oneRequiredRoleMissing_forbiddenMissingRoleWithPrincipal() {
        JwtPrincipal principal = alice(Set.of("user"), Set.of());
        AuthenticationResult result = new Authorization(List.of(), List.of("admin", "user")).decide(principal);
        assertEquals(Reason.MISSING_ROLE, result.reason());
        assertEquals(403, result.reason().httpStatus());
        assertSame(principal, result.principal());
    }

    @Test
    void decide_scopeAndRoleMissing_missingScopeFirst() {
        Authorization authorization = new Authorization(List.of("write"), List.of("admin"));
        assertEquals(Reason.MISSING_SCOPE, authorization.decide(alice(Set.of(), Set.of())).reason());
    }

    @Test
    void constructor_requirementsChangedAfterwards_decisionUnchanged() {
        List<String> roles = new ArrayList<>();
        Authorization authorization = new Authorization(List.of(), roles);
        roles.add("admin");
        assertEquals(Kind.AUTHENTICATED, authorization.decide(alice(Set.of(), Set.of())).kind());
    }
}
