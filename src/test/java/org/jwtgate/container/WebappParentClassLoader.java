package org.jwtgate.container;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every deployed application's class loader, standing in for a container's shared
 * loader: the test class path (the container, the Servlet API, {@link Dump}, {@link TestBridge}),
 * less the libraries the {@code -all} jar carries shaded. The tests themselves need java-jwt and
 * Jackson to sign tokens and read bodies; hiding them here means an application sees only what
 * it ships, so a reference the shading failed to relocate fails instead of finding the test's copy.
 *
 * <p>Thread-safe, as {@link ClassLoader} is.
 */
final class WebappParentClassLoader extends ClassLoader {

    private static final List<String> HIDDEN_PACKAGES = List.of(
            "com.auth0.jwt.", "com.fasterxml.jackson.", "com.github.benmanes.caffeine.");

    static {
        registerAsParallelCapable();
    }

    WebappParentClassLoader(ClassLoader testClassPath) {
        super("jwtgate-webapp-parent", testClassPath);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isHidden(name)) {
            throw new ClassNotFoundException(name + " is not offered to web applications");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return isHidden(asClassName(name)) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isHidden(asClassName(name)) ? Collections.emptyEnumeration() : super.getResources(name);
    }

    private static String asClassName(String resource) {
        return resource.replace('/', '.');
    }

    private static boolean isHidden(String name) {
        return HIDDEN_PACKAGES.stream().anyMatch(name::startsWith);
    }
}
