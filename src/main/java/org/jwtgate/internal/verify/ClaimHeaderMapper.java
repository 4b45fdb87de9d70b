package org.jwtgate.internal.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jwtgate.internal.jose.ClaimPaths;

/**
 * From a verified token's claims to the request headers the application sees ({@code claimHeaders}):
 * scalars as text, arrays of scalars joined with ", ", anything else, and any value with a control
 * character, left out.
 *
 * <p>Immutable and thread-safe.
 */
final class ClaimHeaderMapper {

    /** Header name to claim name or dot path, in configuration order. */
    private final Map<String, String> claimHeaders;

    /** @param claimHeaders header name to claim name or dot path; no two names equal but for case */
    ClaimHeaderMapper(Map<String, String> claimHeaders) {
        this.claimHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(claimHeaders));
    }

    /** Configured header name to value, case-insensitive; absent claims are absent. */
    Map<String, String> headers(Map<String, Object> claims) {
        if (claimHeaders.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> mapping : claimHeaders.entrySet()) {
            String value = headerValue(ClaimPaths.find(claims, mapping.getValue()));
            if (value != null) {
                headers.put(mapping.getKey(), value);
            }
        }
        return Collections.unmodifiableMap(headers);
    }

    /**
     * Scalars as text, arrays of scalars joined with ", ", objects not at all. A value with a control
     * character is left out rather than altered.
     */
    private static String headerValue(Object value) {
        String text;
        if (value instanceof String || value instanceof Long || value instanceof Boolean) {
            text = value.toString();
        } else if (value instanceof Double) {
            double d = (Double) value;
            text = d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        } else if (value instanceof List) {
            StringBuilder joined = new StringBuilder();
            for (Object element : (List<?>) value) {
                String part = element instanceof List || element instanceof Map ? null : headerValue(element);
                if (part == null) {
                    return null;
                }
                joined.append(joined.length() == 0 ? "" : ", ").append(part);
            }
            text = joined.toString();
        } else {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        return text;
    }
}
