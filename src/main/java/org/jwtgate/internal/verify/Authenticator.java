package org.jwtgate.internal.verify;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtGateSettings;
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

/**
 * The servlet-free core of the filter: from a request's headers and query string to an
 * {@link AuthenticationResult}. Reads the clock once per request. Never throws: any unexpected
 * failure is a 401, because a 500 or a pass-through would be a security bug.
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
    private final VerifiedTokenCache.CurrentKeys currentKeys = () -> keySource().keys();
    private final VerifiedTokenCache.TimedLoader headerLoader = this::verifyHeader;

    public Authenticator(JwtGateSettings settings, KeySource keys) {
        this(settings, keys, new Metrics());
    }

    /** @param metrics counts the cache's hits, misses and evictions */
    public Authenticator(JwtGateSettings settings, KeySource keys, Metrics metrics) {
        this.settings = settings;
        this.extractor = new BearerTokenExtractor(settings);
        this.verifier = new TokenVerifier(settings, keys);
        this.clock = settings.clock();
        this.outageWarnings = new RateLimitedLog(LOG, clock);
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

    /** As {@link #create(JwtGateSettings, ReferenceResolver)}, counting into {@code metrics}. */
    public static Authenticator create(JwtGateSettings settings, ReferenceResolver resolver, Metrics metrics) {
        boolean reloadable = java.util.stream.Stream.concat(settings.secret().stream(), settings.publicKeys().stream())
                .anyMatch(reference -> !reference.reference().startsWith("env:"));
        KeySource local = reloadable ? new ReloadingKeySource(settings, resolver, metrics)
                : new StaticKeySource(KeyLoader.load(settings, resolver, 1));
        if (settings.jwksUri() == null) {
            return new Authenticator(settings, local, metrics);
        }
        JwksKeySource remote = new JwksKeySource(settings, metrics);
        boolean noLocalKeys = settings.secret().isEmpty() && settings.publicKeys().isEmpty();
        return new Authenticator(settings, noLocalKeys ? remote : new CompositeKeySource(local, remote), metrics);
    }

    /** Stops background work (the JWK Set fetch thread). */
    public void close() {
        verifier.keySource().close();
    }

    /** The outcome plus, when a token verified, its precomputed claim headers. */
    public static final class Outcome {
        private final AuthenticationResult result;
        private final Map<String, String> claimHeaders;

        Outcome(AuthenticationResult result, Map<String, String> claimHeaders) {
            this.result = result;
            this.claimHeaders = claimHeaders;
        }

        public AuthenticationResult result() {
            return result;
        }

        /** Header name (case-insensitive) to value for the application; empty unless authenticated. */
        public Map<String, String> claimHeaders() {
            return claimHeaders;
        }
    }

    public static final Outcome ANONYMOUS = new Outcome(AuthenticationResult.anonymous(), Map.of());

    /**
     * @param headers     header name to values, as {@code HttpServletRequest::getHeaders}
     * @param queryString the raw query string, or {@code null}
     */
    public Outcome authenticate(Function<String, Enumeration<String>> headers, String queryString) {
        try {
            Outcome hit = fromAuthorizationHeader(headers, queryString);
            if (hit != null) {
                return hit;
            }
            String token = extractor.extract(headers, queryString);
            if (token == null) {
                return settings.mode() == JwtGateSettings.Mode.OPTIONAL ? ANONYMOUS
                        : rejected(Reason.NO_TOKEN);
            }
            long now = clock.millis();
            // Every other spelling of the header (bearer, BEARER, extra spaces) and a token from a
            // cookie or the query share the canonical header's entry: one token, one entry.
            VerifiedToken verified = cache == null
                    ? verify(token, now)
                    : cache.get(cache.key(CANONICAL_PREFIX + token), now, currentKeys, headerLoader);
            return logged(verified.outcome());
        } catch (TokenRejection e) {
            return rejected(e.reason());
        } catch (KeysUnavailableException e) {
            // The message names the source by LogSafeUri (never a query or user-info) and no token data.
            outageWarnings.warn("keys unavailable", () -> "JwtGate cannot verify tokens: " + e.getMessage());
            return new Outcome(AuthenticationResult.unavailable(e.retryAfterSeconds()), Map.of());
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
    private Outcome fromAuthorizationHeader(Function<String, Enumeration<String>> headers, String queryString)
            throws TokenRejection, KeysUnavailableException {
        if (cache == null) {
            return null;
        }
        Enumeration<String> values = headers.apply(AUTHORIZATION);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (value == null || values.hasMoreElements() || !isCanonical(value)
                || extractor.mayHaveOtherSources(headers, queryString)) {
            return null;
        }
        long now = clock.millis();
        VerifiedToken verified = cache.get(cache.key(value), now, currentKeys, headerLoader);
        return logged(verified.outcome());
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

    private static Outcome logged(Outcome outcome) {
        if (outcome.result().kind() != AuthenticationResult.Kind.AUTHENTICATED && LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "JwtGate refused a valid token: {0}", outcome.result().reason());
        }
        return outcome;
    }

    private VerifiedToken verify(String token, long now) throws TokenRejection, KeysUnavailableException {
        verifications.increment();
        return verifier.verify(token, now);
    }

    /** Where the keys come from (static, reloading, JWK Set). */
    public KeySource keySource() {
        return verifier.keySource();
    }

    /** How many tokens went through full verification (cache misses included, hits not). */
    public long verifications() {
        return verifications.sum();
    }

    private static Outcome rejected(Reason reason) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "JwtGate rejected a request: {0}", reason);
        }
        return new Outcome(AuthenticationResult.rejected(reason), Map.of());
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
