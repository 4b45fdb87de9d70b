package com.acme.orders;

import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The order API as it was written for the old SSO proxy: it reads the user from X-Remote-User. */
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
        String user = request.getHeader("X-Remote-User");
        out.println("Hello, " + user + ".");
        out.println("Open orders for " + user + ": 3");
        out.println("(getRemoteUser: " + request.getRemoteUser() + ", admin: " + request.isUserInRole("admin") + ")");
    }
}
