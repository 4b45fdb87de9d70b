package org.jwtgate.internal.revoke;

/**
 * The 64-bit keys the revocation list is looked up by, computed once per verified token so that a
 * request only compares numbers: issuer and {@code jti}, issuer and subject, issuer alone, each in
 * a domain of its own. Two different values sharing a key (about one chance in 10^13 with a
 * million entries) would make a token look revoked: refused, never accepted. Nobody outside can
 * add an entry, so nobody can aim for such a collision.
 *
 * <p>Stateless.
 */
public final class RevocationKeys {

    /** No key: the token has no such claim; never stored. */
    public static final long NONE = 0;

    private static final long TOKEN_DOMAIN = 0x6a74692d6a746900L;
    private static final long SUBJECT_DOMAIN = 0x7375622d73756200L;
    private static final long ISSUER_DOMAIN = 0x6973732d69737300L;

    private RevocationKeys() {
    }

    public static long token(String issuer, String jti) {
        return issuer == null || jti == null ? NONE : key(TOKEN_DOMAIN, issuer, jti);
    }

    public static long subject(String issuer, String subject) {
        return issuer == null || subject == null ? NONE : key(SUBJECT_DOMAIN, issuer, subject);
    }

    public static long issuer(String issuer) {
        return issuer == null ? NONE : key(ISSUER_DOMAIN, issuer, "");
    }

    /** The entry's key: what a token it matches has as its own. */
    static long of(RevocationEntry entry) {
        switch (entry.kind()) {
            case TOKEN:
                return token(entry.issuer(), entry.value());
            case SUBJECT:
                return subject(entry.issuer(), entry.value());
            default:
                return issuer(entry.issuer());
        }
    }

    /** FNV-1a over both strings' chars with a separator, then the SplitMix64 finaliser; never {@link #NONE}. */
    private static long key(long domain, String first, String second) {
        long hash = 0xcbf29ce484222325L ^ domain;
        hash = mix(hash, first);
        hash = (hash ^ first.length()) * 0x100000001b3L;
        hash = mix(hash, second);
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return hash == NONE ? 1 : hash;
    }

    private static long mix(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }
}
