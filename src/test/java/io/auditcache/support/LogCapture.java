package io.auditcache.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one logger publishes until closed. */
public final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  public static LogCapture of(String loggerName) {
    LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
    capture.logger.addHandler(capture);
    return capture;
  }

  /**
   * The messages of the records about one request (their first parameter is {@code {"requestId": id}}): another
   * test's line may still arrive while this capture runs.
   */
  public List<String> messagesOf(String requestId) {
    Map<String, String> about = Map.of("requestId", requestId);
    return records.stream()
      .filter(record -> record.getParameters() != null && record.getParameters().length > 0
        && about.equals(record.getParameters()[0]))
      .map(LogRecord::getMessage)
      .toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
