package org.jwtgate.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses HMAC secrets that are public or guessable: the defaults of tutorials and jwt.io, and
 * secrets with too little variety to be random (one repeated character or word, very few distinct
 * bytes, a plain run such as {@code abcdef…} or {@code 0123…}). Length is checked elsewhere.
 *
 * <p>Stateless and thread-safe. Results name the weakness, never the secret.
 */
final class WeakSecrets {

    /**
     * Secrets published in documentation, tutorials and sample code. Compared without case and
     * ignoring surrounding whitespace. The short ones are also refused by length; they are listed
     * so the message says why.
     */
    private static final Set<String> KNOWN = Set.of(
            "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret", "secret", "password",
            "changeme", "changeit", "mysecret", "my-secret", "my_secret", "secretkey", "secret-key", "secret_key",
            "mysecretkey", "jwtsecret", "jwt-secret", "jwt_secret", "jwt_secret_key", "your_jwt_secret",
            "your-jwt-secret", "supersecret", "super-secret", "super_secret", "supersecretkey", "topsecret",
            "default", "test", "testsecret", "qwerty", "letmein", "admin", "123456", "12345678", "1234567890",
            "shhhhh", "keyboard cat", "s3cr3t", "secret123", "mysupersecretkey", "your-secret-key",
            "your_secret_key", "yoursecretkey", "my-super-secret-key", "my_super_secret_key",
            "my-secret-key", "my_secret_key", "this-is-a-secret", "thisisasecret", "change-this-secret",
            "change_this_secret", "replace-with-your-secret", "please-change-me",
            "your-256-bit-secret-key-here", "your-very-long-secret-key", "a-string-secret-at-least-256-bits-long",
            "thisisaverylongsecretkeythatisatleast32byteslong",
            "mysecretkeymysecretkeymysecretkeymysecretkey",
            "404e635266556a586e3272357538782f413f4428472b4b6250645367566b5970",
            "5367566b59703373367639792f423f4528482b4d6251655468576d5a71347437",
            "3cfa76ef14937c1c0ea519f8fc057a80fcd04a7420f8e8bcd0a7567c272e007b",
            "bmc0zxjlc3qgaxmgdghlignyzwf0zxn0ihnly3jldcbvzibhbgw=",
            "zmvkywvhlxbsyxrmb3jtlxnly3jldc1rzxktzm9ylwp3dc10b2tlbnm=");

    private WeakSecrets() {
    }

    /**
     * Why the secret is weak, or empty when it passes.
     *
     * @param configuredText the secret as configured, before {@code secretEncoding} decoded it:
     *                       published secrets are published in that form
     * @param secret         the key bytes
     */
    static Optional<String> weakness(String configuredText, byte[] secret) {
        if (isKnown(configuredText) || isKnown(new String(secret, StandardCharsets.UTF_8))) {
            return Optional.of("it is a well-known published secret");
        }
        if (isKeyMaterial(configuredText, secret)) {
            // A public key used as an HMAC secret is the setup of the RS256-to-HS256 confusion attack:
            // whoever has the public key could mint tokens. Refused in every form it is published in.
            return Optional.of("it is a key or certificate (PEM, DER, base64, hex or JWK), not a random secret "
                    + "(public keys go in publicKeys)");
        }
        if (distinctBytes(secret) < 8) {
            return Optional.of("it has too few distinct characters to be random");
        }
        if (isRepetition(secret)) {
            return Optional.of("it is one short sequence repeated");
        }
        if (sequentialSteps(secret) * 2 >= secret.length) {
            return Optional.of("most of it is a plain sequence such as abcd or 1234");
        }
        return Optional.empty();
    }

    /** PEM text; DER (raw, base64 or hex encoded) that parses as a key or certificate; a JWK. */
    private static boolean isKeyMaterial(String configuredText, byte[] secret) {
        String text = configuredText.trim();
        if (text.contains("-----BEGIN") || new String(secret, StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
            return true;
        }
        if (text.startsWith("{") && text.contains("\"kty\"")) {
            return true;
        }
        if (parsesAsKey(secret)) {
            return true;
        }
        String compact = text.replaceAll("\\s", "");
        for (java.util.Base64.Decoder decoder : new java.util.Base64.Decoder[] {
            java.util.Base64.getDecoder(), java.util.Base64.getUrlDecoder()}) {
            try {
                if (parsesAsKey(decoder.decode(compact))) {
                    return true;
                }
            } catch (IllegalArgumentException notThisEncoding) {
                // next
            }
        }
        try {
            return parsesAsKey(KeyLoader.hex(compact));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
    }

    /** DER SEQUENCEs only (0x30): random secrets are not tried against the key parsers at all. */
    private static boolean parsesAsKey(byte[] bytes) {
        if (bytes.length < 32 || bytes[0] != 0x30) {
            return false;
        }
        try {
            PemKeys.parse(bytes);
            return true;
        } catch (PemKeys.InvalidKeyContentException notAKey) {
            return notAKey.getMessage().contains("private key");
        } catch (RuntimeException notAKey) {
            return false;
        }
    }

    private static boolean isKnown(String text) {
        return KNOWN.contains(text.trim().toLowerCase(Locale.ROOT));
    }

    private static int distinctBytes(byte[] secret) {
        boolean[] seen = new boolean[256];
        int count = 0;
        for (byte b : secret) {
            if (!seen[b & 0xff]) {
                seen[b & 0xff] = true;
                count++;
            }
        }
        return count;
    }

    /** Whether the secret is a unit of at most a quarter of its length, repeated (possibly cut short). */
    private static boolean isRepetition(byte[] secret) {
        for (int period = 1; period <= secret.length / 4; period++) {
            boolean repeats = true;
            for (int i = period; i < secret.length && repeats; i++) {
                repeats = secret[i] == secret[i - period];
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many neighbouring bytes step by +1 or -1: alphabets and counting ({@code 0123…xyzABC…})
     * are made of little else, while random bytes (2 in 256) and random text rarely do.
     */
    private static int sequentialSteps(byte[] secret) {
        int steps = 0;
        for (int i = 1; i < secret.length; i++) {
            int step = (secret[i] & 0xff) - (secret[i - 1] & 0xff);
            if (step == 1 || step == -1) {
                steps++;
            }
        }
        return steps;
    }
}
