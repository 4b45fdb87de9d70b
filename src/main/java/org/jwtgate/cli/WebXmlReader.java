package org.jwtgate.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Reads the JwtGate filters of a {@code web.xml}: each {@code <filter>} whose {@code <filter-class>}
 * is one of the two JwtGate filters, with its {@code <init-param>}s, names and values trimmed as
 * containers trim them. Namespaces are ignored (Java EE, Jakarta EE, or none).
 *
 * <p>The JDK's DOM parser is hardened against XML external entities (XXE): a {@code DOCTYPE} is
 * refused outright, external entities and DTDs are never loaded, XInclude is off and secure
 * processing on. Servlet 3.1 and later descriptors, the only ones JwtGate runs with, need no DOCTYPE.
 * Stateless.
 */
final class WebXmlReader {

    static final List<String> FILTER_CLASSES = List.of(
            "org.jwtgate.jakarta.JwtAuthenticationFilter", "org.jwtgate.javax.JwtAuthenticationFilter");

    private WebXmlReader() {
    }

    /**
     * @param source how to name the file in messages
     * @return filter name to its init-params, in document order
     */
    static Map<String, Map<String, String>> jwtGateFilters(byte[] content, String source) throws CommandException {
        Element root = parse(content, source).getDocumentElement();
        if (!"web-app".equals(root.getLocalName())) {
            throw CommandException.configuration(source + " is not a web.xml: its root element is "
                    + SafeText.of(root.getLocalName()) + ", not web-app");
        }
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
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Element parameter : children(filter, "init-param")) {
                String parameterName = text(parameter, "param-name");
                String value = text(parameter, "param-value");
                if (parameterName == null || value == null) {
                    throw CommandException.configuration(source + ": an init-param of filter " + SafeText.of(name)
                            + " lacks its param-name or param-value");
                }
                if (parameters.put(parameterName, value) != null) {
                    throw CommandException.configuration(source + ": filter " + SafeText.of(name) + " has init-param "
                            + SafeText.of(parameterName) + " twice");
                }
            }
            if (filters.put(name, parameters) != null) {
                throw CommandException.configuration(source + " declares filter " + SafeText.of(name) + " twice");
            }
        }
        return filters;
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

    /** The trimmed text of the first such child, or {@code null} when there is none. */
    private static String text(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}
