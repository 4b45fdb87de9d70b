package org.jwtgate.container;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A response as the client received it; header names compared without case. */
record HttpReply(int status, Map<String, List<String>> headers, String body) {

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
