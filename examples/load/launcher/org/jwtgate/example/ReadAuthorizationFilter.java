package org.jwtgate.example;

import java.io.IOException;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The load test's control filter ({@code header-only} scenario): it reads the {@code Authorization}
 * header the way JwtGate does, {@code getHeaders} to the end so that a second header would be
 * seen, and passes the request on untouched. It is the least any bearer-token filter costs on the
 * container: Tomcat turns the header's bytes into a {@code String} only when something asks for it
 * (Jetty does it while parsing every request, so there it costs next to nothing).
 * The difference between it and the server without a filter is the container's; between JwtGate
 * and it, JwtGate's own.
 */
public class ReadAuthorizationFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Enumeration<String> values = request.getHeaders("Authorization");
        int length = 0;
        while (values.hasMoreElements()) {
            length += values.nextElement().length();
        }
        if (length == 0) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        chain.doFilter(request, response);
    }
}
