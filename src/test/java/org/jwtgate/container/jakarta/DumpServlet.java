package org.jwtgate.container.jakarta;

import java.io.IOException;
import java.security.Principal;
import java.util.Enumeration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jwtgate.container.Dump;

/** {@link Dump} as a {@code jakarta.servlet} application. Twin of {@code container.javax.DumpServlet}. */
public class DumpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The dump, with status 200; {@code ?sendError=N} answers {@code sendError(N)} instead, and as
     * the error page it keeps the error's status.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sendError = request.getParameter("sendError");
        if (sendError != null && request.getDispatcherType() == DispatcherType.REQUEST) {
            response.sendError(Integer.parseInt(sendError)); // answered by the error page, if there is one
            return;
        }
        String body = Dump.of(new View(request));
        Object errorStatus = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        boolean errorPage = request.getDispatcherType() == DispatcherType.ERROR && errorStatus instanceof Integer;
        response.setStatus(errorPage ? (Integer) errorStatus : 200);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(body);
    }

    /** The dump's view of a request; also used by {@link AsyncDumpServlet}. */
    static final class View implements Dump.Request {

        private final HttpServletRequest request;
        private final ServletContext context;

        View(HttpServletRequest request) {
            this(request, request.getServletContext());
        }

        /** With the context given: Jetty's ee8 request has none on a thread of AsyncContext.start. */
        View(HttpServletRequest request, ServletContext context) {
            this.request = request;
            this.context = context;
        }

        @Override public String contextPath() { return request.getContextPath(); }
        @Override public String servletPath() { return request.getServletPath(); }
        @Override public String pathInfo() { return request.getPathInfo(); }
        @Override public Principal userPrincipal() { return request.getUserPrincipal(); }
        @Override public String remoteUser() { return request.getRemoteUser(); }
        @Override public String authType() { return request.getAuthType(); }
        @Override public Object attribute(String name) { return request.getAttribute(name); }
        @Override public String[] parameterValues(String name) { return request.getParameterValues(name); }
        @Override public boolean isUserInRole(String role) { return request.isUserInRole(role); }
        @Override public String header(String name) { return request.getHeader(name); }
        @Override public Enumeration<String> headers(String name) { return request.getHeaders(name); }
        @Override public Enumeration<String> headerNames() { return request.getHeaderNames(); }
        @Override public int intHeader(String name) { return request.getIntHeader(name); }
        @Override public long dateHeader(String name) { return request.getDateHeader(name); }
        @Override public boolean hasSession() { return request.getSession(false) != null; }
        @Override public void createSession() { request.getSession(true); }
        @Override public String serverInfo() { return context.getServerInfo(); }

        @Override
        public String servletSpecVersion() {
            return context.getMajorVersion() + "." + context.getMinorVersion();
        }
    }
}
