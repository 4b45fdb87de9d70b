package org.jwtgate.example;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.catalina.startup.Tomcat;

/**
 * One server of the load test ({@code examples/load/run.sh}): an exploded WAR on embedded Tomcat,
 * its {@code WEB-INF/web.xml} replaced by one of the load test's descriptors, with or without the
 * filter, so both servers run the same application on the same connector settings.
 *
 * <p>It takes a free loopback port and writes its number to {@code <port-file>} once it serves, so
 * the script never races another process for a port. It runs until killed. With
 * {@code JWTGATE_LOAD_REVOKE_RATE} set, it also revokes that many tokens a second through the
 * filter's MBean ({@link Revoker}: the revocation soak, {@code soak-revocation.sh}).
 */
public final class LoadServer {

    /** Held so the level survives garbage collection of the logger. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private LoadServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: LoadServer <exploded-war-dir> <web.xml> <base-dir> <port-file>");
        }
        TOMCAT_LOG.setLevel(Level.WARNING);
        Tomcat tomcat = DemoServer.newTomcat(Path.of(args[2]), Path.of(args[0]), Path.of(args[1]), 0);
        // One connection serves the whole run, as behind a load balancer: Tomcat's default of 100
        // requests per connection would add a TCP connect to every hundredth request.
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        if (!DemoServer.start(tomcat)) {
            System.err.println("LoadServer: Tomcat or the application did not start; see the log above.");
            System.exit(1);
        }
        String rate = System.getenv("JWTGATE_LOAD_REVOKE_RATE");
        if (rate != null) {
            Revoker.start(Integer.parseInt(rate), Path.of(args[2], "revocations.count"));
        }
        Path portFile = Path.of(args[3]);
        Path partial = Path.of(args[3] + ".partial");
        Files.writeString(partial, Integer.toString(tomcat.getConnector().getLocalPort()), StandardCharsets.US_ASCII);
        Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE);
        tomcat.getServer().await();
    }
}
