package org.jwtgate.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

import org.jwtgate.internal.config.ReferenceResolver;

/**
 * What one run of the command line works with: its streams, its environment and its clock, all
 * injected so that tests run commands in-process with a fixed clock and a made-up environment.
 * System properties are the real ones: {@code sysprop:} references read them as the filter does.
 */
final class CommandContext {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Clock clock;

    CommandContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment, Clock clock) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    InputStream in() {
        return in;
    }

    /** Results: the token, the secret, the verdict. */
    PrintStream out() {
        return out;
    }

    /** Errors and warnings. */
    PrintStream err() {
        return err;
    }

    Clock clock() {
        return clock;
    }

    /** Resolves {@code env:}, {@code sysprop:} and {@code file:} exactly as the filter does, over this environment. */
    ReferenceResolver resolver() {
        return new ReferenceResolver(environment::get, System::getProperty);
    }
}
