package org.jwtgate.jakarta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.servlet.ServletException;

import org.apache.catalina.LifecycleState;
import org.apache.catalina.core.StandardContext;

/**
 * One web application on an {@link EmbeddedTomcat}, and the two ways tests talk to it over real
 * HTTP: {@link HttpClient} for ordinary requests, {@link RawHttp} where the exact bytes matter.
 * Paths given to the request methods are within the context.
 */
final class Deployment implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final EmbeddedTomcat tomcat;
    private final StandardContext context;

    Deployment(EmbeddedTomcat tomcat, StandardContext context) {
        this.tomcat = tomcat;
        this.context = context;
    }

    String contextPath() {
        return context.getPath();
    }

    /** Whether the application started and takes requests. */
    boolean isServing() {
        return context.getState() == LifecycleState.STARTED;
    }

    /** The filter instance Tomcat runs here; {@code null} when it did not start. */
    ClockedJwtAuthenticationFilter filter() {
        return ClockedJwtAuthenticationFilter.running(contextPath());
    }

    /** What the filter's {@code init()} threw, or {@code null}. */
    ServletException initFailure() {
        return ClockedJwtAuthenticationFilter.initFailure(contextPath());
    }

    /** How often the application behind the filter has been invoked. */
    int invocations() {
        return DumpServlet.invocations(contextPath());
    }

    /** Sessions the application's session manager holds now. */
    int activeSessions() {
        return context.getManager() == null ? 0 : context.getManager().getActiveSessions();
    }

    /** A GET with header name/value pairs. */
    HttpReply get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HttpReply.of(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with {@code Authorization: Bearer token}. */
    HttpReply bearer(String path, String token) {
        return get(path, "Authorization", "Bearer " + token);
    }

    /** A GET written byte for byte: each header line is sent exactly as given. */
    HttpReply raw(String path, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(contextPath()).append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(tomcat.port()).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return RawHttp.exchange(tomcat.port(), request.toString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + tomcat.port() + contextPath() + path);
    }

    @Override
    public void close() {
        tomcat.undeploy(context);
    }
}
