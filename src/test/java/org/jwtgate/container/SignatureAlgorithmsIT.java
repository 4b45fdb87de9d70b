package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.security.KeyPair;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/** Each JWS algorithm the filter offers, accepted with the right key and refused with another. */
class SignatureAlgorithmsIT {

    @RegisterExtension
    static final CellServer server = new CellServer();

    private static Tokens hmac(String alg, byte[] secret) {
        switch (alg) {
            case "HS256": return Tokens.hs256(secret);
            case "HS384": return Tokens.hs384(secret);
            default: return Tokens.hs512(secret);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void get_hmacTokenWithConfiguredSecret_200AndOtherSecret_401(String alg) {
        byte[] secret = Keys.secret(64);
        try (Deployment app = server.deploy(WebXml.params("algorithms", alg,
                "secret", server.reference(Base64.getEncoder().encodeToString(secret)), "secretEncoding", "base64"))) {
            HttpReply accepted = app.bearer("/x", hmac(alg, secret).sign());
            assertEquals(200, accepted.status(), accepted::toString);
            assertEquals("alice", accepted.dump().get("remoteUser"));

            String forged = hmac(alg, Keys.secret(64)).sign();
            assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
    void get_publicKeyTokenWithConfiguredKey_200AndOtherKey_401(String alg) {
        KeyPair keys = keyFor(alg);
        String pem = Keys.fileRef(server.dir(), alg + ".pem", Keys.pem(keys.getPublic()));
        try (Deployment app = server.deploy(WebXml.params("algorithms", alg, "publicKeys", pem))) {
            HttpReply accepted = app.bearer("/x", Tokens.with(alg, keys.getPrivate()).sign());
            assertEquals(200, accepted.status(), accepted::toString);
            assertEquals("alice", accepted.dump().get("remoteUser"));

            String forged = Tokens.with(alg, otherKeyFor(alg).getPrivate()).sign();
            assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
        }
    }

    /** The classic confusion: the public key's PEM text used as an HMAC secret. */
    @Test
    void get_hs256TokenSignedWithRsaPublicKeyText_401() {
        String pemText = Keys.pem(Keys.rsa().getPublic());
        String pem = Keys.fileRef(server.dir(), "confusion.pem", pemText);
        try (Deployment app = server.deploy(WebXml.params("algorithms", "RS256", "publicKeys", pem))) {
            String forged = Tokens.hs256(SecretProperties.utf8(pemText)).sign();
            assertRefused(refused(app, () -> app.bearer("/x", forged)), 401, "invalid_token", forged);
        }
    }

    private static KeyPair keyFor(String alg) {
        switch (alg) {
            case "ES256": return Keys.ec256();
            case "ES384": return Keys.ec384();
            case "ES512": return Keys.ec521();
            default: return Keys.rsa();
        }
    }

    private static KeyPair otherRsa;

    private static KeyPair otherKeyFor(String alg) {
        switch (alg) {
            case "ES256": return Keys.newEc("secp256r1");
            case "ES384": return Keys.newEc("secp384r1");
            case "ES512": return Keys.newEc("secp521r1");
            default:
                if (otherRsa == null) {
                    otherRsa = Keys.newRsa(2048);
                }
                return otherRsa;
        }
    }
}
