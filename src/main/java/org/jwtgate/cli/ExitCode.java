package org.jwtgate.cli;

/**
 * The command line's exit codes, one meaning each so scripts can branch on them. {@code verify}
 * maps the filter's three kinds of refusal to three codes, never folding an outage or a 403 into
 * "bad token".
 */
final class ExitCode {

    /** Done; for {@code verify}, the token is accepted. */
    static final int OK = 0;
    /** {@code verify}: the filter would refuse the token with 401 or 400. */
    static final int REJECTED = 1;
    /** {@code keygen}: the files could not be written. Shares 1 with {@link #REJECTED}: both are "did not succeed". */
    static final int FAILED = 1;
    /** {@code rules}: some constraint could not be expressed as {@code accessRules}. "Did not succeed", as 1 says. */
    static final int UNTRANSLATED = 1;
    /** Unknown command or option, a missing or bad value, a file that cannot be read or already exists. */
    static final int USAGE = 2;
    /** {@code verify}: the token is valid but lacks a required role or scope (403). */
    static final int FORBIDDEN = 3;
    /**
     * {@code verify}: the keys cannot be obtained right now (503). {@code revoke}: the store cannot
     * be reached or written, and nothing was revoked.
     */
    static final int UNAVAILABLE = 4;
    /** The filter would refuse this configuration at start, or ({@code sign}) this key or secret. */
    static final int CONFIGURATION = 5;
    /** A bug: an unexpected failure in the command line itself (sysexits' EX_SOFTWARE). */
    static final int INTERNAL = 70;

    private ExitCode() {
    }
}
