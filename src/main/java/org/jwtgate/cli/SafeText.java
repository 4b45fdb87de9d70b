package org.jwtgate.cli;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Text from outside (a token's claims, a file name, an argument) made safe to print on a terminal:
 * control characters, invisible format characters (bidi overrides, zero-width) and line separators
 * become {@code ?}, so nothing can move the cursor, recolour the screen or forge an output line;
 * long values are cut. Stateless.
 */
final class SafeText {

    static final int MAX_LENGTH = 200;

    private SafeText() {
    }

    static String of(String text) {
        return of(text, MAX_LENGTH);
    }

    /** As {@link #of(String)}, cut after {@code maxLength} characters. */
    static String of(String text, int maxLength) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength + 32));
        int count = 0;
        for (int i = 0; i < text.length(); count++) {
            if (count == maxLength) {
                out.append("… (").append(text.codePointCount(i, text.length())).append(" more characters)");
                break;
            }
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            out.appendCodePoint(isUnsafe(codePoint) ? '?' : codePoint);
        }
        return out.toString();
    }

    /** The items, each made safe, joined with ", "; {@code (none)} for an empty collection. */
    static String list(Collection<?> items) {
        if (items.isEmpty()) {
            return "(none)";
        }
        return items.stream().map(item -> of(String.valueOf(item))).collect(Collectors.joining(", "));
    }

    private static boolean isUnsafe(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                || type == Character.SURROGATE || type == Character.PRIVATE_USE;
    }
}
