package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.RocaKeys;
import org.jwtgate.testing.Tokens;

/**
 * A filter that cannot be configured refuses to start, so the application does not serve: each
 * bad web.xml below is deployed on one server, the application must not serve, a request must not
 * reach it, and the ServletException must name the init-param at fault (and never echo a secret).
 * How a container answers for an application that did not start is its own business (Tomcat 404,
 * Jetty 503): anything but 200.
 */
class InvalidConfigurationIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    static Path dir;
    static byte[] secret;
    static Map<String, String> base;

    /** One bad configuration: what is wrong, the init-params, the param the message must name. */
    record BadConfig(String description, Map<String, String> params, String parameter, String mustNotShow) {
        @Override
        public String toString() {
            return description;
        }
    }

    @BeforeAll
    static void start() {
        dir = server.dir();
        secret = server.secret();
        base = server.hs256();
    }

    private static BadConfig bad(String description, String parameter, String... params) {
        return new BadConfig(description, WebXml.with(base, params), parameter, null);
    }

    private static BadConfig without(String description, String parameter, String removed, String... params) {
        Map<String, String> map = WebXml.with(base, params);
        map.remove(removed);
        return new BadConfig(description, map, parameter, null);
    }

    /** Starts from a valid RS256 configuration instead of the HS256 one. */
    private static BadConfig withRsaKey(String description, String parameter, String... params) {
        Map<String, String> map = WebXml.with(base, "algorithms", "RS256",
                "publicKeys", Keys.fileRef(dir, "good-rsa.pem", Keys.pem(Keys.rsa().getPublic())));
        map.remove("secret");
        map.putAll(WebXml.params(params));
        return new BadConfig(description, map, parameter, null);
    }

    static List<BadConfig> badConfigs() {
        String literal = SecretProperties.randomText(32);
        String validSecret = SecretProperties.randomText(32);
        KeyPair rsa1024 = Keys.newRsa(1024);
        String privatePem = KeyEncodings.privateKeyPem(Keys.rsa().getPrivate()); // made now, never committed
        return List.of(
                bad("unknown init-param", "bogus", "bogus", "1"),
                bad("misspelt init-param", "algorithm", "algorithm", "HS256"),
                without("algorithms missing", "algorithms", "algorithms"),
                bad("unknown algorithm", "algorithms", "algorithms", "HS257"),
                bad("algorithm none", "algorithms", "algorithms", "none"),
                bad("empty item in algorithms", "algorithms", "algorithms", "HS256,,HS384"),
                without("HS allowed without secret", "secret", "secret"),
                new BadConfig("literal secret", WebXml.with(base, "secret", literal), "secret", literal),
                new BadConfig("literal secret with kid", WebXml.with(base, "secret", "k1=" + literal), "secret", literal),
                bad("secret reference to unset system property", "secret",
                        "secret", "sysprop:jwtgate.test.unset." + UUID.randomUUID()),
                bad("secret reference to unset environment variable", "secret",
                        "secret", "env:JWTGATE_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_')),
                bad("secret file missing", "secret", "secret", "file:" + dir.resolve("no-such-file")),
                bad("secret shorter than 32 bytes", "secret",
                        "secret", server.reference(SecretProperties.randomText(31).substring(0, 31))),
                bad("secret shorter than HS512 needs", "secret", "algorithms", "HS256,HS512"),
                bad("repeated word secret of 40 characters", "secret",
                        "secret", server.reference("secretsecretsecretsecretsecretsecretsecr")),
                bad("published secret of 38 characters", "secret",
                        "secret", server.reference("a-string-secret-at-least-256-bits-long")),
                bad("one character repeated", "secret", "secret", server.reference("x".repeat(64))),
                bad("plain sequence", "secret",
                        "secret", server.reference("abcdefghijklmnopqrstuvwxyz0123456789")),
                bad("same kid twice", "secret", "secret",
                        "k1=" + server.reference(validSecret) + ",k1=" + server.reference(validSecret)),
                withRsaKey("secret with no HS algorithm allowed", "secret", "secret", server.reference(validSecret)),
                bad("unknown secretEncoding", "secretEncoding", "secretEncoding", "rot13"),
                bad("secret not valid hex", "secret", "secretEncoding", "hex"),
                bad("secret not valid base64", "secret", "secretEncoding", "base64",
                        "secret", server.reference("not base64 at all: ***" + SecretProperties.randomText(32))),
                without("publicKeys missing for RS256", "publicKeys", "secret", "algorithms", "RS256"),
                withRsaKey("literal PEM in publicKeys", "publicKeys", "publicKeys", Keys.pem(Keys.rsa().getPublic())),
                withRsaKey("RSA key of 1024 bits", "publicKeys",
                        "publicKeys", Keys.fileRef(dir, "rsa1024.pem", Keys.pem(rsa1024.getPublic()))),
                withRsaKey("RSA key with the ROCA fingerprint (CVE-2017-15361)", "publicKeys",
                        "publicKeys", Keys.fileRef(dir, "roca.pem", Keys.pem(RocaKeys.rsa2048().getPublic()))),
                withRsaKey("certificate of an RSA key with the ROCA fingerprint", "publicKeys", "publicKeys",
                        Keys.fileRef(dir, "roca.crt", KeyEncodings.pem("CERTIFICATE",
                                KeyEncodings.selfSignedCertificate(RocaKeys.rsa2048())))),
                withRsaKey("EC P-384 key with only ES256 allowed", "publicKeys", "algorithms", "ES256",
                        "publicKeys", Keys.fileRef(dir, "p384.pem", Keys.pem(Keys.ec384().getPublic()))),
                withRsaKey("ES384 allowed with only a P-256 key", "algorithms", "algorithms", "ES256,ES384",
                        "publicKeys", Keys.fileRef(dir, "p256.pem", Keys.pem(Keys.ec256().getPublic()))),
                withRsaKey("private key in publicKeys", "publicKeys",
                        "publicKeys", Keys.fileRef(dir, "private.pem", privatePem)),
                withRsaKey("publicKeys file is not a key", "publicKeys",
                        "publicKeys", Keys.fileRef(dir, "not-a-key.pem", "hello\n")),
                withRsaKey("RSA key with only ES256 allowed", "publicKeys", "algorithms", "ES256"),
                bad("publicKeys with only HS allowed", "publicKeys",
                        "publicKeys", Keys.fileRef(dir, "unused.pem", Keys.pem(Keys.rsa().getPublic()))),
                bad("empty item in issuer", "issuer", "issuer", Tokens.ISSUER + ", ,"),
                bad("issuer reference unset", "issuer",
                        "issuer", "env:JWTGATE_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_')),
                bad("empty item in audience", "audience", "audience", "a,,b"),
                bad("negative leeway", "leeway", "leeway", "-1"),
                bad("leeway over 300", "leeway", "leeway", "301"),
                bad("fractional leeway", "leeway", "leeway", "1.5"),
                bad("leeway with an unknown unit", "leeway", "leeway", "30sec"),
                bad("requireExp not a boolean", "requireExp", "requireExp", "yes"),
                bad("empty item in requiredClaims", "requiredClaims", "requiredClaims", "email,"),
                bad("blank principalClaim", "principalClaim", "principalClaim", " "),
                bad("empty item in rolesClaim", "rolesClaim", "rolesClaim", "roles,,groups"),
                bad("empty item in requiredRoles", "requiredRoles", "requiredRoles", ",admin"),
                bad("quote in requiredScopes", "requiredScopes", "requiredScopes", "read\"write"),
                bad("unknown mode", "mode", "mode", "sometimes"),
                bad("relative excludePaths", "excludePaths", "excludePaths", "public/*"),
                bad("dot segment in excludePaths", "excludePaths", "excludePaths", "/public/../admin"),
                bad("wildcard inside excludePaths", "excludePaths", "excludePaths", "/a/*/b"),
                bad("quote in realm", "realm", "realm", "my \"realm\""),
                bad("space in tokenCookie", "tokenCookie", "tokenCookie", "access token"),
                bad("allowQueryParameter not a boolean", "allowQueryParameter", "allowQueryParameter", "1"),
                bad("maxTokenLength zero", "maxTokenLength", "maxTokenLength", "0"),
                bad("maxTokenLength not a number", "maxTokenLength", "maxTokenLength", "8k"),
                bad("claimHeaders without =", "claimHeaders", "claimHeaders", "X-Remote-User"),
                bad("claimHeaders with invalid header name", "claimHeaders", "claimHeaders", "X Remote User=sub"),
                bad("claimHeaders naming one header twice", "claimHeaders",
                        "claimHeaders", "X-User=sub, x-user=email"),
                bad("negative cacheMaxSize", "cacheMaxSize", "cacheMaxSize", "-1"),
                bad("cacheMaxSize not a number", "cacheMaxSize", "cacheMaxSize", "ten"),
                bad("cacheMaxTtl zero", "cacheMaxTtl", "cacheMaxTtl", "0"),
                bad("jwksUri named", "jwksUri", "jwksUri", "https://issuer.example/.well-known/jwks.json"));
    }

    @Test
    void deploy_validBaseConfiguration_serves() {
        try (Deployment app = server.tryDeploy(base)) {
            assertTrue(app.isServing());
            HttpReply reply = app.bearer("/x", Tokens.hs256(secret).sign());
            assertEquals(200, reply.status(), reply::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void deploy_invalidConfiguration_contextFailsAndNamesParam(BadConfig config) {
        try (Deployment app = server.tryDeploy(config.params())) {
            assertFalse(app.isServing(), "the application started");
            HttpReply reply = app.bearer("/x", Tokens.hs256(secret).sign());
            assertNotEquals(200, reply.status(), reply::toString);
            assertEquals(0, app.invocations(), "the application was invoked");

            String message = app.initFailure();
            assertNotNull(message, "init() did not throw a ServletException");
            assertTrue(Pattern.compile("\\b" + Pattern.quote(config.parameter()) + "\\b").matcher(message).find(),
                    () -> "message does not name " + config.parameter() + ": " + message);
            if (config.mustNotShow() != null) {
                ErrorResponseAssertions.assertNotShown(config.mustNotShow(), message);
            }
        }
    }
}
