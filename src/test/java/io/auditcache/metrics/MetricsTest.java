package io.auditcache.metrics;

import io.auditcache.bus.Addresses;
import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What an operator scrapes and reads: /metrics and /v1/stats, against what a client really did. */
class MetricsTest {

  @Test
  void the_scraped_metrics_pass_promtool_check_metrics() throws Exception {
    assumeTrue(new File("/usr/bin/promtool").canExecute() || onPath("promtool"),
      "promtool is not installed (Debian: apt-get install prometheus); .ci/run installs it");
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      exercise(server);
      Path scraped = Files.createTempFile("metrics", ".txt");
      Files.writeString(scraped, server.get("/metrics").bodyAsString());

      Process promtool = new ProcessBuilder("promtool", "check", "metrics")
        .redirectInput(scraped.toFile()).redirectErrorStream(true).start();
      String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(promtool.exitValue()).as(report).isZero();
      Files.delete(scraped);
    }
  }

  @Test
  void hits_misses_and_stats_agree_with_what_a_client_did() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      JsonObject cached = Events.event(1);
      JsonObject inRedisOnly = Events.event(2);
      server.post("/v1/warmup", Events.batch(List.of(cached)));
      server.redis(Command.SET, server.eventKey(inRedisOnly.getString("id")), inRedisOnly.encode(), "PX", 600_000);
      assertThat(server.get("/v1/stats").bodyAsJsonObject().getDouble("hit_rate")).isZero();

      server.get("/v1/events/" + cached.getString("id"));
      server.get("/v1/events/" + cached.getString("id"));
      server.get("/v1/events/" + Events.newId());
      server.post("/v1/events/lookup", new JsonObject().put("ids", new JsonArray()
        .add(cached.getString("id")).add(inRedisOnly.getString("id")).add(Events.newId())));
      JsonObject stats = server.get("/v1/stats").bodyAsJsonObject();
      String metrics = server.get("/metrics").bodyAsString();

      assertThat(stats.getLong("hits")).isEqualTo(4);
      assertThat(stats.getLong("misses")).isEqualTo(2);
      assertThat(stats.getLong("errors")).isZero();
      assertThat(stats.getDouble("hit_rate")).isEqualTo(4.0 / 6);
      assertThat(stats.getJsonObject("hitsByTier")).isEqualTo(new JsonObject().put("lru", 3).put("redis", 1));
      assertThat(stats.getLong("lru_size")).isEqualTo(2);
      assertThat(stats.getLong("lru_capacity")).isEqualTo(10_000);
      assertThat(stats.getLong("lruBytes")).isEqualTo(cached.encode().length() + inRedisOnly.encode().length());
      assertThat(stats.getJsonObject("redis").getString("status")).isEqualTo("up");
      assertThat(metrics)
        .contains("audit_cache_hits_total{operation=\"get\",tier=\"lru\"} 2.0")
        .contains("audit_cache_hits_total{operation=\"lookup\",tier=\"lru\"} 1.0")
        .contains("audit_cache_hits_total{operation=\"lookup\",tier=\"redis\"} 1.0")
        .contains("audit_cache_misses_total{operation=\"get\"} 1.0")
        .contains("audit_cache_misses_total{operation=\"lookup\"} 1.0")
        .contains("audit_cache_lru_entries 2.0");
    }
  }

  @Test
  void latency_histograms_resolve_a_tenth_of_a_millisecond_to_a_second() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      exercise(server);
      String metrics = server.get("/metrics").bodyAsString();

      for (String le : List.of("1.0E-4", "0.001", "0.002", "0.005", "1.0", "+Inf")) {
        assertThat(metrics).contains("audit_cache_write_duration_seconds_bucket{operation=\"set\",le=\"" + le + "\"}")
          .contains("audit_cache_read_duration_seconds_bucket{operation=\"get\",le=\"" + le + "\"}");
      }
      assertThat(metrics).containsPattern("audit_cache_write_duration_seconds_count\\{operation=\"set\"} [1-9]");
    }
  }

  @Test
  void vertx_meters_use_route_templates_and_the_redis_pool_s_fixed_name() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      String id = Events.newId();
      server.get("/v1/events/" + id);
      String metrics = server.get("/metrics").bodyAsString();

      assertThat(metrics).contains("route=\"/v1/events/:id\"").doesNotContain(id);
      assertThat(metrics).contains("vertx_pool_in_use{pool_name=\"audit-cache\",pool_type=\"redis\"}");
      assertThat(metrics).contains("vertx_eventbus_delivered_total{address=\"audit.cache.events.get\"}");
      // The loop-local twin that served the GET counts under the shared address.
      assertThat(metrics).doesNotContain(Addresses.EVENTS_GET + "@");
    }
  }

  @Test
  void sequence_gap_and_overload_counters_are_exported() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      server.send(io.vertx.core.http.HttpMethod.POST, "/v1/chains/m1/sequence?count=3", null, null);
      server.post("/v1/chains/m1/gaps", new JsonObject().put("from", 100).put("to", 110));
      server.post("/v1/events", Events.event(105).put("chain", "m1"));
      String metrics = server.get("/metrics").bodyAsString();

      assertThat(metrics).contains("audit_cache_sequence_issued_total 3.0")
        .contains("audit_cache_gaps_recorded_total{reason=\"tracked\"} 1.0")
        .contains("audit_cache_gaps_filled_total 1.0");
    }
  }

  @Test
  void with_metrics_disabled_routes_and_stats_keep_working() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of("metrics.enableMetrics", false))) {
      exercise(server);
      JsonObject stats = server.get("/v1/stats").bodyAsJsonObject();
      String metrics = server.get("/metrics").bodyAsString();

      assertThat(stats.getLong("hits")).isEqualTo(1);
      assertThat(metrics).doesNotContain("audit_cache_").contains("vertx_http_server_requests_total");
    }
  }

  @Test
  void every_metric_the_grafana_dashboard_queries_is_exported() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(Path.of("k8s/grafana-dashboard.json")));
    java.util.Set<String> queried = new java.util.TreeSet<>();
    java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(audit_cache_[a-z_]+|vertx_[a-z_]+)")
      .matcher(dashboard.encode());
    while (names.find()) {
      queried.add(names.group(1));
    }
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      exercise(server);
      String metrics = server.get("/metrics").bodyAsString();

      assertThat(queried).isNotEmpty().allSatisfy(name -> assertThat(metrics).as(name).containsPattern("(?m)^" + name + "(_bucket|_count|_sum)?[{ ]"));
    }
  }

  /** A write and a read of one event. */
  private static void exercise(TestServer server) {
    JsonObject event = Events.event(7);
    assertThat(server.post("/v1/events", event).statusCode()).isEqualTo(201);
    assertThat(server.get("/v1/events/" + event.getString("id")).statusCode()).isEqualTo(200);
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, command).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
