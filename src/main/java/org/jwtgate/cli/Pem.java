package org.jwtgate.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468): one labelled block of base64 DER. The label is always a parameter, so no
 * source file spells out a private-key header. Stateless.
 */
final class Pem {

    /** The PKCS#8 label, as {@code openssl genpkey} writes it. */
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private Pem() {
    }

    /** One block: its label and DER content. */
    static final class Block {
        final String label;
        final byte[] der;

        Block(String label, byte[] der) {
            this.label = label;
            this.der = der;
        }
    }

    /** The block, base64 in 64-character lines, ending in a newline. */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The first well-formed block of the text, or empty when there is none. */
    static Optional<Block> decode(byte[] content) {
        Matcher matcher = BLOCK.matcher(new String(content, StandardCharsets.ISO_8859_1));
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the text looks like PEM at all (so a failed {@link #decode} is a broken PEM, not DER). */
    static boolean looksLikePem(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }
}
