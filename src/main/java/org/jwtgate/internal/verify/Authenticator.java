package org.jwtgate.internal.verify;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.TrustedIssuer;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.internal.keys.CompositeKeySource;
import org.jwtgate.internal.keys.JwksKeySource;
import org.jwtgate.internal.keys.KeyLoader;
import org.jwtgate.internal.keys.KeySource;
import org.jwtgate.internal.keys.KeysUnavailableException;
import org.jwtgate.internal.keys.ReloadingKeySource;
import org.jwtgate.internal.keys.StaticKeySource;
import org.jwtgate.internal.logging.RateLimitedLog;
import org.jwtgate.internal.metrics.Metrics;
import org.jwtgate.internal.request.BearerTokenExtractor;
import org.jwtgate.internal.request.HeaderSource;
import org.jwtgate.internal.revoke.Revocations;

/**
 * From a request's headers and query string to its {@link Decision}: finds the bearer token,
 * answers from the verified-token cache or verifies. Reads the clock once per request (the key
 * sources and the cache are given that reading), and the keys once per cache lookup. Never
 * throws: any unexpected failure is a 401, because a 500 or a pass-through would be a security
 * bug. The hit path and its measured invariants are described on {@link VerifiedTokenCache}.
 *
 * <p>Thread-safe; one instance per filter.
 */
public final class Authenticator {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");
    private static final String AUTHORIZATION = "Authorization";
    /** The one spelling of a bearer credential the cache is keyed by. */
    private static final String CANONICAL_PREFIX = "Bearer ";

    private final JwtGateSettings settings;
    private final BearerTokenExtractor extractor;
    private final TokenVerifier verifier;
    private final VerifiedTokenCache cache;
    private final Clock clock;
    /** An outage makes every request fail alike: one WARN line a minute says so, with the count. */
    private final RateLimitedLog outageWarnings;
    private final LongAdder verifications = new LongAdder();
    // Made once, so that a cache hit allocates nothing for them.
    private final VerifiedTokenCache.CurrentKeys currentKeys;
    /** The one issuer's keys, read by each request before its lookup; {@code null} with issuer blocks. */
    private final KeySource requestKeys;
    private final VerifiedTokenCache.Loader headerLoader = this::verifyHeader;
    /** The revocation list every accepted token is checked against, cache hits included; {@code null}: off. */
    private final Revocations revocations;
    /** The list too old to answer makes every request fail alike: one WARN a minute. */
    private final RateLimitedLog revocationWarnings;

    public Authenticator(JwtGateSettings settings, KeySource keys) {
        this(settings, keys, new Metrics());
    }

    /** @param metrics counts the cache's hits, misses and evictions */
    public Authenticator(JwtGateSettings settings, KeySource keys, Metrics metrics) {
        this(settings, List.of(keys), metrics);
    }

    /**
     * @param keys    one key source per {@link JwtGateSettings#trustedIssuers()}, in that order
     * @param metrics counts the cache's hits, misses and evictions, and refusals per issuer block
     */
    public Authenticator(JwtGateSettings settings, List<KeySource> keys, Metrics metrics) {
        this(settings, keys, metrics, null);
    }

    /**
     * @param keys        one key source per {@link JwtGateSettings#trustedIssuers()}, in that order
     * @param metrics     counts the cache's hits, misses and evictions, and refusals per issuer block
     * @param revocations the revocation list, or {@code null} without {@code revocation}; closed with this
     */
    public Authenticator(JwtGateSettings settings, List<KeySource> keys, Metrics metrics, Revocations revocations) {
        this.revocations = revocations;
        this.settings = settings;
        this.extractor = new BearerTokenExtractor(settings);
        this.verifier = new TokenVerifier(settings, keys, metrics);
        // With one issuer, a request reads its keys once, before the cache. With several it cannot
        // know its issuer before its entry is found: each entry is judged by its own issuer's keys.
        // One block declared is still a block: its iss is checked before its keys are read.
        this.requestKeys = settings.issuers().isEmpty() ? keys.get(0) : null;
        this.currentKeys = requestKeys == null ? () -> null : requestKeys::keys;
        this.clock = settings.clock();
        this.outageWarnings = new RateLimitedLog(LOG, clock);
        this.revocationWarnings = new RateLimitedLog(LOG, clock);
        this.cache = settings.cacheMaxSize() == 0 ? null
                : new VerifiedTokenCache(settings.cacheMaxSize(), settings.cacheMaxTtl(), clock, metrics.cacheStats());
    }

    /**
     * Builds the authenticator. Keys from {@code file:} or {@code sysprop:} references are checked
     * for changes every {@code keysReloadInterval}; environment variables cannot change, so keys
     * that all come from them are loaded once.
     */
    public static Authenticator create(JwtGateSettings settings, ReferenceResolver resolver) {
        return create(settings, resolver, new Metrics());
    }

