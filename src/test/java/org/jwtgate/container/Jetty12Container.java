package org.jwtgate.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.security.Password;

/**
 * The Jetty 12 core both environments share: one server, one loopback connector, and a
 * {@link ContextHandlerCollection} that web applications join and leave while it runs. The
 * subclasses build the ee8 or ee10 {@code WebAppContext}. Jetty logs through SLF4J, which
 * {@code slf4j-nop} silences on the test class path. Compliance settings are Jetty's defaults:
 * what an operator gets. Jetty's own request log ({@link CustomRequestLog}) is the access log.
 */
abstract class Jetty12Container implements ServletContainer {

    private final Server server;
    private final ServerConnector connector;
    private final ContextHandlerCollection contexts;
    private final Path workDir;
    private final UserStore users = new UserStore();
    private final BlockingQueue<String> accessLog = new LinkedBlockingQueue<>();
    private volatile boolean logging;

    /** Starts the server with the {@code modules} the subclass configures on it first, as an operator's start.ini. */
    Jetty12Container(Path baseDir, Consumer<Server> modules) {
        try {
            workDir = Files.createDirectories(baseDir.resolve("work"));
            server = new Server();
            connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            contexts = new ContextHandlerCollection();
            server.setHandler(contexts);
            // The user store of login-configs naming the test realm: a security handler without a
            // login service of its own takes the server's by realm name (ee8 and ee10 alike).
            HashLoginService realm = new HashLoginService(REALM);
            realm.setUserStore(users);
            server.addBean(realm);
            server.setRequestLog(new CustomRequestLog(line -> {
                if (logging) {
                    accessLog.add(line);
                }
            }, "%U %s %u"));
            modules.accept(server);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    /** Where a web application keeps its temporary files, inside the server's base directory. */
    Path tempDirectory(String contextPath) {
        try {
            return Files.createDirectories(workDir.resolve(contextPath.substring(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a context to the running server and starts it. A web application whose filter fails
     * is still started, but unavailable: the subclasses ask Jetty not to throw on that.
     */
    void add(ContextHandler context) {
        contexts.addHandler(context);
        try {
            if (!context.isStarted()) {
                context.start();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Jetty could not start " + context.getContextPath(), e);
        }
    }

    void remove(ContextHandler context) {
        try {
            context.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty could not stop " + context.getContextPath(), e);
        } finally {
            contexts.removeHandler(context);
        }
    }

    @Override
    public void addUser(String name, String password, Set<String> roles) {
        users.addUser(name, new Password(password), roles.toArray(new String[0]));
    }

    /** Jetty's request log, in Tomcat's access-log format {@code %U %s %u}, from the first call on. */
    @Override
    public BlockingQueue<String> accessLog() {
        logging = true;
        return accessLog;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
