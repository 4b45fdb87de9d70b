package org.jwtgate.internal.keys;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.internal.logging.LogSafeUri;
import org.jwtgate.internal.logging.RateLimitedLog;

/**
 * Brings a JWK Set found through its issuer's metadata ({@code discovery=true}): the metadata from
 * {@code {issuer}/.well-known/openid-configuration} (OpenID Connect Discovery §4), else from the
 * RFC 8414 §3 form {@code https://host/.well-known/oauth-authorization-server{path}}, or from the
 * one {@code discoveryUri} configured; its {@code issuer} must equal the configured issuer exactly;
 * then the keys from its {@code jwks_uri}. To {@link JwksKeySource} this is just a transport, so
 * discovery inherits the whole caching and outage policy: fetched in the background, never on a
 * request's thread, and while neither metadata nor keys are in hand, 503 and never 200 or 401.
 *
 * <p>The metadata is fetched again at most every {@code refresh} (the JWK Set's refresh interval):
 * a provider may move its {@code jwks_uri}. When that later fetch fails, the {@code jwks_uri} in hand
 * stays in use (a WARN says so): a metadata outage alone does not stop key rotation.
 *
 * <p>Thread-safe: fetches are serialised, as {@link JwksKeySource} asks for one at a time anyway.
 */
final class DiscoveryTransport implements JwksKeySource.Transport {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    /** Statuses that say "not here", after which the RFC 8414 form is worth a try. */
    private static final Set<Integer> NOT_HERE = Set.of(400, 403, 404, 405, 410);

    private final String issuer;
    /** The issuer as logs show it, made once. */
    private final String issuerShown;
    private final List<URI> metadataUris;
    private final Duration timeout;
    private final Set<Thread> threads;
    private final Clock clock;
    private final long refreshMillis;
    private final Set<String> allowedAlgorithms;
    private final List<JwksFetcher> metadataFetchers;
    private final RateLimitedLog warnings;

    /** Written under this object's lock, read by {@link #close()} without it: close must not wait for a fetch. */
    private volatile JwksFetcher keysFetcher;
    /** Written under this object's lock; read without it (JMX must not wait for a fetch). */
    private volatile URI jwksUri;
    private long metadataFetchedAtMillis;
    private volatile boolean closed;

    /**
     * @param issuer       the one configured issuer the metadata must name
     * @param discoveryUri where to fetch the metadata, or {@code null} to derive both forms from the issuer
     * @param threads      the key source's running threads, which each exchange thread joins
     */
    DiscoveryTransport(String issuer, URI discoveryUri, Set<JwtAlgorithm> algorithms, Duration timeout,
            Duration refresh, Clock clock, Set<Thread> threads) {
        this.issuer = issuer;
        this.issuerShown = LogSafeUri.of(URI.create(issuer));
        this.metadataUris = discoveryUri != null ? List.of(discoveryUri) : metadataUris(URI.create(issuer));
        this.timeout = timeout;
        this.threads = threads;
        this.clock = clock;
        this.refreshMillis = refresh.toMillis();
        Set<String> names = new TreeSet<>();
        algorithms.forEach(a -> names.add(a.name())); // the enum names are the JWS names
        this.allowedAlgorithms = Collections.unmodifiableSet(names);
        this.warnings = new RateLimitedLog(LOG, clock);
        List<JwksFetcher> fetchers = new ArrayList<>();
        for (URI uri : metadataUris) {
            fetchers.add(new JwksFetcher(uri, timeout, threads));
        }
        this.metadataFetchers = List.copyOf(fetchers);
    }

    /** The OpenID Connect form, then the RFC 8414 form, for an issuer with or without a path. */
    static List<URI> metadataUris(URI issuer) {
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
        return List.of(URI.create(origin + trimmed + "/.well-known/openid-configuration"),
                URI.create(origin + "/.well-known/oauth-authorization-server" + trimmed));
    }

