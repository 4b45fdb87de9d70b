package org.jwtgate.internal.keys;

/** No usable key set right now (the source is down and nothing fresh enough is cached). */
public final class KeysUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public KeysUnavailableException(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
