package org.jwtgate.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The leak family's net over the whole security suite: while a family class runs, every log
 * record of logger {@code org.jwtgate} (at every level, in this JVM, so also from filters deployed
 * on a container here) and every error response the class produces is kept, and after the class
 * all of it is checked. Nothing may contain a token or any {@value #FRAGMENT}-character piece of
 * one, a secret or key in any of its spellings, a claim or header value of a token sent, an
 * exception's class name or message, or a stack trace. A leak fails the class.
 *
 * <p>Register it on every family class, after any {@code CellServer} (which quiets the logger in
 * its own {@code beforeAll}):
 * <pre>
 * &#64;RegisterExtension &#64;Order(2) static final LeakGuard leaks = new LeakGuard();
 * </pre>
 * What must not leak is learnt as the class runs: the core gate and the container harness hand
 * over every token they send ({@link #token}), tests their secrets and keys ({@link #secret},
 * {@link #key}); the configuration's own values ({@link #configured}) may appear, since the start
 * line names them. Everything is static, so harness code reaches the guard of the running class;
 * when no family class runs, every call does nothing. Family classes run one at a time (Surefire
 * and Failsafe run classes sequentially here).
 *
 * <p>Thread-safe: container threads log and answer concurrently with the test.
 */
public final class LeakGuard implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** The piece length: long enough to be absent from any fixed text by chance, short enough to catch a fragment. */
    public static final int FRAGMENT = 10;
    /** Whole values shorter than this (alice, HS256) are too common to be told apart from fixed text. */
    private static final int WHOLE_VALUE = 8;

    private static final Logger JWTGATE = Logger.getLogger("org.jwtgate");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    /** Text of a stack trace, an exception's class, or the message of a parser or of java-jwt. */
    private static final List<Pattern> EXCEPTION_TEXT = List.of(
            Pattern.compile("(?m)^\\s*at [\\w$.]+\\("),
            Pattern.compile("Caused by:"),
            Pattern.compile("\\b[\\w$.]*[A-Z][\\w$]*(Exception|Error|Throwable)\\b"),
            Pattern.compile("\\[Source:|line: \\d+, column: \\d+|Unexpected character|Unrecognized token"
                    + "|The Token's Signature|The Claim '|doesn't have a valid JSON format|Illegal base64"));

    private static volatile State current;

    /** What one class run has captured and learnt. */
    private static final class State {
        /** Guarded by itself: a flood test adds tens of thousands, so no copy-on-write. */
        final List<Output> outputs = new ArrayList<>();
        final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
        final Set<String> fragmented = ConcurrentHashMap.newKeySet();
        final Set<String> whole = ConcurrentHashMap.newKeySet();
        final Set<String> configured = ConcurrentHashMap.newKeySet();
        final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = FORMATTER.formatMessage(record);
                add(State.this, new Output("log " + record.getLevel() + " " + record.getLoggerName(), text,
                        record.getThrown() != null));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level previousLevel;
        boolean previousUseParentHandlers;
    }

    private static void add(State state, Output output) {
        synchronized (state.outputs) {
            state.outputs.add(output);
        }
    }

    private static List<Output> since(State state, int mark) {
        synchronized (state.outputs) {
            return new ArrayList<>(state.outputs.subList(Math.min(mark, state.outputs.size()), state.outputs.size()));
        }
    }

    /** One thing JwtGate said: a log line or an error response. */
    private record Output(String where, String text, boolean carriesThrowable) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        State state = new State();
        state.previousLevel = JWTGATE.getLevel();
        state.previousUseParentHandlers = JWTGATE.getUseParentHandlers();
        current = state;
        JWTGATE.addHandler(state.handler);
        listenToEverything();
    }

    /** Again before each test: a container harness may have quieted the logger since. */
    @Override
    public void beforeEach(ExtensionContext context) {
        listenToEverything();
    }

    private static void listenToEverything() {
        JWTGATE.setLevel(Level.ALL);
        // Kept, not printed: the suite's output stays readable.
        JWTGATE.setUseParentHandlers(false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        State state = current;
        current = null;
        if (state == null) {
            return;
        }
        JWTGATE.removeHandler(state.handler);
        JWTGATE.setLevel(state.previousLevel);
        JWTGATE.setUseParentHandlers(state.previousUseParentHandlers);
        List<String> problems = problems(state, 0);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " leak(s) in what JwtGate said during "
                    + context.getDisplayName() + ":\n  " + String.join("\n  ", problems));
        }
    }

    // --- what must not leak ---

    /**
     * A token sent to JwtGate: no piece of it, and none of the string values in its header or
     * payload (when they decode as JSON), may appear.
     */
    public static void token(String token) {
        State state = current;
        if (state == null || token == null || !state.tokensSeen.add(token)) {
            return;
        }
        addFragmented(state, token);
        for (String segment : token.split("\\.", -1)) {
            if (segment.length() >= WHOLE_VALUE) {
                state.whole.add(segment);
            }
            leaves(state, segment);
        }
    }

    /** An HMAC secret: its bytes in every spelling an operator or a log might use. */
    public static void secret(byte[] secret) {
        State state = current;
        if (state == null) {
            return;
        }
        addFragmented(state, Base64.getEncoder().encodeToString(secret));
        addFragmented(state, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        addFragmented(state, HexFormat.of().formatHex(secret));
        String text = new String(secret, StandardCharsets.UTF_8);
        if (text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            addFragmented(state, text);
        }
    }

    /** Key material as configured or encoded (PEM, base64 DER): no piece of its body may appear. */
    public static void key(String material) {
        State state = current;
        if (state == null) {
            return;
        }
        for (String line : material.split("\\R")) {
            if (!line.startsWith("-----") && !line.isBlank()) {
                addFragmented(state, line.trim());
            }
        }
    }

    /** Any other value that must never be shown (a claim value, a kid). */
    public static void sensitive(String value) {
        State state = current;
        if (state != null && value != null && !value.isEmpty()) {
            if (value.length() >= FRAGMENT) {
                addFragmented(state, value);
            } else {
                state.whole.add(value);
            }
        }
    }

    /** Configuration values (init-param values, each comma-separated item): the start line may name them. */
    public static void configured(Iterable<String> values) {
        State state = current;
        if (state == null) {
            return;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            state.configured.add(value.trim());
            for (String item : value.split(",")) {
                String trimmed = item.trim();
                state.configured.add(trimmed);
                int equals = trimmed.indexOf('=');
                if (equals > 0) {
                    state.configured.add(trimmed.substring(0, equals).trim());
                    state.configured.add(trimmed.substring(equals + 1).trim());
                }
            }
        }
    }

    // --- what JwtGate said ---

    /** An error response (status line, challenge, body) JwtGate produced. */
    public static void response(String where, String text) {
        State state = current;
        if (state != null) {
            add(state, new Output(where, text, false));
        }
    }

    /** Where the outputs stand now: pass it to {@link #problemsSince} to check only what follows. */
    public static int mark() {
        State state = current;
        if (state == null) {
            return 0;
        }
        synchronized (state.outputs) {
            return state.outputs.size();
        }
    }

    /** The leaks among the outputs since {@code mark}, checked against everything learnt so far. */
    public static List<String> problemsSince(int mark) {
        State state = current;
        if (state == null) {
            throw new IllegalStateException("no LeakGuard is registered on this class");
        }
        return problems(state, mark);
    }

    /** The log lines (level and text) captured since {@code mark}, for tests that check what is said. */
    public static List<String> logLinesSince(int mark) {
        State state = current;
        if (state == null) {
            throw new IllegalStateException("no LeakGuard is registered on this class");
        }
        List<String> lines = new ArrayList<>();
        for (Output output : since(state, mark)) {
            if (output.where().startsWith("log ")) {
                lines.add(output.where().split(" ")[1] + " " + output.text());
            }
        }
        return lines;
    }

    /** Forgets the outputs since {@code mark}: for the guard's own control cases, which leak on purpose. */
    public static void discardSince(int mark) {
        State state = current;
        if (state == null) {
            throw new IllegalStateException("no LeakGuard is registered on this class");
        }
        synchronized (state.outputs) {
            state.outputs.subList(Math.min(mark, state.outputs.size()), state.outputs.size()).clear();
        }
    }

    // --- checking ---

    private static List<String> problems(State state, int mark) {
        Map<String, Output> distinct = new LinkedHashMap<>();
        for (Output output : since(state, mark)) {
            distinct.merge(output.text(), output, (a, b) -> a.carriesThrowable() ? a : b);
        }
        List<String> problems = new ArrayList<>();
        Set<String> windows = ConcurrentHashMap.newKeySet();
        for (Output output : distinct.values()) {
            String text = output.text();
            if (output.carriesThrowable()) {
                problems.add(output.where() + " carries an exception (its stack trace is printed): " + text);
            }
            for (Pattern pattern : EXCEPTION_TEXT) {
                if (pattern.matcher(text).find()) {
                    problems.add(output.where() + " shows an exception's class, message or stack trace: " + text);
                    break;
                }
            }
            for (int i = 0; i + FRAGMENT <= text.length(); i++) {
                windows.add(text.substring(i, i + FRAGMENT));
            }
        }
        for (String value : state.fragmented) {
            if (state.configured.contains(value)) {
                continue;
            }
            for (int i = 0; i + FRAGMENT <= value.length(); i++) {
                if (windows.contains(value.substring(i, i + FRAGMENT))) {
                    String piece = value.substring(i, i + FRAGMENT);
                    problems.add("a piece (" + piece + ") of a token, secret or key was shown: "
                            + whereShown(distinct, piece));
                    break;
                }
            }
        }
        for (String value : state.whole) {
            if (state.configured.contains(value)) {
                continue;
            }
            for (Output output : distinct.values()) {
                if (output.text().contains(value)) {
                    problems.add("a value from a token (" + value + ") was shown: " + output.where() + ": "
                            + output.text());
                    break;
                }
            }
        }
        return problems;
    }

    private static String whereShown(Map<String, Output> outputs, String piece) {
        for (Output output : outputs.values()) {
            if (output.text().contains(piece)) {
                return output.where() + ": " + output.text();
            }
        }
        return "?";
    }

    private static void addFragmented(State state, String value) {
        if (value.length() >= FRAGMENT) {
            state.fragmented.add(value);
        } else if (value.length() >= WHOLE_VALUE) {
            state.whole.add(value);
        }
    }

    /** The string values inside a segment that decodes to JSON (claims, header parameters). */
    private static void leaves(State state, String segment) {
        // Cheap tests first: flood tests send tens of thousands of tokens, and exceptions are dear.
        if (segment.length() < 4 || segment.length() > 200_000 || !segment.startsWith("ey")) {
            return;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return;
            }
        }
        JsonNode node;
        try {
            node = JSON.readTree(Base64.getUrlDecoder().decode(segment));
        } catch (Exception e) {
            return; // not a JSON segment: its text is covered as a token piece
        }
        if (node != null) {
            leaves(state, node, 0);
        }
    }

    private static void leaves(State state, JsonNode node, int depth) {
        if (depth > 64) {
            return;
        }
        // Whole values only: a wrong issuer shares most of its text with the configured one.
        if (node.isTextual() && node.textValue().length() >= WHOLE_VALUE) {
            state.whole.add(node.textValue());
        }
        for (JsonNode child : node) {
            leaves(state, child, depth + 1);
        }
    }
}
