package org.jwtgate.container;

import java.nio.file.Path;

import org.eclipse.jetty.ee8.webapp.WebAppContext;

/**
 * Jetty 12 with the ee8 environment: Servlet 4.0, {@code javax.servlet}. An ee8
 * {@code WebAppContext} is a nested handler, not a core one: it joins the server through its core
 * context handler.
 */
final class JettyEe8Container extends Jetty12Container {

    private JettyEe8Container(Path baseDir) {
        super(baseDir, server -> { });
    }

    static ServletContainer start(Path baseDir) {
        return new JettyEe8Container(baseDir);
    }

    @Override
    public Webapp deploy(String contextPath, Path directory, ClassLoader parent, boolean failureExpected) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setWar(directory.toString());
        // No webdefault.xml (default servlet, JSP): the application's own web.xml is all there is.
        webapp.setDefaultsDescriptor(null);
        webapp.setThrowUnavailableOnStartupException(false);
        webapp.setTempDirectory(tempDirectory(contextPath).toFile());
        // The application's loader is Jetty's own, made while starting, whose parent is then the
        // thread's context class loader. A loader handed in ready-made would be the context class
        // loader while ee8 looks up its configurations, and it hides Jetty: web.xml would be ignored.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(parent);
        try {
            add(webapp.getCoreContextHandler());
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new Webapp() {
            @Override
            public boolean isServing() {
                return webapp.isStarted() && webapp.isAvailable();
            }

            @Override
            public Throwable startFailure() {
                return webapp.getUnavailableException();
            }

            @Override
            public ClassLoader classLoader() {
                return webapp.getClassLoader();
            }

            @Override
            public void undeploy() {
                remove(webapp.getCoreContextHandler());
            }
        };
    }
}
