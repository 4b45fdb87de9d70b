package com.acme.orders;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The admin console decides for itself, with the standard isUserInRole, which JwtGate answers. */
public class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole("admin")) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Administrators only");
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println("Admin console. Welcome, " + request.getRemoteUser() + ".");
    }
}
