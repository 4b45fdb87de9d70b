package org.jwtgate.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.jwtgate.JwtGateSettings;

/**
 * One vocabulary: every init-param is a builder method and a getter of the same name, and the
 * builder and the settings have no setting that web.xml cannot reach. The only exception is
 * {@code clock}, which code injects and web.xml never names.
 */
class InitParameterVocabularyTest {

    private static final Set<String> CODE_ONLY = Set.of("clock");
    /** Getters with no init-param of their own: the blocks in effect, implicit or declared. */
    private static final Set<String> DERIVED = Set.of("trustedIssuers");

    private static Set<String> publicInstanceMethods(Class<?> type, Set<String> except) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !m.isSynthetic())
                .map(Method::getName)
                .filter(name -> !except.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void builderMethods_areTheInitParameterNames_butClockAndBuild() {
        Set<String> except = new TreeSet<>(CODE_ONLY);
        except.add("build");
        assertEquals(new TreeSet<>(InitParameters.names()), publicInstanceMethods(JwtGateSettings.Builder.class, except));
    }

    @Test
    void settingsGetters_areTheInitParameterNames_butClock() {
        Set<String> except = new TreeSet<>(CODE_ONLY);
        except.add("toString");
        except.addAll(DERIVED);
        assertEquals(new TreeSet<>(InitParameters.names()), publicInstanceMethods(JwtGateSettings.class, except));
    }
}
