package org.jwtgate.internal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.request.RecordingResponse;
import org.jwtgate.internal.request.RequestView;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * The one decision per request, without a servlet container: excluded paths, the error-dispatch
 * rule, counting, failing closed, and writing refusals. The filters' own tests run the same rules
 * through both servlet namespaces.
 */
class GatekeeperTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private Gatekeeper gatekeeper;

    /** A request as the gatekeeper reads it; each field is what the container would answer. */
    private static final class Request {
        String path = "/api/orders";
        String authorization;
        boolean errorDispatch;
        RuntimeException headersFail;
        Error servletPathFails;
        String extensionPattern;
        boolean tooOldToSayHowMapped;
    }

    private static final RequestView<Request> VIEW = new RequestView<>() {
        @Override
        public Enumeration<String> headers(Request request, String name) {
            if (request.headersFail != null) {
                throw request.headersFail;
            }
            return name.equalsIgnoreCase("Authorization") && request.authorization != null
                    ? Collections.enumeration(List.of(request.authorization)) : Collections.emptyEnumeration();
        }

        @Override
        public String queryString(Request request) {
            return null;
        }

        @Override
        public boolean isErrorDispatch(Request request) {
            return request.errorDispatch;
        }

        @Override
        public String servletPath(Request request) {
            if (request.servletPathFails != null) {
                throw request.servletPathFails;
            }
            return request.path;
        }

        @Override
        public String pathInfo(Request request) {
            return null;
        }

        @Override
        public String requestUri(Request request) {
            return "/app" + request.path;
        }

        @Override
        public String contextPath(Request request) {
            return "/app";
        }

        @Override
        public String method(Request request) {
            return "GET";
        }

        @Override
        public String extensionPattern(Request request) {
            if (request.tooOldToSayHowMapped) {
                throw new NoSuchMethodError("HttpServletRequest.getHttpServletMapping");
            }
            return request.extensionPattern;
        }

        @Override
        public String defaultServletName(Request request) {
            return null;
        }

        @Override
        public String servletClassName(Request request, String servletName) {
            return null;
        }
    };

    @AfterEach
    void close() {
        if (gatekeeper != null) {
            gatekeeper.close();
        }
    }

    private Gatekeeper gatekeeper(String... extra) {
        Map<String, String> params = new HashMap<>(Map.of("algorithms", "HS256", "secret", "env:JWT_SECRET",
                "secretEncoding", "base64", "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        String encoded = Base64.getEncoder().encodeToString(secret);
        gatekeeper = Gatekeeper.fromInitParameters("api", null, params, clock,
                new ReferenceResolver(name -> name.equals("JWT_SECRET") ? encoded : null, name -> null));
        return gatekeeper;
    }

    private Request bearer(String token) {
        Request request = new Request();
        request.authorization = "Bearer " + token;
        return request;
    }

    @Test
    void decide_sameTokenTwice_secondAnswerIsTheCachedTokensPrebuiltDecision() {
        Gatekeeper gate = gatekeeper();
        String token = Tokens.hs256(secret).sign();
        Decision first = gate.decide(bearer(token), VIEW);
        assertTrue(first.isAuthenticated());
        assertSame(first, gate.decide(bearer(token), VIEW));
        assertEquals(2, gate.metricsView().getRequestsAccepted());
    }

    @Test
    void decide_excludedPathWithBadToken_anonymousCountedAsExcludedOnly() {
        Gatekeeper gate = gatekeeper("excludePaths", "/health");
        Request request = bearer("not-a-token");
        request.path = "/health";
        assertSame(Decision.ANONYMOUS, gate.decide(request, VIEW));
        assertEquals(1, gate.metricsView().getRequestsExcluded());
        assertEquals(0, gate.metricsView().getRequestsRejected());
        assertEquals(0, gate.metricsView().getRequestsAnonymous());
    }

    @Test
    void decide_errorDispatchWithBadToken_anonymousAndCountedAnonymous() {
        Gatekeeper gate = gatekeeper();
        Request request = bearer("not-a-token");
        request.errorDispatch = true;
        assertSame(Decision.ANONYMOUS, gate.decide(request, VIEW));
        assertEquals(1, gate.metricsView().getRequestsAnonymous());
    }

    @Test
    void decide_errorDispatchWithValidToken_authenticated() {
        Gatekeeper gate = gatekeeper();
        Request request = bearer(Tokens.hs256(secret).sign());
        request.errorDispatch = true;
        assertEquals("alice", gate.decide(request, VIEW).principal().getName());
    }

    @Test
    void decide_containerThrowsLinkageError_internalErrorRefusalCountedOnce() {
        Gatekeeper gate = gatekeeper("excludePaths", "/health");
        Request request = new Request();
        request.servletPathFails = new AbstractMethodError("getServletPath");
        Decision decision = gate.decide(request, VIEW);
        assertEquals(Reason.INTERNAL_ERROR, decision.result().reason());
        assertEquals(1, gate.metrics().refused(Reason.INTERNAL_ERROR));
        assertEquals(1, gate.metricsView().getRequestsRejected());
    }

    @Test
    void decide_headersThrow_401InternalErrorNotPropagated() {
        Gatekeeper gate = gatekeeper();
        Request request = new Request();
        request.headersFail = new IllegalStateException("container trouble");
        assertEquals(Reason.INTERNAL_ERROR, gate.decide(request, VIEW).result().reason());
    }

    @Test
    void decide_extensionExclusionOnContainerTooOldToSay_pathStaysProtected() {
        Gatekeeper gate = gatekeeper("excludePaths", "*.css");
        Request request = new Request();
        request.path = "/site.css";
        request.tooOldToSayHowMapped = true;
        assertEquals(Reason.NO_TOKEN, gate.decide(request, VIEW).result().reason());
        request.tooOldToSayHowMapped = false;
        request.extensionPattern = "*.css";
        assertSame(Decision.ANONYMOUS, gate.decide(request, VIEW));
    }

    @Test
    void refuse_committedResponseOnEveryRequest_nothingWrittenOneWarnLine() throws Exception {
        Gatekeeper gate = gatekeeper();
        Decision refusal = gate.decide(new Request(), VIEW);
        RecordingResponse response = new RecordingResponse().committed();
        for (int i = 0; i < 3; i++) {
            gate.refuse(response, RecordingResponse.VIEW, refusal);
        }
        assertEquals(List.of(), response.calls());
        assertEquals(1, log.messages(Level.WARNING).stream().filter(line -> line.contains("committed")).count());
    }

    @Test
    void refuse_failClosed_401WithoutRetryAfter() throws Exception {
        Gatekeeper gate = gatekeeper();
        RecordingResponse response = new RecordingResponse();
        gate.refuse(response, RecordingResponse.VIEW, gate.failClosed());
        assertEquals("status 401", response.calls().get(1));
        assertNull(response.calls().stream().filter(call -> call.startsWith("Retry-After")).findFirst().orElse(null));
    }

    @Test
    void fromSettings_withInitParams_refusedNamingTheFirst() {
        JwtGateSettings settings = JwtGateSettings.builder().algorithms(JwtAlgorithm.HS256)
                .secret(KeyReference.of("env:UNUSED")).build();
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> Gatekeeper.fromSettings("api", null, settings, Map.of("leeway", "5")));
        assertTrue(e.getMessage().contains("leeway"), e.getMessage());
    }
}
