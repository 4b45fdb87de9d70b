package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtgate.container.ErrorResponseAssertions.assertNoTokenChallenge;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Tokens;

/**
 * The cell is what it claims to be, and JwtGate is a drop-in in it: the container and Servlet
 * version are the cell's, the tests' class path holds no JwtGate class (every application gets
 * JwtGate from the {@code -all} jar in its {@code WEB-INF/lib}), and a web.xml naming the public
 * filter class, as an operator writes it, authenticates on the system clock.
 */
class CellIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static Deployment app;

    @BeforeAll
    static void deploy() {
        app = server.deploy(server.hs256());
    }

    /** A token valid now by the wall clock, for the unclocked filter. */
    private static String tokenValidNow() {
        Instant now = Instant.now();
        return Tokens.hs256(server.secret()).issuedAt(now).expiresAt(now.plusSeconds(600)).sign();
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/jwtgate/JwtPrincipal.class", "org/jwtgate/internal/gate/Gatekeeper.class",
        "org/jwtgate/jakarta/JwtAuthenticationFilter.class", "org/jwtgate/javax/JwtAuthenticationFilter.class",
        "org/jwtgate/shaded/com/fasterxml/jackson/databind/ObjectMapper.class"})
    void testClassPath_jwtGateClass_absent(String resource) {
        assertNull(CellIT.class.getClassLoader().getResource(resource), resource);
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName(resource.replace(".class", "").replace('/', '.')));
    }

    @Test
    void container_servingApplication_isTheCellsContainerAndServletVersion() {
        Map<String, String> seen = app.bearer("/x", Tokens.hs256(server.secret()).sign()).dump();
        String version = System.getProperty("jwtgate.containerVersion");
        assertTrue(seen.get("serverInfo").contains(version), () -> seen.get("serverInfo") + " is not " + version);
        assertEquals(server.cell().servletSpec(), seen.get("servletSpec"));
    }

    @Test
    void principal_clockedDeployment_loadedFromTheAllJarInWebInfLib() {
        Map<String, String> seen = app.bearer("/x", Tokens.hs256(server.secret()).sign()).dump();
        assertEquals("org.jwtgate.JwtPrincipal", seen.get("principal.class"));
        assertEquals(allJarName(), seen.get("principal.source"));
    }

    @Test
    void publicFilterClass_operatorsWebXml_authenticatesOnSystemClock() {
        try (Deployment operators = server.deployUnclocked(server.hs256(), List.of())) {
            HttpReply reply = operators.bearer("/x", tokenValidNow());
            assertEquals(200, reply.status(), reply::toString);
            Map<String, String> seen = reply.dump();
            assertEquals("alice", seen.get("principal"));
            assertEquals("org.jwtgate.JwtPrincipal", seen.get("principal.class"));
            assertEquals(allJarName(), seen.get("principal.source"));
            assertNoTokenChallenge(refused(operators, () -> operators.get("/x")), null);
        }
    }

    private static String allJarName() {
        return CellServer.requiredPath("jwtgate.allJar").getFileName().toString();
    }
}
