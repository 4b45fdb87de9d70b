package org.jwtgate.internal.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.testing.Keys;

class ReferenceResolverTest {

    private static final String VALUE = "value-that-must-never-be-echoed";

    @TempDir
    Path dir;

    private final ReferenceResolver resolver = new ReferenceResolver(
            Map.of("JWT_SECRET", VALUE, "EMPTY", "")::get,
            Map.of("jwt.secret", VALUE)::get);

    @Test
    void resolveBytes_deviceThatNeverEnds_refusedAfterOneMebibyte() {
        // /dev/zero reports size 0: only a bounded read keeps this from exhausting the heap.
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("secret", "file:/dev/zero"));
        assertTrue(e.getMessage().contains("larger than 1 MiB"), e.getMessage());
    }

    @Test
    void resolveText_envReference_returnsVariable() {
        assertEquals(VALUE, resolver.resolveText("secret", "env:JWT_SECRET"));
    }

    @Test
    void resolveText_syspropReference_returnsProperty() {
        assertEquals(VALUE, resolver.resolveText("secret", "sysprop:jwt.secret"));
    }

    @Test
    void resolveText_emptyEnvironmentVariable_returnsEmpty() {
        // Set-but-empty is not "missing"; InitParameters refuses the empty value itself.
        assertEquals("", resolver.resolveText("issuer", "env:EMPTY"));
    }

    @Test
    void resolveText_literal_returnedUnchanged() {
        assertEquals("https://issuer.example", resolver.resolveText("issuer", "https://issuer.example"));
    }

    @Test
    void resolveText_fileReference_returnsContent() {
        assertEquals("abc", resolver.resolveText("issuer", Keys.fileRef(dir, "plain", "abc")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "abc\\n|abc",
        "abc\\r\\n|abc",
        "abc\\n\\n|abc\\n",
        "abc\\r\\n\\r\\n|abc\\r\\n",
        "abc\\r|abc\\r",
        "'abc \\n'|'abc '",
        "a\\nb\\n|a\\nb",
    })
    void resolveBytes_fileWithTrailingNewline_onlyOneNewlineRemoved(String content, String expected) {
        String reference = Keys.fileRef(dir, "f", unescape(content));
        assertArrayEquals(unescape(expected).getBytes(StandardCharsets.UTF_8), resolver.resolveBytes("secret", reference));
    }

    @Test
    void resolveBytes_binaryFile_returnedByteForByte() throws Exception {
        byte[] content = Keys.secret(64);
        content[0] = 0;
        content[63] = 1; // not a newline, so nothing is stripped
        Path file = Files.write(dir.resolve("bin"), content);
        assertArrayEquals(content, resolver.resolveBytes("secret", "file:" + file));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abc\\n", "abc\\r\\n", "abc"})
    void resolveKeyBytes_file_takenExactlyAsItIs(String content) {
        String reference = Keys.fileRef(dir, "key.der", unescape(content));
        assertArrayEquals(unescape(content).getBytes(StandardCharsets.UTF_8),
                resolver.resolveKeyBytes("publicKeys", reference));
    }

    @Test
    void resolveKeyBytes_environmentVariable_asResolveBytes() {
        assertArrayEquals(resolver.resolveBytes("publicKeys", "env:JWT_SECRET"),
                resolver.resolveKeyBytes("publicKeys", "env:JWT_SECRET"));
    }

    @Test
    void resolveBytes_unsetEnvironmentVariable_namesVariableAndParameter() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("secret", "env:NOT_THERE"));
        assertEquals("secret", e.getParameter());
        assertTrue(e.getMessage().contains("NOT_THERE"), e.getMessage());
        assertTrue(e.getMessage().contains("not set"), e.getMessage());
        assertFalse(e.getMessage().contains(VALUE), e.getMessage());
    }

    @Test
    void resolveBytes_unsetSystemProperty_namesPropertyAndParameter() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("issuer", "sysprop:not.there"));
        assertEquals("issuer", e.getParameter());
        assertTrue(e.getMessage().contains("not.there"), e.getMessage());
        assertFalse(e.getMessage().contains(VALUE), e.getMessage());
    }

    @Test
    void resolveBytes_missingFile_namesPath() {
        String path = dir.resolve("missing-secret").toString();
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("secret", "file:" + path));
        assertEquals("secret", e.getParameter());
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void resolveBytes_directory_refusedNamingPath() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("publicKeys", "file:" + dir));
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void resolveBytes_emptyNames_refused() {
        assertEquals("secret", assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("secret", "env:")).getParameter());
        assertEquals("secret", assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("secret", "sysprop:")).getParameter());
        assertEquals("secret", assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("secret", "file:")).getParameter());
    }

    @Test
    void resolveBytes_fileOverOneMebibyte_refusedWithoutContent() throws Exception {
        byte[] content = new byte[1_048_577];
        Arrays.fill(content, (byte) 'x');
        byte[] marker = VALUE.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, content, 0, marker.length);
        Path file = Files.write(dir.resolve("huge"), content);
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("publicKeys", "file:" + file));
        assertEquals("publicKeys", e.getParameter());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("1 MiB"), e.getMessage());
        assertFalse(e.getMessage().contains(VALUE), e.getMessage());
    }

    @Test
    void resolveBytes_fileOfExactlyOneMebibyte_read() throws Exception {
        byte[] content = new byte[1_048_576];
        Arrays.fill(content, (byte) 'x');
        Path file = Files.write(dir.resolve("big"), content);
        assertEquals(1_048_576, resolver.resolveBytes("publicKeys", "file:" + file).length);
    }

    @Test
    void resolveBytes_notAReference_refused() {
        JwtGateConfigurationException e = assertThrows(JwtGateConfigurationException.class,
                () -> resolver.resolveBytes("secret", VALUE));
        assertEquals("secret", e.getParameter());
        assertFalse(e.getMessage().contains(VALUE), e.getMessage());
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
