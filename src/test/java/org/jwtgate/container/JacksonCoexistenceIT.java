package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/**
 * The drop-in promise for the applications that need it most: a legacy application shipping its
 * own old Jackson (2.9) in {@code WEB-INF/lib}, with the {@code -all} jar dropped in next to it
 * and its web.xml naming the public filter class. JwtGate authenticates with the Jackson it
 * carries shaded, and the application still gets its own Jackson, not JwtGate's.
 */
class JacksonCoexistenceIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static Deployment app;

    @BeforeAll
    static void deploy() {
        app = server.deployUnclocked(server.hs256(), oldJackson());
    }

    /** jackson-databind, -core and -annotations 2.9, copied there by the build. */
    private static List<Path> oldJackson() {
        try (Stream<Path> jars = Files.list(CellServer.requiredPath("jwtgate.oldJackson"))) {
            List<Path> list = jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted()
                    .collect(Collectors.toList());
            assertEquals(3, list.size(), list::toString);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tokens tokenValidNow() {
        Instant now = Instant.now();
        return Tokens.hs256(server.secret()).issuedAt(now).expiresAt(now.plusSeconds(600));
    }

    @Test
    void get_validToken_authenticatedByJwtGateWhileApplicationSeesItsOwnJackson29() {
        HttpReply reply = app.bearer("/x", tokenValidNow().claim("count", 42).claim("tags", List.of("a")).sign());
        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> seen = reply.dump();
        assertEquals("alice", seen.get("principal"));
        assertEquals("org.jwtgate.JwtPrincipal", seen.get("principal.class"));
        assertEquals("Long:42", seen.get("claim.count"));
        assertEquals("List:[a]", seen.get("claim.tags"));
        assertTrue(seen.get("jackson.version").startsWith("2.9."), seen::toString);
        assertEquals("jackson-databind-2.9.10.8.jar", seen.get("jackson.source"));
    }

    @Test
    void get_noToken_401() {
        assertNoTokenChallenge(refused(app, () -> app.get("/x")), null);
    }

    @Test
    void get_tokenSignedWithAnotherKey_401() {
        String forged = Tokens.hs256(Keys.secret(32)).sign();
        assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
    }

    /** The other half of the promise: the jar hands the application no Jackson of its own. */
    @Test
    void get_applicationWithoutJackson_seesNoJacksonFromTheAllJar() {
        try (Deployment plain = server.deployUnclocked(server.hs256(), List.of())) {
            HttpReply reply = plain.bearer("/x", tokenValidNow().sign());
            assertEquals(200, reply.status(), reply::toString);
            assertEquals(Dump.NONE, reply.dump().get("jackson.version"));
        }
    }
}
