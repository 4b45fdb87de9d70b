package org.jwtgate.cli;

/**
 * {@code rules --web-xml FILE}: prints the {@code accessRules} value that gives the same answers as
 * the file's {@code <security-constraint>}s, so that they can be moved out of {@code web.xml}.
 * The value alone goes to standard output, ready to paste; what cannot be expressed and what the
 * operator should know go to standard error, each line marked. Stateless.
 */
final class RulesCommand implements Command {

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public String summary() {
        return "translate a web.xml's <security-constraint>s into an accessRules value";
    }

    @Override
    public String help() {
        return "Usage: jwtgate rules --web-xml FILE [--container tomcat|jetty|servlet]\n"
                + "\n"
                + "Reads the <security-constraint>s of FILE (with its <security-role>s and <deny-uncovered-http-methods>)\n"
                + "and prints the accessRules value that gives the same allow or deny answer, one rule a line, to\n"
                + "paste into the JwtGate filter's accessRules init-param. The constraints' own precedence (Servlet\n"
                + "spec 13.8: the best-matching url-pattern decides, not the first written) becomes first-match order.\n"
                + "\n"
                + "  --web-xml FILE    the application's web.xml (a DOCTYPE is refused)\n"
                + "  --container NAME  whose reading of the constraints to reproduce where the containers differ:\n"
                + "                    tomcat (9 to 11), jetty (12) or servlet (the specification, section 13.8).\n"
                + "                    Without it, the rules ask for the strictest of the three there, and a\n"
                + "                    \"cannot express:\" line says where.\n"
                + "\n"
                + "Standard output carries the rules only. Standard error carries a \"cannot express:\" line for each\n"
                + "thing the rules cannot say (a <transport-guarantee>, a pattern, role or method the grammar cannot\n"
                + "carry, a place where the containers read the constraints differently) and \"note:\" lines, such as\n"
                + "HEAD made to need what GET needs.\n"
                + "\n"
                + "Exit codes:\n"
                + "  0  translated: the rules are equivalent (notes aside)\n"
                + "  1  something could not be expressed: read the \"cannot express:\" lines before using the rules\n"
                + "  2  usage error: bad option, a file that cannot be read\n"
                + "  5  FILE is not a web.xml the container would accept (not XML, a DOCTYPE, a schema violation)\n"
                + " 70  a bug in this command (please report it)\n"
                + "\n"
                + "Examples:\n"
                + "  jwtgate rules --web-xml src/main/webapp/WEB-INF/web.xml\n"
                + "  jwtgate rules --web-xml web.xml --container tomcat\n"
                + "  jwtgate rules --web-xml web.xml > access-rules.txt   # the cannot express: lines stay on the terminal\n";
    }

    @Override
    public Arguments.Spec options() {
        return new Arguments.Spec().single("--web-xml", "--container");
    }

    @Override
    public int run(Arguments arguments, CommandContext context) throws CommandException {
        if (!arguments.positionals().isEmpty()) {
            throw CommandException.usage("rules takes no arguments besides --web-xml FILE");
        }
        String file = arguments.required("--web-xml", "the web.xml whose <security-constraint>s to translate");
        SecurityConstraints constraints = WebXmlReader.securityConstraints(FilterConfiguration.read("--web-xml", file),
                SafeText.of(file));
        ConstraintTranslator.Reading reading = reading(arguments.value("--container").orElse(null));
        ConstraintTranslator.Translation translation = ConstraintTranslator.translate(constraints, reading);
        translation.rules.forEach(context.out()::println);
        translation.problems.forEach(problem -> context.err().println("cannot express: " + problem));
        translation.notes.forEach(note -> context.err().println("note: " + note));
        return translation.problems.isEmpty() ? ExitCode.OK : ExitCode.UNTRANSLATED;
    }

    private static ConstraintTranslator.Reading reading(String container) throws CommandException {
        if (container == null) {
            return ConstraintTranslator.Reading.STRICTEST;
        }
        switch (container) {
            case "servlet":
                return ConstraintTranslator.Reading.SERVLET;
            case "tomcat":
                return ConstraintTranslator.Reading.TOMCAT;
            case "jetty":
                return ConstraintTranslator.Reading.JETTY;
            default:
                throw CommandException.usage("--container is servlet, tomcat or jetty, not " + SafeText.of(container));
        }
    }
}
