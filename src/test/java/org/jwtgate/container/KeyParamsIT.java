package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtgate.container.ErrorResponseAssertions.assertRefused;
import static org.jwtgate.container.ErrorResponseAssertions.refused;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.testing.KeyEncodings;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.Tokens;

/** The key init-params over HTTP: algorithms, secret, secretEncoding, publicKeys. */
class KeyParamsIT {

    @RegisterExtension
    static final CellServer server = new CellServer();
    final SecretProperties secrets = new SecretProperties();

    @AfterEach
    void clearSecrets() {
        secrets.close();
    }

    private static void assertAccepted(Deployment app, String token) {
        HttpReply reply = app.bearer("/x", token);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("alice", reply.dump().get("remoteUser"));
    }

    private static void assertInvalid(Deployment app, String token) {
        assertRefused(refused(app, () -> app.bearer("/x", token)), 401, "invalid_token", token);
    }

    @Test
    void algorithms_tokenAlgorithmNotListed_401EvenWithRightSecret() {
        String text = SecretProperties.randomText(48);
        try (Deployment app = server.deploy(WebXml.params("algorithms", "HS256", "secret", secrets.reference(text)))) {
            assertAccepted(app, Tokens.hs256(SecretProperties.utf8(text)).sign());
            assertInvalid(app, Tokens.hs384(SecretProperties.utf8(text)).sign());
            assertInvalid(app, Tokens.hs512(SecretProperties.utf8(text)).sign());
        }
    }

    @Test
    void algorithms_severalListedAnyCase_eachListedAccepted() {
        String text = SecretProperties.randomText(48);
        try (Deployment app = server.deploy(WebXml.params("algorithms", "HS256, hs384",
                "secret", secrets.reference(text)))) {
            assertAccepted(app, Tokens.hs256(SecretProperties.utf8(text)).sign());
            assertAccepted(app, Tokens.hs384(SecretProperties.utf8(text)).sign());
        }
    }

    @Test
    void algorithms_rsaKeyWithRs256AndPs256_onlyThoseTwoAccepted() {
        KeyPair rsa = Keys.rsa();
        String pem = Keys.fileRef(server.dir(), "rs-ps.pem", Keys.pem(rsa.getPublic()));
        try (Deployment app = server.deploy(WebXml.params("algorithms", "RS256,PS256", "publicKeys", pem))) {
            assertAccepted(app, Tokens.with("RS256", rsa.getPrivate()).sign());
            assertAccepted(app, Tokens.with("PS256", rsa.getPrivate()).sign());
            assertInvalid(app, Tokens.with("RS512", rsa.getPrivate()).sign());
            assertInvalid(app, Tokens.with("PS384", rsa.getPrivate()).sign());
        }
    }

    @Test
    void secret_kidLabelledSecrets_kidSelectsTheSecret() {
        String textA = SecretProperties.randomText(32);
        String textB = SecretProperties.randomText(32);
        byte[] a = SecretProperties.utf8(textA);
        byte[] b = SecretProperties.utf8(textB);
        String params = "k1=" + secrets.reference(textA) + ", k2=" + secrets.reference(textB);
        try (Deployment app = server.deploy(WebXml.params("algorithms", "HS256", "secret", params))) {
            assertAccepted(app, Tokens.hs256(a).keyId("k1").sign());
            assertAccepted(app, Tokens.hs256(b).keyId("k2").sign());
            assertInvalid(app, Tokens.hs256(b).keyId("k1").sign());
            assertInvalid(app, Tokens.hs256(a).keyId("k2").sign());
            assertInvalid(app, Tokens.hs256(a).keyId("k3").sign());
            assertInvalid(app, Tokens.hs256(a).sign());
        }
    }

    @Test
    void secret_twoUnlabelledSecrets_tokensFromEitherAccepted() {
        String currentText = SecretProperties.randomText(32);
        String previousText = SecretProperties.randomText(32);
        byte[] current = SecretProperties.utf8(currentText);
        byte[] previous = SecretProperties.utf8(previousText);
        String params = secrets.reference(currentText) + "," + secrets.reference(previousText);
        try (Deployment app = server.deploy(WebXml.params("algorithms", "HS256", "secret", params))) {
            assertAccepted(app, Tokens.hs256(current).sign());
            assertAccepted(app, Tokens.hs256(previous).keyId("old").sign());
            assertInvalid(app, Tokens.hs256(Keys.secret(32)).sign());
        }
    }

