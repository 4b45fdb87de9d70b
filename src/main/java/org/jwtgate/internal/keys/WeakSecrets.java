package org.jwtgate.internal.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses HMAC secrets that are public or guessable: the defaults of tutorials, frameworks and
 * jwt.io, whole or inside a longer secret; secrets that are mostly a shorter unit repeated (whole,
 * cut short, or with a few characters changed or added); and secrets with too little variety to be
 * random (very few distinct bytes, a plain run such as {@code abcdef…} or {@code 0123…}). Each check
 * looks at the secret in every form it may take: as configured, as decoded by
 * {@code secretEncoding}, and as decoded by the other encodings the text happens to parse in. Length
 * is checked elsewhere.
 *
 * <p>No false alarm on random keys: a repetition must cover nearly half the secret, and a published
 * secret found inside a longer one must be at least 8 characters and hold a letter, which random
 * base64, base64url or hex text of any size practically never does (the test draws 100,000
 * {@code SecureRandom} secrets of every size and encoding {@code keygen} offers).
 *
 * <p>Stateless and thread-safe. Results name the weakness, never the secret.
 */
final class WeakSecrets {

    /**
     * Secrets published in documentation, tutorials, sample code and framework defaults, lower
     * case. A configured secret equal to one (ignoring case and surrounding whitespace) is refused;
     * so is one that contains one of at least 8 characters with a letter. The short ones are also
     * refused by length; they are listed so the message says why.
     */
    private static final Set<String> KNOWN = Set.of(
            // jwt.io's debugger: the HS256/384/512 defaults until 2025, and the current default
            "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret",
            "a-string-secret-at-least-256-bits-long",
            // library READMEs: node-jsonwebtoken ('shhhhh'), express-jwt ('shhhhhhared-secret'),
            // express-session ('keyboard cat'), Flask-JWT-Extended ('super-secret'), passport-jwt ('secret')
            "shhhhh", "shhhhhhared-secret", "keyboard cat", "super-secret", "secret",
            // framework defaults and documentation values: Micronaut security guide, JHipster's
            // generated configuration (older versions), Supabase CLI local development, NestJS docs
            "pleasechangethissecretforanewone", "my-secret-token-to-change-in-production",
            "super-secret-jwt-token-with-at-least-32-characters-long",
            "do not use this value. instead, create a complex secret and keep it safe outside of the source code.",
            // widely copied tutorial keys: the FastAPI OAuth2/JWT tutorial ('openssl rand -hex 32'
            // output), and three Spring Boot JWT tutorial keys found in thousands of public repositories
            "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7",
            "404e635266556a586e3272357538782f413f4428472b4b6250645367566b5970",
            "5367566b59703373367639792f423f4528482b4d6251655468576d5a71347437",
            "3cfa76ef14937c1c0ea519f8fc057a80fcd04a7420f8e8bcd0a7567c272e007b",
            // placeholders that tutorials tell readers to replace, and that get deployed
            "your-256-bit-secret-key-here", "your-very-long-secret-key", "your-secret-key", "your_secret_key",
            "yoursecretkey", "your_jwt_secret", "your-jwt-secret", "replace-with-your-secret", "please-change-me",
            "change-this-secret", "change_this_secret", "this-is-a-secret", "thisisasecret",
            "thisisaverylongsecretkeythatisatleast32byteslong", "mysecretkeymysecretkeymysecretkeymysecretkey",
            "my-super-secret-key", "my_super_secret_key", "mysupersecretkey", "my-secret-key", "my_secret_key",
            // the words every such secret is made of, and the top of leaked-password lists
            // (Java's keystore default "changeit" among them)
            "password", "changeme", "changeit", "mysecret", "my-secret", "my_secret", "secretkey", "secret-key",
            "secret_key", "mysecretkey", "jwtsecret", "jwt-secret", "jwt_secret", "jwt_secret_key", "supersecret",
            "super_secret", "supersecretkey", "topsecret", "default", "test", "testsecret", "qwerty", "letmein",
            "admin", "123456", "12345678", "1234567890", "s3cr3t", "secret123",
            // base64 of two sample secrets, lower case; kept from the first list, origin not recorded
            "bmc0zxjlc3qgaxmgdghlignyzwf0zxn0ihnly3jldcbvzibhbgw=",
            "zmvkywvhlxbsyxrmb3jtlxnly3jldc1rzxktzm9ylwp3dc10b2tlbnm=");

