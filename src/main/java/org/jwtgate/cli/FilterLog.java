package org.jwtgate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the filter logs while {@code verify} runs it: the same lines a server's log would hold with
 * the {@code org.jwtgate} logger at DEBUG (the start line with the effective settings, an issuer or
 * audience that is not checked, a JWK Set that cannot be fetched, a JWK that was skipped and why).
 * The filter never logs a token, a key or a claim set, so these lines are safe to show. While
 * capturing, the lines go here only, not to the console as well.
 *
 * <p>Works where {@code System.Logger} is backed by {@code java.util.logging}, the JDK's default;
 * elsewhere it captures nothing. Not thread-safe to open twice at once: it changes the logger's level.
 */
final class FilterLog implements AutoCloseable {

    private static final String LOGGER = "org.jwtgate";

    private final Logger logger = Logger.getLogger(LOGGER);
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;
    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String line = levelName(record.getLevel()) + " " + formatter.formatMessage(record);
            synchronized (lines) {
                lines.add(line);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private FilterLog() {
        previousLevel = logger.getLevel();
        previousUseParentHandlers = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setLevel(Level.FINE);
        logger.setUseParentHandlers(false);
    }

    /** Starts capturing; {@link #close()} puts the logger back as it was. */
    static FilterLog capture() {
        return new FilterLog();
    }

    /** The lines so far, each with its System.Logger level name. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParentHandlers);
    }

    /** System.Logger's names (the filter logs through it), not java.util.logging's. */
    private static String levelName(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (level.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        }
        return level.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
}
