package io.signet.containers;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every record logged at {@code INFO} or above in this JVM, by Signet (through slf4j-jdk14), by
 * Tomcat (JULI writes to java.util.logging), by Undertow (JBoss Logging falls back to it) and by
 * Jetty (through slf4j). One handler on the root logger sees all of them.
 *
 * <p>Installed once per JVM; tests {@link #clear} it when their container starts. Thread-safe:
 * containers log from their own threads.
 */
final class LogCapture extends Handler {
  private static final LogCapture INSTANCE = new LogCapture();
  private static final SimpleFormatter FORMATTER = new SimpleFormatter();

  static {
    INSTANCE.setLevel(Level.INFO);
    Logger.getLogger("").addHandler(INSTANCE);
  }

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture() {}

  static LogCapture instance() {
    return INSTANCE;
  }

  void clear() {
    records.clear();
  }

  /** The records at {@code SEVERE} (what slf4j calls ERROR), formatted with their causes. */
  List<String> errors() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogCapture::describe)
        .toList();
  }

  /** The records at {@code WARNING} (slf4j's WARN), formatted with their causes. */
  List<String> warnings() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
        .map(LogCapture::describe)
        .toList();
  }

  /** The messages {@code logger} logged at {@code INFO}, formatted. */
  List<String> infos(String logger) {
    return records.stream()
        .filter(r -> r.getLevel().intValue() == Level.INFO.intValue()
            && logger.equals(r.getLoggerName()))
        .map(FORMATTER::formatMessage)
        .toList();
  }

  private static String describe(LogRecord record) {
    StringBuilder text = new StringBuilder()
        .append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
        .append(FORMATTER.formatMessage(record));
    for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
      text.append("\n  caused by ").append(cause);
      StackTraceElement[] frames = cause.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, 8); i++) {
        text.append("\n    at ").append(frames[i]);
      }
    }
    return text.toString();
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record)) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
