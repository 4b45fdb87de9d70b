package org.jwtgate.example;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One server of the load test on Jetty 12 ({@code CONTAINER=jetty examples/load/run.sh}): the same
 * exploded WAR and descriptors as {@link LoadServer} on Tomcat, deployed at the root context of an
 * embedded Jetty 12 with the ee10 environment ({@code jakarta.servlet} 6.0), on a loopback port.
 *
 * <p>The descriptor replaces the WAR's {@code WEB-INF/web.xml}; there is no {@code webdefault.xml}
 * (default servlet, JSP), so the application's own descriptor is all there is. Like {@link
 * LoadServer}, it writes its port to {@code <port-file>} once it serves, and runs until killed.
 */
public final class JettyLoadServer {

    private JettyLoadServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: JettyLoadServer <exploded-war-dir> <web.xml> <base-dir> <port-file>");
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(Path.of(args[0]).toAbsolutePath().toString());
        webapp.setDescriptor(Path.of(args[1]).toAbsolutePath().toString());
        webapp.setDefaultsDescriptor(null);
        Path temp = Files.createDirectories(Path.of(args[2], "work"));
        webapp.setTempDirectory(temp.toFile());
        // A filter that cannot be configured must stop the server, not leave it answering 503s.
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("JettyLoadServer: Jetty or the application did not start: " + e);
            server.stop();
            System.exit(1);
        }
        if (!webapp.isAvailable()) {
            System.err.println("JettyLoadServer: the application is not available; see the log above.");
            server.stop();
            System.exit(1);
        }
        Path portFile = Path.of(args[3]);
        Path partial = Path.of(args[3] + ".partial");
        Files.writeString(partial, Integer.toString(connector.getLocalPort()), StandardCharsets.US_ASCII);
        Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE);
        server.join();
    }
}
