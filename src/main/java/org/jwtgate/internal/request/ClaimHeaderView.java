package org.jwtgate.internal.request;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request headers the application sees behind the filter: the configured claim headers with
 * this token's values, and the client's own headers and trailers of those names hidden, whether or
 * not the request is authenticated, so they cannot be spoofed. The servlet request wrappers of
 * both namespaces delegate their header methods here; a method answers only for a name that
 * {@link #hides}, and the wrapper asks the container for any other.
 *
 * <p>Immutable and thread-safe; one per filter. The values come with each call (a map from header
 * name, compared without case, to the value for one token; absent claims are absent).
 */
public final class ClaimHeaderView {

    private final Set<String> names;

    /** @param configuredNames the {@code claimHeaders} header names */
    public ClaimHeaderView(Set<String> configuredNames) {
        Set<String> sorted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        sorted.addAll(configuredNames);
        this.names = Collections.unmodifiableSet(sorted);
    }

    /** Whether no claim header is configured: then an anonymous request needs no wrapper. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The configured names, compared without case. */
    public Set<String> names() {
        return names;
    }

    /** Whether {@code name} is a claim header, whose client copies are hidden. */
    public boolean hides(String name) {
        return name != null && names.contains(name);
    }

    /** {@code getHeader} of a claim header. */
    public String header(Map<String, String> values, String name) {
        return values.get(name);
    }

    /** {@code getHeaders} of a claim header. */
    public Enumeration<String> headers(Map<String, String> values, String name) {
        String value = values.get(name);
        return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
    }

    /** {@code getHeaderNames}: the container's names but the claim headers, then those this token has. */
    public Enumeration<String> headerNames(Map<String, String> values, Enumeration<String> containerNames) {
        List<String> visible = new ArrayList<>();
        while (containerNames != null && containerNames.hasMoreElements()) {
            String name = containerNames.nextElement();
            if (!hides(name)) {
                visible.add(name);
            }
        }
        visible.addAll(values.keySet());
        return Collections.enumeration(visible);
    }

    /** {@code getIntHeader} of a claim header: -1 when absent, {@link NumberFormatException} when not a number. */
    public int intHeader(Map<String, String> values, String name) {
        String value = values.get(name);
        return value == null ? -1 : Integer.parseInt(value);
    }

    /** {@code getDateHeader} of a claim header: -1 when absent, {@link IllegalArgumentException} when no HTTP date. */
    public long dateHeader(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("header " + name + " is not an HTTP date");
        }
    }

    /** Trailers are headers sent after the body: the claim header names are hidden there too. */
    public Map<String, String> trailers(Map<String, String> trailers) {
        if (trailers == null || trailers.isEmpty()) {
            return trailers;
        }
        Map<String, String> visible = new HashMap<>(trailers);
        visible.keySet().removeIf(this::hides);
        return visible;
    }
}
