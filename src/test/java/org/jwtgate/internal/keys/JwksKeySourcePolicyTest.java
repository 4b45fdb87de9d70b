package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.internal.keys.JwksFixture.MIN_REFRESH;
import static org.jwtgate.internal.keys.JwksFixture.accepted;
import static org.jwtgate.internal.keys.JwksFixture.fresh;
import static org.jwtgate.internal.keys.JwksFixture.gate;
import static org.jwtgate.internal.keys.JwksFixture.rsaA;
import static org.jwtgate.internal.keys.JwksFixture.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult.Kind;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.internal.verify.Authenticator;
import org.jwtgate.testing.Jwks;

/**
 * The JWK Set's caching and outage policy driven by a scripted transport: no server, no sockets,
 * each fetch's answer written by the test. The HTTP exchange itself is {@code JwksFetcher}'s and
 * is tested over real connections elsewhere ({@code JwksKeySourceHttpTest},
 * {@code JwksKeySourceTransportTest}).
 */
class JwksKeySourcePolicyTest {

    private final JwksFixture f = new JwksFixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** Answers each fetch with the next scripted result, and counts the fetches. */
    private static final class ScriptedTransport implements JwksKeySource.Transport {
        final Deque<Object> answers = new ArrayDeque<>();
        int fetches;

        ScriptedTransport then(String body, long maxAgeSeconds) {
            answers.add(new JwksKeySource.Fetched(body.getBytes(StandardCharsets.UTF_8), maxAgeSeconds));
            return this;
        }

        ScriptedTransport thenFail() {
            answers.add(new IOException("HTTP status 500"));
            return this;
        }

        @Override
        public JwksKeySource.Fetched fetch() throws IOException {
            fetches++;
            Object answer = answers.isEmpty() ? new IOException("no answer scripted") : answers.poll();
            if (answer instanceof IOException) {
                throw (IOException) answer;
            }
            return (JwksKeySource.Fetched) answer;
        }
    }

    @Test
    void keys_firstFetchFailsThenSucceeds_unavailableThenAcceptedAfterTheMinimumInterval() {
        ScriptedTransport transport = new ScriptedTransport().thenFail().then(Jwks.set(Jwks.of("A", rsaA().getPublic())), -1);
        JwtGateSettings settings = f.settings().build();
        Authenticator gate = gate(settings, f.scriptedSource(settings, transport));
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind(), "never fetched: 503, not 401");
        assertEquals(1, transport.fetches, "within the minimum interval, no second attempt");
        f.clock.advance(MIN_REFRESH);
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        assertEquals(2, transport.fetches);
    }

    @Test
    void keys_serverMaxAge_refreshedAheadOfItAndServedStaleThroughAnOutageUntilMaxStale() {
        String set = Jwks.set(Jwks.of("A", rsaA().getPublic()));
        ScriptedTransport transport = new ScriptedTransport().then(set, 120).thenFail().thenFail();
        JwtGateSettings settings = f.settings().jwksMaxStale(Duration.ofSeconds(600)).build();
        Authenticator gate = gate(settings, f.scriptedSource(settings, transport));
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        f.clock.advance(Duration.ofSeconds(95));
        assertTrue(accepted(gate, fresh(rsaA(), "A")));
        assertEquals(1, transport.fetches, "before a fifth of max-age is left, no refresh");
        f.clock.advance(Duration.ofSeconds(1));
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "the refresh fails in the background; the set serves");
        assertEquals(2, transport.fetches, "refreshed ahead of expiry");
        f.clock.advance(Duration.ofSeconds(120 - 96 + 600 - 1));
        assertTrue(accepted(gate, fresh(rsaA(), "A")), "stale, within jwksMaxStale");
        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(Kind.UNAVAILABLE, send(gate, fresh(rsaA(), "A")).kind(), "past jwksMaxStale: 503");
    }
}
