package org.jwtgate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.request.AccessRules;
import org.jwtgate.internal.request.AccessRules.Rule;
import org.jwtgate.internal.request.AccessRules.Selection;
import org.jwtgate.internal.request.ErrorResponse;
import org.jwtgate.internal.request.ExcludedPaths;
import org.jwtgate.internal.verify.Decision;

/**
 * {@code verify --method --path}: sends the request through the filter's whole core (excluded
 * paths, access rules, the token) and says which rule decided and why, before the token's own
 * verdict. The verdict is the core's; this only names the rule. Rules hold no secrets, so their
 * text is shown as configured.
 *
 * <p>Not thread-safe: one per command run.
 */
final class AccessRulesReport {

    /** The usual report of the token's verdict, for a decision no rule refused by itself. */
    interface TokenReport {
        int report(AuthenticationResult result);
    }

    private final CommandContext context;
    private final Gatekeeper core;
    private final CommandLineRequest request;

    AccessRulesReport(CommandContext context, Gatekeeper core, CommandLineRequest request) {
        this.context = context;
        this.core = core;
        this.request = request;
    }

    int report(TokenReport tokenReport) {
        JwtGateSettings settings = core.authenticator().settings();
        context.out().println("request: " + request.method + " " + SafeText.of(request.path));
        boolean excluded = new ExcludedPaths(settings.excludePaths())
                .matches(request.path, null, request.path, "", null);
        AccessRules rules = core.accessRules();
        Selection selection = rules.select(request.method, request.path, null, request.path, "");
        if (excluded) {
            context.out().println("  excludePaths lets this path through, before any access rule");
        } else {
            for (String line : describe(rules, selection, settings)) {
                context.out().println("  " + line);
            }
        }
        Decision decision = core.decide(request, CommandLineRequest.VIEW);
        if (decision.isAnonymous()) {
            context.out().println("PASSED: the filter lets this request through to the application untouched, "
                    + "with no principal; the token is not looked at");
            return ExitCode.OK;
        }
        if (decision.response() == null) {
            return tokenReport.report(decision.result());
        }
        Reason reason = decision.result().reason();
        ErrorResponse response = core.errorResponse(decision);
        context.out().println("FORBIDDEN: " + reason.name());
        context.out().println("  the client gets: HTTP " + response.status() + ", WWW-Authenticate: "
                + response.challenge());
        for (String line : why(selection, reason)) {
            context.out().println("  " + line);
        }
        return ExitCode.FORBIDDEN;
    }

    private static List<String> describe(AccessRules rules, Selection selection, JwtGateSettings settings) {
        List<String> lines = new ArrayList<>();
        String fallback = "the filter-wide settings: mode " + settings.mode().name().toLowerCase(java.util.Locale.ROOT)
                + ", requiredRoles " + SafeText.list(settings.requiredRoles()) + ", requiredScopes "
                + SafeText.list(settings.requiredScopes());
        if (rules.isEmpty()) {
            lines.add("no accessRules are configured: " + fallback + " decide");
        } else if (selection.size() == 1 && !selection.includesUnmatched()) {
            lines.add(ruleName(selection.rule(0)) + " decides (the first rule whose methods and pattern match)");
        } else if (selection.size() == 0) {
            lines.add("no access rule matches this method and path: " + fallback + " decide");
        } else {
            lines.add("the path is in doubt (its two readings, the container's and the normalised one, select "
                    + "different rules, or it cannot be read unambiguously): all of these must hold");
            for (Rule rule : selection.rules()) {
                lines.add("  " + ruleName(rule));
            }
            if (selection.includesUnmatched()) {
                lines.add("  and " + fallback);
            }
        }
        return lines;
    }

    /** Why a rule refused: what it asks for and what the token holds. */
    private List<String> why(Selection selection, Reason reason) {
        List<String> lines = new ArrayList<>();
        if (reason == Reason.ACCESS_DENIED) {
            for (Rule rule : selection.rules()) {
                if (rule.access() == AccessRules.Access.DENY) {
                    lines.add(ruleName(rule) + " denies every request it matches, with or without a token");
                    return lines;
                }
            }
            return lines;
        }
        Decision token = core.authenticator().authenticate(
                name -> CommandLineRequest.VIEW.headers(request, name), null).tokenAlone();
        JwtPrincipal principal = token == null ? null : token.principal();
        if (principal == null) {
            return lines;
        }
        for (Rule rule : selection.rules()) {
            int lacks = rule.lacks(principal.getRoles(), principal.getScopes());
            if (lacks != 0) {
                boolean scope = lacks == 1;
                Set<String> held = new TreeSet<>(scope ? principal.getScopes() : principal.getRoles());
                lines.add("the token is valid, for " + SafeText.of(principal.getName()) + ", but " + ruleName(rule)
                        + " asks for " + (scope ? "scopes " + SafeText.list(rule.scopeNames())
                        : "roles " + SafeText.list(rule.roleNames())) + " (each scope:/role: needs one of its "
                        + "|-separated names)");
                lines.add("its " + (scope ? "scopes" : "roles") + ": " + SafeText.list(held));
                return lines;
            }
        }
        return lines;
    }

    private static String ruleName(Rule rule) {
        return "rule " + (rule.index() + 1) + " '" + SafeText.of(rule.text()) + "'";
    }
}
