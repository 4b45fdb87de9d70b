package org.jwtgate.example;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Runs an example WAR directory on embedded Tomcat on localhost, the way an operator would deploy
 * it, and prints tokens and curl commands to try it. Shared by both examples: the Tomcat embed API
 * is the same in Tomcat 9 (javax) and 10.1 (jakarta). The load test ({@code examples/load}) starts
 * its servers with the same {@link #newTomcat} and {@link #start}.
 *
 * <p>The HMAC secret comes from {@code JWT_SECRET} (base64), which {@code demo.sh} fills with fresh
 * random bytes for each run; the web.xml reads it with {@code env:JWT_SECRET}. Tokens are minted
 * here with the JDK alone, the way any other issuer would mint them.
 */
public final class DemoServer {

    static final String ISSUER = "https://login.example.com";
    static final String AUDIENCE = "orders-app";

    /** Held so the levels survive garbage collection of the loggers. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private DemoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3 || args.length == 3 && !args[2].equals("module")) {
            throw new IllegalArgumentException("usage: DemoServer <exploded-war-dir> <container-name> [module]");
        }
        boolean module = args.length == 3;
        String secret = System.getenv("JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println("JWT_SECRET is not set. Run ./demo.sh from the repository root: it generates a fresh one.");
            System.exit(2);
        }
        byte[] key = Base64.getDecoder().decode(secret.trim());
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        TOMCAT_LOG.setLevel(Level.WARNING);

        Tomcat tomcat = newTomcat(Files.createTempDirectory("jwtgate-demo"), Path.of(args[0]), null, port);
        if (!start(tomcat)) {
            System.err.println("The demo could not start (is port " + port + " in use? Try PORT=9090 ./demo.sh).");
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (Exception e) {
                // stopping anyway
            }
            System.out.println("\nJwtGate demo stopped.");
        }));
        String base = "http://localhost:" + port;
        if (module) {
            printModuleInstructions(args[1], base, key, accessLogFile(tomcat));
        } else {
            printInstructions(args[1], base, key);
        }
        tomcat.getServer().await();
    }

    /**
     * Embedded Tomcat, not started yet, serving the exploded WAR at the root context on the loopback
     * interface only; port 0 takes a free one. {@code descriptor}, when not {@code null}, is read
     * instead of the WAR's {@code WEB-INF/web.xml} (the load test deploys the same WAR with and
     * without the filter that way).
     */
    static Tomcat newTomcat(Path baseDirectory, Path warDirectory, Path descriptor, int port) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDirectory.toString());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", InetAddress.getLoopbackAddress().getHostAddress());
        Context context = tomcat.addWebapp("", warDirectory.toAbsolutePath().toString());
        if (descriptor != null) {
            context.setAltDDName(descriptor.toAbsolutePath().toString());
        }
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        if (context instanceof StandardContext) {
            // These leak checks need --add-opens on modern JDKs and only warn at shutdown.
            StandardContext standard = (StandardContext) context;
            standard.setClearReferencesObjectStreamClassCaches(false);
            standard.setClearReferencesRmiTargets(false);
            standard.setClearReferencesThreadLocals(false);
        }
        return tomcat;
    }

    /**
     * Starts it; {@code false}, with everything stopped again, when the port could not be bound or
     * the application did not start (a filter that cannot be configured stops it, by design).
     */
    static boolean start(Tomcat tomcat) throws LifecycleException {
        tomcat.start();
        Container context = tomcat.getHost().findChild("");
        if (tomcat.getConnector().getState() == LifecycleState.STARTED && context != null
                && context.getState() == LifecycleState.STARTED) {
            return true;
        }
        tomcat.stop();
        tomcat.destroy();
        return false;
    }

    private static void printInstructions(String container, String base, byte[] key) throws GeneralSecurityException {
        printTokens(container, base, key);
        System.out.println("  curl -i " + base + "/api/orders -H \"Authorization: Bearer $TOKEN\"    # 200: Hello, alice.");
        System.out.println("  curl -i " + base + "/api/orders                                    # 401: no token");
        System.out.println("  curl -i " + base + "/api/orders -H \"Authorization: Bearer $EXPIRED\"  # 401: invalid_token, expired");
        System.out.println("  curl -i " + base + "/admin/ -H \"Authorization: Bearer $TOKEN\"        # 403: alice is no admin");
        System.out.println("  curl -i " + base + "/admin/ -H \"Authorization: Bearer $ADMIN\"        # 200: the admin console");
        System.out.println("  curl -i " + base + "/api/health                                    # 200: excluded path, no token needed");
        System.out.println("  curl -i " + base + "/                                              # 200: the public page");
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
    }

    /**
     * The variant that keeps its {@code <security-constraint>}s: the same tokens, and requests that
     * show Tomcat enforcing the constraints with the token's caller, and its access log naming him.
     */
    private static void printModuleInstructions(String container, String base, byte[] key, Path accessLog)
            throws GeneralSecurityException {
        printTokens(container, base, key);
        System.out.println("  curl -i " + base + "/api/orders                                    # 401: no token, Tomcat asks for one");
        System.out.println("  curl -i " + base + "/api/orders -H \"Authorization: Bearer $TOKEN\"    # 200: getRemoteUser alice, admin false");
        System.out.println("  curl -i " + base + "/api/orders -H \"Authorization: Bearer $EXPIRED\"  # 401: invalid_token, expired");
        System.out.println("  curl -i -X POST " + base + "/api/orders -H \"Authorization: Bearer $TOKEN\"  # 403: Tomcat's, writes need admin");
        System.out.println("  curl -i " + base + "/admin/ -H \"Authorization: Bearer $TOKEN\"        # 403: Tomcat's, alice is no admin");
        System.out.println("  curl -i " + base + "/admin/ -H \"Authorization: Bearer $ADMIN\"        # 200: the admin console");
        System.out.println("  curl -i " + base + "/account.jsp -H \"Authorization: Bearer $ADMIN\"   # 200: the JSP: carol, Administrator: yes");
        System.out.println("  curl -i " + base + "/api/health                                    # 200: no constraint needs a caller");
        System.out.println("  curl -i " + base + "/                                              # 200: the public page, anonymous");
        System.out.println();
        if (accessLog != null) {
            System.out.println("The application's access log names each request's user (- for none):");
            System.out.println();
            System.out.println("  tail -f " + accessLog);
            System.out.println();
        }
        System.out.println("Press Ctrl-C to stop.");
    }

    private static void printTokens(String container, String base, byte[] key) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String alice = token(key, "alice", "[\"user\"]", now, now + 3600);
        String admin = token(key, "carol", "[\"user\",\"admin\"]", now, now + 3600);
        String expired = token(key, "alice", "[\"user\"]", now - 7200, now - 3600);
        System.out.println();
        System.out.println("JwtGate demo: the example application runs on " + container + " at " + base + "/");
        System.out.println("A fresh random HS256 secret was generated for this run; it is not shown or saved.");
        System.out.println();
        System.out.println("Tokens (issuer " + ISSUER + ", audience " + AUDIENCE + "), paste these into your shell:");
        System.out.println();
        System.out.println("  TOKEN=" + alice + "    # alice, role user, valid 1 hour");
        System.out.println("  ADMIN=" + admin + "    # carol, roles user and admin");
        System.out.println("  EXPIRED=" + expired + "    # alice, expired an hour ago");
        System.out.println();
        System.out.println("Then try:");
        System.out.println();
    }

    /**
     * The file of the application's own access log (a non-rotating {@code AccessLogValve} from its
     * {@code META-INF/context.xml}), or {@code null} when it has none.
     */
    private static Path accessLogFile(Tomcat tomcat) {
        Container context = tomcat.getHost().findChild("");
        for (Valve valve : context.getPipeline().getValves()) {
            if (valve instanceof AccessLogValve && !((AccessLogValve) valve).isRotatable()) {
                AccessLogValve log = (AccessLogValve) valve;
                Path directory = Path.of(log.getDirectory());
                if (!directory.isAbsolute()) {
                    directory = tomcat.getServer().getCatalinaBase().toPath().resolve(directory);
                }
                return directory.resolve(log.getPrefix() + log.getSuffix());
            }
        }
        return null;
    }

    /** An HS256 token as any issuer would mint one: header and claims as JSON, base64url, HMAC. */
    static String token(byte[] key, String subject, String rolesJson, long issuedAt, long expiresAt)
            throws GeneralSecurityException {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject
                + "\",\"email\":\"" + subject + "@example.com\",\"roles\":" + rolesJson
                + ",\"iat\":" + issuedAt + ",\"exp\":" + expiresAt + "}";
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return signingInput + "." + base64url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