    @Test
    void secret_fileReferenceWithTrailingNewline_newlineIsNotPartOfSecret() {
        String text = SecretProperties.randomText(32);
        String reference = Keys.fileRef(server.dir(), "jwt-secret", text + "\n");
        try (Deployment app = server.deploy(WebXml.params("algorithms", "HS256", "secret", reference))) {
            assertAccepted(app, Tokens.hs256(SecretProperties.utf8(text)).sign());
            assertInvalid(app, Tokens.hs256(SecretProperties.utf8(text + "\n")).sign());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"utf8", "base64", "base64url", "hex"})
    void secretEncoding_each_secretTextDecodedToKeyBytes(String encoding) {
        byte[] key;
        String text;
        switch (encoding) {
            case "utf8":
                text = SecretProperties.randomText(32);
                key = SecretProperties.utf8(text);
                break;
            case "base64":
                key = Keys.secret(32);
                text = Base64.getEncoder().encodeToString(key);
                break;
            case "base64url":
                // A key whose base64url differs from its base64, so the alphabet is really exercised.
                do {
                    key = Keys.secret(32);
                    text = Base64.getUrlEncoder().encodeToString(key);
                } while (text.equals(Base64.getEncoder().encodeToString(key)));
                break;
            default:
                key = Keys.secret(32);
                text = HexFormat.of().formatHex(key);
                break;
        }
        try (Deployment app = server.deploy(WebXml.params("algorithms", "HS256", "secret", secrets.reference(text),
                "secretEncoding", encoding))) {
            assertAccepted(app, Tokens.hs256(key).sign());
            if (!encoding.equals("utf8")) {
                assertInvalid(app, Tokens.hs256(SecretProperties.utf8(text)).sign());
            }
        }
    }

    @Test
    void publicKeys_pemFileReference_tokenFromThatKeyAccepted() {
        KeyPair ec = Keys.ec256();
        String pem = Keys.fileRef(server.dir(), "es256.pem", Keys.pem(ec.getPublic()));
        try (Deployment app = server.deploy(WebXml.params("algorithms", "ES256", "publicKeys", pem))) {
            assertAccepted(app, Tokens.with("ES256", ec.getPrivate()).sign());
            assertInvalid(app, Tokens.with("ES256", Keys.newEc("secp256r1").getPrivate()).sign());
        }
    }

    @Test
    void publicKeys_x509CertificatesRsaAndEc_tokensFromCertifiedKeysAccepted() {
        KeyPair rsa = Keys.rsa();
        KeyPair ec = Keys.ec384();
        String keys = Keys.fileRef(server.dir(), "rsa.crt", KeyEncodings.pem("CERTIFICATE", KeyEncodings.selfSignedCertificate(rsa)))
                + ", " + Keys.fileRef(server.dir(), "ec384.crt", KeyEncodings.pem("CERTIFICATE", KeyEncodings.selfSignedCertificate(ec)));
        try (Deployment app = server.deploy(WebXml.params("algorithms", "RS256,ES384", "publicKeys", keys))) {
            assertAccepted(app, Tokens.with("RS256", rsa.getPrivate()).sign());
            assertAccepted(app, Tokens.with("ES384", ec.getPrivate()).sign());
            assertInvalid(app, Tokens.with("ES384", Keys.newEc("secp384r1").getPrivate()).sign());
        }
    }

    @Test
    void publicKeys_pkcs1RsaPublicKeyPem_tokenFromThatKeyAccepted() {
        KeyPair rsa = Keys.rsa();
        String pem = Keys.fileRef(server.dir(), "rsa-pkcs1.pem", KeyEncodings.pem("RSA PUBLIC KEY", KeyEncodings.rsaPkcs1((RSAPublicKey) rsa.getPublic())));
        try (Deployment app = server.deploy(WebXml.params("algorithms", "PS512", "publicKeys", pem))) {
            assertAccepted(app, Tokens.with("PS512", rsa.getPrivate()).sign());
        }
    }

    @Test
    void publicKeys_kidLabelledRsaAndEc_kidSelectsTheKey() {
        KeyPair rsa = Keys.rsa();
        KeyPair ec = Keys.ec256();
        String keys = "rsa-1=" + Keys.fileRef(server.dir(), "kid-rsa.pem", Keys.pem(rsa.getPublic()))
                + ", ec-1=" + Keys.fileRef(server.dir(), "kid-ec.pem", Keys.pem(ec.getPublic()));
        try (Deployment app = server.deploy(WebXml.params("algorithms", "RS256,ES256", "publicKeys", keys))) {
            assertAccepted(app, Tokens.with("RS256", rsa.getPrivate()).keyId("rsa-1").sign());
            assertAccepted(app, Tokens.with("ES256", ec.getPrivate()).keyId("ec-1").sign());
            assertInvalid(app, Tokens.with("ES256", ec.getPrivate()).keyId("rsa-1").sign());
            assertInvalid(app, Tokens.with("RS256", rsa.getPrivate()).keyId("ec-1").sign());
            assertInvalid(app, Tokens.with("RS256", rsa.getPrivate()).sign());
        }
    }
}
