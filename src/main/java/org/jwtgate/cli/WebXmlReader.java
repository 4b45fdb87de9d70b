package org.jwtgate.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads what JwtGate's commands need from a {@code web.xml}: the JwtGate filters (each
 * {@code <filter>} whose {@code <filter-class>} is one of the two JwtGate filters, with its
 * {@code <init-param>}s) and the authentication module's {@code <context-param>}s for
 * {@code verify}, and the declarative security ({@code <security-constraint>},
 * {@code <security-role>}, {@code <deny-uncovered-http-methods>}) for {@code rules}. Names and values
 * are trimmed as containers trim them. Namespaces are ignored (Java EE, Jakarta EE, or none).
 *
 * <p>The JDK's DOM parser is hardened against XML external entities (XXE): a {@code DOCTYPE} is
 * refused outright, external entities and DTDs are never loaded, XInclude is off and secure
 * processing on. Servlet 3.1 and later descriptors, the only ones JwtGate runs with, need no DOCTYPE.
 * Stateless.
 */
final class WebXmlReader {

    static final List<String> FILTER_CLASSES = List.of(
            "org.jwtgate.jakarta.JwtAuthenticationFilter", "org.jwtgate.javax.JwtAuthenticationFilter");
    static final List<String> MODULE_LISTENERS = List.of(
            "org.jwtgate.jakarta.JwtAuthModuleInstaller", "org.jwtgate.javax.JwtAuthModuleInstaller");

    private WebXmlReader() {
    }

    /**
     * @param source how to name the file in messages
     * @return filter name to its init-params, in document order
     */
    static Map<String, Map<String, String>> jwtGateFilters(byte[] content, String source) throws CommandException {
        Element root = webApp(content, source);
        Map<String, Map<String, String>> filters = new LinkedHashMap<>();
        for (Element filter : children(root, "filter")) {
            String filterClass = text(filter, "filter-class");
            if (filterClass == null || !FILTER_CLASSES.contains(filterClass)) {
                continue;
            }
            String name = text(filter, "filter-name");
            if (name == null || name.isEmpty()) {
                throw CommandException.configuration(source + " declares a JwtGate filter without a filter-name");
            }
            Map<String, String> parameters = parameters(filter, "init-param", "filter " + SafeText.of(name), source);
            if (filters.put(name, parameters) != null) {
                throw CommandException.configuration(source + " declares filter " + SafeText.of(name) + " twice");
            }
        }
        return filters;
    }

    /**
     * The application's {@code <context-param>}s, name to value in document order, when a
     * {@code <listener>} installs JwtGate's authentication module; {@code null} when none does.
     *
     * @param source how to name the file in messages
     */
    static Map<String, String> authModuleContextParameters(byte[] content, String source) throws CommandException {
        Element root = webApp(content, source);
        boolean installed = false;
        for (Element listener : children(root, "listener")) {
            installed |= MODULE_LISTENERS.contains(text(listener, "listener-class"));
        }
        if (!installed) {
            return null;
        }
        return parameters(root, "context-param", "the application", source);
    }

