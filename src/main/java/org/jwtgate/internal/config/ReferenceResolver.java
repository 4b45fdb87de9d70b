package org.jwtgate.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.KeyReference;

/**
 * Resolves {@code env:NAME}, {@code sysprop:NAME} and {@code file:PATH} references. Errors name the
 * parameter and the reference (a variable name or path), never the value found there.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReferenceResolver {

    private static final int MAX_FILE_BYTES = 1_048_576;

    private final UnaryOperator<String> environment;
    private final UnaryOperator<String> systemProperties;

    public ReferenceResolver(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        this.environment = Objects.requireNonNull(environment);
        this.systemProperties = Objects.requireNonNull(systemProperties);
    }

    /** Reads the real environment and system properties. */
    public static ReferenceResolver system() {
        return new ReferenceResolver(System::getenv, System::getProperty);
    }

    /** A literal comes back as it is; a reference is replaced by what it points at. */
    public String resolveText(String parameter, String value) {
        return KeyReference.isReference(value) ? new String(resolveBytes(parameter, value), StandardCharsets.UTF_8) : value;
    }

    /**
     * The bytes a reference points at; for {@code file:} the file's content with one trailing
     * newline ({@code \n} or {@code \r\n}) removed.
     */
    public byte[] resolveBytes(String parameter, String reference) {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = name.isEmpty() ? null : environment.apply(name);
            if (value == null) {
                throw new JwtGateConfigurationException(parameter, "environment variable " + name + " is not set");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        if (reference.startsWith("sysprop:")) {
            String name = reference.substring(8);
            String value = name.isEmpty() ? null : systemProperties.apply(name);
            if (value == null) {
                throw new JwtGateConfigurationException(parameter, "system property " + name + " is not set");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        if (reference.startsWith("file:")) {
            return stripTrailingNewline(readFile(parameter, reference.substring(5)));
        }
        throw new JwtGateConfigurationException(parameter, "expected env:NAME, sysprop:NAME or file:PATH");
    }

    /**
     * The bytes a key reference points at: as {@link #resolveBytes}, except that a file's content is
     * taken exactly as it is. A DER key or certificate is binary, and its last byte is 0x0A (a
     * newline) for one key in 256: removing it would refuse a good key. PEM ignores the newline.
     */
    public byte[] resolveKeyBytes(String parameter, String reference) {
        return reference.startsWith("file:") ? readFile(parameter, reference.substring(5))
                : resolveBytes(parameter, reference);
    }

    private static byte[] readFile(String parameter, String location) {
        if (location.isEmpty()) {
            throw new JwtGateConfigurationException(parameter, "file: needs a path");
        }
        Path path;
        try {
            path = Paths.get(location);
        } catch (RuntimeException e) {
            throw new JwtGateConfigurationException(parameter, "file path " + location + " is not a valid path");
        }
        // Read through a bound rather than trusting the size: devices and pipes report 0.
        try (InputStream in = Files.newInputStream(path)) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new JwtGateConfigurationException(parameter, "file " + location + " is larger than 1 MiB");
            }
            return content;
        } catch (IOException e) {
            throw new JwtGateConfigurationException(parameter, "file " + location + " cannot be read");
        }
    }

    /** The bytes without one trailing newline ({@code \n} or {@code \r\n}), as a text file's content is read. */
    public static byte[] stripTrailingNewline(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        return end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end);
    }
}
