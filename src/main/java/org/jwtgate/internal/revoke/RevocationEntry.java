package org.jwtgate.internal.revoke;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One revocation, as stores keep it: one line of text, the same in a {@code file:} list and in
 * Redis.
 *
 * <pre>
 * token   ISSUER JTI     EXPIRES   every token of the issuer with that jti (it expires at EXPIRES)
 * subject ISSUER SUBJECT CUTOFF    the subject's tokens issued at or before CUTOFF
 * issuer  ISSUER         CUTOFF    all the issuer's tokens issued at or before CUTOFF
 * </pre>
 *
 * Times are epoch seconds. Fields are separated by spaces or tabs; in ISSUER, JTI and SUBJECT a
 * space, tab, {@code %}, {@code #} or a control character is written as {@code %XX} (UTF-8 bytes),
 * so any claim value fits. A line that starts with {@code #} is a comment.
 *
 * <p>Immutable.
 */
public final class RevocationEntry {

    /** What an entry revokes. */
    public enum Kind {
        /** One token, by issuer and {@code jti}. */
        TOKEN("token"),
        /** A subject's tokens issued at or before a cut-off. */
        SUBJECT("subject"),
        /** An issuer's tokens issued at or before a cut-off. */
        ISSUER("issuer");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * How long a cut-off is kept after its instant: a token issued before it and living longer
     * than this would be accepted again once the cut-off is dropped. 30 days: longer than any
     * access token lifetime JwtGate has seen configured (with {@code maxTokenAge} at most this, a
     * cut-off is absolute).
     */
    public static final long CUTOFF_RETENTION_SECONDS = 30L * 24 * 3600;
    /** The longest leeway a node may have ({@code leeway} is at most 300 s): a jti entry outlives its token's exp by this. */
    public static final long MAX_LEEWAY_SECONDS = 300;
    /** The latest time an entry may name, 9999-12-31T23:59:59Z: the latest {@code exp} a token may have. */
    public static final long LATEST_INSTANT = 253_402_300_799L;

    private final Kind kind;
    private final String issuer;
    /** The {@code jti} or the subject; {@code null} for an issuer cut-off. */
    private final String value;
    /** The token's {@code exp}, or the cut-off. */
    private final long instant;

    private RevocationEntry(Kind kind, String issuer, String value, long instant) {
        if (instant < 0 || instant > LATEST_INSTANT) {
            // What the line format and every node can read back: one bad entry would stop every node's reads.
            throw new IllegalArgumentException("a revocation's time is epoch seconds from 0 to " + LATEST_INSTANT);
        }
        this.kind = kind;
        this.issuer = Objects.requireNonNull(issuer);
        this.value = value;
        this.instant = instant;
    }

    public static RevocationEntry token(String issuer, String jti, long expiresAt) {
        return new RevocationEntry(Kind.TOKEN, issuer, Objects.requireNonNull(jti), expiresAt);
    }

    public static RevocationEntry subject(String issuer, String subject, long cutoff) {
        return new RevocationEntry(Kind.SUBJECT, issuer, Objects.requireNonNull(subject), cutoff);
    }

    public static RevocationEntry issuer(String issuer, long cutoff) {
        return new RevocationEntry(Kind.ISSUER, issuer, null, cutoff);
    }

    public Kind kind() {
        return kind;
    }

    public String issuer() {
        return issuer;
    }

    /** The {@code jti} or the subject; {@code null} for an issuer cut-off. */
    public String value() {
        return value;
    }

    /** The token's {@code exp} (TOKEN) or the cut-off (SUBJECT, ISSUER), epoch seconds. */
    public long instant() {
        return instant;
    }

    /**
     * When no token the entry could match can still be valid, epoch seconds: a token's {@code exp}
     * plus the longest leeway; a cut-off plus {@link #CUTOFF_RETENTION_SECONDS}.
     */
    public long dropAt() {
        long margin = kind == Kind.TOKEN ? MAX_LEEWAY_SECONDS : CUTOFF_RETENTION_SECONDS;
        return instant > Long.MAX_VALUE - margin ? Long.MAX_VALUE : instant + margin;
    }

    /** The entry as one line of the format (no line break). */
    public String toLine() {
        StringBuilder line = new StringBuilder(kind.word).append(' ').append(encode(issuer));
        if (value != null) {
            line.append(' ').append(encode(value));
        }
        return line.append(' ').append(instant).toString();
    }

    /**
     * Reads one line of the format.
     *
     * @return the entry, or {@code null} for a blank line or a comment
     * @throws IllegalArgumentException saying what is wrong, without quoting the line (it holds
     *         subjects and token ids)
     */
    public static RevocationEntry parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        String[] fields = trimmed.split("[ \t]+");
        Kind kind = null;
        for (Kind candidate : Kind.values()) {
            if (candidate.word.equals(fields[0])) {
                kind = candidate;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("the first word is not token, subject or issuer");
        }
        int expected = kind == Kind.ISSUER ? 3 : 4;
        if (fields.length != expected) {
            throw new IllegalArgumentException("a " + kind.word + " line has " + expected + " fields, not " + fields.length);
        }
        long instant = instant(fields[expected - 1]);
        String issuer = decode(fields[1]);
        switch (kind) {
            case TOKEN:
                return token(issuer, decode(fields[2]), instant);
            case SUBJECT:
                return subject(issuer, decode(fields[2]), instant);
            default:
                return issuer(issuer, instant);
        }
    }

    private static long instant(String text) {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(text) > LATEST_INSTANT) {
            throw new IllegalArgumentException("the time is not epoch seconds from 0 to " + LATEST_INSTANT);
        }
        return Long.parseLong(text);
    }

    /**
     * The text with the separators and controls escaped as {@code %XX} of their UTF-8 bytes; any
     * other character, non-ASCII included, stays as it is (the file is UTF-8).
     */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp <= 0x20 || cp == 0x7f || cp == '%' || cp == '#' || Character.isISOControl(cp)
                    || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    int c = b & 0xff;
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '%') {
                int high = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
                int low = high < 0 ? -1 : Character.digit(utf8[i + 2], 16);
                if (low < 0) {
                    throw new IllegalArgumentException("a % is not followed by two hexadecimal digits");
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(utf8[i]);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RevocationEntry)) {
            return false;
        }
        RevocationEntry that = (RevocationEntry) o;
        return kind == that.kind && instant == that.instant && issuer.equals(that.issuer)
                && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, issuer, value, instant);
    }

    /** The kind only: entries name subjects and token ids, which logs must not show. */
    @Override
    public String toString() {
        return "revocation of " + kind.word;
    }
}
