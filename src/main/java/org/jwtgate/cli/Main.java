package org.jwtgate.cli;

import java.io.PrintStream;

/**
 * {@code java -jar jwtgate-<version>-all.jar}: the jar's entry point. This version only says what
 * the jar is; the {@code keygen}, {@code sign} and {@code verify} commands come with the command
 * line itself, and until then every command is refused with exit code 2 rather than ignored.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String version = Main.class.getPackage().getImplementationVersion();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("--version")) {
            out.println("JwtGate " + (version == null ? "(development build)" : version));
            out.println("A Servlet filter: put this jar in WEB-INF/lib and declare");
            out.println("org.jwtgate.jakarta.JwtAuthenticationFilter (or org.jwtgate.javax.JwtAuthenticationFilter)");
            out.println("in web.xml. See README.md.");
            return 0;
        }
        err.println("jwtgate: unknown command '" + args[0].replaceAll("[^\\x20-\\x7e]", "?")
                + "'; this version has no commands (keygen, sign and verify are planned)");
        return 2;
    }
}
