package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.testing.Jwks;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LeakGuard;
import org.jwtgate.testing.Tokens;

/**
 * Signatures: only a signature the configured key made over exactly these bytes verifies. ECDSA
 * r = s = 0 (CVE-2022-21449), r or s out of range, DER instead of the JOSE form, wrong lengths;
 * the one malleation ECDSA allows, (r, n − s), verifies and yields the same principal and nothing
 * more; RSA, HMAC and EdDSA signatures flipped, truncated, extended or taken from another token.
 */
class SignatureAttackTest extends AttackFamily {

    @RegisterExtension
    static final LeakGuard leaks = new LeakGuard();

    private static KeyPair ecKeys(String alg) {
        return alg.equals("ES256") ? Keys.ec256() : alg.equals("ES384") ? Keys.ec384() : Keys.ec521();
    }

    private static int ecComponentLength(String alg) {
        return alg.equals("ES256") ? 32 : alg.equals("ES384") ? 48 : 66;
    }

    private static BigInteger order(String alg) {
        return ((ECPublicKey) ecKeys(alg).getPublic()).getParams().getOrder();
    }

    /** r and s as the JOSE form concatenates them (RFC 7518 §3.4). */
    private static byte[] jose(BigInteger r, BigInteger s, int length) {
        byte[] out = new byte[2 * length];
        System.arraycopy(Jwks.fixed(r, length), 0, out, 0, length);
        System.arraycopy(Jwks.fixed(s, length), 0, out, length, length);
        return out;
    }

    private static BigInteger r(byte[] jose) {
        return new BigInteger(1, Arrays.copyOfRange(jose, 0, jose.length / 2));
    }

    private static BigInteger s(byte[] jose) {
        return new BigInteger(1, Arrays.copyOfRange(jose, jose.length / 2, jose.length));
    }

