package org.jwtgate.container;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jwtgate.testing.LeakGuard;

/**
 * A response as the client received it; header names compared without case. Each one JwtGate
 * wrote (a {@code Bearer} challenge, or its JSON error body) is shown to the {@link LeakGuard} of
 * the running attack family, if any.
 */
record HttpReply(int status, Map<String, List<String>> headers, String body) {

    HttpReply {
        List<String> challenge = headers.get("WWW-Authenticate");
        List<String> type = headers.get("Content-Type");
        boolean jwtGates = (challenge != null && challenge.stream().anyMatch(c -> c.startsWith("Bearer")))
                || (status >= 400 && type != null && type.stream().anyMatch(t -> t.startsWith("application/json")));
        if (jwtGates) {
            LeakGuard.response("HTTP " + status, status + "\nWWW-Authenticate: " + challenge + "\nRetry-After: "
                    + headers.get("Retry-After") + "\n" + body);
        }
    }

    static HttpReply of(HttpResponse<String> response) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return new HttpReply(response.statusCode(), headers, response.body());
    }

    /** The first value of a header, or {@code null}. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The {@link Dump}'s {@code key=value} lines. */
    Map<String, String> dump() {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                lines.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return lines;
    }

    /** Builds the case-insensitive header map for {@link RawHttp}. */
    static Map<String, List<String>> headerMap(List<String[]> pairs) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String[] pair : pairs) {
            headers.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        return headers;
    }

    @Override
    public String toString() {
        return status + " " + headers + "\n" + body;
    }
}
