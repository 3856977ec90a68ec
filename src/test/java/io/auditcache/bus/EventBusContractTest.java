package io.auditcache.bus;

import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code audit.cache.events.*} addresses as a consumer in the same Vert.x cluster uses them: JSON in and out,
 * failures as {@code (httpStatus, problemJson)}.
 */
class EventBusContractTest {

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
  void set_then_get_with_json_objects() {
    JsonObject event = Events.event(1);

    JsonObject created = requestJson(Addresses.EVENTS_SET, event);
    JsonObject unchanged = requestJson(Addresses.EVENTS_SET, event);
    Object read = request(Addresses.EVENTS_GET, new JsonObject().put("id", event.getString("id").toUpperCase())).body();

    assertThat(created).isEqualTo(new JsonObject().put("id", event.getString("id")).put("status", "created"));
    assertThat(unchanged.getString("status")).isEqualTo("unchanged");
    assertThat(read).isEqualTo(event);
  }

  @Test
  void a_buffer_request_gets_the_canonical_json_text_back() {
    JsonObject event = Events.event(2);
    request(Addresses.EVENTS_SET, event.toBuffer());

    Object reply = request(Addresses.EVENTS_GET, new JsonObject().put("id", event.getString("id")).toBuffer()).body();

    assertThat(reply).isInstanceOf(Buffer.class);
    assertThat(reply.toString()).isEqualTo(event.encode());
  }

  @Test
  void a_consumer_cannot_change_the_cached_event_through_the_buffer_it_received() {
    JsonObject event = Events.event(3);
    request(Addresses.EVENTS_SET, event.toBuffer());
    Buffer get = new JsonObject().put("id", event.getString("id")).toBuffer();

    Buffer first = (Buffer) request(Addresses.EVENTS_GET, get).body();
    assertThatThrownBy(() -> first.setByte(0, (byte) 'X')).isInstanceOf(ReadOnlyBufferException.class);
    // Appending moves the buffer onto a new array of its own (Vert.x grows a full buffer by copying).
    first.appendString("tampered");
    Buffer edited = Buffer.buffer(first.getBytes()).setByte(0, (byte) 'X');
    Buffer second = (Buffer) request(Addresses.EVENTS_GET, get).body();

    assertThat(edited.getByte(0)).isEqualTo((byte) 'X');
    assertThat(second.toString()).isEqualTo(event.encode());
  }

  @Test
  void a_miss_fails_with_404_and_a_problem_document() {
    ReplyException failure = failure(Addresses.EVENTS_GET, new JsonObject().put("id", Events.newId()));

    assertProblem(failure, 404, "not-found");
  }

  @Test
  void a_conflicting_rewrite_fails_with_409() {
    JsonObject event = Events.event(3);
    request(Addresses.EVENTS_SET, event);

    ReplyException failure = failure(Addresses.EVENTS_SET, event.copy().put("actor", "eve"));

    assertProblem(failure, 409, "conflict");
    assertThat(new JsonObject(failure.getMessage()).getString("id")).isEqualTo(event.getString("id"));
  }

  @Test
  void bad_input_fails_with_400_naming_the_field_and_oversize_with_413() {
    ReplyException invalid = failure(Addresses.EVENTS_SET, Events.event(4).put("eventHash", ""));
    ReplyException notJson = failure(Addresses.EVENTS_SET, 42);
    ReplyException tooBig = failure(Addresses.EVENTS_SET, Events.event(5).put("payload", "x".repeat(5000)));

    assertProblem(invalid, 400, "invalid-request");
    assertThat(new JsonObject(invalid.getMessage()).getJsonArray("errors").getJsonObject(0).getString("pointer"))
      .isEqualTo("/eventHash");
    assertProblem(notJson, 400, "invalid-request");
    assertProblem(tooBig, 413, "too-large");
  }

