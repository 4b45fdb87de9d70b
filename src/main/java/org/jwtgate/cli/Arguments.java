package org.jwtgate.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings.SecretEncoding;
import org.jwtgate.internal.config.DurationText;

/**
 * One command's parsed command line: options ({@code --name value} or {@code --name=value}), the
 * positional arguments, and whether help was asked for. {@code -h}/{@code --help} anywhere before
 * {@code --} wins over every other problem, so help is always reachable. {@code --} ends the
 * options; {@code -} alone is a positional (standard input).
 *
 * <p>Immutable.
 */
final class Arguments {

    /** The longest duration an option takes, ten years: far beyond any sensible token, far below any overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    /** The options a command accepts; each takes one value, may be repeated, or is a flag that takes none. */
    static final class Spec {
        private final Map<String, Boolean> repeatable = new LinkedHashMap<>();
        private final Set<String> flags = new HashSet<>();

        /** Options that take one value and may be given once. */
        Spec single(String... names) {
            for (String name : names) {
                repeatable.put(name, false);
            }
            return this;
        }

        /** Options that take one value and may be given any number of times. */
        Spec repeated(String... names) {
            for (String name : names) {
                repeatable.put(name, true);
            }
            return this;
        }

        /** Options that take no value and may be given once: {@link Arguments#has} says whether they were. */
        Spec flag(String... names) {
            for (String name : names) {
                repeatable.put(name, false);
                flags.add(name);
            }
            return this;
        }

        Arguments parse(List<String> args) throws CommandException {
            int end = args.indexOf("--");
            List<String> options = end < 0 ? args : args.subList(0, end);
            if (options.contains("--help") || options.contains("-h")) {
                return new Arguments(Map.of(), List.of(), true);
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            List<String> positionals = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                String arg = options.get(i);
                if (arg.equals("-") || !arg.startsWith("-")) {
                    positionals.add(arg);
                    continue;
                }
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                Boolean isRepeatable = repeatable.get(name);
                if (isRepeatable == null) {
                    throw CommandException.usage("unknown option " + SafeText.of(name));
                }
                String value;
                if (flags.contains(name)) {
                    if (equals >= 0) {
                        throw CommandException.usage(name + " takes no value");
                    }
                    // Recorded with a value of its own so that has(), and "given twice", work as for the others.
                    value = name;
                } else if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < options.size() && !isOption(options.get(i + 1))) {
                    value = options.get(++i);
                } else {
                    throw CommandException.usage(name + " needs a value");
                }
                if (value.isEmpty()) {
                    throw CommandException.usage(name + " needs a non-empty value");
                }
                List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>());
                if (!isRepeatable && !list.isEmpty()) {
                    throw CommandException.usage(name + " is given twice");
                }
                list.add(value);
            }
            if (end >= 0) {
                positionals.addAll(args.subList(end + 1, args.size()));
            }
            return new Arguments(values, positionals, false);
        }

        /**
         * Whether an argument is one of this command's options, and so not the value of the one
         * before it: a value may well start with dashes (a PEM pasted by mistake, a negative number).
         */
        private boolean isOption(String arg) {
            int equals = arg.indexOf('=');
            return repeatable.containsKey(equals < 0 ? arg : arg.substring(0, equals));
        }
    }

    private final Map<String, List<String>> values;
    private final List<String> positionals;
    private final boolean help;

    private Arguments(Map<String, List<String>> values, List<String> positionals, boolean help) {
        this.values = values;
        this.positionals = Collections.unmodifiableList(positionals);
        this.help = help;
    }

    boolean help() {
        return help;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<String> value(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    String required(String name, String what) throws CommandException {
        return value(name).orElseThrow(() -> CommandException.usage(name + " is required: " + what));
    }

    /** Every value of a repeatable option, in command-line order. */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    List<String> positionals() {
        return positionals;
    }

    /** An algorithm name as the {@code algorithms} init-param takes it (case forgiven). */
    static JwtAlgorithm algorithm(String what, String text) throws CommandException {
        return JwtAlgorithm.fromConfigName(text).orElseThrow(() -> CommandException.usage(what + " "
                + SafeText.of(text) + " is not an algorithm JwtGate accepts; expected one of "
                + Arrays.stream(JwtAlgorithm.values()).map(Enum::name).collect(Collectors.joining(" "))));
    }

    /** A {@code secretEncoding} value, spelt as the init-param spells it, among those this command allows. */
    static SecretEncoding secretEncoding(String option, String text, Set<SecretEncoding> allowed)
            throws CommandException {
        for (SecretEncoding encoding : allowed) {
            if (encoding.name().equalsIgnoreCase(text)) {
                return encoding;
            }
        }
        throw CommandException.usage(option + " expects one of " + allowed.stream()
                .map(encoding -> encoding.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** A positive duration as the init-params take one ({@link DurationText}): a bare number is seconds. */
    static Duration duration(String option, String text) throws CommandException {
        Duration duration;
        try {
            duration = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw CommandException.usage(option + " expects a duration such as 3600s, 15m, 1h or 2d");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw CommandException.usage(option + " must be from 1 second to " + MAX_DURATION.toDays() + " days");
        }
        return duration;
    }

    /** Refuses options that make no sense in this combination, naming the first one found. */
    void refuse(String why, String... names) throws CommandException {
        for (String name : names) {
            if (has(name)) {
                throw CommandException.usage(name + " " + why);
            }
        }
    }
}