    // --- ECDSA ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ES256", "ES384", "ES512"})
    void ecdsaSignatureOfZeros_refused(String alg) {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
        Gate gate = gates.publicKey(alg, ecKeys(alg));
        String token = Tokens.with(alg, ecKeys(alg).getPrivate()).subject("admin").sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.withSignature(token, new byte[2 * ecComponentLength(alg)])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"ES256,r=0", "ES256,s=0", "ES256,r=n", "ES256,s=n", "ES256,r=s=n", "ES256,r+n", "ES256,s+n",
        "ES384,r=n", "ES384,s=n", "ES512,r=n", "ES512,s=n", "ES512,r+n", "ES512,s+n", "ES256,r=s=1"})
    void ecdsaComponentOutOfRange_refused(String alg, String attack) {
        Gate gate = gates.publicKey(alg, ecKeys(alg));
        String token = Tokens.with(alg, ecKeys(alg).getPrivate()).sign();
        byte[] genuine = Gate.signature(token);
        BigInteger n = order(alg);
        BigInteger r = r(genuine);
        BigInteger s = s(genuine);
        int length = ecComponentLength(alg);
        BigInteger limit = BigInteger.ONE.shiftLeft(8 * length);
        switch (attack) {
            case "r=0": r = BigInteger.ZERO; break;
            case "s=0": s = BigInteger.ZERO; break;
            case "r=n": r = n; break;
            case "s=n": s = n; break;
            case "r=s=n": r = n; s = n; break;
            // Equal modulo n, not equal as numbers: only representable when it still fits the field.
            case "r+n": r = r.add(n).compareTo(limit) < 0 ? r.add(n) : n.add(BigInteger.ONE); break;
            case "s+n": s = s.add(n).compareTo(limit) < 0 ? s.add(n) : n.add(BigInteger.ONE); break;
            default: r = BigInteger.ONE; s = BigInteger.ONE; break;
        }
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.withSignature(token, jose(r, s, length))));
        assertEquals("alice", gate.principal(token).getName());
    }

    @Test
    void ecdsaSignatureInDerInsteadOfJoseForm_refused() throws Exception {
        String unsigned = Gate.unsigned(Tokens.with("ES256", Keys.ec256().getPrivate()).sign());
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(Keys.ec256().getPrivate());
        der.update(unsigned.substring(0, unsigned.length() - 1).getBytes(StandardCharsets.US_ASCII));
        String token = unsigned + Base64.getUrlEncoder().withoutPadding().encodeToString(der.sign());
        assertEquals(Reason.BAD_SIGNATURE, gates.publicKey("ES256", Keys.ec256()).reason(token));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 31, 63, 65, 96, 128})
    void ecdsaSignatureOfWrongLength_refused(int length) {
        String token = Tokens.with("ES256", Keys.ec256().getPrivate()).sign();
        byte[] genuine = Gate.signature(token);
        byte[] resized = Arrays.copyOf(genuine, length);
        if (length == 128) {
            System.arraycopy(genuine, 0, resized, 64, 64);
        }
        assertEquals(Reason.BAD_SIGNATURE, gates.publicKey("ES256", Keys.ec256()).reason(Gate.withSignature(token, resized)));
    }

    @Test
    void ecdsaSignatureLeftPaddedToAnotherCurvesLength_refused() {
        // The P-256 signature's r and s each padded to 48 bytes: the ES384 length, the same numbers.
        String token = Tokens.with("ES256", Keys.ec256().getPrivate()).sign();
        byte[] genuine = Gate.signature(token);
        assertEquals(Reason.BAD_SIGNATURE, gates.publicKey("ES256", Keys.ec256())
                .reason(Gate.withSignature(token, jose(r(genuine), s(genuine), 48))));
    }

    @Test
    void ecdsaSignedByOtherKey_refused() {
        String token = Tokens.with("ES256", Keys.newEc("secp256r1").getPrivate()).sign();
        assertEquals(Reason.BAD_SIGNATURE, gates.publicKey("ES256", Keys.ec256()).reason(token));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ES256", "ES384", "ES512"})
    void ecdsaMalleatedSignature_samePrincipalAndNothingMore(String alg) {
        // (r, n - s) verifies whenever (r, s) does: ECDSA allows it and the JOSE form cannot forbid
        // it. It must buy the holder of a valid token nothing: the same principal, the same claims.
        Gate gate = gates.publicKey(alg, ecKeys(alg));
        String token = Tokens.with(alg, ecKeys(alg).getPrivate()).roles(List.of("user")).scope("read").sign();
        byte[] genuine = Gate.signature(token);
        BigInteger n = order(alg);
        String malleated = Gate.withSignature(token, jose(r(genuine), n.subtract(s(genuine)), ecComponentLength(alg)));
        assertNotEquals(token, malleated);

        JwtPrincipal original = gate.principal(token);
        JwtPrincipal twin = gate.principal(malleated);
        assertEquals(original.getName(), twin.getName());
        assertEquals(original.getClaims(), twin.getClaims());
        assertEquals(original.getRoles(), twin.getRoles());
        assertEquals(original.getScopes(), twin.getScopes());
        assertEquals(original.getExpiresAt(), twin.getExpiresAt());
        // A distinct token string: verified on its own and cached under its own entry.
        assertEquals(2, gate.verifications());
        assertEquals(2, gate.cachedTokens());
        // And no more lasting: it expires with the token it came from.
        gates.clock.set(Tokens.NOW.plusSeconds(3600 + 30));
        assertEquals(Reason.EXPIRED, gate.reason(malleated));
        assertEquals(Reason.EXPIRED, gate.reason(token));
    }

    // --- RSA ---

    @ParameterizedTest(name = "bit {0}")
    @ValueSource(ints = {0, 7, 1024, 2040, 2047})
    void rsaSignatureWithOneBitFlipped_refused(int bit) {
        Gate gate = gates.publicKey("RS256, PS256", Keys.rsa());
        for (String alg : new String[] {"RS256", "PS256"}) {
            String token = Tokens.with(alg, Keys.rsa().getPrivate()).sign();
            byte[] signature = Gate.signature(token);
            signature[bit / 8] ^= (byte) (1 << (bit % 8));
            assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.withSignature(token, signature)), alg);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"last byte dropped", "first byte dropped", "zero byte prepended", "zero byte appended",
        "doubled", "half", "zero", "one", "modulus minus one", "modulus", "all ones"})
    void rsaSignatureTruncatedExtendedOrOutOfRange_refused(String attack) {
        Gate gate = gates.publicKey("RS256", Keys.rsa());
        String token = Tokens.with("RS256", Keys.rsa().getPrivate()).sign();
        byte[] genuine = Gate.signature(token);
        BigInteger modulus = ((RSAPublicKey) Keys.rsa().getPublic()).getModulus();
        byte[] forged;
        switch (attack) {
            case "last byte dropped": forged = Arrays.copyOf(genuine, 255); break;
            case "first byte dropped": forged = Arrays.copyOfRange(genuine, 1, 256); break;
            case "zero byte prepended": forged = concat(new byte[1], genuine); break;
            case "zero byte appended": forged = concat(genuine, new byte[1]); break;
            case "doubled": forged = concat(genuine, genuine); break;
            case "half": forged = Arrays.copyOf(genuine, 128); break;
            case "zero": forged = new byte[256]; break;
            case "one": forged = Jwks.fixed(BigInteger.ONE, 256); break;
            case "modulus minus one": forged = Jwks.fixed(modulus.subtract(BigInteger.ONE), 256); break;
            case "modulus": forged = Jwks.fixed(modulus, 256); break;
            default: forged = new byte[256]; Arrays.fill(forged, (byte) 0xff); break;
        }
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.withSignature(token, forged)));
    }

    @Test
    void rsaSignatureFromAnotherToken_refused() {
        Gate gate = gates.publicKey("RS256", Keys.rsa());
        String alice = Tokens.with("RS256", Keys.rsa().getPrivate()).sign();
        String admin = Tokens.with("RS256", Keys.rsa().getPrivate()).subject("admin").roles(List.of("admin")).sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.unsigned(admin) + alice.substring(alice.lastIndexOf('.') + 1)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // --- HMAC ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated to 16 bytes", "truncated to 31 bytes", "one byte appended", "doubled",
        "first bit flipped", "last bit flipped", "empty MAC of zeros"})
    void hmacSignatureTamperedWith_refused(String attack) {
        Gate gate = gates.hs256();
        String token = gates.valid().sign();
        byte[] mac = Gate.signature(token);
        byte[] forged;
        switch (attack) {
            case "truncated to 16 bytes": forged = Arrays.copyOf(mac, 16); break;
            case "truncated to 31 bytes": forged = Arrays.copyOf(mac, 31); break;
            case "one byte appended": forged = Arrays.copyOf(mac, 33); break;
            case "doubled": forged = concat(mac, mac); break;
            case "first bit flipped": forged = mac.clone(); forged[0] ^= 1; break;
            case "last bit flipped": forged = mac.clone(); forged[31] ^= (byte) 0x80; break;
            default: forged = new byte[32]; break;
        }
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.withSignature(token, forged)));
        assertEquals("alice", gate.principal(token).getName());
    }

    @Test
    void hmacWithOtherSecret_refused() {
        assertEquals(Reason.BAD_SIGNATURE, gates.hs256().reason(Tokens.hs256(Keys.secret(32)).sign()));
    }

    @Test
    void tamperedPayloadUnderGenuineSignature_refused() {
        String[] parts = gates.valid().sign().split("\\.");
        String forged = parts[0] + "." + Tokens.b64("{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"admin\",\"aud\":\""
                + Tokens.AUDIENCE + "\",\"exp\":" + (Tokens.NOW.getEpochSecond() + 3600) + "}") + "." + parts[2];
        assertEquals(Reason.BAD_SIGNATURE, gates.hs256().reason(forged));
    }

    @Test
    void tamperedHeaderUnderGenuineSignature_refused() {
        String token = gates.valid().sign();
        String header = Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"x\"}");
        assertEquals(Reason.BAD_SIGNATURE, gates.hs256().reason(header + token.substring(token.indexOf('.'))));
    }

    // --- EdDSA ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Ed25519", "Ed448"})
    void edDsaOtherKeyOrTamperedPayload_refused(String curve) {
        KeyPair keys = Jwks.newPair(curve);
        Gate gate = gates.publicKey("EdDSA", keys);
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Tokens.eddsa(Jwks.newPair(curve).getPrivate()).sign()));
        String[] parts = Tokens.eddsa(keys.getPrivate()).sign().split("\\.");
        String tampered = parts[0] + "." + Tokens.eddsa(keys.getPrivate()).subject("mallory").sign().split("\\.")[1]
                + "." + parts[2];
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(tampered));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 30, 63, 65, 114})
    void edDsaSignatureOfWrongLength_refused(int length) {
        KeyPair keys = Jwks.ed25519();
        String token = Tokens.eddsa(keys.getPrivate()).sign();
        byte[] resized = Arrays.copyOf(Gate.signature(token), length);
        Reason expected = length == 0 ? Reason.MALFORMED_TOKEN : Reason.BAD_SIGNATURE;
        assertEquals(expected, gates.publicKey("EdDSA", keys).reason(length == 0 ? Gate.unsigned(token)
                : Gate.withSignature(token, resized)));
    }

    @Test
    void ed25519SignatureWithScalarPlusGroupOrder_refused() {
        // RFC 8032 §5.1.7: S must be below L. S + L verifies in lenient implementations: a second
        // signature for the same token, which Ed25519 (unlike ECDSA) is meant not to have.
        BigInteger l = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        KeyPair keys = Jwks.ed25519();
        Gate gate = gates.publicKey("EdDSA", keys);
        String token = Tokens.eddsa(keys.getPrivate()).sign();
        byte[] signature = Gate.signature(token);
        byte[] sLittleEndian = Arrays.copyOfRange(signature, 32, 64);
        byte[] sBigEndian = reverse(sLittleEndian);
        BigInteger sPlusL = new BigInteger(1, sBigEndian).add(l);
        System.arraycopy(reverse(Jwks.fixed(sPlusL, 32)), 0, signature, 32, 32);
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.withSignature(token, signature)));
        assertEquals("alice", gate.principal(token).getName());
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    @Test
    void signatureOfOneAlgorithmFamilyUnderAnother_refused() {
        String pems = gates.env("EC", Keys.pem(Keys.ec256().getPublic()));
        Gate gate = gates.hs256("algorithms", "HS256, ES256", "publicKeys", pems);
        String es256 = Tokens.with("ES256", Keys.ec256().getPrivate()).sign();
        String hs256 = gates.valid().sign();
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.unsigned(es256) + hs256.substring(hs256.lastIndexOf('.') + 1)));
        assertEquals(Reason.BAD_SIGNATURE, gate.reason(Gate.unsigned(hs256) + es256.substring(es256.lastIndexOf('.') + 1)));
    }
}
