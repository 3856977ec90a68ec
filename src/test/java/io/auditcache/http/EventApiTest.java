package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.LoopLocalAddresses;
import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The single-event HTTP API end to end: the whole server against a real Redis. */
class EventApiTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of("cache.maxEventBytes", 4096));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_new_event_is_created_with_its_location() {
    JsonObject event = Events.event(1);

    HttpResponse<Buffer> response = server.post("/v1/events", event);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", event.getString("id")).put("status", "created"));
    assertThat(response.getHeader("Location")).isEqualTo("/v1/events/" + event.getString("id"));
  }

  @Test
  void a_created_event_reads_back_as_sent_and_is_stored_in_redis() {
    JsonObject event = Events.event(2);
    server.post("/v1/events", event);

    HttpResponse<Buffer> response = server.get("/v1/events/" + event.getString("id"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(event);
    assertThat(server.redis(io.vertx.redis.client.Command.GET, server.eventKey(event.getString("id"))).toString())
      .isEqualTo(event.encode());
  }

  @Test
  void an_lru_hit_is_answered_by_the_http_verticle_and_a_miss_by_a_worker() {
    JsonObject cached = Events.event(9);
    server.post("/v1/warmup", Events.batch(List.of(cached)));
    String notCached = Events.newId();
    List<String> askedWorkers = new CopyOnWriteArrayList<>();
    server.vertx().eventBus().addInboundInterceptor(delivery -> {
      if (LoopLocalAddresses.shared(delivery.message().address()).equals(Addresses.EVENTS_GET)) {
        askedWorkers.add(delivery.message().body().toString());
      }
      delivery.next();
    });
    long lruHitsBefore = lruHits();

    HttpResponse<Buffer> hit = server.get("/v1/events/" + cached.getString("id").toUpperCase(Locale.ROOT));
    HttpResponse<Buffer> miss = server.get("/v1/events/" + notCached);

    assertThat(hit.statusCode()).isEqualTo(200);
    assertThat(hit.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(hit.getHeader("X-Request-Id")).isNotBlank();
    assertThat(hit.bodyAsString()).isEqualTo(cached.encode());
    assertProblem(miss, 404, "not-found");
    assertThat(askedWorkers).singleElement().asString().contains(notCached);
    assertThat(lruHits() - lruHitsBefore).isEqualTo(1);
  }

  @Test
  void a_posted_body_reaches_the_worker_without_a_copy() {
    List<Object> sent = new CopyOnWriteArrayList<>();
    List<Object> received = new CopyOnWriteArrayList<>();
    server.vertx().eventBus().addOutboundInterceptor(delivery -> {
      if (LoopLocalAddresses.shared(delivery.message().address()).equals(Addresses.EVENTS_SET)) {
        sent.add(delivery.message().body());
      }
      delivery.next();
    });
    server.vertx().eventBus().addInboundInterceptor(delivery -> {
      if (LoopLocalAddresses.shared(delivery.message().address()).equals(Addresses.EVENTS_SET)) {
        received.add(delivery.message().body());
      }
      delivery.next();
    });

    assertThat(server.post("/v1/events", Events.event(10)).statusCode()).isEqualTo(201);

    // The event bus copies a writable Buffer for a local consumer; the relay sends a read-only view instead.
    assertThat(sent).singleElement().isInstanceOf(Buffer.class);
    assertThat(((BufferInternal) sent.get(0)).getByteBuf().isReadOnly()).isTrue();
    assertThat(received).singleElement().isSameAs(sent.get(0));
  }

  @Test
  void a_miss_goes_to_the_worker_on_the_http_verticles_own_event_loop() {
    List<String> sentTo = new CopyOnWriteArrayList<>();
    List<String> sentFrom = new CopyOnWriteArrayList<>();
    List<String> receivedOn = new CopyOnWriteArrayList<>();
    server.vertx().eventBus().addOutboundInterceptor(delivery -> {
      if (LoopLocalAddresses.shared(delivery.message().address()).equals(Addresses.EVENTS_GET)) {
        sentTo.add(delivery.message().address());
        sentFrom.add(Thread.currentThread().getName());
      }
      delivery.next();
    });
    server.vertx().eventBus().addInboundInterceptor(delivery -> {
      if (LoopLocalAddresses.shared(delivery.message().address()).equals(Addresses.EVENTS_GET)) {
        receivedOn.add(Thread.currentThread().getName());
      }
      delivery.next();
    });

    assertProblem(server.get("/v1/events/" + Events.newId()), 404, "not-found");

    // Workers default to one per event loop, so the HTTP verticle's loop has one: the request never leaves it.
    assertThat(sentFrom).singleElement().asString().startsWith("vert.x-eventloop-thread-");
    assertThat(sentTo).containsExactly(Addresses.EVENTS_GET + "@" + sentFrom.get(0));
    assertThat(receivedOn).containsExactly(sentFrom.get(0));
  }

  private static long lruHits() {
    return server.get("/v1/stats").bodyAsJsonObject().getJsonObject("hitsByTier").getLong("lru");
  }

  @Test
  void rewriting_an_event_with_identical_content_is_unchanged() {
    JsonObject event = Events.event(3);
    server.post("/v1/events", event);

    HttpResponse<Buffer> again = server.post("/v1/events", event);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("unchanged");
  }

  @Test
  void rewriting_an_event_with_other_content_is_a_conflict_and_changes_nothing() {
    JsonObject event = Events.event(4);
    server.post("/v1/events", event);

    HttpResponse<Buffer> conflict = server.post("/v1/events", event.copy().put("action", "document.delete"));

    assertProblem(conflict, 409, "conflict");
    assertThat(conflict.bodyAsJsonObject().getString("id")).isEqualTo(event.getString("id"));
    assertThat(server.get("/v1/events/" + event.getString("id")).bodyAsJsonObject()).isEqualTo(event);
  }

  @Test
  void writes_and_reads_after_redis_lost_its_scripts_are_answered_normally() {
    JsonObject event = Events.event(6);
    server.redis(io.vertx.redis.client.Command.SCRIPT, "FLUSH");

    assertThat(server.post("/v1/events", event).statusCode()).isEqualTo(201);
    server.redis(io.vertx.redis.client.Command.SCRIPT, "FLUSH");
    assertThat(server.post("/v1/events/lookup", new JsonObject().put("ids", new io.vertx.core.json.JsonArray()
      .add(Events.newId()))).bodyAsJsonObject().getJsonArray("missing")).hasSize(1);
  }

  @Test
  void the_lru_size_is_reported_in_prometheus_metrics() {
    server.post("/v1/events", Events.event(14));

    HttpResponse<Buffer> metrics = server.get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).containsPattern("(?m)^audit_cache_lru_entries [1-9]")
      .containsPattern("(?m)^audit_cache_lru_bytes [1-9]");
  }

  @Test
  void upper_and_lower_case_ids_are_the_same_event() {
    String id = Events.newId();
    JsonObject upper = Events.event(id.toUpperCase(Locale.ROOT), 5);

    HttpResponse<Buffer> created = server.post("/v1/events", upper);
    HttpResponse<Buffer> again = server.post("/v1/events", upper.copy().put("id", id));
    HttpResponse<Buffer> read = server.get("/v1/events/" + id.toUpperCase(Locale.ROOT));

    assertThat(created.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("unchanged");
    assertThat(read.bodyAsJsonObject()).isEqualTo(upper.copy().put("id", id));
  }

  @Test
  void the_stored_form_keeps_member_order_and_numbers_as_sent() {
    String id = Events.newId();
    String sent = "{\"zeta\":1.50,\"id\":\"" + id.toUpperCase(Locale.ROOT) + "\",\"sequenceNum\":7,"
      + "\"eventHash\":\"ab\",  \"big\": 123456789012345678901234567890, \"alpha\":[true,null]}";

    server.send(HttpMethod.POST, "/v1/events", "application/json", Buffer.buffer(sent));

    assertThat(server.get("/v1/events/" + id).bodyAsString()).isEqualTo("{\"zeta\":1.50,\"id\":\"" + id
      + "\",\"sequenceNum\":7,\"eventHash\":\"ab\",\"big\":123456789012345678901234567890,\"alpha\":[true,null]}");
  }

  @Test
  void an_unknown_event_is_a_404_problem() {
    assertProblem(server.get("/v1/events/" + Events.newId()), 404, "not-found");
  }

  @Test
  void a_malformed_id_in_the_path_is_a_400_naming_the_id() {
    for (String bad : new String[] {"1-1-1-1-1", "not-a-uuid", "%7B" + Events.newId() + "%7D"}) {
      HttpResponse<Buffer> response = server.get("/v1/events/" + bad);
      assertProblem(response, 400, "invalid-request");
      assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/id");
    }
  }

  @Test
  void an_invalid_event_is_a_400_naming_each_bad_field() {
    JsonObject bad = Events.event(9).put("id", "1-1-1-1-1").put("sequenceNum", -1).put("eventHash", "has space");

    HttpResponse<Buffer> response = server.post("/v1/events", bad);

    assertProblem(response, 400, "invalid-request");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream()
      .map(error -> ((JsonObject) error).getString("pointer")))
      .containsExactlyInAnyOrder("/id", "/sequenceNum", "/eventHash");
  }

  @Test
  void nesting_deeper_than_32_levels_is_a_400() {
    JsonObject ok = Events.event(10).put("deep", Events.nested(32));
    JsonObject tooDeep = Events.event(11).put("deep", Events.nested(33));

    assertThat(server.post("/v1/events", ok).statusCode()).isEqualTo(201);
    assertProblem(server.post("/v1/events", tooDeep), 400, "invalid-request");
  }

  @Test
  void an_event_over_max_event_bytes_is_a_413() {
    JsonObject big = Events.event(12).put("payload", "x".repeat(5000));

    assertProblem(server.post("/v1/events", big), 413, "too-large");
    assertProblem(server.get("/v1/events/" + big.getString("id")), 404, "not-found");
  }

  @Test
  void a_body_over_max_body_bytes_is_a_413() {
    long limit = server.config().http().maxBodyBytes();
    Buffer huge = Buffer.buffer("{\"events\":[\"" + "x".repeat((int) limit) + "\"]}");

    assertProblem(server.send(HttpMethod.POST, "/v1/events/batch", "application/json", huge), 413, "too-large");
  }

  @Test
  void unparsable_json_and_wrong_types_are_400() {
    for (String body : new String[] {"{\"id\":", "[]", "\"text\"", "{} {}", "{\"id\":1,\"id\":2}", ""}) {
      HttpResponse<Buffer> response = server.send(HttpMethod.POST, "/v1/events", "application/json", Buffer.buffer(body));
      assertProblem(response, 400, "invalid-request");
    }
  }

  @Test
  void a_body_that_is_not_json_is_a_415() {
    assertProblem(server.send(HttpMethod.POST, "/v1/events", "text/plain", Buffer.buffer("{}")), 415, "unsupported-media-type");
    assertProblem(server.send(HttpMethod.POST, "/v1/events", null, Buffer.buffer("{}")), 415, "unsupported-media-type");
    JsonObject event = Events.event(13);
    assertThat(server.send(HttpMethod.POST, "/v1/events", "application/json; charset=utf-8", event.toBuffer()).statusCode())
      .isEqualTo(201);
  }

  @Test
  void unknown_routes_are_404_and_wrong_methods_405() {
    assertProblem(server.get("/v2/nothing"), 404, "route-not-found");
    assertProblem(server.send(HttpMethod.DELETE, "/v1/events/" + Events.newId(), null, null), 405, "method-not-allowed");
    assertProblem(server.get("/v1/events/batch"), 405, "method-not-allowed");
    assertProblem(server.send(HttpMethod.PUT, "/v1/events", "application/json", Buffer.buffer("{}")), 405, "method-not-allowed");
  }

  @Test
  void a_405_says_which_methods_are_allowed_before_looking_at_the_body() {
    HttpResponse<Buffer> delete = server.send(HttpMethod.DELETE, "/v1/events/" + Events.newId(), null, null);
    HttpResponse<Buffer> putText = server.send(HttpMethod.PUT, "/v1/events", "text/plain", Buffer.buffer("x"));
    HttpResponse<Buffer> head = server.send(HttpMethod.DELETE, "/v1/chains/c1/head", null, null);

    assertThat(delete.getHeader("Allow")).isEqualTo("GET");
    assertProblem(putText, 405, "method-not-allowed");
    assertThat(putText.getHeader("Allow")).isEqualTo("POST");
    assertThat(head.getHeader("Allow")).isEqualTo("GET, PUT");
  }

  @Test
  void requests_http_cannot_decode_are_problems_too() {
    assertProblem(server.get("/v1/events/%zz"), 400, "invalid-request");
    assertProblem(server.get("/v1/chains/c1/hashes?from=%zz&to=1"), 400, "invalid-request");
    assertProblem(server.get("/v1/events/" + "a".repeat(10_000)), 414, "uri-too-long");
  }

  @Test
  void deep_nesting_anywhere_in_a_body_is_a_400() {
    StringBuilder deep = new StringBuilder();
    deep.append("[".repeat(200)).append("]".repeat(200));
    Buffer body = Buffer.buffer("{\"ids\":[],\"extra\":" + deep + "}");

    assertProblem(server.send(HttpMethod.POST, "/v1/events/lookup", "application/json", body), 400, "invalid-request");
  }

}
