package org.jwtgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.internal.config.AuthModuleParameters;

/**
 * The init-params of one filter, as the filter itself would get them: from a {@code web.xml}
 * {@code <filter>}, or from a properties file whose keys are init-param names. Values are raw, with
 * their references unresolved: resolving them is the filter's job.
 *
 * <p>Immutable.
 */
final class FilterConfiguration {

    /** Far larger than any web.xml: a bound, not a limit anyone should meet. */
    private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    private final String filterName;
    private final String description;
    private final Map<String, String> parameters;

    private FilterConfiguration(String filterName, String description, Map<String, String> parameters) {
        this.filterName = filterName;
        this.description = description;
        this.parameters = Map.copyOf(parameters);
    }

    /** The filter's name, as the filter's log names it. */
    String filterName() {
        return filterName;
    }

    /** Which filter of which file, safe to print. */
    String description() {
        return description;
    }

    Map<String, String> parameters() {
        return parameters;
    }

    /**
     * The JwtGate filter named {@code filterName} in this web.xml; when {@code null}, the only one.
     * A web.xml without a JwtGate filter whose listener installs the authentication module gives
     * the module's configuration, read from its {@code jwtgate.*} context-params exactly as the
     * module reads them (its name: {@value AuthModuleParameters#NAME}).
     */
    static FilterConfiguration fromWebXml(String file, String filterName) throws CommandException {
        String source = SafeText.of(file);
        byte[] content = read("--web-xml", file);
        Map<String, Map<String, String>> filters = WebXmlReader.jwtGateFilters(content, source);
        if (filters.isEmpty()) {
            Map<String, String> contextParameters = WebXmlReader.authModuleContextParameters(content, source);
            if (contextParameters != null && (filterName == null || filterName.equals(AuthModuleParameters.NAME))) {
                return authModule(source, contextParameters);
            }
            throw CommandException.usage(source + " declares no JwtGate filter (filter-class "
                    + String.join(" or ", WebXmlReader.FILTER_CLASSES) + ") and no authentication module "
                    + "(listener-class " + String.join(" or ", WebXmlReader.MODULE_LISTENERS) + ")"
                    + (filterName == null ? "" : " named " + SafeText.of(filterName)));
        }
        String name = filterName;
        if (name == null) {
            if (filters.size() > 1) {
                throw CommandException.usage(source + " declares " + filters.size() + " JwtGate filters; choose one "
                        + "with --filter NAME: " + SafeText.list(filters.keySet()));
            }
            name = filters.keySet().iterator().next();
        } else if (!filters.containsKey(name)) {
            throw CommandException.usage(source + " declares no JwtGate filter named " + SafeText.of(name)
                    + "; its JwtGate filters: " + SafeText.list(filters.keySet()));
        }
        return new FilterConfiguration(name, "filter '" + SafeText.of(name) + "' of " + source, filters.get(name));
    }

    private static FilterConfiguration authModule(String source, Map<String, String> contextParameters)
            throws CommandException {
        try {
            return new FilterConfiguration(AuthModuleParameters.NAME,
                    "authentication module (jwtgate.* context-params) of " + source,
                    AuthModuleParameters.toInitParameters(contextParameters));
        } catch (JwtGateConfigurationException e) {
            throw CommandException.configuration(source + ": " + AuthModuleParameters.PREFIX + e.getMessage());
        }
    }

    /** Every property is an init-param, as in a web.xml {@code <filter>}. */
    static FilterConfiguration fromProperties(String file) throws CommandException {
        String source = SafeText.of(file);
        Properties properties = new Properties();
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(read("--properties", file)))
                    .toString();
            properties.load(new StringReader(text));
        } catch (CharacterCodingException e) {
            throw CommandException.configuration(source + " is not UTF-8 text");
        } catch (IOException | IllegalArgumentException e) {
            throw CommandException.configuration(source + " is not a valid properties file (a malformed \\u escape?)");
        }
        // Sorted, so the first unknown name the filter reports is the same on every run.
        Map<String, String> parameters = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            parameters.put(name, properties.getProperty(name));
        }
        String name = Paths.get(file).getFileName().toString();
        return new FilterConfiguration(name, "properties " + source, parameters);
    }

    /** The file's bytes; a file that cannot be read is a usage error, named by the option that gave it. */
    static byte[] read(String option, String file) throws CommandException {
        Path path;
        try {
            path = Paths.get(file);
        } catch (InvalidPathException e) {
            throw CommandException.usage(option + " " + SafeText.of(file) + " is not a valid path");
        }
        if (Files.isDirectory(path)) {
            throw CommandException.usage(option + " " + SafeText.of(file) + " is a directory, not a file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw CommandException.usage(option + " " + SafeText.of(file) + " is larger than 16 MiB");
            }
            return content;
        } catch (IOException e) {
            throw CommandException.usage(option + " " + SafeText.of(file) + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
