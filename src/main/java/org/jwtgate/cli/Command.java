package org.jwtgate.cli;

/**
 * One command of the command line ({@code keygen}, {@code sign}, {@code verify}, {@code rules},
 * {@code revoke}).
 */
interface Command {

    /** The word that selects it. */
    String name();

    /** One line for the top-level help. */
    String summary();

    /** The full help: usage, options, examples. */
    String help();

    /** The options it accepts. */
    Arguments.Spec options();

    /** Runs it; the answer is the process's exit code. */
    int run(Arguments arguments, CommandContext context) throws CommandException;
}
