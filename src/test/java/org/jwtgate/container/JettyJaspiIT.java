package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Tokens;

/**
 * JwtGate's authentication module on Jetty 12 (ee10), with Jakarta Authentication enabled as the
 * README's "On Jetty 12" tells an operator (the {@code ee10-jaspi} module, the API shown to
 * applications, the context XML): Jetty finds the module the application registers and takes its
 * caller and roles. But Jetty 12.0.19 runs the module before the servlet channel
 * (jetty/jetty.project#14978) and never finishes an exchange whose response the module wrote, so
 * a refusal leaves its connection dead; it neither tells the module where a caller is required nor
 * takes its auth type (#14165). Why {@link AuthModuleIT} skips this cell and the README says to use
 * the filter on Jetty 12: when the last tests here fail, Jetty has changed, and AuthModuleIT should
 * run here.
 */
class JettyJaspiIT {

    private static final String REALM = "orders";

    @RegisterExtension
    static final CellServer server = new CellServer();

    private static Deployment app;

    @BeforeAll
    static void deploy() {
        if (isJettyEe10()) {
            app = server.deployAuthModule(server.hs256ContextParams("realm", REALM), AuthModuleIT.SECURITY);
        }
    }

    @BeforeEach
    void onJettyEe10Only() {
        assumeTrue(isJettyEe10(), () -> server.cell() + ": Jetty 12's ee10 Jakarta Authentication only; "
                + "AuthModuleIT holds the module's contract");
    }

    private static boolean isJettyEe10() {
        return server.cell().id().equals("jetty12-ee10");
    }

    private static Tokens token() {
        return Tokens.hs256(server.secret());
    }

    @Test
    void tokenWithTheRole_jettyTakesTheModulesCallerAndRoles_withItsOwnAuthType() {
        HttpReply reply = app.bearer("/admin/orders?role=admin&role=auditor",
                token().subject("alice").roles(List.of("admin", "user")).sign());
        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> dump = reply.dump();
        assertEquals("alice", dump.get("principal"));
        assertEquals("org.jwtgate.JwtPrincipal", dump.get("principal.class"));
        assertEquals("alice", dump.get("remoteUser"));
        assertEquals("true", dump.get("role.admin"));
        assertEquals("false", dump.get("role.auditor"));
        assertEquals("JASPI", dump.get("authType"), "Jetty 12.0.19 ignores the module's jakarta.servlet.http.authType");
    }

    @Test
    void tokenWithoutTheRole_jettys403() {
        HttpReply reply = ErrorResponseAssertions.refused(app, () -> app.bearer("/admin/orders",
                token().roles(List.of("user")).sign()));
        assertEquals(403, reply.status(), reply::toString);
    }

    /** Jetty 12.0.19 does not set isMandatory: the module cannot know a caller is needed, and Jetty refuses. */
    @Test
    void protectedResourceWithoutAToken_jettys403_notTheChallenge() {
        HttpReply reply = ErrorResponseAssertions.refused(app, () -> app.get("/admin/orders"));
        assertEquals(403, reply.status(), reply::toString);
        assertEquals(null, reply.header("WWW-Authenticate"), reply::toString);
    }

    /**
     * The module's 401 is sent whole, but Jetty 12.0.19 never completes the exchange: the next
     * request on the connection is never answered (a keep-alive client waits out its timeout).
     */
    @Test
    void badToken_theModules401IsSent_butTheConnectionNeverAnswersAgain() throws IOException {
        String expired = token().roles(List.of("admin")).expiresAt(Tokens.NOW.minusSeconds(3600)).sign();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", app.uri("/").getPort()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(request("/admin/orders", "Authorization: Bearer " + expired));
            HttpReply refused = readReply(in);
            ErrorResponseAssertions.assertRefused(refused, 401, "invalid_token", expired);

            out.write(request("/public/orders"));
            assertThrows(SocketTimeoutException.class, in::read,
                    "Jetty answered on the connection after the module's refusal: run AuthModuleIT on this cell");
        }
    }

    private static byte[] request(String path, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(app.contextPath()).append(path)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One response on a kept-alive connection: the head, then as many bytes as its Content-Length says. */
    private static HttpReply readReply(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "the connection closed inside a response head");
            bytes.write(b);
        }
        HttpReply head = RawHttp.parse(bytes.toByteArray());
        int length = Integer.parseInt(head.header("Content-Length"));
        bytes.write(in.readNBytes(length));
        return RawHttp.parse(bytes.toByteArray());
    }
}
