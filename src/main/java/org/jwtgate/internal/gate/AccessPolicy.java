package org.jwtgate.internal.gate;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.request.AccessRules;
import org.jwtgate.internal.request.AccessRules.Access;
import org.jwtgate.internal.request.AccessRules.Rule;
import org.jwtgate.internal.request.AccessRules.Selection;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.internal.verify.Decision;

/**
 * The {@code accessRules} applied: from the rules a request selects ({@link AccessRules#select})
 * and the token's own decision to the request's decision. The first matching rule decides alone;
 * the filter-wide {@code mode}, {@code requiredRoles} and {@code requiredScopes} decide only a
 * request no rule matches (or, in doubt, together with the rules). Every refusal a rule can give is
 * built here once at start, so refusing, like accepting, allocates nothing.
 *
 * <p>Immutable and thread-safe.
 */
final class AccessPolicy {

    private final AccessRules rules;
    private final boolean modeRequiresToken;
    private final Decision[] denied;
    private final Decision[] missingScope;
    private final Decision[] missingRole;

    AccessPolicy(JwtGateSettings settings) {
        this.rules = AccessRules.parse(settings.accessRules());
        this.modeRequiresToken = settings.mode() == JwtGateSettings.Mode.REQUIRED;
        int count = rules.rules().size();
        this.denied = new Decision[count];
        this.missingScope = new Decision[count];
        this.missingRole = new Decision[count];
        for (Rule rule : rules.rules()) {
            int i = rule.index();
            denied[i] = Decision.refusedByRule(Reason.ACCESS_DENIED,
                    ErrorResponse.forRule(Reason.ACCESS_DENIED, rule.roleNames(), settings));
            missingScope[i] = Decision.refusedByRule(Reason.MISSING_SCOPE,
                    ErrorResponse.forRule(Reason.MISSING_SCOPE, rule.scopeNames(), settings));
            missingRole[i] = Decision.refusedByRule(Reason.MISSING_ROLE,
                    ErrorResponse.forRule(Reason.MISSING_ROLE, rule.roleNames(), settings));
        }
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    AccessRules rules() {
        return rules;
    }

    /** The refusal when a {@code deny} rule is among those selected, before any token is looked at; else {@code null}. */
    Decision denial(Selection selection) {
        if (selection.access() != Access.DENY) {
            return null;
        }
        for (int i = 0; i < selection.size(); i++) {
            Rule rule = selection.rule(i);
            if (rule.access() == Access.DENY) {
                return denied[rule.index()];
            }
        }
        return null;
    }

    /** Whether the selected rules let the request through untouched, as an excluded path. */
    boolean permits(Selection selection) {
        return selection.access() == Access.PERMIT && !selection.includesUnmatched();
    }

    /** Whether a request without a token is refused (401) rather than anonymous. */
    boolean requiresToken(Selection selection) {
        return selection.access() == Access.AUTHENTICATED || selection.includesUnmatched() && modeRequiresToken;
    }

    /**
     * The request's decision from the token's: a refusal or an anonymous pass stands; a valid token
     * must meet every selected rule's roles and scopes, and, when the filter-wide settings decide
     * too, theirs (already in {@code token}).
     */
    Decision decide(Selection selection, Decision token) {
        Decision alone = token.tokenAlone();
        if (alone == null) {
            return token;
        }
        JwtPrincipal principal = alone.principal();
        for (int i = 0; i < selection.size(); i++) {
            Rule rule = selection.rule(i);
            int lacks = rule.lacks(principal.getRoles(), principal.getScopes());
            if (lacks == 1) {
                return missingScope[rule.index()];
            }
            if (lacks == 2) {
                return missingRole[rule.index()];
            }
        }
        return selection.includesUnmatched() ? token : alone;
    }
}
