package org.jwtgate.container;

/**
 * The Servlet API namespace a cell runs, and the classes a web.xml names in it. Classes are
 * named, never referenced: the other namespace's classes cannot even be loaded in a cell.
 */
enum Namespace {

    JAVAX("javax", "http://xmlns.jcp.org/xml/ns/javaee", "http://xmlns.jcp.org/xml/ns/javaee/web-app_4_0.xsd", "4.0"),
    JAKARTA("jakarta", "https://jakarta.ee/xml/ns/jakartaee", "https://jakarta.ee/xml/ns/jakartaee/web-app_5_0.xsd", "5.0");

    private final String name;
    private final String xmlNamespace;
    private final String schema;
    private final String webAppVersion;

    Namespace(String name, String xmlNamespace, String schema, String webAppVersion) {
        this.name = name;
        this.xmlNamespace = xmlNamespace;
        this.schema = schema;
        this.webAppVersion = webAppVersion;
    }

    /** The public filter an operator's web.xml names. */
    public String filterClass() {
        return "org.jwtgate." + name + ".JwtAuthenticationFilter";
    }

    /** The same filter on the tests' clock; its class file is copied into {@code WEB-INF/classes}. */
    public String clockedFilterClass() {
        return "org.jwtgate." + name + ".ClockedJwtAuthenticationFilter";
    }

    /** The listener that registers the authentication module, as an operator's web.xml names it. */
    public String authModuleInstallerClass() {
        return "org.jwtgate." + name + ".JwtAuthModuleInstaller";
    }

    /** The same listener on the tests' clock; its class file is copied into {@code WEB-INF/classes}. */
    public String clockedAuthModuleInstallerClass() {
        return "org.jwtgate." + name + ".ClockedJwtAuthModuleInstaller";
    }

    /** The application behind the filter, loaded from the test class path. */
    public String dumpServletClass() {
        return "org.jwtgate.container." + name + ".DumpServlet";
    }

    /** The dump servlet for role {@code auditor} only, by {@code @ServletSecurity}. */
    public String auditDumpServletClass() {
        return "org.jwtgate.container." + name + ".AuditDumpServlet";
    }

    /** The dump servlet's asynchronous twin: it answers from {@code AsyncContext.getRequest()}. */
    public String asyncDumpServletClass() {
        return "org.jwtgate.container." + name + ".AsyncDumpServlet";
    }

    public String sessionCounterClass() {
        return "org.jwtgate.container." + name + ".SessionCounter";
    }

    /** The descriptor version written into {@code web.xml}: 4.0 for javax, 5.0 for jakarta. */
    public String webAppVersion() {
        return webAppVersion;
    }

    String xmlNamespace() {
        return xmlNamespace;
    }

    String schema() {
        return schema;
    }
}
