package org.jwtgate.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar jwtgate-<version>-all.jar <command>}: the jar's entry point. Picks the command
 * ({@code keygen}, {@code sign}, {@code verify}, {@code rules}, {@code revoke}), parses its options,
 * runs it, and turns what went wrong into a message on standard error and an {@link ExitCode}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv(), Clock.systemUTC()));
    }

    /**
     * One run, with everything the outside world gives injected: tests call this with a made-up
     * environment and a fixed clock.
     *
     * @return the exit code
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment,
            Clock clock) {
        List<Command> commands = List.of(new KeygenCommand(), new SignCommand(), new VerifyCommand(),
                new RulesCommand(), new RevokeCommand());
        if (args.length == 0) {
            err.print(usage(commands));
            return ExitCode.USAGE;
        }
        String first = args[0];
        if (first.equals("--help") || first.equals("-h") || (first.equals("help") && args.length == 1)) {
            out.print(usage(commands));
            return ExitCode.OK;
        }
        if (first.equals("--version")) {
            out.println("JwtGate " + version());
            return ExitCode.OK;
        }
        boolean helpFor = first.equals("help");
        String name = helpFor ? args[1] : first;
        Command command = commands.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (command == null) {
            err.println("jwtgate: unknown command " + SafeText.of(name) + "; expected one of "
                    + commands.stream().map(Command::name).collect(Collectors.joining(", ")) + " (jwtgate --help)");
            return ExitCode.USAGE;
        }
        if (helpFor) {
            out.print(command.help());
            return ExitCode.OK;
        }
        try {
            Arguments arguments = command.options().parse(Arrays.asList(args).subList(1, args.length));
            if (arguments.help()) {
                out.print(command.help());
                return ExitCode.OK;
            }
            return command.run(arguments, new CommandContext(in, out, err, environment, clock));
        } catch (CommandException e) {
            err.println("jwtgate " + command.name() + ": " + e.getMessage());
            if (e.exitCode() == ExitCode.USAGE) {
                err.println("(jwtgate " + command.name() + " --help shows its usage)");
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            // The class only: a message might quote input, and input may be a key.
            err.println("jwtgate " + command.name() + ": unexpected failure (" + e.getClass().getName()
                    + "); this is a bug, please report it");
            return ExitCode.INTERNAL;
        }
    }

    private static String usage(List<Command> commands) {
        StringBuilder usage = new StringBuilder()
                .append("Usage: java -jar jwtgate-")
                .append(Main.class.getPackage().getImplementationVersion() == null ? "<version>" : version())
                .append("-all.jar <command> [options]\n")
                .append("       (below, jwtgate stands for that java -jar line)\n")
                .append("\n")
                .append("JwtGate is a Servlet filter: put the jar in WEB-INF/lib and declare\n")
                .append("org.jwtgate.jakarta.JwtAuthenticationFilter (or org.jwtgate.javax.JwtAuthenticationFilter)\n")
                .append("in web.xml. The jar also carries these commands:\n")
                .append("\n");
        for (Command command : commands) {
            usage.append(String.format("  %-8s %s\n", command.name(), command.summary()));
        }
        return usage.append("\n")
                .append("jwtgate <command> --help (or jwtgate help <command>) shows a command's options.\n")
                .append("jwtgate --version prints the version.\n")
                .toString();
    }

    private static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
