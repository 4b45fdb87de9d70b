package org.jwtgate.jakarta;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal Servlet 6.0 web.xml: the filter with the given init-params on {@code /*}, in front of
 * {@link DumpServlet}, mapped as the default servlet and on {@code /public/*} (so both a servlet
 * path alone and a servlet path plus path info reach the filter).
 */
final class WebXml {

    private WebXml() {
    }

    /** Init-params from name/value pairs, in order. */
    static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    /** A copy of {@code base} with some params added or replaced. */
    static Map<String, String> with(Map<String, String> base, String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>(base);
        params.putAll(params(namesAndValues));
        return params;
    }

    static String of(String filterClass, Map<String, String> initParams) {
        StringBuilder params = new StringBuilder();
        initParams.forEach((name, value) -> params
                .append("      <init-param>\n")
                .append("        <param-name>").append(escape(name)).append("</param-name>\n")
                .append("        <param-value>").append(escape(value)).append("</param-value>\n")
                .append("      </init-param>\n"));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\"\n"
                + "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "         xsi:schemaLocation=\"https://jakarta.ee/xml/ns/jakartaee "
                + "https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd\"\n"
                + "         version=\"6.0\" metadata-complete=\"true\">\n"
                + "  <filter>\n"
                + "      <filter-name>jwtgate</filter-name>\n"
                + "      <filter-class>" + escape(filterClass) + "</filter-class>\n"
                + params
                + "  </filter>\n"
                + "  <filter-mapping>\n"
                + "      <filter-name>jwtgate</filter-name>\n"
                + "      <url-pattern>/*</url-pattern>\n"
                + "  </filter-mapping>\n"
                + "  <servlet>\n"
                + "      <servlet-name>dump</servlet-name>\n"
                + "      <servlet-class>" + DumpServlet.class.getName() + "</servlet-class>\n"
                + "  </servlet>\n"
                + "  <servlet-mapping>\n"
                + "      <servlet-name>dump</servlet-name>\n"
                + "      <url-pattern>/</url-pattern>\n"
                + "      <url-pattern>/public/*</url-pattern>\n"
                + "  </servlet-mapping>\n"
                + "</web-app>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
