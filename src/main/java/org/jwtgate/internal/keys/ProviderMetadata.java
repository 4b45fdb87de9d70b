package org.jwtgate.internal.keys;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import org.jwtgate.internal.logging.LogSafeUri;
import org.jwtgate.internal.net.RemoteUrls;

/**
 * What JwtGate takes from an issuer's metadata (OpenID Connect Discovery 1.0 §3, RFC 8414 §2): the
 * {@code jwks_uri}, after checking that the document's {@code issuer} is exactly the configured one
 * (OIDC Discovery §4.3, RFC 8414 §3.3: otherwise another issuer's keys could be taken for this
 * one's), and the signing algorithms it advertises, only to warn when none is allowed. The
 * algorithms JwtGate accepts always come from the configuration, never from here.
 *
 * <p>Immutable and thread-safe.
 */
final class ProviderMetadata {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final URI jwksUri;
    private final Set<String> signingAlgorithms;

    private ProviderMetadata(URI jwksUri, Set<String> signingAlgorithms) {
        this.jwksUri = jwksUri;
        this.signingAlgorithms = signingAlgorithms;
    }

    URI jwksUri() {
        return jwksUri;
    }

    /** {@code id_token_signing_alg_values_supported}; empty when the document has none. */
    Set<String> signingAlgorithms() {
        return signingAlgorithms;
    }

    /**
     * @throws IOException whose message says what is wrong without quoting the document: not a JSON
     *                     object, another issuer, no usable {@code jwks_uri}
     */
    static ProviderMetadata parse(byte[] body, String expectedIssuer) throws IOException {
        return parse(body, expectedIssuer, null);
    }

    /**
     * @param from where the document was fetched: a loopback {@code jwks_uri} is taken only from a
     *             loopback metadata URL, so that a remote document cannot aim the gateway's periodic
     *             fetches at services on its own host
     */
    static ProviderMetadata parse(byte[] body, String expectedIssuer, URI from) throws IOException {
        String issuer = null;
        String jwksUri = null;
        Set<String> algorithms = new LinkedHashSet<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the metadata is not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if ("issuer".equals(name) && value == JsonToken.VALUE_STRING) {
                    issuer = parser.getText();
                } else if ("jwks_uri".equals(name) && value == JsonToken.VALUE_STRING) {
                    jwksUri = parser.getText();
                } else if ("id_token_signing_alg_values_supported".equals(name) && value == JsonToken.START_ARRAY) {
                    for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY;
                            element = parser.nextToken()) {
                        if (element == JsonToken.VALUE_STRING) {
                            algorithms.add(parser.getText());
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IOException("the metadata is not one JSON object");
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("the metadata is not valid JSON"); // Jackson's message may quote the body
        }
        if (issuer == null) {
            throw new IOException("the metadata has no issuer");
        }
        if (!issuer.equals(expectedIssuer)) {
            throw new IOException(issuerMismatch(issuer, expectedIssuer));
        }
        URI keys = jwksUri(jwksUri);
        if (from != null && RemoteUrls.isLoopback(keys.getHost()) && !RemoteUrls.isLoopback(from.getHost())) {
            throw new IOException("the metadata's jwks_uri " + LogSafeUri.of(keys)
                    + " is on a loopback host, and the metadata is not");
        }
        return new ProviderMetadata(keys, Collections.unmodifiableSet(algorithms));
    }

    /** Names both issuers (URLs, never secrets) as logs may show them, and says when only a slash differs. */
    static String issuerMismatch(String published, String configured) {
        boolean onlySlash = RemoteUrls.differOnlyByTrailingSlash(published, configured);
        return "the metadata names issuer " + shown(published) + ", not the configured " + shown(configured)
                + (onlySlash ? " (they differ only by a trailing slash: configure the issuer exactly as the"
                        + " provider writes it, which is also how it writes iss in its tokens)" : "");
    }

    private static String shown(String issuer) {
        try {
            URI uri = new URI(issuer);
            String safe = LogSafeUri.of(uri);
            // A path that ends with a slash keeps it: that slash may be the whole difference.
            return "'" + safe + (issuer.endsWith("/") && !safe.endsWith("/") ? "/" : "") + "'";
        } catch (URISyntaxException e) {
            return "(a value that is not a URL)";
        }
    }

    /** https, or http to a loopback host; absolute, no user-info. */
    private static URI jwksUri(String text) throws IOException {
        if (text == null) {
            throw new IOException("the metadata has no jwks_uri");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IOException("the metadata's jwks_uri is not a URL");
        }
        if (!RemoteUrls.isAllowed(uri)) {
            throw new IOException("the metadata's jwks_uri " + LogSafeUri.of(uri)
                    + " is not an https URL without user info (plain http is allowed to loopback hosts only)");
        }
        return uri;
    }
}
