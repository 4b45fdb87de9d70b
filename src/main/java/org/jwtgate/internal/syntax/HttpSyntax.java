package org.jwtgate.internal.syntax;

/**
 * The small grammars of HTTP and OAuth that configuration and requests are checked against, each
 * defined once. Where two checks look alike but accept different sets (quotable text takes a
 * space, a scope token does not), they stay two methods whose names say which set.
 *
 * <p>Stateless and thread-safe. Allocation-free: {@link #isTchar(char)} runs on the request path.
 */
public final class HttpSyntax {

    /** RFC 9110 §5.6.2 {@code tchar}s other than letters and digits. */
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpSyntax() {
    }

    /** An RFC 9110 {@code tchar}: an ASCII letter or digit, or one of {@code !#$%&'*+-.^_`|~}. */
    public static boolean isTchar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || TCHAR_SYMBOLS.indexOf(c) >= 0;
    }

    /** An RFC 9110 {@code token}: one or more {@code tchar}s (a header name, a cookie name, a media type). */
    public static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isTchar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Printable ASCII (space included) without {@code "} or {@code \}: text that goes between the
     * quotes of a quoted-string as it is, with no escaping to get wrong. The empty string qualifies.
     */
    public static boolean isQuotableText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * An RFC 6749 §3.3 {@code scope-token} ({@code %x21 / %x23-5B / %x5D-7E}): quotable text without
     * the space, which separates scopes. The empty string qualifies; callers refuse it themselves.
     */
    public static boolean isScopeToken(String value) {
        return value.indexOf(' ') < 0 && isQuotableText(value);
    }

    /** Whether any character is an ISO control character ({@link Character#isISOControl}: C0, DEL, C1). */
    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
