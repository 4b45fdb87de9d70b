package org.jwtgate.container;

import java.nio.file.Path;

import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;

/** Jetty 12 with the ee10 environment: Servlet 6.0, {@code jakarta.servlet}. */
final class JettyEe10Container extends Jetty12Container {

    private JettyEe10Container(Path baseDir) {
        super(baseDir);
    }

    static ServletContainer start(Path baseDir) {
        return new JettyEe10Container(baseDir);
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
        webapp.setClassLoader(new WebAppClassLoader(parent, webapp));
        add(webapp);
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
                remove(webapp);
            }
        };
    }
}
