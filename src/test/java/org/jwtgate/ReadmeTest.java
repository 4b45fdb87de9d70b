package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.jwtgate.internal.config.InitParameters;

/**
 * The README's reference tables are what operators configure and monitor by: they must name
 * exactly what the code has, no more (a documented param that does not exist fails init) and no
 * less.
 */
class ReadmeTest {

    private static final Pattern FIRST_CELL = Pattern.compile("(?m)^\\| `(\\w+)` \\|");

    private static String section(String heading, String nextHeading) throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(heading);
        int end = readme.indexOf(nextHeading, start);
        if (start < 0 || end < 0) {
            throw new AssertionError("README has no section between " + heading + " and " + nextHeading);
        }
        return readme.substring(start, end);
    }

    private static Set<String> firstCells(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = FIRST_CELL.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void configurationTable_listsEveryInitParameter_andNoOther() throws IOException {
        assertEquals(new TreeSet<>(InitParameters.names()),
                firstCells(section("## Configuration", "### JWK Sets")));
    }

    @Test
    void metricsTable_listsEveryMBeanAttribute_andNoOther() throws IOException {
        Set<String> attributes = Arrays.stream(JwtGateMetricsMXBean.class.getMethods())
                .map(Method::getName)
                .filter(name -> name.startsWith("get"))
                .map(name -> name.substring(3))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(attributes, firstCells(section("## Metrics (JMX)", "## Benchmarks")));
    }
}
