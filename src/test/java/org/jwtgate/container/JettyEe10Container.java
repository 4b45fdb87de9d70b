package org.jwtgate.container;

import java.net.URL;
import java.nio.file.Path;

import jakarta.security.auth.message.config.AuthConfigFactory;

import org.eclipse.jetty.ee.WebAppClassLoading;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;

/**
 * Jetty 12 with the ee10 environment: Servlet 6.0, {@code jakarta.servlet}; with Jetty's
 * {@code ee10-jaspi} module, as the README tells an operator to enable it for JwtGate's
 * authentication module.
 */
final class JettyEe10Container extends Jetty12Container {

    private JettyEe10Container(Path baseDir) {
        super(baseDir, JettyEe10Container::jaspiModule);
    }

    /** The context XML an operator gives each application that installs JwtGate's module; see the README. */
    private static final String AUTH_MODULE_XML = "jetty-ee10-auth-module.xml";
    /** What web applications see of the server's Jakarta Authentication API once the operator exposes it. */
    private static final String AUTHENTICATION_API = "jakarta.security.auth.message.";

    /**
     * The server side of the README's "On Jetty 12": what {@code --add-modules=ee10-jaspi} configures
     * (its default {@code auth-config-factory}, {@code etc/jaspi/jetty-ee10-jaspi-default.xml}: Jetty's
     * {@code AuthConfigFactory}, JVM-wide), and the Jakarta Authentication API shown to applications,
     * which Jetty's {@code JaspiConfiguration} hides from them (the {@code ee10-webapp} properties
     * {@code jetty.webapp.addHiddenClasses} and {@code jetty.webapp.addProtectedClasses}): without it
     * the installer cannot load, and a copy of the API in {@code WEB-INF/lib} would be a factory the
     * server never asks.
     */
    private static void jaspiModule(Server server) {
        DefaultAuthConfigFactory factory = new DefaultAuthConfigFactory();
        AuthConfigFactory.setFactory(factory);
        server.addBean(factory, false);
        WebAppClassLoading.addHiddenClasses(ServletContextHandler.ENVIRONMENT, "-" + AUTHENTICATION_API);
        WebAppClassLoading.addProtectedClasses(ServletContextHandler.ENVIRONMENT, AUTHENTICATION_API);
    }

    static ServletContainer start(Path baseDir) {
        return new JettyEe10Container(baseDir);
    }

    @Override
    public Webapp deploy(String contextPath, Path directory, ClassLoader parent, boolean failureExpected) {
        return deployWebapp(contextPath, directory, parent, false);
    }

    /**
     * With the operator's context XML for the application ({@value #AUTH_MODULE_XML}): its security
     * handler authenticates by Jakarta Authentication for {@code "server <context path>"}. Jetty's own
     * {@code JaspiAuthenticatorFactory} chooses Jakarta Authentication only for a module registered
     * before the security handler starts, and the installer registers it after, as the application's
     * listeners start.
     */
    @Override
    public Webapp deployWithAuthModule(String contextPath, Path directory, ClassLoader parent,
            boolean failureExpected) {
        return deployWebapp(contextPath, directory, parent, true);
    }

    private Webapp deployWebapp(String contextPath, Path directory, ClassLoader parent, boolean authModule) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setWar(directory.toString());
        // No webdefault.xml (default servlet, JSP): the application's own web.xml is all there is.
        webapp.setDefaultsDescriptor(null);
        webapp.setThrowUnavailableOnStartupException(false);
        webapp.setTempDirectory(tempDirectory(contextPath).toFile());
        webapp.setClassLoader(new WebAppClassLoader(parent, webapp));
        if (authModule) {
            configure(webapp, AUTH_MODULE_XML);
        }
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

    private static void configure(WebAppContext webapp, String xml) {
        URL url = JettyEe10Container.class.getResource(xml);
        try {
            XmlConfiguration configuration = new XmlConfiguration(ResourceFactory.root().newResource(url));
            configuration.getProperties().put("jwtgate.contextPath", webapp.getContextPath());
            configuration.configure(webapp);
        } catch (Exception e) {
            throw new IllegalStateException(xml + " did not configure " + webapp.getContextPath(), e);
        }
    }
}
