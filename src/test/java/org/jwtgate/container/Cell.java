package org.jwtgate.container;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One container of the matrix. The build runs the contract suite once per cell, each in its own
 * JVM whose class path holds exactly that cell's container, and names the cell in the system
 * property {@code jwtgate.container}.
 */
enum Cell {

    TOMCAT9("tomcat9", Namespace.JAVAX, "4.0"),
    TOMCAT10("tomcat10", Namespace.JAKARTA, "6.0"),
    TOMCAT11("tomcat11", Namespace.JAKARTA, "6.1"),
    JETTY12_EE8("jetty12-ee8", Namespace.JAVAX, "4.0"),
    JETTY12_EE10("jetty12-ee10", Namespace.JAKARTA, "6.0");

    private final String id;
    private final Namespace namespace;
    private final String servletSpec;

    Cell(String id, Namespace namespace, String servletSpec) {
        this.id = id;
        this.namespace = namespace;
        this.servletSpec = servletSpec;
    }

    /** The cell this JVM was started for. */
    public static Cell current() {
        String id = System.getProperty("jwtgate.container");
        for (Cell cell : values()) {
            if (cell.id.equals(id)) {
                return cell;
            }
        }
        throw new IllegalStateException("system property jwtgate.container is " + id + ", expected one of "
                + Arrays.stream(values()).map(Cell::id).collect(Collectors.joining(", "))
                + ": the contract suite runs under mvn verify, one Failsafe execution per cell");
    }

    public String id() {
        return id;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** The Servlet specification version the container implements, as its ServletContext reports it. */
    public String servletSpec() {
        return servletSpec;
    }

    /**
     * Starts this cell's container. Each branch names its own class, so only the cell's container
     * classes are ever loaded: the others are not on this JVM's class path.
     */
    ServletContainer start(Path baseDir) {
        switch (this) {
            case JETTY12_EE8:
                return JettyEe8Container.start(baseDir);
            case JETTY12_EE10:
                return JettyEe10Container.start(baseDir);
            default:
                return TomcatContainer.start(baseDir);
        }
    }

    /** The container's own servlet for the application's static files, by class name. */
    public String staticContentServletClass() {
        switch (this) {
            case JETTY12_EE8:
                return "org.eclipse.jetty.ee8.servlet.DefaultServlet";
            case JETTY12_EE10:
                return "org.eclipse.jetty.ee10.servlet.DefaultServlet";
            default:
                return "org.apache.catalina.servlets.DefaultServlet";
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
