package org.jwtgate.container;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal web.xml as an operator writes one (version 4.0 for javax, 5.0 for jakarta): the
 * filter with the given init-params on {@code /*}, in front of the dump servlet mapped as the
 * default servlet, on {@code /public/*} and {@code /admin/*} (so both a servlet path alone and a
 * servlet path plus path info reach the filter) and by extension on {@code *.do}, and a listener
 * that counts sessions.
 */
public final class WebXml {

    private WebXml() {
    }

    /** Init-params from name/value pairs, in order. */
    public static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    /** A copy of {@code base} with some params added or replaced. */
    public static Map<String, String> with(Map<String, String> base, String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>(base);
        params.putAll(params(namesAndValues));
        return params;
    }

    /** A copy of {@code base} without the named params. */
    public static Map<String, String> without(Map<String, String> base, String... names) {
        Map<String, String> params = new LinkedHashMap<>(base);
        for (String name : names) {
            params.remove(name);
        }
        return params;
    }

    static String of(Namespace namespace, String filterClass, Map<String, String> initParams) {
        return of(namespace, filterClass, initParams, false, false, null);
    }

    /**
     * With {@code async}: the filter and both servlets are {@code async-supported}, the filter is
     * mapped for REQUEST and ASYNC dispatches (as the README asks of applications that go async),
     * and the asynchronous dump servlet answers on {@code /async/*}. With {@code errorPages}: the
     * filter is mapped for ERROR dispatches too, and the dump servlet is the error page for 500 and 503.
     */
    static String of(Namespace namespace, String filterClass, Map<String, String> initParams, boolean async,
            boolean errorPages, String staticServletClass) {
        String staticServlet = staticServletClass == null ? "" : "  <servlet>\n"
                + "      <servlet-name>static-files</servlet-name>\n"
                + "      <servlet-class>" + staticServletClass + "</servlet-class>\n"
                + "  </servlet>\n"
                + "  <servlet-mapping>\n"
                + "      <servlet-name>static-files</servlet-name>\n"
                + "      <url-pattern>/</url-pattern>\n"
                + "  </servlet-mapping>\n";
        String dispatchers = async || errorPages ? "      <dispatcher>REQUEST</dispatcher>\n"
                + (async ? "      <dispatcher>ASYNC</dispatcher>\n" : "")
                + (errorPages ? "      <dispatcher>ERROR</dispatcher>\n" : "") : "";
        String asyncSupported = async ? "      <async-supported>true</async-supported>\n" : "";
        StringBuilder params = new StringBuilder();
        initParams.forEach((name, value) -> params
                .append("      <init-param>\n")
                .append("        <param-name>").append(escape(name)).append("</param-name>\n")
                .append("        <param-value>").append(escape(value)).append("</param-value>\n")
                .append("      </init-param>\n"));
        return header(namespace)
                + "  <listener>\n"
                + "      <listener-class>" + namespace.sessionCounterClass() + "</listener-class>\n"
                + "  </listener>\n"
                + "  <filter>\n"
                + "      <filter-name>jwtgate</filter-name>\n"
                + "      <filter-class>" + escape(filterClass) + "</filter-class>\n"
                + params
                + asyncSupported
                + "  </filter>\n"
                + "  <filter-mapping>\n"
                + "      <filter-name>jwtgate</filter-name>\n"
                + "      <url-pattern>/*</url-pattern>\n"
                + dispatchers
                + "  </filter-mapping>\n"
                + "  <servlet>\n"
                + "      <servlet-name>dump</servlet-name>\n"
                + "      <servlet-class>" + namespace.dumpServletClass() + "</servlet-class>\n"
                + asyncSupported
                + "  </servlet>\n"
                + (async ? "  <servlet>\n"
                        + "      <servlet-name>async-dump</servlet-name>\n"
                        + "      <servlet-class>" + namespace.asyncDumpServletClass() + "</servlet-class>\n"
                        + asyncSupported
                        + "  </servlet>\n"
                        + "  <servlet-mapping>\n"
                        + "      <servlet-name>async-dump</servlet-name>\n"
                        + "      <url-pattern>/async/*</url-pattern>\n"
                        + "  </servlet-mapping>\n" : "")
                + "  <servlet-mapping>\n"
                + "      <servlet-name>dump</servlet-name>\n"
                + (staticServletClass == null ? "      <url-pattern>/</url-pattern>\n" : "")
                + "      <url-pattern>/public/*</url-pattern>\n"
                + "      <url-pattern>/admin/*</url-pattern>\n"
                + "      <url-pattern>*.do</url-pattern>\n"
                + "  </servlet-mapping>\n"
                + staticServlet
                + (errorPages ? "  <error-page>\n      <error-code>500</error-code>\n      <location>/error-page</location>\n"
                        + "  </error-page>\n  <error-page>\n      <error-code>503</error-code>\n"
                        + "      <location>/error-page</location>\n  </error-page>\n" : "")
                + "</web-app>\n";
    }

    /**
     * A web.xml in the cell's namespace with no filter: the dump servlet at {@code /}, the given
     * security elements ({@code <security-constraint>}s, {@code <security-role>}s,
     * {@code <deny-uncovered-http-methods/>}, written without a namespace of their own) and a BASIC
     * {@code <login-config>} for the container's test realm: the container enforces them alone.
     */
    static String containerSecured(Namespace namespace, String securityElements) {
        return header(namespace)
                + servlet("dump", namespace.dumpServletClass(), "/")
                + securityElements
                + "  <login-config>\n"
                + "      <auth-method>BASIC</auth-method>\n"
                + "      <realm-name>" + ServletContainer.REALM + "</realm-name>\n"
                + "  </login-config>\n"
                + "</web-app>\n";
    }

    /**
     * A web.xml in the cell's namespace for container-managed security by JwtGate's authentication
     * module: the {@code listener} that installs it, {@code contextParams} (names as given, so a
     * test writes {@code jwtgate.algorithms}), the dump servlet at {@code /} and its
     * {@code @ServletSecurity} variant for role {@code auditor} on {@code /audit/*}, and the given
     * security elements ({@code <security-constraint>}s, {@code <security-role>}s), written without
     * a namespace of their own. Not metadata-complete, so that the container reads the annotation.
     * No {@code <login-config>}: a registered module is what the container authenticates with,
     * whatever the login configuration.
     */
    static String authModule(Namespace namespace, String listener, Map<String, String> contextParams,
            String securityElements) {
        StringBuilder params = new StringBuilder();
        contextParams.forEach((name, value) -> params
                .append("  <context-param>\n")
                .append("      <param-name>").append(escape(name)).append("</param-name>\n")
                .append("      <param-value>").append(escape(value)).append("</param-value>\n")
                .append("  </context-param>\n"));
        return header(namespace).replace("metadata-complete=\"true\"", "metadata-complete=\"false\"")
                + params
                + "  <listener>\n"
                + "      <listener-class>" + escape(listener) + "</listener-class>\n"
                + "  </listener>\n"
                + servlet("dump", namespace.dumpServletClass(), "/")
                + servlet("audit", namespace.auditDumpServletClass(), "/audit/*")
                + securityElements
                + "</web-app>\n";
    }

    /** A {@code <servlet>} and its one {@code <servlet-mapping>}. */
    private static String servlet(String name, String className, String urlPattern) {
        return "  <servlet>\n"
                + "      <servlet-name>" + name + "</servlet-name>\n"
                + "      <servlet-class>" + className + "</servlet-class>\n"
                + "  </servlet>\n"
                + "  <servlet-mapping>\n"
                + "      <servlet-name>" + name + "</servlet-name>\n"
                + "      <url-pattern>" + urlPattern + "</url-pattern>\n"
                + "  </servlet-mapping>\n";
    }

    /** The XML declaration and the opening {@code <web-app>} of the namespace's descriptor version. */
    private static String header(Namespace namespace) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"" + namespace.xmlNamespace() + "\"\n"
                + "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "         xsi:schemaLocation=\"" + namespace.xmlNamespace() + " " + namespace.schema() + "\"\n"
                + "         version=\"" + namespace.webAppVersion() + "\" metadata-complete=\"true\">\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
