package org.jwtgate.example;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An application servlet that knows nothing about JWTs: it reads the caller from the standard
 * Servlet API and from a request header, as an existing application would.
 */
public class OrdersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        if ("/health".equals(request.getPathInfo())) {
            out.println("ok");
            return;
        }
        out.println("Hello, " + request.getRemoteUser() + ".");
        out.println("auth type:        " + request.getAuthType());
        out.println("in role 'admin':  " + request.isUserInRole("admin"));
        out.println("X-Remote-User:    " + request.getHeader("X-Remote-User"));
        out.println("X-Email:          " + request.getHeader("X-Email"));
        out.println("claims:           " + request.getAttribute("org.jwtgate.claims"));
    }
}
