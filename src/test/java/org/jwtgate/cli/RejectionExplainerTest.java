package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.config.InitParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * Every reason the filter can give gets an explanation, including those {@code verify} cannot reach
 * (no token, two tokens, an internal failure) and any reason added later: none falls through silent.
 */
class RejectionExplainerTest {

    @ParameterizedTest
    @EnumSource(Reason.class)
    void explain_everyReason_saysSomething(Reason reason) {
        String secret = Keys.secretBase64(32);
        ReferenceResolver resolver = new ReferenceResolver(Map.of("S", secret)::get, name -> null);
        Authenticator authenticator = Authenticator.create(InitParameters.parse(Map.of("algorithms", "HS256",
                "secret", "env:S", "secretEncoding", "base64", "requiredRoles", "admin", "requiredScopes", "write"),
                resolver, MutableClock.atFixtureNow()), resolver);
        AuthenticationResult result = reason.httpStatus() == 503 ? AuthenticationResult.unavailable(reason, 30)
                : reason.httpStatus() == 403 ? AuthenticationResult.forbidden(reason,
                        new JwtPrincipal("alice", Map.of(), Set.of("user"), Set.of("read"), null))
                : AuthenticationResult.rejected(reason);
        String token = Tokens.hs256(Keys.secret(32)).sign();

        List<String> lines = new RejectionExplainer(authenticator, Tokens.NOW).explain(result, token, TokenPeek.of(token));

        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().noneMatch(String::isBlank), lines::toString);
        assertTrue(lines.stream().noneMatch(line -> line.contains(secret) || line.contains(token)), lines::toString);
    }
}
