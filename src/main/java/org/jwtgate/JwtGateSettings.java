package org.jwtgate;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jwtgate.internal.logging.LogSafeUri;
import org.jwtgate.internal.net.RemoteUrls;
import org.jwtgate.internal.syntax.HttpSyntax;
import org.jwtgate.internal.syntax.InterpretedHeaders;

/**
 * Everything a JwtGate filter is configured with, typed. Built by {@link #builder()} in code, or
 * from web.xml init-params by the filter; both paths apply the same checks.
 *
 * <p>Immutable and thread-safe. {@link #toString()} describes the effective settings without any
 * secret: key references are shown, never their content.
 */
public final class JwtGateSettings {

    /** What happens to a browser's CORS preflight (init-param {@code corsPreflight}). */
    public enum CorsPreflight {
        /**
         * An {@code OPTIONS} request with {@code Origin} and {@code Access-Control-Request-Method}
         * and no {@code Authorization} goes to the application unauthenticated, so that the
         * container's or the application's CORS handling answers it.
         */
        PASS,
        /** Such requests are authenticated like any other. */
        AUTHENTICATE
    }

    /** What happens to a request that carries no token. */
    public enum Mode {
        /** No token: 401. */
        REQUIRED,
        /** No token: the request passes through anonymous. A bad token is still 401. */
        OPTIONAL
    }

    /** What happens to a token with a {@code cnf} claim: one bound to a key its presenter must prove it holds. */
    public enum BoundTokens {
        /** Refused: the binding (DPoP, mTLS) cannot be checked here, and ignoring it makes a bearer token of it. */
        REJECT("reject"),
        /** Accepted like any other token, its binding ignored. */
        ACCEPT_AS_BEARER("accept-as-bearer");

        private final String configName;

        BoundTokens(String configName) {
            this.configName = configName;
        }

        /** The init-param spelling: {@code reject} or {@code accept-as-bearer}. */
        public String configName() {
            return configName;
        }
    }

    /** How the text of a secret becomes the HMAC key bytes. */
    public enum SecretEncoding {
        UTF8, BASE64, BASE64URL, HEX
    }

    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
    public static final Duration MAX_LEEWAY = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8192;
    /** The least {@code maxTokenLength}: shorter than any signed JWT. */
    public static final int SMALLEST_MAX_TOKEN_LENGTH = 16;
    /** The greatest {@code maxTokenLength}, 1 MiB: a guard against typos, far above any real token. */
    public static final int LARGEST_MAX_TOKEN_LENGTH = 1_048_576;
    public static final long DEFAULT_CACHE_MAX_SIZE = 10_000;
    /** A guard against typos: ten million entries already take tens of GB. */
    public static final long MAX_CACHE_SIZE = 10_000_000;
    public static final Duration DEFAULT_CACHE_MAX_TTL = Duration.ofSeconds(600);
    public static final Duration DEFAULT_KEYS_RELOAD_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofSeconds(300);
    public static final Duration DEFAULT_JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_MAX_STALE = Duration.ofSeconds(86_400);
    public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REVOCATION_REFRESH_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REVOCATION_MAX_STALE = Duration.ofSeconds(300);
    /** In {@link #tokenTypes()}: a token without a {@code typ} header. */
    public static final String UNTYPED = "none";
    /** {@code tokenTypes} by default: no {@code typ}, {@code JWT}, or RFC 9068's {@code at+jwt}. */
    public static final List<String> DEFAULT_TOKEN_TYPES = List.of(UNTYPED, "jwt", "at+jwt");
    /** The largest {@code maxTokenAge}: the latest time a token may name, 9999-12-31T23:59:59Z, in seconds. */
    public static final Duration MAX_TOKEN_AGE = Duration.ofSeconds(253_402_300_799L);
    /**
     * The longest interval (about 292 years): the most whole seconds whose nanoseconds fit a
     * {@code long}, so that no later conversion of an interval can overflow.
     */
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

    private final Set<JwtAlgorithm> algorithms;
    private final List<KeyReference> secrets;
    private final SecretEncoding secretEncoding;
    private final List<KeyReference> publicKeys;
    private final Set<String> issuers;
    private final Set<String> audiences;
    private final Duration leeway;
    private final boolean requireExp;
    private final Set<String> requiredClaims;
    private final Set<String> tokenTypes;
    private final Duration maxTokenAge;
    private final Map<String, Set<String>> requiredClaimValues;
    private final BoundTokens boundTokens;
    private final String principalClaim;
    private final List<String> rolesClaims;
    private final Set<String> requiredRoles;
    private final Set<String> requiredScopes;
    private final Mode mode;
    private final CorsPreflight corsPreflight;
    private final List<String> excludePaths;
    private final List<String> accessRules;
    private final String realm;
    private final String tokenCookie;
    private final boolean allowQueryParameter;
    private final int maxTokenLength;
    private final Map<String, String> claimHeaders;
    private final long cacheMaxSize;
    private final Duration cacheMaxTtl;
    private final Duration keysReloadInterval;
    private final URI jwksUri;
    private final Duration jwksRefreshInterval;
    private final Duration jwksMinRefreshInterval;
    private final Duration jwksMaxStale;
    private final Duration jwksTimeout;
    private final boolean discovery;
    private final URI discoveryUri;
    private final List<TrustedIssuer> issuerBlocks;
    private final List<TrustedIssuer> trustedIssuers;
    private final String revocation;
    private final String revocationPassword;
    private final Duration revocationRefreshInterval;
    private final Duration revocationMaxStale;
    private final Clock clock;

