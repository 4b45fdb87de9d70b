package org.jwtgate.bench;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

/**
 * The {@code <filter>} of a web.xml: a name and init-params, and a servlet context that knows only
 * its path ({@code /bench}, which names the filter's metrics MBean). The filter is configured
 * exactly as a container would configure it, through {@code init(FilterConfig)}.
 *
 * <p>Immutable and thread-safe.
 */
final class BenchFilterConfig implements FilterConfig {

    /** Answers {@code getContextPath()}; any other method is one the filter has no business calling. */
    private static final ServletContext CONTEXT = (ServletContext) Proxy.newProxyInstance(
            BenchFilterConfig.class.getClassLoader(), new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "getContextPath":
                        return "/bench";
                    case "toString":
                        return "the benchmark's ServletContext";
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        throw new UnsupportedOperationException("the benchmark's ServletContext." + method.getName()
                                + " is not implemented: the filter now calls it, so implement it in BenchFilterConfig");
                }
            });

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
        return CONTEXT;
    }
}
