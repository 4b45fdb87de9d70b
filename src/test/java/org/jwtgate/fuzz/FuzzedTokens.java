package org.jwtgate.fuzz;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import org.jwtgate.testing.Tokens;

/**
 * Shapes fuzzer bytes into compact JWS tokens that get past the cheap checks and reach deep into
 * verification. Every choice falls back to the sensible value when the input runs out, so the
 * empty input is a freshly signed, valid token (a seed that needs no committed file and no
 * committed key), and each byte the fuzzer adds changes one thing about it:
 * <ul>
 * <li>a valid token with a few character edits (near-valid tokens);</li>
 * <li>header and payload JSON built member by member: every JOSE header the issue names (alg in
 * many spellings, kid, crit, enc, jwk, jku, x5u, x5c, b64, typ of access and other tokens), the
 * registered claims with values of every JSON type, time values around the leeway and
 * {@code maxTokenAge} edges and the 0..253402300799 range, {@code cnf}, the claims required by value
 * and near misses of them, blank principals, scopes of every type, duplicate members, trailing
 * data, non-objects, invalid UTF-8 and non-canonical base64;</li>
 * <li>a signature segment that is the right one, the right one altered or re-encoded, another key's,
 * an ECDSA special case, or random bytes;</li>
 * <li>raw text.</li>
 * </ul>
 * The right signature is made over whatever header and payload were built, so the fuzzer also
 * explores the claim checks behind the signature, where only a real key holder can go.
 */
final class FuzzedTokens {