    /**
     * As {@link #create(JwtGateSettings, ReferenceResolver)}, counting into {@code metrics}: one key
     * source per trusted issuer, never shared, so that one issuer's keys never verify another's tokens.
     */
    public static Authenticator create(JwtGateSettings settings, ReferenceResolver resolver, Metrics metrics) {
        List<KeySource> sources = new ArrayList<>();
        try {
            for (TrustedIssuer issuer : settings.trustedIssuers()) {
                try {
                    sources.add(keySource(issuer.settings(), resolver, metrics));
                } catch (JwtGateConfigurationException e) {
                    // A key that cannot be loaded names its block's param: with five blocks, which one?
                    throw settings.issuers().isEmpty() ? e : e.inBlock(issuer.name());
                }
            }
        } catch (RuntimeException | Error e) {
            sources.forEach(KeySource::close); // a block that fails to load leaves no fetch thread behind
            throw e;
        }
        Revocations revocations;
        try {
            revocations = Revocations.create(settings, resolver);
        } catch (RuntimeException | Error e) {
            sources.forEach(KeySource::close);
            throw e;
        }
        return new Authenticator(settings, sources, metrics, revocations);
    }

    /** The keys of one issuer: configured ones, a JWK Set (by URL or by discovery), or both. */
    private static KeySource keySource(JwtGateSettings issuer, ReferenceResolver resolver, Metrics metrics) {
        boolean noLocalKeys = issuer.secret().isEmpty() && issuer.publicKeys().isEmpty();
        boolean remote = issuer.jwksUri() != null || issuer.discovery();
        if (remote && noLocalKeys) {
            return new JwksKeySource(issuer, metrics);
        }
        boolean reloadable = Stream.concat(issuer.secret().stream(), issuer.publicKeys().stream())
                .anyMatch(reference -> !reference.reference().startsWith("env:"));
        KeySource local = reloadable ? new ReloadingKeySource(issuer, resolver, metrics)
                : new StaticKeySource(KeyLoader.load(issuer, resolver, 1));
        return remote ? new CompositeKeySource(local, new JwksKeySource(issuer, metrics)) : local;
    }

    /** Stops background work (the JWK Set fetch threads, the revocation list's thread). */
    public void close() {
        verifier.keySources().forEach(KeySource::close);
        if (revocations != null) {
            revocations.close();
        }
    }

    /** The revocation list, or {@code null} without {@code revocation}. */
    public Revocations revocations() {
        return revocations;
    }

    /**
     * @param headers     header name to values, as {@code HttpServletRequest::getHeaders}
     * @param queryString the raw query string, or {@code null}
     */
    public Decision authenticate(Function<String, Enumeration<String>> headers, String queryString) {
        return authenticate(headers, Function::apply, queryString);
    }

    /**
     * The request's decision, without counting it (the gate counts). Reads the clock once, and with
     * a cache the keys once; never throws.
     *
     * @param headers     reads {@code request}'s headers
     * @param queryString the raw query string, or {@code null}
     */
    public <R> Decision authenticate(R request, HeaderSource<R> headers, String queryString) {
        return authenticate(request, headers, queryString, settings.mode() == JwtGateSettings.Mode.REQUIRED);
    }

    /**
     * As {@link #authenticate(Object, HeaderSource, String)}, with an access rule's say on whether a
     * request without a token is refused ({@code authenticated}, {@code role:}, {@code scope:}) or
     * passes anonymously ({@code anonymous}), in place of the filter-wide {@code mode}.
     */
    public <R> Decision authenticate(R request, HeaderSource<R> headers, String queryString, boolean tokenRequired) {
        try {
            String header = canonicalHeader(request, headers, queryString);
            if (header != null) {
                long now = clock.millis();
                return logged(checked(lookUp(header, now), now));
            }
            String token = extractor.extract(request, headers, queryString);
            if (token == null) {
                return tokenRequired ? rejected(Reason.NO_TOKEN) : Decision.ANONYMOUS;
            }
            long now = clock.millis();
            // Every other spelling of the header (bearer, BEARER, extra spaces) and a token from a
            // cookie or the query share the canonical header's entry: one token, one entry.
            VerifiedToken verified = cache == null ? verify(token, now) : lookUp(CANONICAL_PREFIX + token, now);
            return logged(checked(verified, now));
        } catch (TokenRejection e) {
            return rejected(e.reason());
        } catch (KeysUnavailableException e) {
            // The message names the source by LogSafeUri (never a query or user-info) and no token data.
            outageWarnings.warn("keys unavailable", () -> "JwtGate cannot verify tokens: " + e.getMessage());
            return Decision.unavailable(e.retryAfterSeconds());
        } catch (RuntimeException e) {
            // Neither the exception's message (it may quote the token) nor its class goes to the log.
            LOG.log(Level.DEBUG, "JwtGate refused a token after an unexpected failure");
            return rejected(Reason.INTERNAL_ERROR);
        }
    }

