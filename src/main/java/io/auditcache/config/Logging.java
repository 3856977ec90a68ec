package io.auditcache.config;

import io.vertx.core.json.JsonObject;

import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Process logging (java.util.logging, which Vert.x and Netty also use): one line per record on standard output,
 * as text or as one JSON object, so that user data such as a request id or an error message can never break a line
 * (CR and LF are escaped). A record may carry a request id: log it with {@link #log}.
 */
public final class Logging {

  /** The configured line format, also for the few lines written after JUL has shut down. */
  private static volatile Formatter lines = new TextLines();

  private Logging() {
  }

  /** Replaces the root handlers with one stdout handler in the configured format and level. */
  public static void configure(AuditCacheConfig.Log config) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Level level = Level.parse(config.level());
    root.setLevel(level);
    lines = config.format().equals("json") ? new JsonLines() : new TextLines();
    // JUL closes its handlers at JVM shutdown; closing a plain StreamHandler would close System.out itself.
    OutputStream stdout = new FilterOutputStream(System.out) {
      @Override
      public void close() {
        System.out.flush();
      }
    };
    Handler handler = new StreamHandler(stdout, lines) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    handler.setLevel(level);
    handler.setFilter(record -> !isKnownFalseAlarm(record));
    root.addHandler(handler);
  }

  /**
   * vertx-micrometer registers some of its gauges again and relies on Micrometer handing back the existing one, which
   * it does: the HTTP server's {@code vertx.http.server.active.connections} for every connection, the Redis client's
   * {@code processing.pending} for every client. Micrometer warns about the first such gauge once per
   * process ("This Gauge has been already registered"). That warning is dropped for vertx-micrometer's gauges
   * ({@code vertx.*}); a duplicate gauge of the server's own is still logged.
   */
  static boolean isKnownFalseAlarm(LogRecord record) {
    String message = record.getMessage();
    return "io.micrometer.core.instrument.MeterRegistry".equals(record.getLoggerName()) && message != null
      && message.startsWith("This Gauge has been already registered") && message.contains("name='vertx.");
  }

  /** Logs with a request id that the formatters print beside the message. */
  public static void log(Logger logger, Level level, String message, String requestId, Throwable failure) {
    if (!logger.isLoggable(level)) {
      return;
    }
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(logger.getName());
    record.setThrown(failure);
    if (requestId != null) {
      record.setParameters(new Object[] {Map.of("requestId", requestId)});
    }
    logger.log(record);
  }

  /**
   * Writes a line straight to standard output in the configured format. For shutdown hooks: by the time they run,
   * the JDK's own shutdown hook may already have closed every java.util.logging handler.
   */
  public static void printNow(Level level, String loggerName, String message) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(loggerName);
    System.out.print(lines.format(record));
    System.out.flush();
  }

  private static String requestId(LogRecord record) {
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> fields) {
      Object id = fields.get("requestId");
      return id == null ? null : id.toString();
    }
    return null;
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  /** {@code 2026-11-24T10:15:30.123Z INFO  logger [requestId] message | stack}, CR/LF escaped. */
  static final class TextLines extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line = new StringBuilder(160)
        .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
        .append(String.format("%-7s", record.getLevel().getName())).append(' ')
        .append(record.getLoggerName()).append(' ');
      String requestId = requestId(record);
      if (requestId != null) {
        line.append('[').append(escape(requestId)).append("] ");
      }
      line.append(escape(record.getParameters() != null && requestId == null ? formatMessage(record) : record.getMessage()));
      if (record.getThrown() != null) {
        line.append(" | ").append(escape(stackTrace(record.getThrown())));
      }
      return line.append(System.lineSeparator()).toString();
    }

    private static String escape(String text) {
      return text == null ? "" : text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }
  }

  /** One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code message}, {@code requestId}, {@code error}. */
  static final class JsonLines extends Formatter {
    @Override
    public String format(LogRecord record) {
      String requestId = requestId(record);
      JsonObject line = new JsonObject()
        .put("time", Instant.ofEpochMilli(record.getMillis()).toString())
        .put("level", record.getLevel().getName())
        .put("logger", record.getLoggerName())
        .put("message", record.getParameters() != null && requestId == null ? formatMessage(record) : record.getMessage());
      if (requestId != null) {
        line.put("requestId", requestId);
      }
      if (record.getThrown() != null) {
        line.put("error", stackTrace(record.getThrown()));
      }
      return line.encode() + System.lineSeparator();
    }
  }
}
