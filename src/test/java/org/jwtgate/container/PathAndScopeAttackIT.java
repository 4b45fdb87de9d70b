package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Path and scope: what the filter covers cannot be stepped around, and what it vouches for cannot
 * be forged or mixed up. Excluded-path bypass through {@code ..}, {@code ;}, {@code %2e},
 * {@code %2F}, {@code //}, case and trailing slashes; identity headers a client sends
 * ({@code X-Remote-User}, {@code Remote-User}, {@code X-Forwarded-User} and every
 * {@code claimHeaders} name) with and without a token, on protected and excluded paths, and after
 * {@code startAsync()} on another thread; no session created; requests of different users on the
 * same worker threads never mixed.
 *
 * <p>Containers legitimately differ on the status of odd spellings (Tomcat answers 400 to an
 * encoded slash, Jetty to ambiguous segments, others normalise and reach the filter's 401): what
 * must hold everywhere is that the application never answers one anonymously.
 */
class PathAndScopeAttackIT {

    private static final String CLAIM_HEADERS = "X-Remote-User=sub, X-Email=email, X-Groups=groups, "
            + "X-Tenant=tenant.id, X-Uid=uid, X-Auth-Time=auth_time";
    /** Asks the dump for every configured claim header and one that is not. */
    private static final String HEADERS = "?header=X-Remote-User&header=X-Email&header=X-Groups&header=X-Tenant"
            + "&header=X-Uid&header=X-Auth-Time&header=X-Other";
    private static final String IDENTITY = "?header=X-Remote-User&header=Remote-User&header=X-Forwarded-User"
            + "&role=admin";
    private static final String HTTP_DATE = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String[] SPOOFS = {"X-Remote-User: admin", "x-remote-user: root", "Remote-User: admin",
        "X-Forwarded-User: admin", "X-Email: admin@example.com", "X-GROUPS: admins", "X-Tenant: t-1", "X-Uid: 0",
        "X-Auth-Time: " + HTTP_DATE};

    @RegisterExtension
    @Order(1)
    static final CellServer server = new CellServer();
    @RegisterExtension
    @Order(2)
    static final LeakGuard leaks = new LeakGuard();

    static byte[] secret;
    /** mode required, excludePaths, claimHeaders. */
    static Deployment required;
    /** mode optional, the same paths and headers, async-capable (the async dump on /async/*). */
    static Deployment optional;

    @BeforeAll
    static void deploy() {
        secret = server.secret();
        LeakGuard.secret(secret);
        String[] params = {"excludePaths", "/public/*, /health, *.css", "claimHeaders", CLAIM_HEADERS};
        required = server.deploy(WebXml.without(server.hs256(params), "issuer", "audience"));
        optional = server.deployAsync(WebXml.with(WebXml.without(server.hs256(params), "issuer", "audience"),
                "mode", "optional"));
    }

    private static String token(String subject) {
        return Tokens.hs256(secret).subject(subject).claim("email", subject + "@example.com").sign();
    }

    private static Map<String, String> served(HttpReply reply) {
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.body().contains("remoteUser="), () -> "not the dump's answer: " + reply);
        return reply.dump();
    }

    private static void assertHeader(Map<String, String> seen, String name, String value) {
        assertEquals(value, seen.get("header." + name), name);
        assertEquals("[" + value + "]", seen.get("headers." + name), name);
        assertEquals("1", seen.get("headerNames." + name), name);
    }

    private static void assertHidden(Map<String, String> seen, String name) {
        assertEquals(Dump.NONE, seen.get("header." + name), name);
        assertEquals("[]", seen.get("headers." + name), name);
        assertEquals("0", seen.get("headerNames." + name), name);
        assertEquals("-1", seen.get("intHeader." + name), name);
        assertEquals("-1", seen.get("dateHeader." + name), name);
    }

    private static void assertAnonymous(Map<String, String> seen) {
        assertEquals(Dump.NONE, seen.get("principal"));
        assertEquals(Dump.NONE, seen.get("remoteUser"));
        assertEquals(Dump.NONE, seen.get("authType"));
        assertEquals(Dump.NONE, seen.get("attr.principal"));
        assertEquals("false", seen.get("role.admin"));
    }

    private static String[] with(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    // --- excluded paths ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "/public/..;/secret",
        "/public/%2e%2e/secret",
        "/public/%2E%2E/secret",
        "/public/.%2e/secret",
        "/public/%2e%2e%2fsecret",
        "/public%2f..%2fsecret",
        "/public/..%2fsecret",
        "/public/..%5csecret",
        "/public/..%3b/secret",
        "/public/%2e%2e%3b/secret",
        "/public/..\\secret",
        "/public/../secret",
        "/public/./../secret",
        "/public/x/../../secret",
        "/public;x=1/../secret",
        "//secret",
        "///secret",
        "/./secret",
        "/PUBLIC/x",
        "/Public/x",
        "/HEALTH",
        "/health/",
        "/health;/../secret",
        "/secret;.css",
        "/secret;/public/x",
        "/secret%3b.css",
        "/secret/%2e%2e/public/x/../../secret",
        "/public%00/../secret",
        "/public/%00/../../secret",
        "/public/%252e%252e/secret",
        "/public/..%252fsecret",
        "/public/..%c0%afsecret",
        "/public/%c0%ae%c0%ae/secret",
        "/secret.css%00",
        "/secret%2ecss",
        "/secret.CSS",
        "/health%2f",
        "/health/.",
        "/public/..",
        "/public/x/%2e%2e/%2e%2e/secret"})
    void excludedPathBypassAttempt_neverServedAnonymously(String path) {
        int before = required.invocations();
        HttpReply reply = required.raw(path);
        if (reply.status() == 200) {
            // Only an excluded path may be served without a token; the dump says which one it was.
            String servletPath = reply.dump().get("servletPath") + reply.dump().get("pathInfo").replace(Dump.NONE, "");
            assertTrue(servletPath.startsWith("/public") || servletPath.equals("/health") || servletPath.endsWith(".css"),
                    () -> path + " was served anonymously as " + servletPath + ": " + reply);
        } else {
            assertEquals(before, required.invocations(), () -> path + " reached the application: " + reply);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/public/../secret", "/public/%2e%2e/secret", "/public/..;/secret", "/public/..%2fsecret"})
    void absoluteFormRequestTargetBypassAttempt_neverServedAnonymously(String path) {
        // RFC 9112 §3.2.2: a proxy-style request line names the whole URI; servers must accept it.
        java.net.URI target = required.uri(path);
        int before = required.invocations();
        HttpReply reply = RawHttp.exchange(target.getPort(), "GET http://127.0.0.1:" + target.getPort()
                + required.contextPath() + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + target.getPort()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(reply.status() != 200 || reply.dump().get("servletPath").startsWith("/public"),
                () -> path + " was served anonymously: " + reply);
        if (reply.status() != 200) {
            assertEquals(before, required.invocations(), () -> path + " reached the application: " + reply);
        }
    }

    @Test
    void excludedPathWithForgedToken_untouchedAndAnonymous() {
        // An excluded path ignores the token entirely: a forged one gets nothing, not even a 401.
        Map<String, String> seen = served(required.raw("/public/x" + IDENTITY,
                "Authorization: Bearer " + Tokens.hs256(org.jwtgate.testing.Keys.secret(32)).subject("admin").sign()));
        assertAnonymous(seen);
    }

    // --- identity headers sent by the client ---

    @Test
    void spoofedIdentityHeadersWithValidToken_tokenWinsAndSpoofsHidden() {
        Map<String, String> seen = served(required.raw("/x" + HEADERS, with("Authorization: Bearer " + token("alice"),
                SPOOFS)));
        assertEquals("alice", seen.get("remoteUser"));
        assertHeader(seen, "X-Remote-User", "alice");
        assertHeader(seen, "X-Email", "alice@example.com");
        assertHidden(seen, "X-Groups");
        assertHidden(seen, "X-Tenant");
        assertHidden(seen, "X-Uid");
        assertHidden(seen, "X-Auth-Time");
        assertHidden(seen, "X-Other");
    }

    @Test
    void spoofedIdentityHeadersWithoutToken_hiddenAndNoIdentity() {
        Map<String, String> seen = served(optional.raw("/x" + HEADERS + "&role=admin", with("X-Other: kept", SPOOFS)));
        assertAnonymous(seen);
        assertHidden(seen, "X-Remote-User");
        assertHidden(seen, "X-Email");
        assertHidden(seen, "X-Groups");
        assertHidden(seen, "X-Tenant");
        assertHidden(seen, "X-Uid");
        assertHidden(seen, "X-Auth-Time");
        assertHeader(seen, "X-Other", "kept");
    }

    @Test
    void identityHeadersNotConfigured_neverMakeAnIdentity() {
        // Remote-User and X-Forwarded-User are not claimHeaders here: the application may read them
        // as plain headers, but they never become the principal, with or without a token.
        Map<String, String> anonymous = served(optional.raw("/x" + IDENTITY, SPOOFS));
        assertAnonymous(anonymous);
        assertHeader(anonymous, "Remote-User", "admin");
        Map<String, String> alice = served(optional.raw("/x" + IDENTITY, with("Authorization: Bearer " + token("alice"),
                SPOOFS)));
        assertEquals("alice", alice.get("principal"));
        assertEquals("alice", alice.get("remoteUser"));
        assertEquals("false", alice.get("role.admin"));
        assertHeader(alice, "X-Remote-User", "alice");
        assertHeader(alice, "X-Forwarded-User", "admin");
    }

    @Test
    void spoofedHeadersOnRefusedRequest_applicationNeverSeesThem() {
        int before = required.invocations();
        HttpReply reply = required.raw("/x" + HEADERS, SPOOFS);
        assertEquals(401, reply.status(), reply::toString);
        assertEquals(before, required.invocations());
    }

    @Test
    void spoofedHeadersOnExcludedPath_hidden() {
        Map<String, String> seen = served(required.raw("/public/x" + HEADERS + "&role=admin", with("X-Other: kept", SPOOFS)));
        assertAnonymous(seen);
        assertHidden(seen, "X-Remote-User");
        assertHidden(seen, "X-Email");
        assertHidden(seen, "X-Uid");
        assertHidden(seen, "X-Auth-Time");
        assertHeader(seen, "X-Other", "kept");
    }

    @Test
    void spoofedHeadersOnExcludedPathWithToken_hidden() {
        Map<String, String> seen = served(required.raw("/public/x" + HEADERS, "Authorization: Bearer " + token("alice"),
                "X-Remote-User: admin"));
        assertHidden(seen, "X-Remote-User");
    }

    // --- asynchronous processing ---

    @Test
    void startAsyncWithValidTokenAndSpoofedHeader_asyncRequestCarriesTheTokensIdentity() {
        Map<String, String> seen = served(optional.raw("/async/x" + HEADERS, with("Authorization: Bearer " + token("alice"),
                SPOOFS)));
        assertEquals("alice", seen.get("principal"));
        assertEquals("alice", seen.get("remoteUser"));
        assertEquals("Bearer", seen.get("authType"));
        assertEquals("org.jwtgate.JwtPrincipal", seen.get("attr.principal"));
        assertHeader(seen, "X-Remote-User", "alice");
        assertHeader(seen, "X-Email", "alice@example.com");
        assertHidden(seen, "X-Uid");
    }

    @Test
    void startAsyncWithoutTokenAndSpoofedHeader_asyncRequestStillHidesIt() {
        Map<String, String> seen = served(optional.raw("/async/x" + HEADERS + "&role=admin", SPOOFS));
        assertAnonymous(seen);
        assertHidden(seen, "X-Remote-User");
        assertHidden(seen, "X-Email");
    }

    @Test
    void asyncDispatchWithValidTokenAndSpoofedHeader_dispatchedRequestCarriesTheTokensIdentity() {
        HttpReply reply = optional.raw("/async/x" + HEADERS + "&dispatch", with("Authorization: Bearer " + token("alice"),
                SPOOFS));
        Map<String, String> seen = served(reply);
        assertTrue(reply.body().startsWith("async.dispatcherType=ASYNC"), reply::toString);
        assertEquals("alice", seen.get("remoteUser"));
        assertHeader(seen, "X-Remote-User", "alice");
        Map<String, String> anonymous = served(optional.raw("/async/x" + HEADERS + "&dispatch", SPOOFS));
        assertEquals(Dump.NONE, anonymous.get("remoteUser"));
        assertHidden(anonymous, "X-Remote-User");
    }

    // --- sessions ---

    @Test
    void authenticatedAndRefusedRequests_noSessionCreated() {
        HttpReply ok = required.bearer("/x", token("alice"));
        assertEquals(200, ok.status(), ok::toString);
        assertEquals(Dump.NONE, ok.dump().get("session"));
        assertNull(ok.header("Set-Cookie"), ok::toString);
        assertNull(required.get("/x").header("Set-Cookie"));
        assertNull(required.bearer("/x", "a.b.c").header("Set-Cookie"));
        assertNull(optional.raw("/async/x", "Authorization: Bearer " + token("alice")).header("Set-Cookie"));
        assertEquals(0, required.sessionsCreated());
        assertEquals(0, optional.sessionsCreated());
    }

    /** The counter behind the test above counts: a session the application asks for is seen. */
    @Test
    void applicationCreatesSession_control_sessionCountedAndCookieSet() {
        try (Deployment fresh = server.deploy(server.hs256())) {
            HttpReply reply = fresh.bearer("/x?createSession", Tokens.hs256(secret).sign());
            assertEquals(200, reply.status(), reply::toString);
            assertEquals("exists", reply.dump().get("session"));
            assertTrue(reply.header("Set-Cookie").startsWith("JSESSIONID="), reply::toString);
            assertEquals(1, fresh.sessionsCreated());
        }
    }

    // --- users never mixed ---

    @Test
    void alternatingUsersOnReusedWorkers_neverMixed() {
        // One keep-alive connection, so the same few worker threads serve user after user; the
        // harness has no one-thread mode, and the cache answers most of these, the likeliest place
        // for a mix-up.
        String[] users = {"alice", "bob"};
        String[] tokens = {token("alice"), token("bob")};
        for (int i = 0; i < 100; i++) {
            int u = i % 2;
            Map<String, String> seen = served(required.get("/x?header=X-Remote-User&header=X-Email", "Authorization",
                    "Bearer " + tokens[u], "X-Remote-User", users[1 - u]));
            assertEquals(users[u], seen.get("remoteUser"), "request " + i);
            assertEquals(users[u], seen.get("claim.sub").replace("String:", ""), "request " + i);
            assertEquals(users[u], seen.get("header.X-Remote-User"), "request " + i);
            assertEquals(users[u] + "@example.com", seen.get("header.X-Email"), "request " + i);
        }
    }

    @Test
    void manyUsersAtOnce_neverMixed() throws Exception {
        String[] users = {"alice", "bob", "carol", "dave"};
        List<String> tokens = new ArrayList<>();
        for (String user : users) {
            tokens.add(token(user));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit((Callable<String>) () -> {
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        int u = (thread + i) % users.length;
                        HttpReply reply = (i % 3 == 0 ? optional : required).get("/x?header=X-Remote-User",
                                "Authorization", "Bearer " + tokens.get(u), "X-Remote-User", "admin");
                        Map<String, String> seen = reply.dump();
                        if (reply.status() != 200 || !users[u].equals(seen.get("remoteUser"))
                                || !users[u].equals(seen.get("header.X-Remote-User"))) {
                            return "thread " + thread + " request " + i + " sent " + users[u] + ", got " + reply;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (Future<String> result : results) {
                    assertNull(result.get(60, TimeUnit.SECONDS));
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }
}
