package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.jwtgate.testing.MutableClock;

/**
 * Runs the command line in-process, as {@code java -jar} would, with an environment, standard input
 * and a clock the test decides: no real environment variable is read or set, no process started.
 */
final class Cli {

    /** What one run printed and answered. */
    static final class Result {
        final int exit;
        final String out;
        final String err;

        Result(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        /** Everything printed, for leak checks. */
        String all() {
            return out + err;
        }

        /** Asserts the exit code, showing both streams when it is wrong. */
        Result exits(int expected) {
            assertEquals(expected, exit, () -> "stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final Map<String, String> environment = new HashMap<>();
    private final Clock clock;
    private String stdin = "";

    Cli(Clock clock) {
        this.clock = clock;
    }

    static Cli atFixtureNow() {
        return new Cli(MutableClock.atFixtureNow());
    }

    Cli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Cli stdin(String text) {
        stdin = text;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment, clock);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code sign} and returns the token it printed, failing the test on any other outcome. */
    String sign(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "sign";
        System.arraycopy(args, 0, all, 1, args.length);
        Result result = run(all).exits(ExitCode.OK);
        return result.out.strip();
    }
}
