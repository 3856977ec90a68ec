package io.auditcache.http;

import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Batch set, lookup (batch get) and warm-up over HTTP, against a real Redis. */
class EventBatchApiTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of("cache.maxEventBytes", 4096, "cache.warmupSize", 250));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_batch_reports_each_outcome_in_request_order() {
    JsonObject existing = Events.event(1);
    JsonObject conflicting = Events.event(2);
    server.post("/v1/events", existing);
    server.post("/v1/events", conflicting);
    JsonObject fresh = Events.event(3);

    HttpResponse<Buffer> response = server.post("/v1/events/batch", Events.batch(List.of(
      fresh, existing, conflicting.copy().put("action", "other"))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("results")).isEqualTo(new JsonArray()
      .add(result(fresh, "created")).add(result(existing, "unchanged")).add(result(conflicting, "conflict")));
    assertThat(server.get("/v1/events/" + fresh.getString("id")).bodyAsJsonObject()).isEqualTo(fresh);
    assertThat(server.get("/v1/events/" + conflicting.getString("id")).bodyAsJsonObject()).isEqualTo(conflicting);
  }

  @Test
  void a_repeated_id_in_one_batch_sees_its_earlier_copy() {
    JsonObject event = Events.event(4);

    HttpResponse<Buffer> response = server.post("/v1/events/batch", Events.batch(List.of(
      event, event, event.copy().put("actor", "mallory"))));

    assertThat(response.bodyAsJsonObject().getJsonArray("results").stream()
      .map(result -> ((JsonObject) result).getString("status")))
      .containsExactly("created", "unchanged", "conflict");
  }

  @Test
  void a_batch_with_one_bad_event_writes_nothing_and_names_its_index() {
    List<JsonObject> events = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> Events.event(100 + i)).toList());
    events.set(6, events.get(6).copy().put("sequenceNum", "six"));

    HttpResponse<Buffer> response = server.post("/v1/events/batch", Events.batch(events));

    assertProblem(response, 400, "invalid-request");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
      .isEqualTo("/events/6/sequenceNum");
    for (JsonObject event : events) {
      assertThat(server.redis(Command.EXISTS, server.eventKey(event.getString("id"))).toInteger()).isZero();
    }
  }

  @Test
  void an_oversized_event_in_a_batch_is_a_400_at_its_index() {
    List<JsonObject> events = List.of(Events.event(20), Events.event(21).put("payload", "x".repeat(5000)));

    HttpResponse<Buffer> response = server.post("/v1/events/batch", Events.batch(events));

    assertProblem(response, 400, "invalid-request");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
      .isEqualTo("/events/1");
    assertThat(server.redis(Command.EXISTS, server.eventKey(events.get(0).getString("id"))).toInteger()).isZero();
  }

  @Test
  void more_than_max_batch_size_events_or_ids_is_a_413() {
    List<JsonObject> events = IntStream.range(0, 101).mapToObj(i -> Events.event(200 + i)).toList();
    JsonArray ids = new JsonArray();
    IntStream.range(0, 101).forEach(i -> ids.add(Events.newId()));

    assertProblem(server.post("/v1/events/batch", Events.batch(events)), 413, "too-large");
    assertProblem(server.post("/v1/events/lookup", new JsonObject().put("ids", ids)), 413, "too-large");
  }

  @Test
  void a_full_batch_of_max_batch_size_is_accepted() {
    List<JsonObject> events = IntStream.range(0, 100).mapToObj(i -> Events.event(300 + i)).toList();

    HttpResponse<Buffer> response = server.post("/v1/events/batch", Events.batch(events));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("results")).hasSize(100);
  }

  @Test
  void lookup_returns_found_events_and_lists_the_missing_ids() {
    JsonObject cached = Events.event(30);
    server.post("/v1/events", cached);
    String missing = Events.newId();

    HttpResponse<Buffer> response = server.post("/v1/events/lookup", new JsonObject().put("ids", new JsonArray()
      .add(cached.getString("id").toUpperCase()).add(missing)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
      .put("events", new JsonObject().put(cached.getString("id"), cached))
      .put("missing", new JsonArray().add(missing)));
  }

  @Test
  void lookup_asks_redis_only_for_the_ids_the_lru_lacks() {
    List<JsonObject> inLru = IntStream.range(0, 5).mapToObj(i -> Events.event(40 + i)).toList();
    server.post("/v1/warmup", Events.batch(inLru));
    List<JsonObject> onlyInRedis = IntStream.range(0, 3).mapToObj(i -> Events.event(50 + i)).toList();
    onlyInRedis.forEach(event -> server.redis(Command.SET, server.eventKey(event.getString("id")), event.encode(), "PX", 600_000));
    JsonArray ids = new JsonArray();
    inLru.forEach(event -> ids.add(event.getString("id")));
    onlyInRedis.forEach(event -> ids.add(event.getString("id")));
    long getsBefore = redisCalls("get");

    HttpResponse<Buffer> response = server.post("/v1/events/lookup", new JsonObject().put("ids", ids));

    assertThat(response.bodyAsJsonObject().getJsonObject("events").size()).isEqualTo(8);
    assertThat(redisCalls("get") - getsBefore).isEqualTo(3);
  }

  @Test
  void lookup_with_a_bad_id_is_a_400_naming_its_index() {
    HttpResponse<Buffer> response = server.post("/v1/events/lookup", new JsonObject()
      .put("ids", new JsonArray().add(Events.newId()).add("1-1-1-1-1")));

    assertProblem(response, 400, "invalid-request");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/ids/1");
  }

  @Test
  void warmup_loads_events_in_batches_and_counts_outcomes() {
    List<JsonObject> events = new ArrayList<>(IntStream.range(0, 248).mapToObj(i -> Events.event(1000 + i)).toList());
    JsonObject existing = Events.event(60);
    JsonObject conflicting = Events.event(61);
    server.post("/v1/events", existing);
    server.post("/v1/events", conflicting);
    events.add(existing);
    events.add(conflicting.copy().put("action", "rewritten"));

    HttpResponse<Buffer> response = server.post("/v1/warmup", Events.batch(events));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("loaded", 248).put("unchanged", 1).put("conflicts", 1));
    assertThat(server.get("/v1/events/" + events.get(247).getString("id")).bodyAsJsonObject()).isEqualTo(events.get(247));
  }

  @Test
  void warmup_over_warmup_size_is_a_413_and_an_invalid_one_writes_nothing() {
    List<JsonObject> tooMany = IntStream.range(0, 251).mapToObj(i -> Events.event(2000 + i)).toList();
    List<JsonObject> oneBad = List.of(Events.event(70), Events.event(71).put("chain", "Not Valid"));

    assertProblem(server.post("/v1/warmup", Events.batch(tooMany)), 413, "too-large");
    HttpResponse<Buffer> invalid = server.post("/v1/warmup", Events.batch(oneBad));
    assertProblem(invalid, 400, "invalid-request");
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/events/1/chain");
    assertThat(server.redis(Command.EXISTS, server.eventKey(oneBad.get(0).getString("id"))).toInteger()).isZero();
  }

  private static JsonObject result(JsonObject event, String status) {
    return new JsonObject().put("id", event.getString("id")).put("status", status);
  }

  /** How many times Redis has run a command so far (INFO commandstats). */
  private static long redisCalls(String command) {
    String stats = server.redis(Command.INFO, "commandstats").toString();
    for (String line : stats.split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }
}
