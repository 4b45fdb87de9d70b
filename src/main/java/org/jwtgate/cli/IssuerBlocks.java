package org.jwtgate.cli;

import java.util.ArrayList;
import java.util.List;

import org.jwtgate.JwtGateSettings;
import org.jwtgate.TrustedIssuer;
import org.jwtgate.internal.net.RemoteUrls;

/**
 * What {@code jwtgate verify} says about trusted issuers: which block a token's {@code iss} chose,
 * the blocks there are, and an {@code iss} that misses one by a trailing slash only (the most
 * common misconfiguration: Auth0 writes its issuer with one, Keycloak without).
 *
 * <p>Stateless and thread-safe.
 */
final class IssuerBlocks {

    private IssuerBlocks() {
    }

    /** The block whose {@code issuer} holds {@code iss} exactly, or {@code null}. */
    static TrustedIssuer chosenBy(JwtGateSettings settings, Object iss) {
        if (!(iss instanceof String)) {
            return null;
        }
        for (TrustedIssuer block : settings.trustedIssuers()) {
            if (block.settings().issuer().contains(iss)) {
                return block;
            }
        }
        return null;
    }

    /** Each block with its issuer values: {@code corp (https://a), partner (https://b/)}. */
    static String describe(JwtGateSettings settings) {
        List<String> blocks = new ArrayList<>();
        for (TrustedIssuer block : settings.trustedIssuers()) {
            blocks.add(SafeText.of(block.name()) + " " + SafeText.list(block.settings().issuer()));
        }
        return String.join(", ", blocks);
    }

    /** A line naming the configured issuer that {@code iss} differs from only by a trailing slash, or {@code null}. */
    static String nearMiss(JwtGateSettings settings, Object iss) {
        if (!(iss instanceof String)) {
            return null;
        }
        for (TrustedIssuer block : settings.trustedIssuers()) {
            for (String configured : block.settings().issuer()) {
                if (RemoteUrls.differOnlyByTrailingSlash(configured, (String) iss)) {
                    return "iss differs from the configured issuer " + SafeText.of(configured)
                            + (settings.issuers().isEmpty() ? "" : " (block " + SafeText.of(block.name()) + ")")
                            + " only by a trailing slash: issuers are compared exactly, so configure it as the "
                            + "provider writes it in its tokens";
                }
            }
        }
        return null;
    }
}
