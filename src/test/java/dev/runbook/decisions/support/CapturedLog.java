package dev.runbook.decisions.support;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/** Every log record of the application while a test holds it on the root logger, formatted as a handler would write it. */
public final class CapturedLog extends Handler {
    private final StringBuilder text = new StringBuilder();
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public synchronized void publish(LogRecord record) {
        text.append(formatter.format(record));
    }

    public synchronized String text() {
        return text.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
