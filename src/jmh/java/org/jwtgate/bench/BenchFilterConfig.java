package org.jwtgate.bench;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

/**
 * The {@code <filter>} of a web.xml: a name and init-params, nothing else. The filter is configured
 * exactly as a container would configure it, through {@code init(FilterConfig)}.
 *
 * <p>Immutable and thread-safe.
 */
final class BenchFilterConfig implements FilterConfig {

    private final String name;
    private final Map<String, String> parameters;

    BenchFilterConfig(String name, Map<String, String> parameters) {
        this.name = name;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    @Override
    public String getFilterName() {
        return name;
    }

    @Override
    public String getInitParameter(String parameter) {
        return parameters.get(parameter);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public ServletContext getServletContext() {
        throw new UnsupportedOperationException("BenchFilterConfig.getServletContext is not implemented: the "
                + "filter now calls it, so implement it in the benchmark harness");
    }
}
