package org.jwtgate.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type and read them: {@code 90}, {@code 90s}, {@code 15m}, {@code 1h},
 * {@code 2d} in; {@code 1h 2m 3s} out. Stateless.
 */
final class DurationText {

    /** Ten years: far beyond any sensible token, far below any overflow. */
    static final Duration MAX = Duration.ofDays(3650);
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,10})([smhd]?)");

    private DurationText() {
    }

    /** A positive duration; a bare number is seconds. */
    static Duration parse(String option, String text) throws CommandException {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw CommandException.usage(option + " expects a duration such as 3600s, 15m, 1h or 2d");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration;
        switch (matcher.group(2)) {
            case "m": duration = Duration.ofMinutes(amount); break;
            case "h": duration = Duration.ofHours(amount); break;
            case "d": duration = Duration.ofDays(amount); break;
            default: duration = Duration.ofSeconds(amount); break;
        }
        if (duration.isZero() || duration.compareTo(MAX) > 0) {
            throw CommandException.usage(option + " must be from 1 second to " + MAX.toDays() + " days");
        }
        return duration;
    }

    /** {@code 2d 3h}, {@code 1h 0m 5s}, {@code 45s}: the two or three largest units that matter. */
    static String describe(Duration duration) {
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
