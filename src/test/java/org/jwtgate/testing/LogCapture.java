package org.jwtgate.testing;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What JwtGate logs during one test, at every level, through System.Logger (JUL here). Register
 * it as {@code @RegisterExtension final LogCapture log = new LogCapture();}. Thread-safe.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger = Logger.getLogger("org.jwtgate");
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord record) { records.add(record); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private Level previousLevel;

    @Override
    public void beforeEach(ExtensionContext context) {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
    }

    /** The messages logged at exactly {@code level}, formatted, in order. */
    public List<String> messages(Level level) {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord record : records) {
                if (record.getLevel().equals(level)) {
                    out.add(format(record));
                }
            }
        }
        return out;
    }

    /** Every message and attached exception, one per line. */
    public String everything() {
        StringBuilder all = new StringBuilder();
        synchronized (records) {
            for (LogRecord record : records) {
                all.append(format(record)).append('\n');
                if (record.getThrown() != null) {
                    all.append(record.getThrown()).append('\n');
                }
            }
        }
        return all.toString();
    }

    private static String format(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters == null ? record.getMessage() : MessageFormat.format(record.getMessage(), parameters);
    }
}
