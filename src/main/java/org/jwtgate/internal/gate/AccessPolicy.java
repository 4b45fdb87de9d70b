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
 * <p>A rule's verdict on a token's roles and scopes depends on nothing else, and both are fixed
 * (the rules at start, the roles and scopes with the verified token), so it is worked out on a
 * cached token's first request under that rule (again, harmlessly, when threads race) and kept in
 * the token's decision ({@link Decision#ruleVerdicts()}): a later hit reads it instead of looking
 * the rule's names up in the token's sets again. A token used only where no rule matches keeps none.
 *
 * <p>Immutable and thread-safe (the verdicts kept are written racily, by design: see
 * {@link Verdicts}).
 */
final class AccessPolicy {

    /**
     * With more rules than this, verdicts are not kept (a byte per rule per cached token would
     * grow with the configuration): each request checks its rule as it would without the memo.
     */
    static final int MAX_KEPT_VERDICTS = 256;

    private final AccessRules rules;
    private final int ruleCount;
    private final boolean modeRequiresToken;
    private final Decision[] denied;
    private final Decision[] missingScope;
    private final Decision[] missingRole;

    AccessPolicy(JwtGateSettings settings) {
        this.rules = AccessRules.parse(settings.accessRules());
        this.modeRequiresToken = settings.mode() == JwtGateSettings.Mode.REQUIRED;
        int count = rules.rules().size();
        this.ruleCount = count;
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
        if (selection.size() == 0) {
            return selection.includesUnmatched() ? token : alone; // no rule to check, so no verdicts to keep
        }
        JwtPrincipal principal = alone.principal();
        byte[] verdicts = verdicts(alone);
        for (int i = 0; i < selection.size(); i++) {
            Rule rule = selection.rule(i);
            int lacks = lacks(rule, principal, verdicts);
            if (lacks == 1) {
                return missingScope[rule.index()];
            }
            if (lacks == 2) {
                return missingRole[rule.index()];
            }
        }
        return selection.includesUnmatched() ? token : alone;
    }

    /**
     * What the principal lacks of {@code rule} ({@link Rule#lacks}), from the verdicts kept for
     * its token when known, else worked out and kept.
     */
    private static int lacks(Rule rule, JwtPrincipal principal, byte[] verdicts) {
        if (verdicts == null) {
            return rule.lacks(principal.getRoles(), principal.getScopes());
        }
        int index = rule.index();
        int kept = verdicts[index];
        if (kept == Verdicts.UNKNOWN) {
            kept = rule.lacks(principal.getRoles(), principal.getScopes()) + 1;
            verdicts[index] = (byte) kept;
        }
        return kept - 1;
    }

    /**
     * The verdicts kept in {@code alone} for this policy's rules, kept there now if there were
     * none (or another policy's); {@code null} with too many rules to keep them.
     */
    private byte[] verdicts(Decision alone) {
        if (ruleCount > MAX_KEPT_VERDICTS) {
            return null;
        }
        Object kept = alone.ruleVerdicts();
        if (kept instanceof Verdicts && ((Verdicts) kept).policy == this) {
            return ((Verdicts) kept).verdicts;
        }
        Verdicts fresh = new Verdicts(this, new byte[ruleCount]);
        alone.keepRuleVerdicts(fresh);
        return fresh.verdicts;
    }

    /**
     * One token's verdicts under one policy: per rule index, {@link #UNKNOWN} or 1 + what the token
     * lacks of the rule ({@link Rule#lacks}). The policy is kept with them so that verdicts are
     * only ever read against the rules they were worked out for (a decision is one filter's, whose
     * policy is one, but nothing here depends on that). Threads fill the array without
     * synchronising: a byte is written whole, every write for an index writes the same value, and
     * a reader that does not see it yet sees {@link #UNKNOWN} and works it out again. A holder
     * replaced by another thread's loses only its verdicts, which are worked out again likewise.
     */
    private static final class Verdicts {
        static final byte UNKNOWN = 0;

        final AccessPolicy policy;
        final byte[] verdicts;

        Verdicts(AccessPolicy policy, byte[] verdicts) {
            this.policy = policy;
            this.verdicts = verdicts;
        }
    }
}