    /** The shortest published secret looked for inside longer ones. */
    private static final int EMBEDDED_MIN_LENGTH = 8;

    /**
     * The published secrets looked for inside longer ones, by their first two characters (a
     * Latin-1 pair as an index): at least 8 characters and a letter, so that random text does not
     * hold one by chance ({@code 12345678} in random hex would). Indexed so that a long secret is
     * searched in one pass, not once per published secret.
     */
    private static final String[][] EMBEDDABLE = embeddable();

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s");

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
        List<byte[]> decodings = decodings(configuredText);
        List<byte[]> forms = new ArrayList<>(decodings);
        forms.add(configuredText.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        forms.add(secret);
        if (forms.stream().anyMatch(WeakSecrets::containsKnown)) {
            return Optional.of("it contains a well-known published secret");
        }
        if (isKeyMaterial(configuredText, secret, decodings)) {
            // A public key used as an HMAC secret is the setup of the RS256-to-HS256 confusion attack:
            // whoever has the public key could mint tokens. Refused in every form it is published in.
            return Optional.of("it is a key or certificate (PEM, DER, base64, hex or JWK), not a random secret "
                    + "(public keys go in publicKeys)");
        }
        if (distinctBytes(secret) < 8) {
            return Optional.of("it has too few distinct characters to be random");
        }
        if (forms.stream().anyMatch(WeakSecrets::isMostlyRepetition)) {
            return Optional.of("it is mostly one shorter sequence repeated");
        }
        if (sequentialSteps(secret) * 2 >= secret.length) {
            return Optional.of("most of it is a plain sequence such as abcd or 1234");
        }
        return Optional.empty();
    }

