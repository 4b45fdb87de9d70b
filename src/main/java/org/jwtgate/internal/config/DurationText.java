package org.jwtgate.internal.config;

import java.time.Duration;

/**
 * Durations as people type and read them, the same in web.xml and on the command line: a whole
 * number of seconds ({@code 90}), or a whole number followed by {@code s}, {@code m}, {@code h} or
 * {@code d} ({@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}) in; {@code 1h 2m 3s} out.
 *
 * <p>Only the syntax lives here: what range a duration may take, and the message when it is out of
 * it, belong to each caller ({@code JwtGateSettings.Builder} for init-params, the command for its
 * options).
 *
 * <p>Stateless and thread-safe.
 */
public final class DurationText {

    private DurationText() {
    }

    /**
     * The duration the text names. The number is read as {@link Long#parseLong} reads it, as
     * web.xml's bare seconds always were: a sign is allowed, so a negative or zero duration comes
     * back for the caller's range check to refuse. A number too large for its unit saturates at
     * the largest (or smallest) {@code Duration} of whole seconds, which every range refuses.
     *
     * @throws IllegalArgumentException when the text is not a number with an optional unit; its
     *         message does not repeat the text
     */
    public static Duration parse(String text) {
        long perUnit = text.isEmpty() ? 0 : secondsPer(text.charAt(text.length() - 1));
        String number = perUnit == 0 ? text : text.substring(0, text.length() - 1);
        long amount;
        try {
            amount = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: expected a whole number, optionally followed by s, m, h or d");
        }
        long seconds;
        try {
            seconds = Math.multiplyExact(amount, perUnit == 0 ? 1 : perUnit);
        } catch (ArithmeticException e) {
            seconds = amount < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return Duration.ofSeconds(seconds);
    }

    /** Seconds in one unit named by its letter; 0 when the character names no unit. */
    private static long secondsPer(char unit) {
        switch (unit) {
            case 's': return 1;
            case 'm': return 60;
            case 'h': return 3_600;
            case 'd': return 86_400;
            default: return 0;
        }
    }

    /** {@code 2d 3h}, {@code 1h 0m 5s}, {@code 45s}: the two or three largest units that matter. */
    public static String describe(Duration duration) {
        long seconds = Math.abs(duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long rest = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m " + rest + "s";
        }
        if (minutes > 0) {
            return minutes + "m " + rest + "s";
        }
        return rest + "s";
    }
}
