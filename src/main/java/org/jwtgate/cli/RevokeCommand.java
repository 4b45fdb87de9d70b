package org.jwtgate.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.revoke.FileRevocationStore;
import org.jwtgate.internal.revoke.RevocationEntry;
import org.jwtgate.internal.revoke.RevocationStore;
import org.jwtgate.internal.revoke.RevocationStores;

/**
 * {@code revoke --store REF --issuer ISS (--jti ID --expires EPOCH | --subject SUB | --all)}: writes
 * one entry to the revocation store the filters read, the same store and the same entry the MBean's
 * operations write. The store is named exactly as the {@code revocation} init-param names it and
 * checked by the same code, so a value that works here works in {@code web.xml} and the other way
 * round. Stateless.
 */
final class RevokeCommand implements Command {

    private static final List<String> SELECTORS = List.of("--jti", "--subject", "--all");
    /** The entry format's limit: twelve digits of epoch seconds. Milliseconds have thirteen. */
    private static final int MAX_EPOCH_DIGITS = 12;

    @Override
    public String name() {
        return "revoke";
    }

    @Override
    public String summary() {
        return "revoke a token, a subject's tokens or an issuer's tokens on every node";
    }

    @Override
    public String help() {
        return "Usage: jwtgate revoke --store REF [--password REF] --issuer ISS\n"
                + "                      (--jti ID --expires EPOCH | --subject SUB | --all)\n"
                + "\n"
                + "Adds an entry to the revocation list the filters read (the revocation init-param), and drops the\n"
                + "entries that have expired. Every node refuses the tokens it covers (401 invalid_token, \"The access\n"
                + "token has been revoked.\") within its revocationRefreshInterval, cached tokens included.\n"
                + "\n"
                + "  --store REF      the store, exactly as the revocation init-param gives it: file:PATH,\n"
                + "                   redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB] (no user info in the URL)\n"
                + "  --password REF   the Redis password as a reference: env:NAME, sysprop:NAME or file:PATH (a password\n"
                + "                   typed here is refused: it would stay in the shell's history and the process list)\n"
                + "  --issuer ISS     the tokens' iss claim, exactly (a trailing slash matters)\n"
                + "and one of:\n"
                + "  --jti ID --expires EPOCH  one token: its jti claim, and its exp claim in epoch seconds (the entry\n"
                + "                   is dropped once the token has expired)\n"
                + "  --subject SUB    every token of subject SUB (its sub claim) issued up to now\n"
                + "  --all            every token of the issuer issued up to now\n"
                + "\n"
                + "\"Issued up to now\" goes by the iat claim: tokens issued later are accepted, so the user logs in\n"
                + "again (after a key rotation, with the new key). A token without iat under such a cut-off is refused.\n"
                + "A cut-off is kept " + RevocationEntry.CUTOFF_RETENTION_SECONDS / 86400 + " days; keep maxTokenAge at "
                + "most that.\n"
                + "\n"
                + "With a file: store, run it as the application's user: the list is rewritten as a new file, owned by\n"
                + "whoever runs the command, and every node must still be able to read it.\n"
                + "\n"
                + "Exit codes:\n"
                + "  0  stored: every node enforces it within its revocationRefreshInterval\n"
                + "  2  usage error: bad or missing option, a store URL or password the filter would refuse, an\n"
                + "     expired token\n"
                + "  4  the store cannot be reached or written: NOTHING was revoked; fix it and run the command again\n"
                + " 70  a bug in this command (please report it)\n"
                + "\n"
                + "Examples:\n"
                + "  jwtgate revoke --store file:/var/lib/jwtgate/revocations.txt --issuer https://id.example.com/ \\\n"
                + "      --jti 6f1c0d2e --expires 1796623200\n"
                + "  # a laptop with a session was stolen: log the user out everywhere, now\n"
                + "  jwtgate revoke --store redis://redis.internal:6379 --password env:REDIS_PASSWORD \\\n"
                + "      --issuer https://id.example.com/ --subject alice\n"
                + "  # the signing key leaked: first rotate, withdrawing the leaked key from every filter at once (a\n"
                + "  # cut-off does not stop tokens forged after it), then end every session issued before now\n"
                + "  jwtgate revoke --store redis://redis.internal:6379 --password env:REDIS_PASSWORD \\\n"
                + "      --issuer https://id.example.com/ --all\n";
    }

    @Override
    public Arguments.Spec options() {
        return new Arguments.Spec().single("--store", "--password", "--issuer", "--jti", "--expires", "--subject")
                .flag("--all");
    }

    @Override
    public int run(Arguments arguments, CommandContext context) throws CommandException {
        if (!arguments.positionals().isEmpty()) {
            throw CommandException.usage("revoke takes no arguments besides its options");
        }
        String where = arguments.required("--store", "the revocation store, as the revocation init-param names it "
                + "(file:PATH, redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB])").trim();
        String passwordReference = arguments.value("--password").orElse(null);
        checkedByTheFilter(where, passwordReference);
        String issuer = arguments.required("--issuer", "the tokens' iss claim");
        long now = context.clock().millis() / 1000;
        RevocationEntry entry = entry(arguments, issuer, now);
        String password = passwordReference == null ? null : resolve(context, passwordReference);
        try (RevocationStore store = open(where, password, context)) {
            try {
                store.add(entry);
            } catch (IOException e) {
                throw CommandException.unavailable("cannot write to the revocation store " + describe(store, password)
                        + " (" + reason(e, password) + "): NOTHING was revoked; fix the store and run this again");
            }
            context.out().println("revoked: " + what(entry) + ", in " + describe(store, password)
                    + "; every node enforces it within its revocationRefreshInterval");
        }
        return ExitCode.OK;
    }

