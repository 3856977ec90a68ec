package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.RedisServer;
import io.auditcache.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis down, slow, saturated or full: the LRU keeps serving, everything else is a prompt 503 with Retry-After (never
 * a hang, a 500 or a 504), health says what is wrong while readiness stays up, and recovery needs no restart.
 * Each test owns a private Redis it may stop or break.
 */
class RedisOutageTest {

  private static final long REDIS_TIMEOUT_MS = 500;
  private static final long BUS_TIMEOUT_MS = 2_000;

  private RedisServer redis;

  @BeforeEach
  void startRedis() {
    redis = RedisFixture.startPrivate();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void while_redis_is_down_lru_hits_are_served_and_everything_else_is_a_prompt_503() {
    try (TestServer server = start(Map.of())) {
      JsonObject cached = Events.event(1);
      server.post("/v1/warmup", Events.batch(List.of(cached)));

      redis.stop();

      assertThat(server.get("/v1/events/" + cached.getString("id")).bodyAsJsonObject()).isEqualTo(cached);
      assertThat(server.post("/v1/events/lookup", ids(cached)).statusCode()).isEqualTo(200);
      assertUnavailable(server, () -> server.get("/v1/events/" + Events.newId()));
      assertUnavailable(server, () -> server.post("/v1/events", Events.event(2)));
      assertUnavailable(server, () -> server.post("/v1/events/batch", Events.batch(List.of(Events.event(3)))));
      assertUnavailable(server, () -> server.post("/v1/events/lookup", ids(cached, Events.event(4))));
      assertUnavailable(server, () -> server.post("/v1/warmup", Events.batch(List.of(Events.event(5)))));
      assertThat(server.get("/health").statusCode()).isEqualTo(503);
      assertThat(server.get("/health").bodyAsJsonObject().getJsonObject("dependencies").getJsonObject("redis")
        .getString("status")).isEqualTo("down");
      assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
      assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);
      ReplyException overBus = (ReplyException) server.vertx().eventBus()
        .request(Addresses.EVENTS_GET, new JsonObject().put("id", Events.newId()))
        .transform(done -> Future.succeededFuture(done.cause())).await();
      assertThat(overBus.failureCode()).isEqualTo(503);
      assertThat(new JsonObject(overBus.getMessage()).getInteger("retryAfterSeconds")).isEqualTo(1);
    }
  }

