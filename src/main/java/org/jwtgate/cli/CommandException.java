package org.jwtgate.cli;

/**
 * A command cannot go on: the message is printed as it is (it is already safe to show: no secret,
 * no key, no token, user input stripped of control characters) and the process exits with
 * {@link #exitCode()}.
 */
final class CommandException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CommandException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A bad command line, or a file named on it that cannot be read or written. */
    static CommandException usage(String message) {
        return new CommandException(ExitCode.USAGE, message);
    }

    /** The filter would refuse this configuration, key or secret. */
    static CommandException configuration(String message) {
        return new CommandException(ExitCode.CONFIGURATION, message);
    }

    /** The work itself failed (an I/O error while writing). */
    static CommandException failed(String message) {
        return new CommandException(ExitCode.FAILED, message);
    }

    /** What the command needs cannot be reached right now ({@code revoke}: the store); nothing was done. */
    static CommandException unavailable(String message) {
        return new CommandException(ExitCode.UNAVAILABLE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
