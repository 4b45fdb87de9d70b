package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The javax and jakarta adapters are twins: each javax source is its jakarta twin with the
 * namespace word changed, and nothing else. Without this, nothing but discipline would keep a fix
 * made in one from being missing in the other (issue 13 changed both filters). The filter's unit
 * tests are twins too, so both filters run the same tests.
 */
class TwinSourcesTest {

    @ParameterizedTest
    @ValueSource(strings = {"src/main/java/org/jwtgate", "src/test/java/org/jwtgate",
        "src/test/java/org/jwtgate/container"})
    void javaxSources_equalTheirJakartaTwinsButForTheNamespace(String parent) throws IOException {
        Path jakarta = Path.of(parent, "jakarta");
        Path javax = Path.of(parent, "javax");
        List<String> jakartaNames = names(jakarta);
        List<String> javaxNames = names(javax);
        assertFalse(jakartaNames.isEmpty(), jakarta + " has no sources: run the tests from the project directory");
        assertEquals(jakartaNames, javaxNames, "the same files in " + jakarta + " and " + javax);
        for (String name : jakartaNames) {
            if (name.equals("package-info.java")) {
                continue; // says which containers each namespace serves
            }
            assertEquals(neutral(jakarta.resolve(name)), neutral(javax.resolve(name)),
                    () -> javax.resolve(name) + " differs from its jakarta twin");
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".java")).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The source with both namespace words replaced, so that "Twin of {@code javax.X}" lines compare equal. */
    private static String neutral(Path source) throws IOException {
        return Files.readString(source).replace("jakarta", "NS").replace("javax", "NS");
    }
}
