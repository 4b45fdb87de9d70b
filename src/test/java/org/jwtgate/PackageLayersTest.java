package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages are layers: each may use only the ones below it, so there is no cycle and a
 * newcomer can read them bottom up (ARCHITECTURE.md has the same list). Checked on the sources, by
 * imports and fully qualified names, so that a class put in the wrong place fails the build at once
 * rather than in review.
 */
class PackageLayersTest {

    /** Bottom first. */
    static final List<String> LAYERS = List.of(
            "org.jwtgate.internal.syntax",
            "org.jwtgate.internal.logging",
            "org.jwtgate.internal.net",
            "org.jwtgate",
            "org.jwtgate.internal.config",
            "org.jwtgate.internal.jose",
            "org.jwtgate.internal.metrics",
            "org.jwtgate.internal.keys",
            "org.jwtgate.internal.revoke",
            "org.jwtgate.internal.request",
            "org.jwtgate.internal.verify",
            "org.jwtgate.internal.gate",
            "org.jwtgate.jakarta",
            "org.jwtgate.javax",
            "org.jwtgate.cli");

    private static final Path MAIN = Paths.get("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.jwtgate(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

    @Test
    void mainSources_everyPackageAListedLayer() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path source : sources()) {
            packages.add(packageOf(read(source)));
        }
        assertEquals(new TreeSet<>(LAYERS), packages, "a new package needs its place in LAYERS and ARCHITECTURE.md");
    }

    @Test
    void mainSources_useOnlyLowerLayers() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : sources()) {
            String text = read(source);
            String own = packageOf(text);
            int ownLayer = LAYERS.indexOf(own);
            Matcher reference = REFERENCE.matcher(withoutComments(text));
            while (reference.find()) {
                String used = reference.group(1);
                if (!used.equals(own) && LAYERS.indexOf(used) >= ownLayer) {
                    violations.add(MAIN.relativize(source) + " uses " + used);
                }
            }
        }
        assertTrue(violations.isEmpty(), () -> "upward or sideways dependencies:\n"
                + violations.stream().distinct().collect(Collectors.joining("\n")));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    private static String read(Path source) throws IOException {
        return new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
    }

    private static String packageOf(String text) {
        Matcher declaration = Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
        assertTrue(declaration.find());
        return declaration.group(1);
    }

    /** Javadoc may name any class ({@code @link} to a caller is documentation, not a dependency). */
    private static String withoutComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