    /** The filter's own checks of {@code revocation} and {@code revocationPassword}, under this command's option names. */
    private static void checkedByTheFilter(String where, String passwordReference) throws CommandException {
        try {
            JwtGateSettings.builder().revocation(where).revocationPassword(passwordReference);
        } catch (JwtGateConfigurationException e) {
            throw asUsage(e);
        }
        if (passwordReference != null && where.startsWith("file:")) {
            // The builder checks this pairing only in build(), which needs a whole configuration.
            throw CommandException.usage("--password: only with a redis://… or rediss://… store");
        }
    }

    private static RevocationEntry entry(Arguments arguments, String issuer, long now) throws CommandException {
        long selectors = SELECTORS.stream().filter(arguments::has).count();
        if (selectors != 1) {
            throw CommandException.usage((selectors == 0 ? "" : "only ") + "one of --jti (with --expires), --subject "
                    + "or --all says what to revoke");
        }
        if (arguments.has("--jti")) {
            String jti = arguments.value("--jti").get();
            long expires = epochSeconds(arguments.required("--expires", "with --jti: the token's exp claim, in "
                    + "epoch seconds, so that the entry is dropped once the token has expired"));
            RevocationEntry entry = RevocationEntry.token(issuer, jti, expires);
            // A node may still accept a token for its leeway (at most 300 s) after its exp.
            if (entry.dropAt() <= now) {
                throw CommandException.usage("--expires " + expires + " (" + Instant.ofEpochSecond(expires)
                        + ") is more than the longest leeway (" + RevocationEntry.MAX_LEEWAY_SECONDS + " s) before now ("
                        + Instant.ofEpochSecond(now) + "): the token has already expired: nothing to revoke");
            }
            return entry;
        }
        arguments.refuse("goes with --jti only", "--expires");
        if (arguments.has("--subject")) {
            return RevocationEntry.subject(issuer, arguments.value("--subject").get(), now);
        }
        return RevocationEntry.issuer(issuer, now);
    }

    private static long epochSeconds(String text) throws CommandException {
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw CommandException.usage("--expires expects the token's exp claim in epoch seconds, e.g. 1796623200");
        }
        if (text.length() > MAX_EPOCH_DIGITS) {
            throw CommandException.usage("--expires expects epoch seconds (the exp claim), not milliseconds: at most "
                    + MAX_EPOCH_DIGITS + " digits");
        }
        return Long.parseLong(text);
    }

    private static String resolve(CommandContext context, String reference) throws CommandException {
        try {
            return context.resolver().resolveText("--password", reference);
        } catch (JwtGateConfigurationException e) {
            throw CommandException.usage(e.getMessage());
        }
    }

    private static RevocationStore open(String where, String password, CommandContext context) throws CommandException {
        if (where.startsWith("file:")) {
            Path file;
            try {
                file = Paths.get(where.substring("file:".length()));
            } catch (InvalidPathException e) {
                throw CommandException.usage("--store: " + SafeText.of(where) + " is not a valid path");
            }
            return new FileRevocationStore(file, context.clock());
        }
        try {
            return RevocationStores.redis(URI.create(where), password, context.clock());
        } catch (JwtGateConfigurationException e) {
            throw asUsage(e);
        }
    }

    /** The filter's refusal of {@code revocation} or {@code revocationPassword}, naming the option instead. */
    private static CommandException asUsage(JwtGateConfigurationException e) {
        String parameter = e.getParameter();
        String option = parameter.equals("revocation") ? "--store"
                : parameter.equals("revocationPassword") ? "--password" : parameter;
        // The message is the parameter's name, ": ", and what is expected; it never quotes the value.
        return CommandException.usage(option + e.getMessage().substring(parameter.length()));
    }

    private static String what(RevocationEntry entry) {
        String from = " from issuer " + SafeText.of(entry.issuer());
        String at = Instant.ofEpochSecond(entry.instant()) + " (epoch " + entry.instant() + ")";
        switch (entry.kind()) {
            case TOKEN:
                return "the token with jti " + SafeText.of(entry.value()) + from + ", which expires at " + at;
            case SUBJECT:
                return "every token of subject " + SafeText.of(entry.value()) + from + " issued up to " + at;
            default:
                return "every token" + from + " issued up to " + at;
        }
    }

    private static String describe(RevocationStore store, String password) {
        return printable(store.describe(), password);
    }

    /** The failure's kind and message: the message of a {@code NoSuchFileException} alone is a bare path. */
    private static String reason(IOException e, String password) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isEmpty() ? kind : kind + ": " + printable(message, password);
    }

    /**
     * Text from the store made safe to print. A store should never quote its password; should one
     * do it, the password is hidden here (before {@link SafeText}, which could cut it in two).
     */
    private static String printable(String text, String password) {
        return SafeText.of(password == null || password.isEmpty() ? text : text.replace(password, "****"));
    }
}
