package org.jwtgate.internal.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.jose.ClaimPaths;
import org.jwtgate.internal.jose.TokenRejection;

/**
 * From a verified token's claims to its {@link JwtPrincipal}: the name from the principal claim
 * (a visible string with no control characters), the roles from the roles claims, the scopes from
 * {@code scope} and {@code scp}.
 *
 * <p>Immutable and thread-safe.
 */
final class PrincipalMapper {

    /** Up to this many roles (or scopes), repeats are found by comparing each pair. */
    static final int PAIRWISE_WORDS = 16;

    private final String principalClaim;
    private final List<String> rolesClaims;

    /**
     * @param principalClaim the claim name or dot path that names the principal
     * @param rolesClaims    the claim names or dot paths that hold roles
     */
    PrincipalMapper(String principalClaim, Collection<String> rolesClaims) {
        this.principalClaim = principalClaim;
        this.rolesClaims = List.copyOf(rolesClaims);
    }

    /** @param expiresAt the token's {@code exp}, or {@code null} */
    JwtPrincipal principal(Map<String, Object> claims, Instant expiresAt) throws TokenRejection {
        Object name = ClaimPaths.find(claims, principalClaim);
        if (name == null) {
            throw new TokenRejection(Reason.MISSING_CLAIM);
        }
        if (!(name instanceof String) || hasControlCharacter((String) name)) {
            // A name with CR/LF or other controls would reach the application's logs as it is.
            throw new TokenRejection(Reason.BAD_CLAIM);
        }
        if (isBlank((String) name)) {
            // Shown in logs and compared by applications, a name that looks like none is none.
            throw new TokenRejection(Reason.BLANK_PRINCIPAL);
        }
        // Lists, not sets: JwtPrincipal keeps an immutable copy, which removes repeats anyway.
        List<String> roles = new ArrayList<>();
        for (String rolesClaim : rolesClaims) {
            addWords(roles, ClaimPaths.find(claims, rolesClaim));
        }
        List<String> scopes = new ArrayList<>();
        addScopes(scopes, claims.get("scope"), claims.get("scp"));
        return new JwtPrincipal((String) name, claims, distinct(roles), distinct(scopes), expiresAt);
    }

    /**
     * RFC 9068 §2.2.3 and RFC 8693 §4.2: {@code scope} is one string of space-separated scopes;
     * anything else in it grants nothing. {@code scp} (Entra ID, Okta) is such a string or an
     * array of strings, and an array holding anything else grants nothing either.
     */
    private static void addScopes(List<String> into, Object scope, Object scp) {
        if (scope instanceof String) {
            addWords(into, scope);
        }
        if (scp instanceof String || scp instanceof List && allStrings((List<?>) scp)) {
            addWords(into, scp);
        }
    }

    /** A loop, not a stream: it runs on every miss whose token has an {@code scp} array. */
    private static boolean allStrings(List<?> values) {
        for (Object value : values) {
            if (!(value instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The words as an immutable set, repeats removed. {@link Set#copyOf} builds a {@code HashSet}
     * first (a table, a node per word, and the table grown past 12), then the immutable set: 7% of
     * an HS256 miss with 3 roles and 5 scopes (JFR, issue 19). A token's few words are compared
     * pair by pair instead; beyond {@value #PAIRWISE_WORDS}, where the pairs would cost more than
     * the set, {@link Set#copyOf} again.
     */
    private static Set<String> distinct(List<String> words) {
        int size = words.size();
        if (size > PAIRWISE_WORDS) {
            return Set.copyOf(words);
        }
        String[] kept = new String[size];
        int count = 0;
        next:
        for (int i = 0; i < size; i++) {
            String word = words.get(i);
            for (int k = 0; k < count; k++) {
                if (kept[k].equals(word)) {
                    continue next;
                }
            }
            kept[count++] = word;
        }
        return Set.of(count == size ? kept : Arrays.copyOf(kept, count));
    }

    /**
     * Empty, or only white space and characters that show as nothing: space separators, format
     * characters (zero-width spaces and joiners, bidirectional marks, the byte order mark) and the
     * Hangul and Braille blanks. A loop, not a stream: it runs on every miss, and ends at the first
     * visible character, in most names the first.
     */
    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!isInvisible(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean isInvisible(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0 || c == 0x2800 || c == 0x180e;
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                return true;
            }
        }
        return false;
    }

    /** A string is split on spaces; an array contributes its string elements; anything else nothing. */
    private static void addWords(List<String> into, Object value) {
        if (value instanceof String) {
            // What split(" ") gives, empty words left out, without its list and array.
            String words = (String) value;
            int length = words.length();
            for (int start = 0; start < length; ) {
                int space = words.indexOf(' ', start);
                int end = space < 0 ? length : space;
                if (end > start) {
                    into.add(words.substring(start, end));
                }
                start = end + 1;
            }
        } else if (value instanceof List) {
            for (Object element : (List<?>) value) {
                if (element instanceof String && !((String) element).isEmpty()) {
                    into.add((String) element);
                }
            }
        }
    }
}
