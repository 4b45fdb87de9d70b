package org.jwtgate.internal.verify;

/**
 * The verified-token cache's key: the exact text a token arrived in (the whole
 * {@code Authorization} header value, or the token itself from a cookie or the query).
 * <ul>
 * <li>Equality is {@link String#equals} on the whole text, so two tokens that differ anywhere,
 * even in one signature character, never share an entry.</li>
 * <li>The hash reads only the length and the last {@value #HASHED_CHARS} characters (signature
 * characters, unpredictable without the key), mixed with a per-cache random seed: a hit does not
 * hash a 900-character string, and nobody can precompute colliding keys. Only verified tokens are
 * ever stored, so colliding lookups meet few entries.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class CacheKey {

    static final int HASHED_CHARS = 24;

    private final String text;
    private final int hash;

    CacheKey(String text, int seed) {
        this.text = text;
        int length = text.length();
        // Two lanes (even and odd positions), so the multiplications of one key overlap instead of
        // waiting on each other: the hash is on every hit's path. The lanes start apart and are
        // combined unevenly, so a token with its characters swapped in pairs hashes differently.
        int even = seed ^ length * 0x9E3779B9;
        int odd = Integer.rotateLeft(seed, 16) ^ length;
        int i = Math.max(0, length - HASHED_CHARS);
        for (; i + 1 < length; i += 2) {
            even = (even ^ text.charAt(i)) * 0x01000193;
            odd = (odd ^ text.charAt(i + 1)) * 0x01000193;
        }
        if (i < length) {
            even = (even ^ text.charAt(i)) * 0x01000193;
        }
        int h = even * 0x9E3779B9 ^ odd;
        // A final avalanche, so the low bits a hash table uses depend on every character read.
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        this.hash = h;
    }

    String text() {
        return text;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKey && hash == ((CacheKey) other).hash && text.equals(((CacheKey) other).text);
    }

    /** Never the token: keys can end up in debugging output. */
    @Override
    public String toString() {
        return "CacheKey[" + text.length() + " chars]";
    }
}