  @Test
  void when_redis_returns_the_server_recovers_by_itself() {
    try (TestServer server = start(Map.of())) {
      server.post("/v1/events", Events.event(1));
      redis.stop();
      assertThat(server.post("/v1/events", Events.event(2)).statusCode()).isEqualTo(503);

      redis.start();

      JsonObject event = Events.event(3);
      // A first try may be applied yet answered 503 (Redis lost its scripts); its retry then says "unchanged".
      server.await("a write to succeed after the restart",
        () -> List.of(200, 201).contains(server.post("/v1/events", event).statusCode()), 10_000);
      assertThat(server.get("/v1/events/" + event.getString("id")).bodyAsJsonObject()).isEqualTo(event);
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_server_started_while_redis_is_down_is_ready_and_serves_sequences_once_redis_is_up() {
    redis.stop();
    try (TestServer server = start(Map.of())) {
      assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);
      assertUnavailable(server, () -> server.post("/v1/chains/down-at-start/sequence", new JsonObject()));

      redis.start();

      server.await("a sequence number after Redis came up",
        () -> server.post("/v1/chains/down-at-start/sequence", new JsonObject()).statusCode() == 200, 10_000);
    }
  }

  @Test
  void a_slow_redis_is_a_503_after_the_redis_timeout_not_a_504() {
    try (TestServer server = start(Map.of())) {
      server.redis(Command.CLIENT, "PAUSE", 1_500, "ALL");

      long start = System.nanoTime();
      HttpResponse<Buffer> response = server.get("/v1/events/" + Events.newId());
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;

      assertProblem(response, 503, "redis-unavailable");
      assertThat(response.getHeader("Retry-After")).isEqualTo("1");
      assertThat(elapsedMs).isBetween(REDIS_TIMEOUT_MS - 50, BUS_TIMEOUT_MS - 1);
    }
  }

  @Test
  void a_full_connection_pool_is_a_503_overloaded_with_retry_after() {
    try (TestServer server = start(Map.of("redis.maxPoolSize", 1, "redis.maxPoolWaiting", 1))) {
      server.redis(Command.CLIENT, "PAUSE", 1_000, "ALL");
      // Take the only connection and the only waiting place, then ask for more. (Chain reads each need a
      // connection; event reads of one event-loop turn would share one pipeline.)
      List<Future<HttpResponse<Buffer>>> replies = IntStream.range(0, 6)
        .mapToObj(i -> server.sendAsync(io.vertx.core.http.HttpMethod.GET, "/v1/chains/c" + i + "/gaps", null)).toList();
      Future.join(replies).await();

      List<HttpResponse<Buffer>> overloaded = replies.stream().map(Future::result)
        .filter(reply -> reply.bodyAsJsonObject().getString("type", "").endsWith(":overloaded")).toList();
      assertThat(overloaded).isNotEmpty().allSatisfy(reply -> {
        assertProblem(reply, 503, "overloaded");
        assertThat(reply.getHeader("Retry-After")).isEqualTo("1");
      });
      assertThat(replies).allSatisfy(reply -> assertThat(reply.result().statusCode()).isIn(200, 503));
    }
  }

  @Test
  void redis_out_of_memory_is_a_503_and_reads_keep_working() {
    try (TestServer server = start(Map.of())) {
      JsonObject stored = Events.event(1);
      server.post("/v1/events", stored);
      server.redis(Command.CONFIG, "SET", "maxmemory", "1");

      HttpResponse<Buffer> response = server.post("/v1/events", Events.event(2));

      assertProblem(response, 503, "redis-out-of-memory");
      assertThat(response.getHeader("Retry-After")).isEqualTo("1");
      assertThat(server.post("/v1/events/lookup", ids(stored)).statusCode()).isEqualTo(200);
      server.redis(Command.CONFIG, "SET", "maxmemory", "0");
      assertThat(server.post("/v1/events", Events.event(3)).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void an_eviction_policy_that_can_drop_counters_is_reported_at_start_up() {
    List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.auditcache.cache.RedisClients");
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    logger.addHandler(capture);
    try (TestServer probe = start(Map.of())) {
      probe.redis(Command.CONFIG, "SET", "maxmemory-policy", "allkeys-lru");
      try (TestServer server = start(Map.of())) {
        server.await("the policy warning", () -> records.stream()
          .anyMatch(record -> record.getLevel() == java.util.logging.Level.SEVERE
            && record.getMessage().contains("allkeys-lru")), 5_000);
      }
    } finally {
      logger.removeHandler(capture);
    }
  }

  private TestServer start(Map<String, Object> overrides) {
    Map<String, Object> config = new java.util.HashMap<>(Map.of(
      "redis.timeoutMs", REDIS_TIMEOUT_MS, "http.busTimeoutMs", BUS_TIMEOUT_MS));
    config.putAll(overrides);
    return TestServer.start(redis, config);
  }

  private static JsonObject ids(JsonObject... events) {
    JsonArray ids = new JsonArray();
    for (JsonObject event : events) {
      ids.add(event.getString("id"));
    }
    return new JsonObject().put("ids", ids);
  }

  private static void assertUnavailable(TestServer server, java.util.function.Supplier<HttpResponse<Buffer>> call) {
    long start = System.nanoTime();
    HttpResponse<Buffer> response = call.get();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertProblem(response, 503, "redis-unavailable");
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(elapsedMs).isLessThan(BUS_TIMEOUT_MS);
  }
}
