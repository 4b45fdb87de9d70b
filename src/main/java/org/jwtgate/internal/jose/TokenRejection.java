package org.jwtgate.internal.jose;

import org.jwtgate.AuthenticationResult.Reason;

/**
 * A token or request is refused for {@link #reason()}. Carries no message and no stack trace:
 * nothing from the token can leak through it, and throwing it costs little under a flood.
 */
public final class TokenRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public TokenRejection(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
