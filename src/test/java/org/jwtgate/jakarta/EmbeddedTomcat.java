package org.jwtgate.jakarta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * A real Tomcat 10.1 on a loopback port picked by the OS. Each {@link #deploy} adds a web
 * application directory whose {@code WEB-INF/web.xml} the test wrote, parsed by Tomcat itself,
 * so init-params reach the filter exactly as they do in production. No default web.xml (no JSP),
 * no jar scanning: a context starts in milliseconds, so tests deploy one per configuration.
 */
final class EmbeddedTomcat implements AutoCloseable {

    /** Held so the levels set here are not lost when the loggers are collected. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    private static final Logger JWTGATE_LOG = Logger.getLogger("org.jwtgate");

    private final Tomcat tomcat;
    private final Path apps;
    /** JVM-wide, so a context path names one deployment: counters and failures are kept by path. */
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private EmbeddedTomcat(Tomcat tomcat, Path apps) {
        this.tomcat = tomcat;
        this.apps = apps;
    }

    /** Starts a server with no application, its files under {@code baseDir}. */
    static EmbeddedTomcat start(Path baseDir) {
        // Startup chatter and the filter's start-up INFO line would drown the test output.
        TOMCAT_LOG.setLevel(Level.WARNING);
        JWTGATE_LOG.setLevel(Level.SEVERE);
        try {
            Path apps = Files.createDirectories(baseDir.resolve("apps"));
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
            tomcat.start();
            return new EmbeddedTomcat(tomcat, apps);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** Deploys the clock-controlled filter with these init-params, and fails unless it serves. */
    Deployment deploy(Map<String, String> initParams) {
        Deployment deployment = tryDeploy(initParams);
        if (!deployment.isServing()) {
            deployment.close();
            throw new IllegalStateException("the application did not start", deployment.initFailure());
        }
        return deployment;
    }

    /** Deploys the clock-controlled filter with these init-params; the context may have failed to start. */
    Deployment tryDeploy(Map<String, String> initParams) {
        String contextPath = "/c" + CONTEXTS.incrementAndGet();
        Path docBase = apps.resolve(contextPath.substring(1));
        try {
            Files.createDirectories(docBase.resolve("WEB-INF"));
            Files.writeString(docBase.resolve("WEB-INF/web.xml"), WebXml.of(ClockedJwtAuthenticationFilter.class.getName(), initParams));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandardContext context = new StandardContext();
        context.setName(contextPath);
        context.setPath(contextPath);
        context.setDocBase(docBase.toString());
        context.setParentClassLoader(EmbeddedTomcat.class.getClassLoader());
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(org.apache.catalina.startup.Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        scanner.setScanBootstrapClassPath(false);
        context.setJarScanner(scanner);
        // The leak checks on undeploy need --add-opens and only warn; nothing here leaks by design.
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        context.setRenewThreadsWhenStoppingContext(false);
        // Adding a child to a started host starts it; a filter that fails init leaves it FAILED.
        tomcat.getHost().addChild(context);
        return new Deployment(this, context);
    }

    void undeploy(StandardContext context) {
        tomcat.getHost().removeChild(context);
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
