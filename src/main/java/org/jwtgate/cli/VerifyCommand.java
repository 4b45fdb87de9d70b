package org.jwtgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.TrustedIssuer;
import org.jwtgate.internal.config.DurationText;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.request.ErrorResponse;

/**
 * {@code verify}: runs a token through exactly the filter a web.xml (or properties file) configures,
 * the same core the servlet filter builds in {@code init()}, references resolved as the filter
 * resolves them, and the token handed over as an {@code Authorization: Bearer} header. Verification
 * is the filter's alone; afterwards this explains the verdict for the operator.
 */
final class VerifyCommand implements Command {

    /** Above the largest maxTokenLength (1 MiB), with room for a header name and line ends. */
    static final int MAX_INPUT_BYTES = 2 * 1024 * 1024;

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "check a token exactly as a configured filter would, and say why it is refused";
    }

    @Override
    public String help() {
        return "Usage: jwtgate verify (--web-xml FILE [--filter NAME] | --properties FILE) [--method METHOD]\n"
                + "                      [--path PATH] [TOKEN | -]\n"
                + "\n"
                + "Checks TOKEN with the very filter the settings configure (keys loaded, references resolved and\n"
                + "every check made as at start and on a request), then says what the filter would do and why.\n"
                + "\n"
                + "  --web-xml FILE    read the init-params of a JwtGate <filter> in this web.xml, or, without one,\n"
                + "                    the jwtgate.* context-params of its authentication module (its listener)\n"
                + "  --filter NAME     which JwtGate filter, by filter-name; needed when the file declares several\n"
                + "  --properties FILE read the init-params from a properties file (keys are init-param names)\n"
                + "  --method METHOD   with --path: the request's method (default GET)\n"
                + "  --path PATH       the request's path within the context, as a client sends it (/admin/x): the\n"
                + "                    filter's accessRules and excludePaths then decide too, and the output says\n"
                + "                    which rule decided and why\n"
                + "  TOKEN             the token, with or without \"Bearer \"; absent or - reads it from standard input\n"
                + "                    (surrounding whitespace and the trailing newline are removed). Prefer stdin:\n"
                + "                    an argument shows in the process list and the shell's history.\n"
                + "\n"
                + "env:, sysprop: and file: references are resolved as the filter resolves them, in this process's\n"
                + "environment: run it where (or as) the application runs. A web.xml with a DOCTYPE is refused.\n"
                + "\n"
                + "Prints the verdict on standard output, and the lines the filter logged (at DEBUG and above) on\n"
                + "standard error. Never prints a secret, a key, or the token's claim set.\n"
                + "\n"
                + "Exit codes:\n"
                + "  0  accepted\n"
                + "  1  rejected: the filter answers 401 (or 400 for a malformed request)\n"
                + "  2  usage error: bad option, file that cannot be read, no or several filters to choose from\n"
                + "  3  forbidden: a valid token that lacks a required role or scope (403)\n"
                + "  4  keys unavailable: the JWK Set cannot be fetched (503)\n"
                + "  5  invalid configuration: the filter would not start; the message names the init-param\n"
                + " 70  a bug in this command (please report it)\n"
                + "\n"
                + "Examples:\n"
                + "  jwtgate verify --web-xml src/main/webapp/WEB-INF/web.xml < token.txt\n"
                + "  echo \"$TOKEN\" | jwtgate verify --web-xml web.xml --filter api-auth\n"
                + "  jwtgate verify --web-xml web.xml --method DELETE --path /admin/users/7 < token.txt\n";
    }

    @Override
    public Arguments.Spec options() {
        return new Arguments.Spec().single("--web-xml", "--filter", "--properties", "--method", "--path");
    }

    @Override
    public int run(Arguments arguments, CommandContext context) throws CommandException {
        List<String> positionals = arguments.positionals();
        if (positionals.size() > 1) {
            throw CommandException.usage("verify takes one token at most (or - for standard input)");
        }
        FilterConfiguration configuration = configuration(arguments);
        CommandLineRequest request = request(arguments);
        String header = authorizationValue(positionals.isEmpty() ? "-" : positionals.get(0), context);
        // Whole seconds: NumericDates have no more, and the explanations read better.
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);

        if (request != null) {
            request = new CommandLineRequest(request.method, request.path, header);
        }
        try (FilterLog log = FilterLog.capture()) {
            Gatekeeper core = gatekeeper(configuration, context, log);
            try {
                // A request would wait for the JWK Set only briefly; a one-shot check waits for the first fetch.
                core.authenticator().keySources().forEach(KeySource::awaitFirstFetch);
                context.out().println("configuration: " + configuration.description());
                int exit = request == null
                        ? report(context, core, core.authenticator().authenticate(authorizationOnly(header), null)
                                .result(), header, now)
                        : new AccessRulesReport(context, core, request).report(
                                result -> report(context, core, result, header, now));
                keySources(context, core);
                printLog(context, log, exit != ExitCode.OK);
                return exit;
            } finally {
                core.close();
            }
        }
    }

    /** The request {@code --method} and {@code --path} describe (its token set later), or {@code null}. */
    private static CommandLineRequest request(Arguments arguments) throws CommandException {
        if (!arguments.has("--path")) {
            arguments.refuse("needs --path", "--method");
            return null;
        }
        String path = arguments.value("--path").get();
        String method = arguments.value("--method").orElse("GET");
        if (!path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('#') >= 0 || path.chars().anyMatch(
                c -> c <= 0x20 || c >= 0x7f)) {
            throw CommandException.usage("--path takes a path within the context as a client sends it: it starts "
                    + "with / and has no query, fragment, space or control character (/admin/x)");
        }
        if (!org.jwtgate.internal.syntax.HttpSyntax.isToken(method)) {
            throw CommandException.usage("--method takes an HTTP method (GET, POST, ...)");
        }
        return new CommandLineRequest(method, path, null);
    }

    /** The core the servlet filter builds in {@code init()}, from the same init-params. */
    private static Gatekeeper gatekeeper(FilterConfiguration configuration, CommandContext context, FilterLog log)
            throws CommandException {
        try {
            return Gatekeeper.fromInitParameters(configuration.filterName(), null, configuration.parameters(),
                    context.clock(), context.resolver());
        } catch (JwtGateConfigurationException e) {
            printLog(context, log, true);
            throw CommandException.configuration("invalid configuration (" + configuration.description()
                    + "): the filter would not start: " + SafeText.of(e.getMessage()));
        }
    }

    private static FilterConfiguration configuration(Arguments arguments) throws CommandException {
        boolean webXml = arguments.has("--web-xml");
        if (webXml == arguments.has("--properties")) {
            throw CommandException.usage("give the filter's settings with --web-xml FILE or --properties FILE (one "
                    + "of them)");
        }
        if (!webXml) {
            arguments.refuse("applies to --web-xml only", "--filter");
            return FilterConfiguration.fromProperties(arguments.value("--properties").get());
        }
        return FilterConfiguration.fromWebXml(arguments.value("--web-xml").get(),
                arguments.value("--filter").orElse(null));
    }

    /** The {@code Authorization} value to send: the token as given, with {@code Bearer } added when absent. */
    private static String authorizationValue(String argument, CommandContext context) throws CommandException {
        String text = argument.equals("-") ? readInput(context) : argument;
        text = text.strip();
        if (text.regionMatches(true, 0, "Authorization:", 0, 14)) {
            text = text.substring(14).strip();
        }
        if (text.isEmpty() || text.equalsIgnoreCase("Bearer")) {
            throw CommandException.usage("no token given: pass it as the argument, or on standard input");
        }
        boolean hasScheme = text.length() > 7 && text.regionMatches(true, 0, "Bearer", 0, 6)
                && (text.charAt(6) == ' ' || text.charAt(6) == '\t');
        return hasScheme ? text : "Bearer " + text;
    }

    private static String readInput(CommandContext context) throws CommandException {
        try {
            byte[] input = context.in().readNBytes(MAX_INPUT_BYTES + 1);
            if (input.length > MAX_INPUT_BYTES) {
                throw CommandException.usage("standard input holds more than 2 MiB: that is no token");
            }
            return new String(input, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CommandException.usage("standard input cannot be read");
        }
    }

    /** Only the {@code Authorization} header, as a container's {@code getHeaders} answers. */
    private static Function<String, Enumeration<String>> authorizationOnly(String value) {
        return name -> name.equalsIgnoreCase("Authorization")
                ? Collections.enumeration(List.of(value)) : Collections.emptyEnumeration();
    }

    private static int report(CommandContext context, Gatekeeper core, AuthenticationResult result, String header,
            Instant now) {
        String token = header.substring(6).strip();
        TokenPeek peek = TokenPeek.of(token);
        switch (result.kind()) {
            case AUTHENTICATED:
                accepted(context, core, result.principal(), peek, now);
                return ExitCode.OK;
            case UNAVAILABLE:
                refused(context, core, result, token, peek, now, "UNAVAILABLE");
                return ExitCode.UNAVAILABLE;
            case REJECTED:
                boolean forbidden = result.reason().httpStatus() == 403;
                refused(context, core, result, token, peek, now, forbidden ? "FORBIDDEN" : "REJECTED");
                return forbidden ? ExitCode.FORBIDDEN : ExitCode.REJECTED;
            default:
                // Not reachable with a token in the header; said plainly rather than guessed at.
                context.out().println("ANONYMOUS: the filter saw no token");
                return ExitCode.REJECTED;
        }
    }

    private static void accepted(CommandContext context, Gatekeeper core, JwtPrincipal principal,
            TokenPeek peek, Instant now) {
        TrustedIssuer chosen = IssuerBlocks.chosenBy(core.authenticator().settings(), principal.getClaim("iss"));
        JwtGateSettings settings = chosen != null ? chosen.settings() : core.authenticator().settings();
        context.out().println("ACCEPTED: the filter lets this request through to the application");
        context.out().println("  principal  " + SafeText.of(principal.getName()));
        context.out().println("  roles      " + SafeText.list(new TreeSet<>(principal.getRoles())));
        context.out().println("  scopes     " + SafeText.list(new TreeSet<>(principal.getScopes())));
        Instant expiresAt = principal.getExpiresAt();
        context.out().println("  expires    " + (expiresAt == null ? "never (no exp, and requireExp is false)"
                : expiresAt + " (in " + DurationText.describe(Duration.between(now, expiresAt)) + ")"));
        Object iat = principal.getClaim("iat");
        if (settings.maxTokenAge() != null && iat instanceof Number) {
            // The filter stops accepting the token at whichever comes first, this or exp plus leeway.
            Instant tooOld = Instant.ofEpochMilli((long) Math.floor(((Number) iat).doubleValue() * 1000))
                    .plus(settings.maxTokenAge()).plus(settings.leeway());
            context.out().println("  too old    after " + tooOld + " (maxTokenAge " + settings.maxTokenAge().getSeconds()
                    + "s, plus the leeway)");
        }
        context.out().println("  issuer     " + claim(principal.getClaim("iss")));
        if (!core.authenticator().settings().issuers().isEmpty()) {
            TrustedIssuer block = IssuerBlocks.chosenBy(core.authenticator().settings(), principal.getClaim("iss"));
            context.out().println("  block      " + (block == null ? "(none)" : SafeText.of(block.name())));
        }
        context.out().println("  audience   " + claim(principal.getClaim("aud")));
        String kid = peek.headerText("kid");
        context.out().println("  algorithm  " + SafeText.of(peek.headerText("alg"))
                + (kid == null ? "" : ", kid " + SafeText.of(kid)));
    }

    /** Each trusted issuer's key source as the MXBean shows it: the keys in force (and where from), or why none. */
    private static void keySources(CommandContext context, Gatekeeper core) {
        core.authenticator().keySourceHealth().forEach((block, health) -> context.out().println("  keys of "
                + SafeText.of(block) + ": " + SafeText.of(health)));
    }

    private static String claim(Object value) {
        if (value == null) {
            return "(none)";
        }
        return value instanceof List ? SafeText.list((List<?>) value) : SafeText.of(String.valueOf(value));
    }

    private static void refused(CommandContext context, Gatekeeper core, AuthenticationResult result, String token,
            TokenPeek peek, Instant now, String verdict) {
        AuthenticationResult.Reason reason = result.reason();
        ErrorResponse response = core.errorResponse(result);
        context.out().println(verdict + ": " + reason.name());
        context.out().println("  the client gets: HTTP " + response.status() + (response.challenge() == null
                ? ", Retry-After: " + result.retryAfterSeconds()
                : ", WWW-Authenticate: " + response.challenge()));
        for (String line : new RejectionExplainer(core.authenticator(), now).explain(result, token, peek)) {
            context.out().println("  " + line);
        }
    }

    /** Warnings always; with {@code everything}, also the start line with the effective settings and DEBUG lines. */
    private static void printLog(CommandContext context, FilterLog log, boolean everything) {
        for (String line : log.lines()) {
            if (everything || line.startsWith("WARNING") || line.startsWith("ERROR")) {
                context.err().println("filter log: " + SafeText.of(line, 4000));
            }
        }
    }
}
