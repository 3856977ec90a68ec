package io.auditcache.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** One line per record, whatever a client put into the data that is logged. */
class LoggingTest {

  private static LogRecord record(String message, String requestId, Throwable failure) {
    LogRecord record = new LogRecord(Level.WARNING, message);
    record.setLoggerName("io.auditcache.test");
    record.setThrown(failure);
    if (requestId != null) {
      record.setParameters(new Object[] {Map.of("requestId", requestId)});
    }
    return record;
  }

  @Test
  void a_json_record_is_one_line_with_its_request_id_even_with_cr_lf_in_the_data() {
    String line = new Logging.JsonLines().format(record("forged\r\nINFO admin logged in", "rid-1", new IllegalStateException("a\nb")));

    assertThat(line.strip()).doesNotContain("\n").doesNotContain("\r");
    JsonObject json = new JsonObject(line.strip());
    assertThat(json.getString("message")).isEqualTo("forged\r\nINFO admin logged in");
    assertThat(json.getString("requestId")).isEqualTo("rid-1");
    assertThat(json.getString("level")).isEqualTo("WARNING");
    assertThat(json.getString("logger")).isEqualTo("io.auditcache.test");
    assertThat(json.getString("error")).contains("IllegalStateException");
  }

  @Test
  void a_text_record_escapes_cr_and_lf_and_keeps_the_stack_trace_on_its_line() {
    String line = new Logging.TextLines().format(record("forged\r\nline", "rid-2", new IllegalStateException("boom")));

    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n").doesNotContain("\r")
      .contains("[rid-2]").contains("forged\\r\\nline").contains("IllegalStateException: boom");
  }

  @Test
  void only_micrometers_warning_about_vertx_micrometers_own_gauges_is_dropped() throws java.io.IOException {
    LogRecord connections = new LogRecord(Level.WARNING, "This Gauge has been already registered (MeterId{name='vertx.http.server.active.connections', "
      + "tags=[]}), the registration will be ignored.");
    connections.setLoggerName("io.micrometer.core.instrument.MeterRegistry");
    LogRecord ours = new LogRecord(Level.WARNING, "This Gauge has been already registered (MeterId{name='audit.cache.lru.entries', "
      + "tags=[]}), the registration will be ignored.");
    ours.setLoggerName("io.micrometer.core.instrument.MeterRegistry");

    Logging.configure(new AuditCacheConfig.Log("text", "INFO", false));
    try {
      java.util.logging.Handler handler = java.util.logging.Logger.getLogger("").getHandlers()[0];

      assertThat(handler.isLoggable(connections)).isFalse();
      assertThat(handler.isLoggable(ours)).isTrue();
      assertThat(handler.isLoggable(record("plain", null, null))).isTrue();
    } finally {
      // The other tests of this JVM log as src/test/resources/logging.properties says.
      java.util.logging.LogManager.getLogManager().readConfiguration();
    }
  }

  @Test
  void a_record_without_a_request_id_has_none() {
    JsonObject json = new JsonObject(new Logging.JsonLines().format(record("plain", null, null)).strip());

    assertThat(json.containsKey("requestId")).isFalse();
    assertThat(new Logging.TextLines().format(record("plain", null, null))).doesNotContain("[");
  }
}
