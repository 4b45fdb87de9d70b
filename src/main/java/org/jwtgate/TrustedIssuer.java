package org.jwtgate;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jwtgate.internal.logging.LogSafeUri;

/**
 * One trusted issuer and everything a token from it is checked with: its exact {@code iss}
 * values, its own keys (never shared with another block, never inherited), and its claim rules,
 * which default to the filter-wide ones. The token's {@code iss} chooses the block before any key
 * is used (RFC 8725 §3.8, RFC 9068 §4: the key must belong to the token's issuer).
 *
 * <p>In web.xml: {@code issuers=corp, partner}, then {@code corp.issuer}, {@code corp.jwksUri}
 * (or {@code corp.discovery}, {@code corp.publicKeys}, {@code corp.secret}), {@code corp.audience},
 * and so on. In code: {@code JwtGateSettings.builder().issuers(TrustedIssuer.named("corp")...)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedIssuer {

    /** The name of the one block that settings without {@code issuers} form. */
    public static final String IMPLICIT = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final JwtGateSettings settings;

    TrustedIssuer(String name, JwtGateSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    /** Starts a block; {@code name} is letters, digits, {@code -} and {@code _}. */
    public static Builder named(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new JwtGateConfigurationException("issuers",
                    "expected block names of letters, digits, - and _ (at most 64), comma-separated");
        }
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The block's effective settings: its own values, and the filter-wide ones where it has none. */
    public JwtGateSettings settings() {
        return settings;
    }

    /** The block as the start-up line shows it: its issuer and key sources, never a secret. */
    @Override
    public String toString() {
        return name + "{issuer=" + settings.issuer()
                + (settings.secret().isEmpty() ? "" : ", secret=" + settings.secret())
                + (settings.publicKeys().isEmpty() ? "" : ", publicKeys=" + settings.publicKeys())
                + (settings.jwksUri() == null ? "" : ", jwksUri=" + LogSafeUri.of(settings.jwksUri()))
                + (settings.discovery() ? ", discovery=true" : "")
                + (settings.discoveryUri() == null ? "" : ", discoveryUri=" + LogSafeUri.of(settings.discoveryUri()))
                + ", algorithms=" + settings.algorithms()
                + ", audience=" + (settings.audience().isEmpty() ? "(not checked)" : settings.audience()) + "}";
    }

    /**
     * A block's own settings, named as the {@code NAME.*} init-params. Each value is checked at once
     * (the message names {@code NAME.param}); how they fit together with the filter-wide settings is
     * checked when {@link JwtGateSettings.Builder#build()} runs. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final List<Consumer<JwtGateSettings.Builder>> steps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        /** Records a setting after trying it on a scratch builder, so a bad value is refused now. */
        private Builder with(Consumer<JwtGateSettings.Builder> step) {
            named(() -> step.accept(JwtGateSettings.builder()));
            steps.add(step);
            return this;
        }

        /** Applies the block's settings over the shared ones and builds them, naming params {@code NAME.param}. */
        JwtGateSettings applyTo(JwtGateSettings.Builder shared) {
            JwtGateSettings[] built = new JwtGateSettings[1];
            named(() -> {
                steps.forEach(step -> step.accept(shared));
                built[0] = shared.build();
            });
            return built[0];
        }

        private void named(Runnable action) {
            try {
                action.run();
            } catch (JwtGateConfigurationException e) {
                throw e.inBlock(name);
            }
        }

        public Builder issuer(String... values) {
            return issuer(List.of(values));
        }

        public Builder issuer(Collection<String> values) {
            List<String> copy = new ArrayList<>(Objects.requireNonNull(values, "values"));
            return with(b -> b.issuer(copy));
        }

        public Builder secret(KeyReference... references) {
            KeyReference[] copy = references.clone();
            return with(b -> b.secret(copy));
        }

        public Builder secretEncoding(JwtGateSettings.SecretEncoding value) {
            return with(b -> b.secretEncoding(value));
        }

        public Builder publicKeys(KeyReference... references) {
            KeyReference[] copy = references.clone();
            return with(b -> b.publicKeys(copy));
        }

        public Builder jwksUri(URI value) {
            return with(b -> b.jwksUri(value));
        }

        public Builder discovery(boolean value) {
            return with(b -> b.discovery(value));
        }

        public Builder discoveryUri(URI value) {
            return with(b -> b.discoveryUri(value));
        }

        public Builder algorithms(JwtAlgorithm... values) {
            return algorithms(List.of(values));
        }

        public Builder algorithms(Collection<JwtAlgorithm> values) {
            List<JwtAlgorithm> copy = new ArrayList<>(Objects.requireNonNull(values, "algorithms"));
            return with(b -> b.algorithms(copy));
        }

        public Builder audience(String... values) {
            return audience(List.of(values));
        }

        public Builder audience(Collection<String> values) {
            List<String> copy = new ArrayList<>(Objects.requireNonNull(values, "values"));
            return with(b -> b.audience(copy));
        }

        public Builder principalClaim(String value) {
            return with(b -> b.principalClaim(value));
        }

        public Builder rolesClaim(String... values) {
            return rolesClaim(List.of(values));
        }

        public Builder rolesClaim(Collection<String> values) {
            List<String> copy = new ArrayList<>(Objects.requireNonNull(values, "values"));
            return with(b -> b.rolesClaim(copy));
        }

        public Builder requiredClaims(Collection<String> values) {
            List<String> copy = new ArrayList<>(Objects.requireNonNull(values, "values"));
            return with(b -> b.requiredClaims(copy));
        }

        public Builder requiredClaimValues(Map<String, ? extends Collection<String>> values) {
            Map<String, ? extends Collection<String>> copy = new LinkedHashMap<>(Objects.requireNonNull(values,
                    "requiredClaimValues"));
            return with(b -> b.requiredClaimValues(copy));
        }

        public Builder tokenTypes(Collection<String> values) {
            List<String> copy = new ArrayList<>(Objects.requireNonNull(values, "values"));
            return with(b -> b.tokenTypes(copy));
        }

        public Builder maxTokenAge(Duration value) {
            return with(b -> b.maxTokenAge(value));
        }
    }
}
