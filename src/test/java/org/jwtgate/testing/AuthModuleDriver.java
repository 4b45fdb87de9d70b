package org.jwtgate.testing;

import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.verify.Decision;

/**
 * JwtGate's Jakarta Authentication module of one servlet namespace, driven as a container drives
 * it, for tests outside the module's package: built by that namespace's {@code TestAuthModules}.
 *
 * <p>Not thread-safe: one request at a time.
 */
public interface AuthModuleDriver extends AutoCloseable {

    /** "jakarta" or "javax", for messages. */
    String namespace();

    /** The gatekeeper inside the module, for its counters. */
    Gatekeeper gatekeeper();

    /**
     * Sends the exchange's request through the module's {@code validateRequest}, for a resource that
     * needs a caller, and records the status, the callbacks and the response in the exchange.
     */
    void validate(ServletExchange exchange);

    /**
     * Writes what this namespace's filter writes for {@code refusal} when {@code filterGate} decided
     * it ({@code Gatekeeper.refuse} with the filter's response view) into the exchange's response.
     */
    void writeAsTheFilter(Gatekeeper filterGate, Decision refusal, ServletExchange into);

    /** Stops the module's gatekeeper, as the installer does when the application stops. */
    @Override
    void close();
}
