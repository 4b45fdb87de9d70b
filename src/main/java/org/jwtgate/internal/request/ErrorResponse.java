package org.jwtgate.internal.request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;

/**
 * The one place that formats what a refused request gets (RFC 6750 §3): status, the
 * {@code WWW-Authenticate} challenge, {@code Retry-After} for 503, and a small JSON body. Every
 * response for a reason is built once at start from fixed sentences and the configuration, so
 * nothing from the request can ever reach it. {@link #writeTo} is the one place a response is
 * written, for both servlet namespaces.
 *
 * <p>Immutable and thread-safe.
 */
public final class ErrorResponse {

    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private final int status;
    private final String challenge;
    private final byte[] body;

    private ErrorResponse(int status, String challenge, byte[] body) {
        this.status = status;
        this.challenge = challenge;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} value, or {@code null} (503). */
    public String challenge() {
        return challenge;
    }

    /** The JSON body, UTF-8. A fresh copy: callers write it out. */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Writes this refusal (RFC 6750 §3, with {@code Cache-Control: no-store}) over whatever the
     * response held, unless the response is already committed.
     *
     * @param retryAfterSeconds the {@code Retry-After} value, or 0 for none
     * @return {@code false} when nothing could be written because an earlier filter had already
     *         committed the response (the application is not invoked either way)
     */
    public <S> boolean writeTo(S response, ResponseView<S> view, long retryAfterSeconds) throws IOException {
        if (view.isCommitted(response)) {
            return false;
        }
        view.resetBuffer(response);
        view.setStatus(response, status);
        if (challenge != null) {
            view.setHeader(response, "WWW-Authenticate", challenge);
        }
        if (retryAfterSeconds > 0) {
            view.setHeader(response, "Retry-After", Long.toString(retryAfterSeconds));
        }
        view.setHeader(response, "Cache-Control", "no-store");
        view.setContentType(response, CONTENT_TYPE);
        byte[] bytes = body();
        view.setContentLength(response, bytes.length);
        try {
            view.writeBytes(response, bytes);
        } catch (IllegalStateException writerAlreadyUsed) {
            // An earlier filter took the writer; the body is ASCII, so write it there instead.
            view.writeText(response, new String(bytes, StandardCharsets.UTF_8));
        }
        return true;
    }

    /** Every reason's response, for one filter's settings. */
    public static final class Catalog {
        private final Map<Reason, ErrorResponse> responses = new EnumMap<>(Reason.class);

        public Catalog(JwtGateSettings settings) {
            for (Reason reason : Reason.values()) {
                responses.put(reason, build(reason, settings));
            }
        }

        public ErrorResponse forResult(AuthenticationResult result) {
            return responses.get(result.reason());
        }
    }

    private static ErrorResponse build(Reason reason, JwtGateSettings settings) {
        String error = reason.error() == null ? "unauthorized" : reason.error();
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + reason.description() + "\"}";
        return new ErrorResponse(reason.httpStatus(), challenge(reason, settings),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String challenge(Reason reason, JwtGateSettings settings) {
        Set<String> needed = reason == Reason.MISSING_SCOPE ? settings.requiredScopes()
                : reason == Reason.MISSING_ROLE ? settings.requiredRoles() : Set.of();
        return challenge(reason, settings, needed);
    }

    /** @param needed what a 403 for a missing role or scope names in {@code scope} */
    private static String challenge(Reason reason, JwtGateSettings settings, Collection<String> needed) {
        if (reason.httpStatus() == 503) {
            return null;
        }
        StringBuilder challenge = new StringBuilder("Bearer");
        String separator = " ";
        if (settings.realm() != null) {
            challenge.append(separator).append("realm=\"").append(settings.realm()).append('"');
            separator = ", ";
        }
        if (reason.error() == null) {
            return challenge.toString();
        }
        challenge.append(separator).append("error=\"").append(reason.error()).append('"')
                .append(", error_description=\"").append(reason.description()).append('"');
        if (reason == Reason.MISSING_SCOPE || reason == Reason.MISSING_ROLE) {
            appendScope(challenge, needed);
        }
        return challenge.toString();
    }

    private static void appendScope(StringBuilder challenge, Collection<String> needed) {
        String scope = String.join(" ", needed);
        // A name with a space would read as two scopes: then say nothing rather than mislead.
        if (isQuotable(scope) && needed.stream().noneMatch(name -> name.contains(" "))) {
            challenge.append(", scope=\"").append(scope).append('"');
        }
    }

    /**
     * The 403 of one access rule, built once at start: {@link Reason#MISSING_SCOPE} or
     * {@link Reason#MISSING_ROLE} with {@code scope="…"} naming every scope (or role) the rule asks
     * for, or {@link Reason#ACCESS_DENIED} (a {@code deny} rule) with no {@code scope}: nothing
     * would let the request through.
     */
    public static ErrorResponse forRule(Reason reason, Collection<String> needed, JwtGateSettings settings) {
        if (reason != Reason.MISSING_SCOPE && reason != Reason.MISSING_ROLE && reason != Reason.ACCESS_DENIED) {
            throw new IllegalArgumentException("not a rule's 403: " + reason);
        }
        ErrorResponse plain = build(reason, settings);
        if (reason == Reason.ACCESS_DENIED) {
            return plain;
        }
        return new ErrorResponse(plain.status, challenge(reason, settings, needed), plain.body);
    }

    private static boolean isQuotable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return !value.isEmpty();
    }
}
