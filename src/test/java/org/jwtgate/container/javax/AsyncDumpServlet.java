package org.jwtgate.container.javax;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.ServletContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jwtgate.container.Dump;

/**
 * {@link Dump} answered asynchronously: the servlet calls {@code startAsync()} and reads the
 * request the application would then read, {@code AsyncContext.getRequest()}, on another thread
 * ({@code AsyncContext.start}). With {@code ?dispatch} it dispatches instead, and answers on the
 * ASYNC dispatch. Twin of {@code container.jakarta.AsyncDumpServlet}.
 */
public class AsyncDumpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            write(request, response, getServletContext());
            return;
        }
        AsyncContext async = request.startAsync();
        if (request.getParameter("dispatch") != null) {
            async.dispatch();
            return;
        }
        async.start(() -> {
            HttpServletResponse asyncResponse = (HttpServletResponse) async.getResponse();
            try {
                write((HttpServletRequest) async.getRequest(), asyncResponse, getServletContext());
            } catch (IOException | RuntimeException e) {
                // Said in the answer, or the test would see an empty 200 and no reason.
                try {
                    asyncResponse.setStatus(500);
                    asyncResponse.getWriter().write("async.error=" + e + "\n");
                } catch (IOException | RuntimeException ignored) {
                    throw new UncheckedIOException(new IOException(e));
                }
            } finally {
                async.complete();
            }
        });
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, ServletContext context)
            throws IOException {
        String body = "async.dispatcherType=" + request.getDispatcherType() + "\n"
                + Dump.of(new DumpServlet.View(request, context));
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(body);
    }
}
