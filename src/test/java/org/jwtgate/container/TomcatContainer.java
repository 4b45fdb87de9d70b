package org.jwtgate.container;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 9.0, 10.1 or 11.0: the code is compiled against 10.1 and uses only what the
 * three share (Tomcat 9's API differs from 10's in the servlet namespace, which nothing here
 * touches). No default web.xml (no JSP), no class path or manifest scanning: a context starts in
 * milliseconds, so tests deploy one per configuration.
 */
final class TomcatContainer implements ServletContainer {

    /** Held so the levels set here are not lost when the loggers are collected. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    /** Where Tomcat reports a context that failed to start, at SEVERE with a stack trace. */
    private static final Logger CONTEXT_LOG = Logger.getLogger("org.apache.catalina.core");
    /**
     * Where Tomcat 11 reports its own connector threads, started while a request ran in an
     * application, as that application's leaked threads on undeploy. JwtGate's own threads (the JWK
     * Set fetch) have ended when its filter's destroy() returns: RedeployLeakIT checks that.
     */
    private static final Logger LEAK_LOG = Logger.getLogger("org.apache.catalina.loader.WebappClassLoaderBase");

    private final Tomcat tomcat;
    private final MemoryAccessLog accessLog;

    private TomcatContainer(Tomcat tomcat, MemoryAccessLog accessLog) {
        this.tomcat = tomcat;
        this.accessLog = accessLog;
    }

    static ServletContainer start(Path baseDir) {
        // Startup chatter would drown the test output.
        TOMCAT_LOG.setLevel(Level.WARNING);
        LEAK_LOG.setLevel(Level.SEVERE);
        try {
            Files.createDirectories(baseDir.resolve("webapps"));
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setAddDefaultWebXmlToWebapp(false);
            tomcat.setSilent(true);
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            tomcat.getHost().setAutoDeploy(false);
            // On the host from the start, switched off: Tomcat looks for its access logs once, at the first request.
            MemoryAccessLog accessLog = new MemoryAccessLog();
            accessLog.setPattern("%U %s %u");
            accessLog.setEnabled(false);
            tomcat.getHost().getPipeline().addValve(accessLog);
            tomcat.start();
            return new TomcatContainer(tomcat, accessLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public Webapp deploy(String contextPath, Path directory, ClassLoader parent, boolean failureExpected) {
        StandardContext context = new StandardContext();
        context.setName(contextPath);
        context.setPath(contextPath);
        context.setDocBase(directory.toString());
        context.setParentClassLoader(parent);
        Path contextXml = directory.resolve("META-INF/context.xml");
        if (Files.isRegularFile(contextXml)) {
            // The application's own valves (an access log), as a Tomcat host reads them when it deploys a WAR.
            try {
                context.setConfigFile(contextXml.toUri().toURL());
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(org.apache.catalina.startup.Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        scanner.setScanBootstrapClassPath(false);
        context.setJarScanner(scanner);
        // The leak checks on undeploy need --add-opens and only warn; nothing here leaks by design.
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        context.setRenewThreadsWhenStoppingContext(false);
        disableObjectStreamClassCacheClearing(context);
        Level contextLevel = CONTEXT_LOG.getLevel();
        if (failureExpected) {
            CONTEXT_LOG.setLevel(Level.OFF);
        }
        try {
            // Adding a child to a started host starts it; a filter that fails init leaves it FAILED.
            tomcat.getHost().addChild(context);
        } finally {
            CONTEXT_LOG.setLevel(contextLevel);
        }
        return new Webapp() {
            @Override
            public boolean isServing() {
                return context.getState() == LifecycleState.STARTED;
            }

            @Override
            public Throwable startFailure() {
                return null;
            }

            @Override
            public ClassLoader classLoader() {
                return context.getLoader().getClassLoader();
            }

            @Override
            public void undeploy() {
                tomcat.getHost().removeChild(context);
            }
        };
    }

    /** Tomcat 9 and 10.1 have this switch; 11 dropped it together with the check. */
    private static void disableObjectStreamClassCacheClearing(StandardContext context) {
        try {
            Method setter = StandardContext.class.getMethod("setClearReferencesObjectStreamClassCaches", boolean.class);
            setter.invoke(context, false);
        } catch (NoSuchMethodException e) {
            // Tomcat 11: nothing to switch off.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tomcat's embedded default realm, on the engine: it keeps the users {@code Tomcat.addUser} and
     * {@code addRole} give it, and answers whatever realm name a {@code <login-config>} uses.
     */
    @Override
    public void addUser(String name, String password, Set<String> roles) {
        tomcat.addUser(name, password);
        roles.forEach(role -> tomcat.addRole(name, role));
    }

    /** Tomcat's own access logging ({@link AbstractAccessLogValve}) on the host, from the first call on. */
    @Override
    public BlockingQueue<String> accessLog() {
        accessLog.setEnabled(true);
        return accessLog.lines;
    }

    /** The access log valve writing to a queue instead of a file. */
    private static final class MemoryAccessLog extends AbstractAccessLogValve {

        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        protected void log(CharArrayWriter message) {
            lines.add(message.toString());
        }
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }
}