    private JwtGateSettings(Builder b, List<TrustedIssuer> blocks) {
        this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(b.algorithms));
        this.secrets = List.copyOf(b.secrets);
        this.secretEncoding = b.secretEncoding;
        this.publicKeys = List.copyOf(b.publicKeys);
        this.issuers = Collections.unmodifiableSet(new LinkedHashSet<>(b.issuers));
        this.audiences = Collections.unmodifiableSet(new LinkedHashSet<>(b.audiences));
        this.leeway = b.leeway;
        this.requireExp = b.requireExp;
        this.requiredClaims = Collections.unmodifiableSet(new LinkedHashSet<>(b.requiredClaims));
        this.tokenTypes = Collections.unmodifiableSet(new LinkedHashSet<>(b.tokenTypes));
        this.maxTokenAge = b.maxTokenAge;
        Map<String, Set<String>> claimValues = new LinkedHashMap<>();
        b.requiredClaimValues.forEach((claim, values) ->
                claimValues.put(claim, Collections.unmodifiableSet(new LinkedHashSet<>(values))));
        this.requiredClaimValues = Collections.unmodifiableMap(claimValues);
        this.boundTokens = b.boundTokens;
        this.principalClaim = b.principalClaim;
        this.rolesClaims = List.copyOf(b.rolesClaims);
        this.requiredRoles = Collections.unmodifiableSet(new LinkedHashSet<>(b.requiredRoles));
        this.requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(b.requiredScopes));
        this.mode = b.mode;
        this.corsPreflight = b.corsPreflight;
        this.excludePaths = List.copyOf(b.excludePaths);
        this.accessRules = List.copyOf(b.accessRules);
        this.realm = b.realm;
        this.tokenCookie = b.tokenCookie;
        this.allowQueryParameter = b.allowQueryParameter;
        this.maxTokenLength = b.maxTokenLength;
        this.claimHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.claimHeaders));
        this.cacheMaxSize = b.cacheMaxSize;
        this.cacheMaxTtl = b.cacheMaxTtl;
        this.keysReloadInterval = b.keysReloadInterval;
        this.jwksUri = b.jwksUri;
        this.jwksRefreshInterval = b.jwksRefreshInterval;
        this.jwksMinRefreshInterval = b.jwksMinRefreshInterval;
        this.jwksMaxStale = b.jwksMaxStale;
        this.jwksTimeout = b.jwksTimeout;
        this.discovery = b.discovery;
        this.discoveryUri = b.discoveryUri;
        this.revocation = b.revocation;
        this.revocationPassword = b.revocationPassword;
        this.revocationRefreshInterval = b.revocationRefreshInterval;
        this.revocationMaxStale = b.revocationMaxStale;
        this.clock = b.clock;
        this.issuerBlocks = List.copyOf(blocks);
        // Without issuers, these settings are the one implicit block: its keys, its claims.
        this.trustedIssuers = blocks.isEmpty() ? List.of(new TrustedIssuer(TrustedIssuer.IMPLICIT, this)) : issuerBlocks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A {@code typ} as {@link #tokenTypes()} holds it: lower case (RFC 7515 §4.1.9: media type names
     * are case-insensitive), with a leading {@code application/} removed (the same section lets it
     * be left out).
     */
    public static String canonicalTokenType(String typ) {
        String type = typ.toLowerCase(Locale.ROOT);
        return type.startsWith("application/") ? type.substring("application/".length()) : type;
    }

    public Set<JwtAlgorithm> algorithms() { return algorithms; }
    public List<KeyReference> secret() { return secrets; }
    public SecretEncoding secretEncoding() { return secretEncoding; }
    public List<KeyReference> publicKeys() { return publicKeys; }
    /** Accepted {@code iss} values; empty when the issuer is not checked. */
    public Set<String> issuer() { return issuers; }
    /** Accepted {@code aud} values; empty when the audience is not checked. */
    public Set<String> audience() { return audiences; }
    public Duration leeway() { return leeway; }
    public boolean requireExp() { return requireExp; }
    public Set<String> requiredClaims() { return requiredClaims; }
    /**
     * Accepted JOSE {@code typ} values, lower case and without a leading {@code application/};
     * {@value #UNTYPED} stands for a token without {@code typ}.
     */
    public Set<String> tokenTypes() { return tokenTypes; }
    /** The oldest a token may be by its {@code iat} (plus leeway), or {@code null} for no limit. */
    public Duration maxTokenAge() { return maxTokenAge; }
    /** Claim name or dot path to the values it may have (any one of them), in configuration order. */
    public Map<String, Set<String>> requiredClaimValues() { return requiredClaimValues; }
    public BoundTokens boundTokens() { return boundTokens; }
    public String principalClaim() { return principalClaim; }
    public List<String> rolesClaim() { return rolesClaims; }
    public Set<String> requiredRoles() { return requiredRoles; }
    public Set<String> requiredScopes() { return requiredScopes; }
    public Mode mode() { return mode; }
    public CorsPreflight corsPreflight() { return corsPreflight; }
    public List<String> excludePaths() { return excludePaths; }
    /**
     * The {@code accessRules}, one rule's text per element, in order; parsed and checked when the
     * filter starts (a rule that cannot be parsed stops it, naming {@code accessRules} and the rule).
     */
    public List<String> accessRules() { return accessRules; }
    /** The challenge's realm, or {@code null} for none. */
    public String realm() { return realm; }
    /** The cookie a token is also accepted from, or {@code null}. */
    public String tokenCookie() { return tokenCookie; }
    public boolean allowQueryParameter() { return allowQueryParameter; }
    public int maxTokenLength() { return maxTokenLength; }
    /** Request header name to claim name, in configuration order. */
    public Map<String, String> claimHeaders() { return claimHeaders; }
    public long cacheMaxSize() { return cacheMaxSize; }
    public Duration cacheMaxTtl() { return cacheMaxTtl; }
    /** How often {@code file:} and {@code sysprop:} keys are checked for changes. */
    public Duration keysReloadInterval() { return keysReloadInterval; }
    /** The JWK Set URL, or {@code null}. */
    public URI jwksUri() { return jwksUri; }
    /** Whether the JWK Set URL comes from the issuer's metadata (init-param {@code discovery}). */
    public boolean discovery() { return discovery; }
    /** Where the issuer's metadata is fetched from instead of its derived URLs, or {@code null}. */
    public URI discoveryUri() { return discoveryUri; }
    /** The trusted-issuer blocks (init-param {@code issuers}); empty when the settings are one implicit block. */
    public List<TrustedIssuer> issuers() { return issuerBlocks; }
    /**
     * The blocks a token's {@code iss} chooses from, each with its effective settings: the
     * {@link #issuers()} blocks, or, without them, one implicit block whose settings are these.
     */
    public List<TrustedIssuer> trustedIssuers() { return trustedIssuers; }
    public Duration jwksRefreshInterval() { return jwksRefreshInterval; }
    public Duration jwksMinRefreshInterval() { return jwksMinRefreshInterval; }
    public Duration jwksMaxStale() { return jwksMaxStale; }
    public Duration jwksTimeout() { return jwksTimeout; }
    /** Where revocations are kept: {@code file:PATH}, {@code redis://…} or {@code rediss://…}; {@code null}: off. */
    public String revocation() { return revocation; }
    /** The reference ({@code env:}, {@code sysprop:}, {@code file:}) to the Redis password, or {@code null}. */
    public String revocationPassword() { return revocationPassword; }
    public Duration revocationRefreshInterval() { return revocationRefreshInterval; }
    public Duration revocationMaxStale() { return revocationMaxStale; }
    public Clock clock() { return clock; }

    @Override
    public String toString() {
        // With issuers, keys and issuer are each block's own: the blocks are listed below instead.
        return "algorithms=" + algorithms
                + (!issuerBlocks.isEmpty() ? "" : ", secret=" + secrets + (secrets.isEmpty() ? ""
                        : " (" + secretEncoding.name().toLowerCase(Locale.ROOT) + ")")
                        + ", publicKeys=" + publicKeys
                        + ", issuer=" + (issuers.isEmpty() ? "(not checked)" : issuers))
                + ", audience=" + (audiences.isEmpty() ? "(not checked)" : audiences)
                + ", leeway=" + leeway.getSeconds() + "s"
                + ", requireExp=" + requireExp
                + ", requiredClaims=" + requiredClaims
                + ", tokenTypes=" + tokenTypes
                + ", maxTokenAge=" + (maxTokenAge == null ? "(no limit)" : maxTokenAge.getSeconds() + "s")
                + ", requiredClaimValues=" + requiredClaimValues
                + ", boundTokens=" + boundTokens.configName()
                + ", principalClaim=" + principalClaim
                + ", rolesClaim=" + rolesClaims
                + ", requiredRoles=" + requiredRoles
                + ", requiredScopes=" + requiredScopes
                + ", mode=" + mode.name().toLowerCase(Locale.ROOT)
                + ", corsPreflight=" + corsPreflight.name().toLowerCase(Locale.ROOT)
                + ", excludePaths=" + excludePaths
                + ", accessRules=" + accessRules
                + ", realm=" + (realm == null ? "(none)" : realm)
                + ", tokenCookie=" + (tokenCookie == null ? "(none)" : tokenCookie)
                + ", allowQueryParameter=" + allowQueryParameter
                + ", maxTokenLength=" + maxTokenLength
                + ", claimHeaders=" + claimHeaders
                + ", cacheMaxSize=" + cacheMaxSize
                + ", cacheMaxTtl=" + cacheMaxTtl.getSeconds() + "s"
                + ", keysReloadInterval=" + keysReloadInterval.getSeconds() + "s"
                + (discovery ? ", discovery=true" + (discoveryUri == null ? "" : ", discoveryUri="
                        + LogSafeUri.of(discoveryUri)) : "")
                + issuerBlocks.stream().map(TrustedIssuer::toString).reduce((a, c) -> a + ", " + c)
                        .map(blocks -> ", issuers=[" + blocks + "]").orElse("")
                + (jwksUri == null && !discovery && !anyRemoteBlock() ? ""
                        : (jwksUri == null ? "" : ", jwksUri=" + LogSafeUri.of(jwksUri)) // no query
                        + ", jwksRefreshInterval=" + jwksRefreshInterval.getSeconds() + "s"
                        + ", jwksMinRefreshInterval=" + jwksMinRefreshInterval.getSeconds() + "s"
                        + ", jwksMaxStale=" + jwksMaxStale.getSeconds() + "s"
                        + ", jwksTimeout=" + jwksTimeout.getSeconds() + "s")
                + (revocation == null ? "" : ", revocation=" + (revocation.startsWith("file:") ? revocation
                        : LogSafeUri.of(URI.create(revocation))) // never user info
                        + (revocationPassword == null ? "" : ", revocationPassword=" + revocationPassword)
                        + ", revocationRefreshInterval=" + revocationRefreshInterval.getSeconds() + "s"
                        + ", revocationMaxStale=" + revocationMaxStale.getSeconds() + "s");
    }

    private boolean anyRemoteBlock() {
        return issuerBlocks.stream().anyMatch(b -> b.settings().jwksUri() != null || b.settings().discovery());
    }

    /**
     * Builds {@link JwtGateSettings}. Each setter checks its value at once and names the setting
     * when it refuses one; {@link #build()} checks how the settings fit together. The only place
     * where ranges and their messages live: web.xml's init-params arrive here converted to types
     * but unchecked, so code and web.xml are refused alike. Not thread-safe.
     */
    public static final class Builder {
        private final Set<JwtAlgorithm> algorithms = EnumSet.noneOf(JwtAlgorithm.class);
        private final List<KeyReference> secrets = new ArrayList<>();
        private SecretEncoding secretEncoding = SecretEncoding.UTF8;
        private final List<KeyReference> publicKeys = new ArrayList<>();
        private final Set<String> issuers = new LinkedHashSet<>();
        private final Set<String> audiences = new LinkedHashSet<>();
        private Duration leeway = DEFAULT_LEEWAY;
        private boolean requireExp = true;
        private final Set<String> requiredClaims = new LinkedHashSet<>();
        private final Set<String> tokenTypes = new LinkedHashSet<>(DEFAULT_TOKEN_TYPES);
        private Duration maxTokenAge;
        private final Map<String, Set<String>> requiredClaimValues = new LinkedHashMap<>();
        private BoundTokens boundTokens = BoundTokens.REJECT;
        private String principalClaim = "sub";
        private final List<String> rolesClaims = new ArrayList<>(List.of("roles"));
        private final Set<String> requiredRoles = new LinkedHashSet<>();
        private final Set<String> requiredScopes = new LinkedHashSet<>();
        private Mode mode = Mode.REQUIRED;
        private CorsPreflight corsPreflight = CorsPreflight.PASS;
        private final List<String> excludePaths = new ArrayList<>();
        private final List<String> accessRules = new ArrayList<>();
        private String realm;
        private String tokenCookie;
        private boolean allowQueryParameter;
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
        private final Map<String, String> claimHeaders = new LinkedHashMap<>();
        private long cacheMaxSize = DEFAULT_CACHE_MAX_SIZE;
        private Duration cacheMaxTtl = DEFAULT_CACHE_MAX_TTL;
        private Duration keysReloadInterval = DEFAULT_KEYS_RELOAD_INTERVAL;
        private URI jwksUri;
        private Duration jwksRefreshInterval = DEFAULT_JWKS_REFRESH_INTERVAL;
        private Duration jwksMinRefreshInterval = DEFAULT_JWKS_MIN_REFRESH_INTERVAL;
        private Duration jwksMaxStale = DEFAULT_JWKS_MAX_STALE;
        private Duration jwksTimeout = DEFAULT_JWKS_TIMEOUT;
        private boolean discovery;
        private URI discoveryUri;
        private boolean secretEncodingSet;
        private final List<TrustedIssuer.Builder> blocks = new ArrayList<>();
        private String revocation;
        private String revocationPassword;
        private Duration revocationRefreshInterval = DEFAULT_REVOCATION_REFRESH_INTERVAL;
        private Duration revocationMaxStale = DEFAULT_REVOCATION_MAX_STALE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * What a block starts from: every setting of this builder but those a block never inherits,
         * its issuer and its keys (a key is trusted for one issuer only).
         */
        private Builder forBlock() {
            Builder b = new Builder();
            b.algorithms.addAll(algorithms);
            b.audiences.addAll(audiences);
            b.leeway = leeway;
            b.requireExp = requireExp;
            b.requiredClaims.addAll(requiredClaims);
            b.tokenTypes.clear();
            b.tokenTypes.addAll(tokenTypes);
            b.maxTokenAge = maxTokenAge;
            requiredClaimValues.forEach((claim, values) -> b.requiredClaimValues.put(claim, new LinkedHashSet<>(values)));
            b.boundTokens = boundTokens;
            b.principalClaim = principalClaim;
            b.rolesClaims.clear();
            b.rolesClaims.addAll(rolesClaims);
            b.requiredRoles.addAll(requiredRoles);
            b.requiredScopes.addAll(requiredScopes);
            b.mode = mode;
            b.corsPreflight = corsPreflight;
            b.excludePaths.addAll(excludePaths);
            b.realm = realm;
            b.tokenCookie = tokenCookie;
            b.allowQueryParameter = allowQueryParameter;
            b.maxTokenLength = maxTokenLength;
            b.claimHeaders.putAll(claimHeaders);
            b.cacheMaxSize = cacheMaxSize;
            b.cacheMaxTtl = cacheMaxTtl;
            b.keysReloadInterval = keysReloadInterval;
            b.jwksRefreshInterval = jwksRefreshInterval;
            b.jwksMinRefreshInterval = jwksMinRefreshInterval;
            b.jwksMaxStale = jwksMaxStale;
            b.jwksTimeout = jwksTimeout;
            b.clock = clock;
            return b;
        }

        public Builder algorithms(JwtAlgorithm... values) {
            return algorithms(List.of(values));
        }

        public Builder algorithms(Collection<JwtAlgorithm> values) {
            algorithms.clear();
            algorithms.addAll(values);
            return this;
        }

        /** Adds HMAC secrets. Only references are accepted: a secret never sits in code or web.xml. */
        public Builder secret(KeyReference... references) {
            for (KeyReference reference : references) {
                secrets.add(Objects.requireNonNull(reference, "secret"));
            }
            return this;
        }

        public Builder secretEncoding(SecretEncoding value) {
            secretEncoding = Objects.requireNonNull(value, "secretEncoding");
            secretEncodingSet = true;
            return this;
        }

        /** Adds PEM public keys or X.509 certificates for the RS, PS, ES and EdDSA algorithms. */
        public Builder publicKeys(KeyReference... references) {
            for (KeyReference reference : references) {
                publicKeys.add(Objects.requireNonNull(reference, "publicKeys"));
            }
            return this;
        }

        /** The accepted {@code iss} values (init-param {@code issuer}); none means the claim is not checked. */
        public Builder issuer(String... values) {
            return issuer(List.of(values));
        }

        public Builder issuer(Collection<String> values) {
            Set<String> checked = nonEmptyStrings("issuer", values);
            for (String issuer : checked) {
                if (isEntraMultiTenant(issuer)) {
                    throw new JwtGateConfigurationException("issuer", "Entra ID's common, organizations and consumers "
                            + "endpoints name no issuer: each token carries its own tenant's, so trusting the endpoint "
                            + "would trust every tenant. Configure the tenant-specific issuer, "
                            + "https://login.microsoftonline.com/<tenant id>/v2.0, one block per tenant you trust");
                }
            }
            issuers.clear();
            issuers.addAll(checked);
            return this;
        }

        /** login.microsoftonline.com/{common|organizations|consumers}, or the metadata's {tenantid} template. */
        private static boolean isEntraMultiTenant(String issuer) {
            String lower = issuer.toLowerCase(Locale.ROOT);
            if (lower.contains("{tenantid}")) {
                return true;
            }
            for (String host : List.of("https://login.microsoftonline.com/", "https://login.microsoft.com/",
                    "https://sts.windows.net/")) {
                for (String tenant : List.of("common", "organizations", "consumers")) {
                    if (lower.startsWith(host + tenant + "/") || lower.equals(host + tenant)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The accepted {@code aud} values (init-param {@code audience}); none means the claim is not checked. */
        public Builder audience(String... values) {
            return audience(List.of(values));
        }

        public Builder audience(Collection<String> values) {
            audiences.clear();
            audiences.addAll(nonEmptyStrings("audience", values));
            return this;
        }

        public Builder leeway(Duration value) {
            if (value == null || value.isNegative() || value.getNano() != 0 || value.compareTo(MAX_LEEWAY) > 0) {
                throw new JwtGateConfigurationException("leeway",
                        "expected whole seconds from 0 to " + MAX_LEEWAY.getSeconds());
            }
            leeway = value;
            return this;
        }

        public Builder requireExp(boolean value) {
            requireExp = value;
            return this;
        }

        public Builder requiredClaims(Collection<String> values) {
            requiredClaims.clear();
            requiredClaims.addAll(nonEmptyStrings("requiredClaims", values));
            return this;
        }

        /**
         * The JOSE {@code typ} values accepted, replacing the default ({@code none, JWT, at+jwt}):
         * compared without case and with a leading {@code application/} ignored; {@code none} accepts
         * a token without {@code typ}.
         */
        public Builder tokenTypes(Collection<String> values) {
            Set<String> checked = new LinkedHashSet<>();
            for (String value : nonEmptyStrings("tokenTypes", values)) {
                String type = canonicalTokenType(value);
                if (type.isEmpty() || !HttpSyntax.isToken(type)) {
                    throw new JwtGateConfigurationException("tokenTypes",
                            "expected JOSE typ values such as JWT or at+jwt, or none for a token without typ");
                }
                checked.add(type);
            }
            if (checked.isEmpty()) {
                throw new JwtGateConfigurationException("tokenTypes", "expected one or more typ values (or none)");
            }
            tokenTypes.clear();
            tokenTypes.addAll(checked);
            return this;
        }

        /**
         * Refuses a token whose {@code iat} lies further in the past than this, plus the leeway, and
         * makes {@code iat} required; {@code null} (the default) sets no limit.
         */
        public Builder maxTokenAge(Duration value) {
            if (value != null && (value.getNano() != 0 || value.compareTo(Duration.ofSeconds(1)) < 0
                    || value.compareTo(MAX_TOKEN_AGE) > 0)) {
                throw new JwtGateConfigurationException("maxTokenAge",
                        "expected whole seconds from 1 to " + MAX_TOKEN_AGE.getSeconds());
            }
            maxTokenAge = value;
            return this;
        }

        /**
         * Requires each claim (a name, or a dot path into nested objects) to have one of its values: a
         * string equal to it, an array holding it, or a number or boolean whose JSON text it is.
         * Replaces any values given before.
         */
        public Builder requiredClaimValues(Map<String, ? extends Collection<String>> values) {
            Map<String, Set<String>> checked = new LinkedHashMap<>();
            Objects.requireNonNull(values, "requiredClaimValues").forEach((claim, claimValues) -> {
                for (String value : Objects.requireNonNull(claimValues, "requiredClaimValues")) {
                    if (claim == null || claim.isBlank() || value == null || value.isBlank()) {
                        throw new JwtGateConfigurationException("requiredClaimValues",
                                "expected claim=value pairs, comma-separated (e.g. typ=Bearer), each with a claim and a value");
                    }
                    if (HttpSyntax.hasControlCharacter(claim) || HttpSyntax.hasControlCharacter(value)) {
                        throw new JwtGateConfigurationException("requiredClaimValues",
                                "expected claim names and values without control characters");
                    }
                    checked.computeIfAbsent(claim.trim(), name -> new LinkedHashSet<>()).add(value.trim());
                }
            });
            requiredClaimValues.clear();
            requiredClaimValues.putAll(checked);
            return this;
        }

        public Builder boundTokens(BoundTokens value) {
            boundTokens = Objects.requireNonNull(value, "boundTokens");
            return this;
        }

        public Builder principalClaim(String value) {
            if (value == null || value.isBlank()) {
                throw new JwtGateConfigurationException("principalClaim", "expected a claim name");
            }
            principalClaim = value.trim();
            return this;
        }

        /** The claims that hold roles, in order (init-param {@code rolesClaim}); {@code roles} by default. */
        public Builder rolesClaim(String... values) {
            return rolesClaim(List.of(values));
        }

        public Builder rolesClaim(Collection<String> values) {
            List<String> checked = List.copyOf(nonEmptyStrings("rolesClaim", values));
            if (checked.isEmpty()) {
                throw new JwtGateConfigurationException("rolesClaim", "expected one or more claim names");
            }
            rolesClaims.clear();
            rolesClaims.addAll(checked);
            return this;
        }

        public Builder requiredRoles(Collection<String> values) {
            requiredRoles.clear();
            requiredRoles.addAll(nonEmptyStrings("requiredRoles", values));
            return this;
        }

        public Builder requiredScopes(Collection<String> values) {
            requiredScopes.clear();
            for (String scope : nonEmptyStrings("requiredScopes", values)) {
                if (!HttpSyntax.isScopeToken(scope)) {
                    throw new JwtGateConfigurationException("requiredScopes",
                            "expected scope names of printable ASCII without spaces, quotes or backslashes");
                }
                requiredScopes.add(scope);
            }
            return this;
        }

        /** {@code pass} (the default) or {@code authenticate}; see {@link CorsPreflight}. */
        public Builder corsPreflight(CorsPreflight value) {
            corsPreflight = Objects.requireNonNull(value, "corsPreflight");
            return this;
        }

        public Builder mode(Mode value) {
            mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /** Servlet-style patterns: {@code /exact}, {@code /prefix/*}, {@code *.ext}. */
        public Builder excludePaths(Collection<String> values) {
            excludePaths.clear();
            for (String pattern : nonEmptyStrings("excludePaths", values)) {
                if (!isPathPattern(pattern)) {
                    throw new JwtGateConfigurationException("excludePaths",
                            "expected servlet-style patterns such as /health, /public/* or *.css");
                }
                if (pattern.equals("/*")) {
                    throw new JwtGateConfigurationException("excludePaths",
                            "/* would exclude every request; to stop authenticating, remove the filter instead");
                }
                excludePaths.add(pattern);
            }
            return this;
        }

        /**
         * Ordered rules, one per element, each {@code METHODS PATTERN REQUIREMENT...} (README,
         * "Access rules per path and method"). Their grammar is checked when the filter starts, where
         * a bad rule stops it with a message naming {@code accessRules} and quoting the rule. Rules
         * hold no secrets, so the effective settings show them.
         */
        public Builder accessRules(Collection<String> values) {
            accessRules.clear();
            for (String rule : nonEmptyStrings("accessRules", values)) {
                accessRules.add(rule.trim());
            }
            return this;
        }

        public Builder realm(String value) {
            if (value != null && !HttpSyntax.isQuotableText(value)) {
                throw new JwtGateConfigurationException("realm",
                        "expected printable ASCII text without quotes or backslashes");
            }
            realm = value;
            return this;
        }

        public Builder tokenCookie(String value) {
            if (value != null && !HttpSyntax.isToken(value)) {
                throw new JwtGateConfigurationException("tokenCookie", "expected a cookie name (an HTTP token)");
            }
            tokenCookie = value;
            return this;
        }

        public Builder allowQueryParameter(boolean value) {
            allowQueryParameter = value;
            return this;
        }

        public Builder maxTokenLength(int value) {
            if (value < SMALLEST_MAX_TOKEN_LENGTH || value > LARGEST_MAX_TOKEN_LENGTH) {
                throw new JwtGateConfigurationException("maxTokenLength",
                        "expected a length from " + SMALLEST_MAX_TOKEN_LENGTH + " to " + LARGEST_MAX_TOKEN_LENGTH);
            }
            maxTokenLength = value;
            return this;
        }

        /**
         * Exposes claims to the application as request headers: header name to claim. Replaces any
         * given before; header names are compared without case.
         */
        public Builder claimHeaders(Map<String, String> headerToClaim) {
            Map<String, String> checked = new LinkedHashMap<>();
            Objects.requireNonNull(headerToClaim, "claimHeaders").forEach((header, claim) -> {
                if (header == null || !HttpSyntax.isToken(header)) {
                    throw new JwtGateConfigurationException("claimHeaders", "expected Header=claim with a valid header name");
                }
                if (claim == null || claim.isBlank()) {
                    throw new JwtGateConfigurationException("claimHeaders", "expected Header=claim with a claim name");
                }
                if (InterpretedHeaders.contains(header)) {
                    throw new JwtGateConfigurationException("claimHeaders", "header " + header + " has a meaning of its "
                            + "own to the container, proxies or frameworks (credentials, framing, forwarding, CORS); "
                            + "choose a name of your own, such as X-User-Email");
                }
                for (String existing : checked.keySet()) {
                    if (existing.equalsIgnoreCase(header)) {
                        throw new JwtGateConfigurationException("claimHeaders",
                                "header " + header + " is named twice (header names are case-insensitive)");
                    }
                }
                checked.put(header, claim.trim());
            });
            claimHeaders.clear();
            claimHeaders.putAll(checked);
            return this;
        }

        public Builder cacheMaxSize(long value) {
            if (value < 0 || value > MAX_CACHE_SIZE) {
                throw new JwtGateConfigurationException("cacheMaxSize", "expected 0 (no cache) up to " + MAX_CACHE_SIZE);
            }
            cacheMaxSize = value;
            return this;
        }

        public Builder cacheMaxTtl(Duration value) {
            cacheMaxTtl = wholeSeconds("cacheMaxTtl", value);
            return this;
        }

        /** How often {@code file:} and {@code sysprop:} keys are read again for rotation without restart. */
        public Builder keysReloadInterval(Duration value) {
            keysReloadInterval = wholeSeconds("keysReloadInterval", value);
            return this;
        }

        /**
         * The JWK Set the RS, PS, ES and EdDSA keys are fetched from: {@code https}, or {@code http}
         * for a loopback host only; no user info in the URL.
         */
        public Builder jwksUri(URI value) {
            jwksUri = remoteUrl("jwksUri", value);
            return this;
        }

        /**
         * {@code true}: the JWK Set URL is taken from the issuer's metadata, fetched from
         * {@code {issuer}/.well-known/openid-configuration} (then the RFC 8414 form) or from
         * {@link #discoveryUri(URI)}. Needs exactly one {@code issuer}, itself an {@code https} URL.
         */
        public Builder discovery(boolean value) {
            discovery = value;
            return this;
        }

        /** Where to fetch the issuer's metadata when the application reaches the provider by another name. */
        public Builder discoveryUri(URI value) {
            discoveryUri = remoteUrl("discoveryUri", value);
            return this;
        }

        /**
         * Trusted-issuer blocks (init-param {@code issuers}, then {@code NAME.*}): the token's {@code iss}
         * picks one before any key is used, and only that block's keys verify it. Replaces any given before.
         */
        public Builder issuers(TrustedIssuer.Builder... values) {
            return issuers(List.of(values));
        }

        public Builder issuers(Collection<TrustedIssuer.Builder> values) {
            Set<String> names = new java.util.HashSet<>();
            for (TrustedIssuer.Builder block : Objects.requireNonNull(values, "issuers")) {
                if (!names.add(Objects.requireNonNull(block, "issuers").name())) {
                    throw new JwtGateConfigurationException("issuers", "block " + block.name() + " is named twice");
                }
            }
            blocks.clear();
            blocks.addAll(values);
            return this;
        }

        /** https, or http to a loopback host; absolute, no user-info or fragment ({@link RemoteUrls}). */
        private static URI remoteUrl(String parameter, URI value) {
            if (value == null || !value.isAbsolute() || value.getHost() == null || value.getRawUserInfo() != null
                    || value.getRawFragment() != null) {
                throw new JwtGateConfigurationException(parameter, "expected an absolute https URL without user info");
            }
            if (!RemoteUrls.isAllowed(value)) {
                throw new JwtGateConfigurationException(parameter,
                        "expected an https URL (http only for localhost, 127.0.0.0/8 or [::1])");
            }
            return value;
        }

        public Builder jwksRefreshInterval(Duration value) {
            jwksRefreshInterval = wholeSeconds("jwksRefreshInterval", value);
            return this;
        }

        public Builder jwksMinRefreshInterval(Duration value) {
            jwksMinRefreshInterval = wholeSeconds("jwksMinRefreshInterval", value);
            return this;
        }

        public Builder jwksMaxStale(Duration value) {
            jwksMaxStale = wholeSeconds("jwksMaxStale", value);
            return this;
        }

        public Builder jwksTimeout(Duration value) {
            jwksTimeout = wholeSeconds("jwksTimeout", value);
            return this;
        }

        /**
         * Where revocations are kept: {@code file:PATH} (one node, or a shared file system) or
         * {@code redis://HOST:PORT[/DB]} / {@code rediss://HOST:PORT[/DB]} (every node shares it).
         * No user info or query in a Redis URL: the password goes in {@link #revocationPassword}.
         */
        public Builder revocation(String value) {
            if (value == null) {
                revocation = null;
                return this;
            }
            String text = value.trim();
            if (text.startsWith("file:")) {
                if (text.length() == "file:".length()) {
                    throw new JwtGateConfigurationException("revocation", "file: needs a path");
                }
            } else if (text.startsWith("redis://") || text.startsWith("rediss://")) {
                URI uri;
                try {
                    uri = new URI(text);
                } catch (URISyntaxException e) {
                    throw new JwtGateConfigurationException("revocation", "not a valid redis:// URL");
                }
                String path = uri.getRawPath();
                if (uri.getHost() == null || uri.getPort() < 1 || uri.getRawUserInfo() != null
                        || uri.getRawQuery() != null || uri.getRawFragment() != null
                        || !(path == null || path.isEmpty() || path.matches("/(1[0-5]|[0-9])"))) {
                    throw new JwtGateConfigurationException("revocation", "expected redis://HOST:PORT or "
                            + "redis://HOST:PORT/DB (DB 0 to 15), without user info or query: the password goes "
                            + "in revocationPassword");
                }
            } else {
                throw new JwtGateConfigurationException("revocation",
                        "expected file:PATH, redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB]");
            }
            revocation = text;
            return this;
        }

        /** The Redis password by reference: {@code env:NAME}, {@code sysprop:NAME} or {@code file:PATH}; a literal is refused. */
        public Builder revocationPassword(String reference) {
            if (reference != null && (!KeyReference.isReference(reference)
                    || reference.indexOf(':') == reference.length() - 1)) {
                throw new JwtGateConfigurationException("revocationPassword", "a literal password is refused: "
                        + "give env:NAME, sysprop:NAME or file:PATH");
            }
            revocationPassword = reference;
            return this;
        }

        public Builder revocationRefreshInterval(Duration value) {
            revocationRefreshInterval = wholeSeconds("revocationRefreshInterval", value);
            return this;
        }

        public Builder revocationMaxStale(Duration value) {
            revocationMaxStale = wholeSeconds("revocationMaxStale", value);
            return this;
        }

        private void checkRevocation(boolean issuerChecked) {
            if (revocation != null && !issuerChecked) {
                throw new JwtGateConfigurationException("revocation", "needs issuer (or issuers): revocations are "
                        + "kept by the token's iss, and a token without one could never be revoked");
            }
            if (revocationPassword != null && (revocation == null || revocation.startsWith("file:"))) {
                throw new JwtGateConfigurationException("revocationPassword", "only with revocation=redis://… or "
                        + "rediss://…");
            }
            if (revocation != null && revocationMaxStale.compareTo(revocationRefreshInterval) < 0) {
                throw new JwtGateConfigurationException("revocationMaxStale", "must be at least "
                        + "revocationRefreshInterval (" + revocationRefreshInterval.getSeconds() + "s)");
            }
        }

        /** The clock that drives both token validation and cache expiry. Tests inject a fixed one. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Checks how the settings fit together and returns the immutable settings. */
        public JwtGateSettings build() {
            if (!blocks.isEmpty()) {
                return buildWithBlocks();
            }
            checkRevocation(!issuers.isEmpty());
            if (algorithms.isEmpty()) {
                throw new JwtGateConfigurationException("algorithms",
                        "required: a comma-separated list of HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 "
                                + "ES256 ES384 ES512 EdDSA");
            }
            boolean hmacAllowed = algorithms.stream().anyMatch(a -> a.family() == JwtAlgorithm.Family.HMAC);
            boolean asymmetricAllowed = algorithms.stream().anyMatch(a -> a.family() != JwtAlgorithm.Family.HMAC);
            if (hmacAllowed && secrets.isEmpty()) {
                throw new JwtGateConfigurationException("secret",
                        "required when an HS algorithm is allowed: env:NAME, sysprop:NAME or file:PATH");
            }
            if (!hmacAllowed && !secrets.isEmpty()) {
                throw new JwtGateConfigurationException("secret",
                        "configured, but algorithms allows no HS algorithm to use it");
            }
            checkDiscovery();
            if (asymmetricAllowed && publicKeys.isEmpty() && jwksUri == null && !discovery) {
                throw new JwtGateConfigurationException("publicKeys",
                        "required when an RS, PS, ES or EdDSA algorithm is allowed: references to PEM keys or certificates"
                                + " (or a jwksUri)");
            }
            if (!asymmetricAllowed && discovery) {
                throw new JwtGateConfigurationException("discovery",
                        "configured, but algorithms allows no RS, PS, ES or EdDSA algorithm to use the issuer's keys");
            }
            if (!asymmetricAllowed && jwksUri != null) {
                throw new JwtGateConfigurationException("jwksUri",
                        "configured, but algorithms allows no RS, PS, ES or EdDSA algorithm to use its keys");
            }
            if (!asymmetricAllowed && !publicKeys.isEmpty()) {
                throw new JwtGateConfigurationException("publicKeys",
                        "configured, but algorithms allows no RS, PS, ES or EdDSA algorithm to use them");
            }
            // One key id names one key: secrets and public keys share the kid namespace of the token header.
            Set<String> keyIds = new LinkedHashSet<>();
            requireUniqueKeyIds("secret", secrets, keyIds);
            requireUniqueKeyIds("publicKeys", publicKeys, keyIds);
            return new JwtGateSettings(this, List.of());
        }

        private void checkDiscovery() {
            if (discoveryUri != null && !discovery) {
                throw new JwtGateConfigurationException("discoveryUri", "only with discovery=true");
            }
            if (!discovery) {
                return;
            }
            if (jwksUri != null) {
                throw new JwtGateConfigurationException("jwksUri",
                        "not with discovery=true: the JWK Set URL comes from the issuer's metadata; remove one");
            }
            if (issuers.size() != 1) {
                throw new JwtGateConfigurationException("discovery", "needs exactly one issuer value, the URL the "
                        + "metadata is found under and must name (give each issuer a block of its own)");
            }
            String issuer = issuers.iterator().next();
            URI uri;
            try {
                uri = new URI(issuer);
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            if (uri == null || !RemoteUrls.isAllowed(uri) || uri.getRawQuery() != null) {
                throw new JwtGateConfigurationException("discovery", "the issuer must be an https URL without user "
                        + "info, query or fragment (http only for localhost, 127.0.0.0/8 or [::1]) to find its metadata");
            }
        }

        /** A block's own param, set at the top level beside {@code issuers}: refused, never shared. */
        private static void refuseBesideBlocks(String parameter, boolean set) {
            if (set) {
                throw new JwtGateConfigurationException(parameter, "not with issuers: each block has its own "
                        + "issuer and keys, and none are shared; set NAME." + parameter + " in a block");
            }
        }

        /**
         * With issuers, every block is built from this builder's shared settings plus its own, and
         * checked like a whole configuration, naming its params {@code NAME.param}; the keys and the
         * issuer are only ever a block's own.
         */
        private JwtGateSettings buildWithBlocks() {
            checkRevocation(true);
            refuseBesideBlocks("issuer", !issuers.isEmpty());
            refuseBesideBlocks("secret", !secrets.isEmpty());
            refuseBesideBlocks("publicKeys", !publicKeys.isEmpty());
            refuseBesideBlocks("jwksUri", jwksUri != null);
            refuseBesideBlocks("discovery", discovery);
            refuseBesideBlocks("discoveryUri", discoveryUri != null);
            refuseBesideBlocks("secretEncoding", secretEncodingSet);
            List<TrustedIssuer> built = new ArrayList<>();
            Map<String, String> blockOfIssuer = new java.util.HashMap<>();
            for (TrustedIssuer.Builder block : blocks) {
                Builder own = forBlock();
                JwtGateSettings settings = block.applyTo(own);
                if (settings.issuer().isEmpty()) {
                    throw new JwtGateConfigurationException(block.name() + ".issuer",
                            "required in a block: the exact iss of its tokens");
                }
                for (String issuer : settings.issuer()) {
                    String other = blockOfIssuer.putIfAbsent(issuer, block.name());
                    if (other != null) {
                        throw new JwtGateConfigurationException(block.name() + ".issuer", "an issuer value of block "
                                + other + " too: the iss of a token must choose one block");
                    }
                }
                built.add(new TrustedIssuer(block.name(), settings));
            }
            return new JwtGateSettings(this, built);
        }

        /** An interval: whole seconds, at least one, at most {@link JwtGateSettings#MAX_INTERVAL}. */
        private static Duration wholeSeconds(String parameter, Duration value) {
            if (value == null || value.getNano() != 0 || value.compareTo(Duration.ofSeconds(1)) < 0
                    || value.compareTo(MAX_INTERVAL) > 0) {
                throw new JwtGateConfigurationException(parameter, "expected whole seconds, at least 1");
            }
            return value;
        }

        private static void requireUniqueKeyIds(String parameter, List<KeyReference> references, Set<String> seen) {
            for (KeyReference reference : references) {
                if (reference.keyId() != null && !seen.add(reference.keyId())) {
                    throw new JwtGateConfigurationException(parameter, "key id " + reference.keyId()
                            + " is used twice (key ids must be unique across secret and publicKeys)");
                }
            }
        }

        private static Set<String> nonEmptyStrings(String parameter, Collection<String> values) {
            Set<String> out = new LinkedHashSet<>();
            for (String value : Objects.requireNonNull(values, parameter)) {
                if (value == null || value.isBlank()) {
                    throw new JwtGateConfigurationException(parameter, "expected non-empty values");
                }
                out.add(value.trim());
            }
            return out;
        }

        private static boolean isPathPattern(String pattern) {
            if (pattern.startsWith("*.")) {
                String extension = pattern.substring(2);
                return !extension.isEmpty() && extension.indexOf('/') < 0 && extension.indexOf('*') < 0;
            }
            if (!pattern.startsWith("/")) {
                return false;
            }
            String stem = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern;
            return stem.indexOf('*') < 0 && stem.indexOf(';') < 0 && stem.indexOf('%') < 0 && stem.indexOf('\\') < 0
                    && !stem.contains("//") && !stem.contains("/./") && !stem.contains("/../")
                    && !stem.endsWith("/.") && !stem.endsWith("/..");
        }
    }
}