  @Test
  void batch_lookup_and_warmup_work_over_the_bus() {
    List<JsonObject> events = IntStream.range(0, 3).mapToObj(i -> Events.event(10 + i)).toList();
    String missing = Events.newId();
    JsonArray ids = new JsonArray().add(events.get(0).getString("id")).add(missing);

    JsonObject batch = requestJson(Addresses.EVENTS_SET_BATCH, Events.batch(events.subList(0, 2)));
    JsonObject warmup = requestJson(Addresses.EVENTS_WARMUP, Events.batch(events));
    JsonObject lookup = requestJson(Addresses.EVENTS_LOOKUP, new JsonObject().put("ids", ids));

    assertThat(batch.getJsonArray("results")).hasSize(2);
    assertThat(warmup).isEqualTo(new JsonObject().put("loaded", 1).put("unchanged", 2).put("conflicts", 0));
    assertThat(lookup).isEqualTo(new JsonObject()
      .put("events", new JsonObject().put(events.get(0).getString("id"), events.get(0)))
      .put("missing", new JsonArray().add(missing)));
  }

  @Test
  void chain_operations_work_over_the_bus_with_the_same_failure_codes() {
    JsonObject chain = new JsonObject().put("chain", "bus-" + Events.newId().substring(0, 8));

    ReplyException noHead = failure(Addresses.CHAINS_GET_HEAD, chain);
    JsonObject head = requestJson(Addresses.CHAINS_APPEND, chain.copy().put("sequence", 1).put("hash", "h1"));
    ReplyException fork = failure(Addresses.CHAINS_APPEND, chain.copy().put("sequence", 2).put("previousHash", "x").put("hash", "h2"));
    JsonObject numbers = requestJson(Addresses.CHAINS_NEXT_SEQUENCE, chain.copy().put("count", 2));
    JsonObject gap = requestJson(Addresses.CHAINS_ADD_GAP, chain.copy().put("from", 5_000_000).put("to", 5_000_002));
    JsonObject gaps = requestJson(Addresses.CHAINS_GET_GAPS, chain);
    ReplyException invalid = failure(Addresses.CHAINS_PUT_HEAD, chain.copy().put("sequence", -5).put("hash", "h"));

    assertProblem(noHead, 404, "not-found");
    assertThat(head).isEqualTo(new JsonObject().put("hash", "h1").put("sequence", 1));
    assertProblem(fork, 409, "conflict");
    assertThat(new JsonObject(fork.getMessage()).getJsonObject("head")).isEqualTo(head);
    assertThat(numbers.getLong("last") - numbers.getLong("first")).isEqualTo(1);
    assertThat(gap).isEqualTo(new JsonObject().put("from", 5_000_000).put("to", 5_000_002));
    // The append set the floor before any number was allocated, so the counter was reseeded past it (a reseed gap).
    assertThat(gaps.getJsonArray("gaps")).contains(new JsonArray().add(5_000_000).add(5_000_002));
    assertProblem(invalid, 400, "invalid-request");
  }

  @Test
  void redis_health_reports_up() {
    JsonObject health = requestJson(Addresses.REDIS_HEALTH, new JsonObject());

    assertThat(health.getString("status")).isEqualTo("up");
    assertThat(health.getDouble("latencyMs")).isNotNegative();
  }

  private static Message<Object> request(String address, Object body) {
    return server.vertx().eventBus().request(address, body).await();
  }

  private static JsonObject requestJson(String address, Object body) {
    return (JsonObject) request(address, body).body();
  }

  private static ReplyException failure(String address, Object body) {
    Future<Message<Object>> reply = server.vertx().eventBus().request(address, body);
    Throwable cause = reply.transform(done -> Future.succeededFuture(done.cause())).await();
    assertThat(cause).isInstanceOf(ReplyException.class);
    return (ReplyException) cause;
  }

  private static void assertProblem(ReplyException failure, int status, String type) {
    assertThat(failure.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(failure.failureCode()).isEqualTo(status);
    JsonObject problem = new JsonObject(failure.getMessage());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isEqualTo("urn:audit-cache:problem:" + type);
  }
}