    /**
     * The common case, made cheap: one {@code Authorization} header in the canonical spelling
     * {@code Bearer <token>} (that case, one space, nothing after the token) and no other place a
     * token could be. The cache is looked up by the header value as the container gave it, so a
     * hit neither copies, hashes nor re-scans the token: the same bytes were checked in full
     * before they were stored. Anything else ({@code null} here) takes the full path, which keys
     * the cache by the canonical spelling too, so that no spelling of a token gets an entry of its
     * own.
     */
    private <R> String canonicalHeader(R request, HeaderSource<R> headers, String queryString) {
        if (cache == null) {
            return null;
        }
        Enumeration<String> values = headers.headers(request, AUTHORIZATION);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (value == null || values.hasMoreElements() || !isCanonical(value)
                || extractor.mayHaveOtherSources(request, headers, queryString)) {
            return null;
        }
        return value;
    }

    /**
     * The one way into the cache, for the canonical {@code Authorization} value: the keys are read
     * here, once per request, and passed down with the request's time (invariants: {@link VerifiedTokenCache}).
     */
    private VerifiedToken lookUp(String header, long now) throws TokenRejection, KeysUnavailableException {
        return cache.get(header, now, requestKeys == null ? null : requestKeys.keys(now), currentKeys, headerLoader);
    }

    /**
     * The token's decision, unless it is revoked (401) or the revocation list is too old to say
     * (503): checked on every request, cache hits included, from memory.
     */
    private Decision checked(VerifiedToken verified, long now) {
        if (revocations == null) {
            return verified.decision();
        }
        switch (verified.revocationStatus(revocations, now)) {
            case Revocations.ACCEPTED:
                return verified.decision();
            case Revocations.REVOKED:
                return rejected(Reason.REVOKED);
            default:
                revocationWarnings.warn("revocation list stale", () -> "JwtGate refuses every token with 503: the "
                        + "revocation list (" + revocations.describe() + ") has not been read for longer than "
                        + "revocationMaxStale, or not yet since start");
                return Decision.revocationsUnavailable(revocations.retryAfterSeconds());
        }
    }

    /** {@code Bearer }, then something that does not start or end with white space. */
    private static boolean isCanonical(String header) {
        int length = header.length();
        if (length <= CANONICAL_PREFIX.length() || !header.startsWith(CANONICAL_PREFIX)) {
            return false;
        }
        char first = header.charAt(CANONICAL_PREFIX.length());
        char last = header.charAt(length - 1);
        return first != ' ' && first != '\t' && last != ' ' && last != '\t';
    }

    private VerifiedToken verifyHeader(String header, long now) throws TokenRejection, KeysUnavailableException {
        return verify(extractor.fromAuthorizationValue(header), now);
    }

    private static Decision logged(Decision decision) {
        if (!decision.isAuthenticated() && LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "JwtGate refused a valid token: {0}", decision.result().reason());
        }
        return decision;
    }

    private VerifiedToken verify(String token, long now) throws TokenRejection, KeysUnavailableException {
        verifications.increment();
        return verifier.verify(token, now);
    }

    /** Where the keys come from (static, reloading, JWK Set): the first trusted issuer's. */
    public KeySource keySource() {
        return verifier.keySource();
    }

    /** Each trusted issuer's key source, in the order of {@link JwtGateSettings#trustedIssuers()}. */
    public List<KeySource> keySources() {
        return verifier.keySources();
    }

    /** Each trusted issuer's name to its key source's health, in order; for the MXBean. */
    public Map<String, String> keySourceHealth() {
        Map<String, String> health = new LinkedHashMap<>();
        List<KeySource> sources = verifier.keySources();
        for (int i = 0; i < sources.size(); i++) {
            health.put(settings.trustedIssuers().get(i).name(), sources.get(i).health());
        }
        return health;
    }

    /** How many tokens went through full verification (cache misses included, hits not). */
    public long verifications() {
        return verifications.sum();
    }

    private static Decision rejected(Reason reason) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "JwtGate rejected a request: {0}", reason);
        }
        return Decision.rejected(reason);
    }

    public JwtGateSettings settings() {
        return settings;
    }

    /** The number of verified tokens in the cache, after pending maintenance; for tests and the metrics. */
    public long cachedTokens() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.size();
    }
}