    /**
     * The configured text decoded as base64, base64url and hex, each where the text (without
     * whitespace) is in that alphabet: a secret configured in one encoding may have been made in
     * another, and a key is published in all of them. Checked before decoding, since a failed
     * decoding costs an exception.
     */
    private static List<byte[]> decodings(String configuredText) {
        String compact = WHITESPACE.matcher(configuredText).replaceAll("");
        List<byte[]> out = new ArrayList<>(3);
        if (inAlphabet(compact, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")) {
            decodeInto(out, java.util.Base64.getDecoder(), compact);
        }
        if (inAlphabet(compact, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")) {
            decodeInto(out, java.util.Base64.getUrlDecoder(), compact);
        }
        if (compact.length() % 2 == 0 && inAlphabet(compact, "0123456789abcdefABCDEF")) {
            out.add(KeyLoader.hex(compact));
        }
        return out;
    }

    private static boolean inAlphabet(String text, String alphabet) {
        for (int i = 0; i < text.length(); i++) {
            if (alphabet.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static void decodeInto(List<byte[]> out, java.util.Base64.Decoder decoder, String text) {
        try {
            out.add(decoder.decode(text));
        } catch (IllegalArgumentException misplacedPaddingOrLength) {
            // in the alphabet, yet not this encoding
        }
    }

    private static String[][] embeddable() {
        String[][] byFirstTwo = new String[1 << 16][];
        for (String known : KNOWN) {
            if (known.length() >= EMBEDDED_MIN_LENGTH && known.chars().anyMatch(Character::isLetter)) {
                int slot = known.charAt(0) << 8 | known.charAt(1);
                String[] others = byFirstTwo[slot] == null ? new String[0] : byFirstTwo[slot];
                String[] all = Arrays.copyOf(others, others.length + 1);
                all[others.length] = known;
                byFirstTwo[slot] = all;
            }
        }
        return byFirstTwo;
    }

    /** Whether a published secret of {@link #EMBEDDABLE} occurs in the bytes, read as Latin-1, without case. */
    private static boolean containsKnown(byte[] form) {
        String text = new String(form, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (int i = 0; i + EMBEDDED_MIN_LENGTH <= text.length(); i++) {
            String[] candidates = EMBEDDABLE[(text.charAt(i) & 0xff) << 8 | (text.charAt(i + 1) & 0xff)];
            if (candidates != null) {
                for (String known : candidates) {
                    if (text.startsWith(known, i)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** PEM text; DER (raw, base64 or hex encoded) that parses as a key or certificate; a JWK. */
    private static boolean isKeyMaterial(String configuredText, byte[] secret, List<byte[]> decodings) {
        String text = configuredText.trim();
        if (text.contains("-----BEGIN") || new String(secret, StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
            return true;
        }
        if (text.startsWith("{") && text.contains("\"kty\"")) {
            return true;
        }
        return parsesAsKey(secret) || decodings.stream().anyMatch(WeakSecrets::parsesAsKey);
    }

    /**
     * Only a DER SEQUENCE whose length fills the bytes exactly is tried against the key parsers, as
     * every key and certificate is: a random secret (or its text, which starts with '0', 0x30, once
     * in 64) practically never is one, and the parsers are slow.
     */
    private static boolean parsesAsKey(byte[] bytes) {
        if (bytes.length < 32 || bytes[0] != 0x30) {
            return false;
        }
        if (isDerOfItsLength(bytes, 0)) {
            return parsesAsKeyExactly(bytes);
        }
        // A secret file's trailing newline is removed: a DER key whose last byte is 0x0A arrives one short.
        if (isDerOfItsLength(bytes, 1)) {
            byte[] whole = Arrays.copyOf(bytes, bytes.length + 1);
            whole[bytes.length] = '\n';
            return parsesAsKeyExactly(whole);
        }
        return false;
    }

    private static boolean parsesAsKeyExactly(byte[] bytes) {
        try {
            PemKeys.parse(bytes);
            return true;
        } catch (PemKeys.InvalidKeyContentException notAKey) {
            return notAKey.getMessage().contains("private key");
        } catch (RuntimeException notAKey) {
            return false;
        }
    }

    /** Whether the tag-length header after the first byte announces the rest of the bytes and {@code missing} more. */
    private static boolean isDerOfItsLength(byte[] bytes, int missing) {
        int length = bytes[1] & 0xff;
        int header = 2;
        if (length > 0x80 && length <= 0x83) {
            int octets = length & 0x7f;
            header += octets;
            if (bytes.length < header) {
                return false;
            }
            length = 0;
            for (int i = 2; i < header; i++) {
                length = length << 8 | (bytes[i] & 0xff);
            }
        } else if (length >= 0x80) {
            return false;
        }
        return header + length == bytes.length + missing;
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

    /**
     * Whether at least 45% of the bytes equal the byte a fixed distance before them: a unit
     * repeated, whole ({@code abcabc}), cut short ({@code abcab}), with a few bytes changed or
     * added ({@code abc1abc2abc3}, {@code abcabcabc!}). Then most of the secret is predictable from
     * the rest. Random bytes match at a given distance once in 256 (once in 16 for hex text), so a
     * random secret of 32 bytes or more never comes near.
     */
    static boolean isMostlyRepetition(byte[] form) {
        int length = form.length;
        int needed = (length * 45 + 99) / 100;
        for (int distance = 1; distance <= length - needed; distance++) {
            // Give up on this distance as soon as too many bytes differ for the rest to make it up.
            int allowedMisses = length - distance - needed;
            int misses = 0;
            for (int i = distance; i < length && misses <= allowedMisses; i++) {
                if (form[i] != form[i - distance]) {
                    misses++;
                }
            }
            if (misses <= allowedMisses) {
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
