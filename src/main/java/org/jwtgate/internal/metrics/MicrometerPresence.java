package org.jwtgate.internal.metrics;

import java.lang.System.Logger.Level;

/**
 * The optional Micrometer binding, guarded: {@link MicrometerBinder}, the one class that refers to
 * Micrometer types, is loaded only when {@code io.micrometer.core.instrument.Metrics} can be
 * loaded from JwtGate's own class loader (the application's, when JwtGate is in
 * {@code WEB-INF/lib}). Without Micrometer, nothing happens; with one that does not fit, a WARN:
 * metrics never stop authentication.
 */
public final class MicrometerPresence {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    static final String PROBE = "io.micrometer.core.instrument.Metrics";
    /** Nothing bound. */
    public static final AutoCloseable UNBOUND = () -> { };

    private MicrometerPresence() {
    }

    /** Binds the view to Micrometer's global registry if Micrometer is there; never throws. */
    public static AutoCloseable bindIfPresent(MetricsView view, String contextPath, String filterName) {
        if (!isPresent(MicrometerPresence.class.getClassLoader())) {
            return UNBOUND;
        }
        try {
            return MicrometerBinder.bindGlobal(view, contextPath, filterName);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "JwtGate filter ''{0}'' is not in Micrometer: binding its meters "
                    + "failed ({1})", filterName, e.getClass().getSimpleName());
            return UNBOUND;
        }
    }

    static boolean isPresent(ClassLoader loader) {
        try {
            Class.forName(PROBE, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Unbinds; never throws. */
    public static void unbind(AutoCloseable binding) {
        try {
            binding.close();
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, "JwtGate could not remove its Micrometer meters: "
                    + e.getClass().getSimpleName());
        }
    }
}