    /**
     * The {@code <param-name>}/{@code <param-value>} pairs of {@code parent}'s {@code element}s
     * ({@code init-param}, {@code context-param}), in document order; one without its name or value,
     * or a name given twice, is refused, naming {@code owner}.
     */
    private static Map<String, String> parameters(Element parent, String element, String owner, String source)
            throws CommandException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Element parameter : children(parent, element)) {
            String name = text(parameter, "param-name");
            String value = text(parameter, "param-value");
            if (name == null || value == null) {
                throw CommandException.configuration(source + ": " + element + " of " + owner
                        + " lacks its param-name or param-value");
            }
            if (parameters.put(name, value) != null) {
                throw CommandException.configuration(source + ": " + owner + " has " + element + " "
                        + SafeText.of(name) + " twice");
            }
        }
        return parameters;
    }

    /**
     * The {@code <security-constraint>}s in document order, with the {@code <security-role>}s and
     * {@code <deny-uncovered-http-methods>} that give them their meaning. Only what the schema forbids
     * outright (two {@code <auth-constraint>}s, a collection that both names and omits methods, a
     * collection without a pattern) is refused here; everything else is the translator's to judge.
     *
     * @param source how to name the file in messages
     */
    static SecurityConstraints securityConstraints(byte[] content, String source) throws CommandException {
        Element root = webApp(content, source);
        Set<String> declaredRoles = new LinkedHashSet<>();
        for (Element role : children(root, "security-role")) {
            String name = text(role, "role-name");
            if (name != null && !name.isEmpty()) {
                declaredRoles.add(name);
            }
        }
        List<SecurityConstraints.Constraint> constraints = new ArrayList<>();
        for (Element constraint : children(root, "security-constraint")) {
            String displayName = text(constraint, "display-name");
            String name = displayName == null || displayName.isEmpty()
                    ? "security-constraint #" + (constraints.size() + 1)
                    : "security-constraint '" + SafeText.of(displayName) + "'";
            List<SecurityConstraints.Collection> collections = new ArrayList<>();
            for (Element collection : children(constraint, "web-resource-collection")) {
                List<String> patterns = texts(collection, "url-pattern");
                List<String> methods = texts(collection, "http-method");
                List<String> omissions = texts(collection, "http-method-omission");
                if (patterns.isEmpty()) {
                    throw CommandException.configuration(source + ": " + name
                            + " has a web-resource-collection without a url-pattern");
                }
                if (!methods.isEmpty() && !omissions.isEmpty()) {
                    throw CommandException.configuration(source + ": " + name + " has a web-resource-collection "
                            + "with both http-method and http-method-omission, which the schema does not allow");
                }
                collections.add(new SecurityConstraints.Collection(patterns, methods, omissions));
            }
            List<Element> auth = children(constraint, "auth-constraint");
            if (auth.size() > 1) {
                throw CommandException.configuration(source + ": " + name + " has " + auth.size()
                        + " auth-constraints; the schema allows one");
            }
            List<String> roles = auth.isEmpty() ? null : texts(auth.get(0), "role-name");
            List<Element> userData = children(constraint, "user-data-constraint");
            String guarantee = userData.isEmpty() ? null : text(userData.get(0), "transport-guarantee");
            constraints.add(new SecurityConstraints.Constraint(name, collections, roles, guarantee));
        }
        return new SecurityConstraints(constraints, declaredRoles,
                !children(root, "deny-uncovered-http-methods").isEmpty());
    }

    private static Element webApp(byte[] content, String source) throws CommandException {
        Element root = parse(content, source).getDocumentElement();
        if (!"web-app".equals(root.getLocalName())) {
            throw CommandException.configuration(source + " is not a web.xml: its root element is "
                    + SafeText.of(root.getLocalName()) + ", not web-app");
        }
        return root;
    }

    private static Document parse(byte[] content, String source) throws CommandException {
        DocumentBuilder builder;
        try {
            builder = hardenedFactory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            // Fail closed: a parser that cannot be hardened is not used at all.
            throw CommandException.usage("this JVM's XML parser cannot be configured to refuse external entities; "
                    + "give the settings with --properties instead");
        }
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entities are refused");
        });
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // not an error: the document is still read as written
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            return builder.parse(new InputSource(new ByteArrayInputStream(content)));
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw CommandException.configuration(source + " has a DOCTYPE, which is refused: it can pull in "
                        + "external entities (XXE). Servlet 3.1+ descriptors need none; remove it, or give the "
                        + "settings with --properties");
            }
            throw CommandException.configuration(source + " is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + "): " + SafeText.of(message));
        } catch (SAXException | IOException e) {
            throw CommandException.configuration(source + " cannot be read as XML: " + SafeText.of(e.getMessage()));
        }
    }

    private static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        try {
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (IllegalArgumentException e) {
            throw new ParserConfigurationException("the parser does not restrict external access");
        }
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE && localName.equals(child.getLocalName())) {
                out.add((Element) child);
            }
        }
        return out;
    }

    /** The trimmed texts of every such child, in document order. */
    private static List<String> texts(Element parent, String localName) {
        List<String> out = new ArrayList<>();
        for (Element child : children(parent, localName)) {
            out.add(child.getTextContent().trim());
        }
        return out;
    }

    /** The trimmed text of the first such child, or {@code null} when there is none. */
    private static String text(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}
