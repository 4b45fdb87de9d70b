package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * The attack families over the wire against the authentication module: a few representative
 * attacks (alg none, key confusion, expired, another issuer or audience, a malformed token, a
 * path in {@code kid}) sent to a resource the container protects, each answered exactly as the
 * filter answers the same token, byte for byte, and the application never invoked. The full
 * families run through the module in {@code org.jwtgate.security.*ModuleTest}; this is their
 * over-the-wire check, like {@code KeyHeaderAttackIT} for the filter.
 *
 * <p>One configuration for both: HS256 with the fixture secret and RS256 with a public key
 * ({@code rsa-1}), the pair under which key confusion is most tempting.
 *
 * <p>Tomcat cells only, as {@link AuthModuleIT}.
 */
class AuthModuleAttackIT {

    private static final String PATH = "/admin/orders";
    private static final KeyPair RSA = Keys.rsa();

    @RegisterExtension
    @Order(1)
    static final CellServer server = new CellServer();
    @RegisterExtension
    @Order(2)
    static final LeakGuard leaks = new LeakGuard();

    private static Deployment module;
    private static Deployment filter;

    @BeforeAll
    static void deploy() {
        if (!isTomcat()) {
            return;
        }
        LeakGuard.secret(server.secret());
        String pem = Keys.pem(RSA.getPublic());
        LeakGuard.key(pem);
        String[] params = {"algorithms", "HS256, RS256", "publicKeys", "rsa-1=" + server.reference(pem)};
        module = server.deployAuthModule(server.hs256ContextParams(params), AuthModuleIT.SECURITY);
        filter = server.deploy(server.hs256(params));
    }

    /** Per test, so that each is reported skipped, with the reason. */
    @BeforeEach
    void onTomcatOnly() {
        assumeTrue(isTomcat(), () -> server.cell() + ": " + AuthModuleIT.NOT_ON_JETTY.get(server.cell().id()));
    }

    private static boolean isTomcat() {
        return server.cell().id().startsWith("tomcat");
    }

    /** Valid for both apps but for the one thing each attack changes: HS256, role admin. */
    private static Tokens admin() {
        return Tokens.hs256(server.secret()).roles(List.of("admin"));
    }

    static Stream<Named<String>> attacks() {
        String valid = admin().sign();
        String payload = valid.split("\\.")[1];
        String signature = valid.split("\\.")[2];
        String none = Tokens.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        byte[] pem = Keys.pem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII);
        byte[] attackers = Keys.secret(32);
        return Stream.of(
                Named.of("alg none, no signature", none + "." + payload + "."),
                Named.of("alg none, the real signature", none + "." + payload + "." + signature),
                Named.of("key confusion: HS256 keyed with the RSA public key's PEM",
                        Tokens.hs256(pem).keyId("rsa-1").roles(List.of("admin")).sign()),
                Named.of("expired", admin().expiresAt(Tokens.NOW.minusSeconds(3600)).sign()),
                Named.of("another issuer", admin().issuer("https://evil.example").sign()),
                Named.of("another audience", admin().audience("other-service").sign()),
                Named.of("malformed: not a JWS", "not.a.token"),
                Named.of("malformed: two segments", valid.substring(0, valid.lastIndexOf('.'))),
                Named.of("malformed: header not JSON", Tokens.b64("{alg:HS256") + "." + payload + "." + signature),
                Named.of("kid a path, signed with the attacker's key", Tokens.hs256(attackers)
                        .keyId("../../../../dev/null").roles(List.of("admin")).sign()),
                Named.of("kid a path to a system file, signed with the attacker's key", Tokens.hs256(attackers)
                        .keyId("../../../../etc/passwd").roles(List.of("admin")).sign()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void attack_theModuleAnswersAsTheFilterByteForByte(String token) {
        LeakGuard.token(token);
        HttpReply byFilter = ErrorResponseAssertions.refused(filter, () -> filter.bearer(PATH, token));
        HttpReply byModule = ErrorResponseAssertions.refused(module, () -> module.bearer(PATH, token));
        ErrorResponseAssertions.assertRefused(byModule, 401, "invalid_token", token);
        assertSameAnswer(byFilter, byModule);
    }

    @Test
    void control_validTokensOfEitherAlgorithm_authenticatedByBoth() {
        String hs256 = admin().sign();
        String rs256 = Tokens.with("RS256", RSA.getPrivate()).keyId("rsa-1").roles(List.of("admin")).sign();
        for (String token : List.of(hs256, rs256)) {
            LeakGuard.token(token);
            for (Deployment app : List.of(filter, module)) {
                HttpReply reply = app.bearer(PATH, token);
                assertEquals(200, reply.status(), reply::toString);
                assertEquals("alice", reply.dump().get("remoteUser"));
            }
        }
    }

    /** Status, every header JwtGate writes, and the body. */
    private static void assertSameAnswer(HttpReply byFilter, HttpReply byModule) {
        assertEquals(byFilter.status(), byModule.status(), () -> "filter " + byFilter + "\nmodule " + byModule);
        for (String header : List.of("WWW-Authenticate", "Retry-After", "Cache-Control", "Content-Type",
                "Content-Length")) {
            assertEquals(byFilter.headerValues(header), byModule.headerValues(header), header);
        }
        assertEquals(byFilter.body(), byModule.body());
    }
}