    /** Where the metadata is looked for, first to last, as logs and {@code jwtgate verify} show it. */
    List<URI> metadataUris() {
        return metadataUris;
    }

    @Override
    public String describe() {
        URI jwksUri = this.jwksUri;
        return jwksUri == null ? "of issuer " + issuerShown + ", whose metadata at "
                + LogSafeUri.of(metadataUris.get(0)) + " has not been read yet"
                : "at " + LogSafeUri.of(jwksUri) + ", the jwks_uri in the metadata of issuer "
                        + issuerShown;
    }

    /** The {@code jwks_uri} in use, or {@code null} before the first good metadata. */
    URI jwksUri() {
        return jwksUri;
    }

    @Override
    public synchronized JwksKeySource.Fetched fetch() throws IOException {
        if (closed) {
            throw new IOException("the key source is closed");
        }
        long now = clock.millis();
        if (jwksUri == null || now - metadataFetchedAtMillis >= refreshMillis) {
            try {
                use(fetchMetadata(), now);
            } catch (IOException e) {
                if (jwksUri == null) {
                    throw new IOException("discovery failed: " + e.getMessage());
                }
                metadataFetchedAtMillis = now; // tried: not again before the next refresh
                warnings.warn("discovery", () -> "JwtGate could not refresh the metadata of issuer "
                        + issuerShown + ": " + e.getMessage() + "; the JWK Set at "
                        + LogSafeUri.of(jwksUri) + " stays in use");
            }
        }
        try {
            return keysFetcher.fetch();
        } catch (IOException e) {
            // The provider may have moved its keys: read the metadata again at the next attempt,
            // which the source throttles as any other (jwksMinRefreshInterval).
            metadataFetchedAtMillis = Long.MIN_VALUE / 2;
            throw e;
        }
    }

    private ProviderMetadata fetchMetadata() throws IOException {
        IOException first = null;
        for (int i = 0; i < metadataFetchers.size(); i++) {
            try {
                return ProviderMetadata.parse(metadataFetchers.get(i).fetch().body, issuer, metadataUris.get(i));
            } catch (JwksFetcher.StatusException e) {
                if (!NOT_HERE.contains(e.status)) {
                    throw e;
                }
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private void use(ProviderMetadata metadata, long now) {
        URI discovered = metadata.jwksUri();
        if (!discovered.equals(jwksUri)) {
            if (keysFetcher != null) {
                keysFetcher.close();
            }
            keysFetcher = new JwksFetcher(discovered, timeout, threads);
            if (closed) {
                keysFetcher.close(); // closed while this fetch ran: the new fetcher must not outlive it
            }
            LOG.log(Level.INFO, "JwtGate found the JWK Set of issuer {0} at {1}", issuerShown,
                    LogSafeUri.of(discovered));
            if (!metadata.signingAlgorithms().isEmpty()
                    && Collections.disjoint(metadata.signingAlgorithms(), allowedAlgorithms)) {
                LOG.log(Level.WARNING, "JwtGate: issuer {0} advertises the signing algorithms {1}, and algorithms "
                        + "allows none of them ({2}): its tokens will be refused unless it signs access tokens "
                        + "otherwise", issuerShown, safeNames(metadata.signingAlgorithms()),
                        allowedAlgorithms);
            }
        }
        jwksUri = discovered;
        metadataFetchedAtMillis = now;
    }

    /** Algorithm names from the network, as a log may show them: short, printable, a few. */
    private static List<String> safeNames(Set<String> names) {
        List<String> shown = new ArrayList<>();
        for (String name : names) {
            if (shown.size() == 8) {
                shown.add("…");
                break;
            }
            shown.add(name.length() <= 16 && name.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? name : "?");
        }
        return shown;
    }

    /** Cuts off any exchange under way without waiting for the fetch that runs it. */
    @Override
    public void close() {
        closed = true;
        metadataFetchers.forEach(JwksFetcher::close);
        JwksFetcher keys = keysFetcher;
        if (keys != null) {
            keys.close();
        }
    }
}