    /** Signs a JWS signing input for the header's {@code alg} (which may be garbage). */
    interface Signer {
        byte[] sign(String alg, byte[] signingInput);
    }

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private static final long NOW = Tokens.NOW.getEpochSecond();
    private static final String[] OTHER_ALGS = {"none", "None", "NONE", "nOnE", "HS256", "HS384", "HS512", "RS256",
        "RS384", "PS256", "ES256", "ES384", "ES512", "EdDSA", "hs256", "HS256 ", "", "ES256K", "dir", "RSA-OAEP"};
    private static final String[] HEADER_NAMES = {"typ", "kid", "crit", "enc", "jwk", "jku", "x5u", "x5c", "b64",
        "cty", "zip", "alg", "x5t", ""};
    private static final String[] CLAIM_NAMES = {"roles", "scope", "scp", "nbf", "realm_access", "sub", "exp", "iss",
        "aud", "iat", "jti", "realm_access.roles", "", "cnf", "tid", "ver", "typ"};
    /** JOSE typ values: the access-token ones in several spellings, other token types, near misses. */
    private static final String[] TYPS = {"\"JWT\"", "\"at+jwt\"", "\"application/at+jwt\"", "\"AT+JWT\"",
        "\"application/JWT\"", "\"logout+jwt\"", "\"dpop+jwt\"", "\"secevent+jwt\"", "\"none\"", "\"\"",
        "\"application/\"", "\"JWT \"", "null", "7", "[\"JWT\"]"};
    /** Values of the claims {@link AuthenticateProperties} requires by value (tid=t1|t2, ver=2), and near misses. */
    private static final String[] TIDS = {"\"t1\"", "\"t2\"", "\"T1\"", "\"t1 \"", "[\"t0\",\"t2\"]", "[]", "null",
        "1", "{\"t1\":true}"};
    private static final String[] CNFS = {"{\"jkt\":\"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I\"}",
        "{\"x5t#S256\":\"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2\"}", "null", "{}", "\"x\""};
    private static final String[] VERS = {"2", "2.0", "\"2\"", "[1,2]", "20", "true", "2e0", "null", "-2"};
    private static final String[] SCOPES = {"\"read write\"", "[\"read\",\"write\"]", "\"\"", "\" \"", "7",
        "[\"read\",1]", "{\"read\":true}"};
    private static final String[] PRINCIPALS = {"\"alice\"", "\"\"", "\" \"", "\"\\u200b\"", "\"\\u00a0\\u3000\"",
        "\" a \"", "\"\\u3164\"", "\"\\ufeff\"", "\"\\t\""};
    private static final String[] KIDS = {"rsa", "ec", "hs", "../../etc/passwd", "' OR '1'='1", "$(id)", "", "rsa "};
    /** Times around now and the 30 s default leeway, and the edges of the number types. */
    private static final String[] TIMES = {
        Long.toString(NOW + 3600), Long.toString(NOW - 31), Long.toString(NOW - 30), Long.toString(NOW - 29),
        Long.toString(NOW), Long.toString(NOW + 29), Long.toString(NOW + 30), Long.toString(NOW + 31), "0", "-1",
        Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE), "9223372036854775808", "1e300", "-1e300",
        (NOW + 3600) + ".5", (NOW - 30) + ".999", "1.7E9", "\"" + (NOW + 3600) + "\"", "true", "-0", "1e-400",
        "123456789012345678901234567890", "253402300799", "253402300800", "253402300799.5", "-0.001", "null",
        Long.toString(NOW - 3630), Long.toString(NOW - 3631), (NOW - 3630) + ".001", "2.53402300799e11"};
    /** P-256's group order n: r or s equal to it, or above, must never verify. */
    private static final String P256_N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

    private FuzzedTokens() {
    }

    /**
     * @param algs    the configured algorithms, the first being the default
     * @param signer  signs as a configured key would
     * @param forgers other keys an attacker might hold or guess (another secret, the public key as
     *                an HMAC secret…)
     */
    static String token(FuzzedDataProvider data, String[] algs, Signer signer, Signer[] forgers) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                return edited(data, algs, signer);
            case 1:
            case 2:
                return built(data, algs, signer, forgers);
            default:
                return data.consumeString(600);
        }
    }

    /** A valid token, then 0 to 4 character edits. */
    private static String edited(FuzzedDataProvider data, String[] algs, Signer signer) {
        String alg = algs[data.consumeInt(0, algs.length - 1)];
        String header = "{\"alg\":\"" + alg + "\"" + (alg.startsWith("RS") ? ",\"kid\":\"rsa\"" : "") + "}";
        String input = b64(header) + "." + b64(defaultPayload());
        StringBuilder token = new StringBuilder(input).append('.')
                .append(B64URL.encodeToString(signer.sign(alg, ascii(input))));
        int edits = data.consumeInt(0, 4);
        for (int i = 0; i < edits && token.length() > 0; i++) {
            int at = data.consumeInt(0, token.length() - 1);
            switch (data.consumeInt(0, 4)) {
                case 0:
                    token.insert(at, data.consumeChar());
                    break;
                case 1:
                    token.deleteCharAt(at);
                    break;
                case 2:
                    token.setCharAt(at, data.consumeChar());
                    break;
                case 3:
                    token.setLength(at);
                    break;
                default:
                    token.insert(at, data.pickValue(new String[] {".", "=", " ", "+", "/", "..", "~"}));
                    break;
            }
        }
        return token.toString();
    }

    private static String defaultPayload() {
        return "{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"iat\":" + NOW
                + ",\"exp\":" + (NOW + 3600) + ",\"tid\":\"t1\",\"ver\":2}";
    }

    private static String built(FuzzedDataProvider data, String[] algs, Signer signer, Signer[] forgers) {
        String alg = alg(data, algs);
        String header = object(data, headerMembers(data, alg));
        String payload = object(data, payloadMembers(data));
        String input = segment(data, header) + "." + segment(data, payload);
        String signature = signature(data, alg, ascii(input), signer, forgers);
        switch (data.consumeInt(0, 5)) {
            case 0:
                return input + "." + signature;
            case 1:
                return input;
            case 2:
                return input + "." + signature + "." + data.consumeString(20); // JWE-like: more segments
            case 3:
                return input + ".." + signature;
            case 4:
                return "." + input + "." + signature;
            default:
                return input + "." + signature + data.pickValue(new String[] {"=", "==", ".", " ", "\t", "~"});
        }
    }

    private static String alg(FuzzedDataProvider data, String[] algs) {
        int choice = data.consumeInt(0, algs.length + 1);
        if (choice < algs.length) {
            return algs[choice];
        }
        return choice == algs.length ? data.pickValue(OTHER_ALGS) : data.consumeString(12);
    }

    private static String headerMembers(FuzzedDataProvider data, String alg) {
        StringBuilder members = new StringBuilder();
        if (!data.consumeBoolean()) {
            members.append("\"alg\":").append(value(data, quote(alg)));
        }
        if (alg.startsWith("RS") && !data.consumeBoolean()) {
            append(members, "kid", "\"rsa\"");
        }
        if (data.consumeBoolean()) {
            append(members, "typ", data.consumeBoolean() ? "\"JWT\"" : data.pickValue(TYPS));
        }
        int extras = data.consumeInt(0, 4);
        for (int i = 0; i < extras; i++) {
            String name = data.consumeBoolean() ? data.consumeString(8) : data.pickValue(HEADER_NAMES);
            append(members, name, value(data, usualHeaderValue(data, name, alg)));
        }
        return members.toString();
    }

    private static String usualHeaderValue(FuzzedDataProvider data, String name, String alg) {
        switch (name) {
            case "typ": return data.pickValue(TYPS);
            case "kid": return quote(data.consumeBoolean() ? data.consumeString(16) : data.pickValue(KIDS));
            case "crit": return "[\"exp\"]";
            case "enc": return "\"A128GCM\"";
            case "jwk": return "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}";
            // A loopback port nothing listens on: fetching it would be an SSRF finding of Jazzer's sanitizer.
            case "jku":
            case "x5u": return "\"http://127.0.0.1:9/keys\"";
            case "x5c": return "[\"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\"]";
            case "b64": return "false";
            case "alg": return quote(data.pickValue(OTHER_ALGS));
            case "x5t": return "\"" + "A".repeat(27) + "\"";
            default: return quote(alg);
        }
    }

    private static String payloadMembers(FuzzedDataProvider data) {
        StringBuilder members = new StringBuilder();
        claim(data, members, "iss", quote(Tokens.ISSUER));
        claim(data, members, "sub", data.consumeBoolean() ? "\"alice\"" : data.pickValue(PRINCIPALS));
        claim(data, members, "aud", quote(Tokens.AUDIENCE));
        claim(data, members, "iat", data.consumeBoolean() ? Long.toString(NOW) : data.pickValue(TIMES));
        claim(data, members, "exp", data.consumeBoolean() ? data.pickValue(TIMES) : Long.toString(NOW + 3600));
        claim(data, members, "tid", data.consumeBoolean() ? "\"t1\"" : data.pickValue(TIDS));
        claim(data, members, "ver", data.consumeBoolean() ? "2" : data.pickValue(VERS));
        if (data.consumeBoolean()) {
            // A sender-constrained token: absent from the valid token, refused under boundTokens=reject.
            append(members, "cnf", data.pickValue(CNFS));
        }
        int extras = data.consumeInt(0, 4);
        for (int i = 0; i < extras; i++) {
            String name = data.consumeBoolean() ? data.consumeString(12) : data.pickValue(CLAIM_NAMES);
            append(members, name, value(data, usualClaimValue(data, name)));
        }
        return members.toString();
    }

    /** A registered claim, present with its usual value unless the input says otherwise. */
    private static void claim(FuzzedDataProvider data, StringBuilder members, String name, String usual) {
        if (!data.consumeBoolean()) {
            append(members, name, value(data, usual));
        }
    }

    private static String usualClaimValue(FuzzedDataProvider data, String name) {
        switch (name) {
            case "roles": return "[\"admin\",\"user\"]";
            case "scope": return data.pickValue(SCOPES);
            case "scp": return data.pickValue(SCOPES);
            case "cnf": return "{\"jkt\":\"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I\"}";
            case "tid": return data.pickValue(TIDS);
            case "ver": return data.pickValue(VERS);
            case "typ": return data.consumeBoolean() ? "\"Bearer\"" : "\"ID\"";
            case "realm_access": return "{\"roles\":[\"admin\"]}";
            case "nbf":
            case "exp":
            case "iat": return data.pickValue(TIMES);
            case "aud": return "[" + quote(Tokens.AUDIENCE) + "," + quote(data.consumeString(10)) + "]";
            case "sub": return data.consumeBoolean() ? data.pickValue(PRINCIPALS) : quote(data.consumeString(20));
            default: return quote(data.consumeString(20));
        }
    }

    /** The usual value, or one of another JSON type, or text that is not JSON at all. */
    private static String value(FuzzedDataProvider data, String usual) {
        switch (data.consumeInt(0, 9)) {
            case 0: return usual;
            case 1: return quote(data.consumeString(40));
            case 2: return Long.toString(data.consumeLong());
            case 3: return Double.toString(data.consumeDouble()); // NaN and Infinity are not JSON: good
            case 4: return "null";
            case 5: return "[" + usual + "," + quote(data.consumeString(10)) + "]";
            case 6: return "{\"x\":" + usual + "}";
            case 7: return "[".repeat(data.consumeInt(1, 40)) + "]".repeat(data.consumeInt(0, 40));
            case 8: return data.consumeBoolean() ? "true" : "false";
            default: return data.consumeString(20);
        }
    }

    private static void append(StringBuilder members, String name, String value) {
        members.append(members.length() == 0 ? "" : ",").append(quote(name)).append(':').append(value);
    }

    private static String object(FuzzedDataProvider data, String members) {
        switch (data.consumeInt(0, 6)) {
            case 0: return "{" + members + "}";
            case 1: return "{" + members + "}" + data.consumeString(8); // trailing data
            case 2: return "null";
            case 3: return "[{" + members + "}]";
            case 4: return "\uFEFF{" + members + "}";
            case 5: return " {\n" + members + "\t} ";
            default: return data.consumeString(80);
        }
    }

    /** One segment: canonical base64url mostly; padded, standard-alphabet, invalid UTF-8, or not base64. */
    private static String segment(FuzzedDataProvider data, String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        switch (data.consumeInt(0, 5)) {
            case 0: return B64URL.encodeToString(utf8);
            case 1: return Base64.getUrlEncoder().encodeToString(utf8);
            case 2: return Base64.getEncoder().encodeToString(utf8);
            case 3: {
                // Overlong '.', a lone continuation byte, a code point above U+10FFFF, or ISO-8859-1.
                byte[][] bad = {{(byte) 0xC0, (byte) 0xAE}, {(byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    json.getBytes(StandardCharsets.ISO_8859_1)};
                byte[] chosen = data.pickValue(bad);
                if (chosen.length > 4) {
                    return B64URL.encodeToString(chosen);
                }
                int at = data.consumeInt(0, utf8.length);
                byte[] out = new byte[utf8.length + chosen.length];
                System.arraycopy(utf8, 0, out, 0, at);
                System.arraycopy(chosen, 0, out, at, chosen.length);
                System.arraycopy(utf8, at, out, at + chosen.length, utf8.length - at);
                return B64URL.encodeToString(out);
            }
            case 4: return nonCanonical(B64URL.encodeToString(utf8));
            default: return data.consumeString(40);
        }
    }

    private static String signature(FuzzedDataProvider data, String alg, byte[] input, Signer signer, Signer[] forgers) {
        switch (data.consumeInt(0, 7)) {
            case 0:
                return B64URL.encodeToString(signer.sign(alg, input));
            case 1: {
                String right = B64URL.encodeToString(signer.sign(alg, input));
                return data.consumeBoolean() ? nonCanonical(right) : right + "=";
            }
            case 2: {
                byte[] right = signer.sign(alg, input);
                int bit = data.consumeInt(0, right.length * 8 - 1);
                right[bit / 8] ^= (byte) (1 << (bit % 8));
                return B64URL.encodeToString(right);
            }
            case 3: {
                byte[] right = signer.sign(alg, input);
                int length = data.consumeInt(0, right.length + 2);
                return B64URL.encodeToString(Arrays.copyOf(right, length));
            }
            case 4:
                return B64URL.encodeToString(data.pickValue(forgers).sign(alg, input));
            case 5:
                return ecdsaSpecial(data, alg, input, signer);
            case 6:
                return B64URL.encodeToString(data.consumeBytes(600));
            default:
                return data.consumeString(100);
        }
    }

    /** r = s = 0 (CVE-2022-21449), r or s = n, DER where R||S belongs, or a malleated s. */
    private static String ecdsaSpecial(FuzzedDataProvider data, String alg, byte[] input, Signer signer) {
        byte[] n = hex(P256_N);
        byte[] zeros = new byte[64];
        switch (data.consumeInt(0, 4)) {
            case 0:
                return B64URL.encodeToString(zeros);
            case 1: {
                byte[] rs = zeros.clone();
                System.arraycopy(n, 0, rs, data.consumeBoolean() ? 0 : 32, 32);
                return B64URL.encodeToString(rs);
            }
            case 2: {
                byte[] rs = new byte[64];
                System.arraycopy(n, 0, rs, 0, 32);
                System.arraycopy(n, 0, rs, 32, 32);
                return B64URL.encodeToString(rs);
            }
            case 3:
                return B64URL.encodeToString(der(signer.sign(alg, input)));
            default: {
                // (r, n - s) is an equally valid ECDSA signature: it may verify, and the oracle must agree.
                byte[] rs = signer.sign(alg, input);
                if (rs.length != 64) {
                    return B64URL.encodeToString(rs);
                }
                BigInteger order = new BigInteger(1, n);
                BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
                byte[] negated = order.subtract(s).toByteArray();
                byte[] out = rs.clone();
                Arrays.fill(out, 32, 64, (byte) 0);
                int copy = Math.min(32, negated.length);
                System.arraycopy(negated, negated.length - copy, out, 64 - copy, copy);
                return B64URL.encodeToString(out);
            }
        }
    }

    /** A fixed-length R||S signature as ASN.1 DER, the form JWS forbids. */
    private static byte[] der(byte[] rs) {
        if (rs.length % 2 != 0 || rs.length == 0) {
            return rs;
        }
        byte[] r = new BigInteger(1, Arrays.copyOfRange(rs, 0, rs.length / 2)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(rs, rs.length / 2, rs.length)).toByteArray();
        byte[] out = new byte[6 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + s.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    /**
     * The same bytes with the unused low bits of the last character set: decoders that ignore
     * them read the same value, so a strict parser must refuse it.
     */
    private static String nonCanonical(String canonical) {
        if (canonical.length() % 4 == 0 || canonical.isEmpty()) {
            return canonical + "=";
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(canonical.charAt(canonical.length() - 1));
        int unusedBits = canonical.length() % 4 == 2 ? 4 : 2;
        int altered = last | ((1 << unusedBits) - 1);
        return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(altered);
    }

    static String b64(String text) {
        return B64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A JSON string literal; the fuzzer's text may hold anything, so escape all it needs. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static byte[] hex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
