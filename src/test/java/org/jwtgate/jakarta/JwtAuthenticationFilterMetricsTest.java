package org.jwtgate.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * The filter's metrics MBean with mocked servlet objects: registered in the platform MBeanServer by
 * {@code init()} under the context path and filter name, fed by each {@code doFilter}, gone after
 * {@code destroy()}. Each test has a context path of its own, so tests never see each other's MBeans.
 */
class JwtAuthenticationFilterMetricsTest {

    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final String context = "/metrics-" + UUID.randomUUID();
    private final FilterChain chain = mock(FilterChain.class);
    private final List<JwtAuthenticationFilter> started = new java.util.ArrayList<>();
    /** Error bodies go to a mock stream: what is written is JwtAuthenticationFilterTest's business. */
    private final HttpServletResponse response = mock(HttpServletResponse.class, RETURNS_DEEP_STUBS);
    private String secretRef;

    @BeforeEach
    void setUp() {
        secretRef = Keys.fileRef(dir, "jwt-secret", Base64.getEncoder().encodeToString(secret));
    }

    @AfterEach
    void destroyAll() {
        started.forEach(JwtAuthenticationFilter::destroy);
    }

    private FilterConfig config(String filterName, String... overrides) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("algorithms", "HS256", "secret", secretRef,
                "secretEncoding", "base64", "issuer", Tokens.ISSUER, "audience", Tokens.AUDIENCE,
                "excludePaths", "/health"));
        for (int i = 0; i < overrides.length; i += 2) {
            params.put(overrides[i], overrides[i + 1]);
        }
        ServletContext servletContext = mock(ServletContext.class);
        when(servletContext.getContextPath()).thenReturn(context);
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn(filterName);
        when(config.getServletContext()).thenReturn(servletContext);
        when(config.getInitParameterNames()).thenAnswer(call -> Collections.enumeration(params.keySet()));
        when(config.getInitParameter(anyString())).thenAnswer(call -> params.get(call.<String>getArgument(0)));
        return config;
    }

    private JwtAuthenticationFilter start(String filterName, String... overrides) throws ServletException {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        filter.init(config(filterName, overrides));
        started.add(filter);
        return filter;
    }

    private ObjectName name(String filterName) throws Exception {
        return new ObjectName("org.jwtgate:type=JwtAuthenticationFilter,context=" + context + ",filter=" + filterName);
    }

    private HttpServletRequest request(String path, String authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getContextPath()).thenReturn(context);
        when(request.getServletPath()).thenReturn(path);
        when(request.getRequestURI()).thenReturn(context + path);
        when(request.getHeaders(anyString())).thenAnswer(call -> Collections.enumeration(
                authorization != null && call.<String>getArgument(0).equalsIgnoreCase("Authorization")
                        ? List.of(authorization) : List.<String>of()));
        return request;
    }

    private long attribute(String filterName, String attribute) throws Exception {
        return ((Number) PLATFORM.getAttribute(name(filterName), attribute)).longValue();
    }

    @Test
    void init_inAContext_mbeanRegisteredUnderContextAndFilterName() throws Exception {
        start("jwt");
        assertTrue(PLATFORM.isRegistered(name("jwt")));
        assertEquals(0L, attribute("jwt", "RequestsAccepted"));
    }

    @Test
    void doFilter_eachOutcome_countedInTheMBean() throws Exception {
        JwtAuthenticationFilter filter = start("jwt");
        String token = Tokens.hs256(secret).sign();
        filter.doFilter(request("/api", "Bearer " + token), response, chain);
        filter.doFilter(request("/api", "Bearer " + token), response, chain);
        filter.doFilter(request("/api", null), response, chain);
        filter.doFilter(request("/api", "Bearer " + Tokens.hs256(Keys.secret(32)).sign()), response, chain);
        filter.doFilter(request("/health", null), response, chain);
        HttpServletRequest broken = request("/api", null);
        when(broken.getRequestURI()).thenThrow(new IllegalStateException("container broke"));
        filter.doFilter(broken, response, chain);

        assertEquals(2L, attribute("jwt", "RequestsAccepted"));
        assertEquals(1L, attribute("jwt", "RequestsExcluded"));
        assertEquals(3L, attribute("jwt", "RequestsUnauthorized"));
        assertEquals(1L, attribute("jwt", "CacheHits"));
        assertEquals(2L, attribute("jwt", "CacheMisses"));
        TabularData byReason = (TabularData) PLATFORM.getAttribute(name("jwt"), "RequestsRejectedByReason");
        assertEquals(1L, byReason.get(new Object[] {"NO_TOKEN"}).get("value"));
        assertEquals(1L, byReason.get(new Object[] {"BAD_SIGNATURE"}).get("value"));
        assertEquals(1L, byReason.get(new Object[] {"INTERNAL_ERROR"}).get("value"), "the failure outside authenticate");
    }

    @Test
    void destroy_registered_mbeanGone() throws Exception {
        JwtAuthenticationFilter filter = start("jwt");
        filter.destroy();
        assertFalse(PLATFORM.isRegistered(name("jwt")));
    }

    @Test
    void init_twoFiltersInOneContext_twoMBeansCountingApart() throws Exception {
        JwtAuthenticationFilter api = start("api");
        start("admin");
        api.doFilter(request("/x", "Bearer " + Tokens.hs256(secret).sign()), response, chain);
        assertEquals(1L, attribute("api", "RequestsAccepted"));
        assertEquals(0L, attribute("admin", "RequestsAccepted"));
    }

    @Test
    void init_sameContextAndFilterNameTwice_secondGetsInstanceTwoAndEachGoesWithItsFilter() throws Exception {
        JwtAuthenticationFilter first = start("jwt");
        JwtAuthenticationFilter second = start("jwt");
        ObjectName secondName = new ObjectName(name("jwt") + ",instance=2");
        assertTrue(PLATFORM.isRegistered(secondName));
        second.destroy();
        assertFalse(PLATFORM.isRegistered(secondName));
        assertTrue(PLATFORM.isRegistered(name("jwt")));
        first.destroy();
        assertFalse(PLATFORM.isRegistered(name("jwt")));
    }

    @Test
    void init_fails_noMBeanLeftBehind() throws Exception {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        assertThrows(ServletException.class, () -> filter.init(config("jwt", "leeway", "abc")));
        assertTrue(PLATFORM.queryNames(new ObjectName("org.jwtgate:context=" + context + ",*"), null).isEmpty());
    }

    @Test
    void init_withoutServletContext_startsWithoutMBean() throws Exception {
        FilterConfig config = config("jwt");
        when(config.getServletContext()).thenReturn(null);
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(clock);
        filter.init(config);
        started.add(filter);
        filter.doFilter(request("/api", "Bearer " + Tokens.hs256(secret).sign()), response, chain);
        assertEquals(1, filter.gatekeeper().metricsView().getRequestsAccepted());
        assertTrue(PLATFORM.queryNames(new ObjectName("org.jwtgate:context=" + context + ",*"), null).isEmpty());
    }
}
