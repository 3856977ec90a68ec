package io.auditcache.cache;

import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What fills the LRU: a read that reaches Redis and a warm-up always; single and batch writes only with
 * {@code cache.lruOnWrite}.
 */
class LruFillTest {

  @Test
  void by_default_writes_leave_the_lru_to_reads() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      JsonObject single = Events.event(1);
      JsonObject inBatch = Events.event(2);

      assertThat(server.post("/v1/events", single).statusCode()).isEqualTo(201);
      assertThat(server.post("/v1/events/batch", Events.batch(List.of(inBatch))).statusCode()).isEqualTo(200);
      assertThat(stats(server).getLong("lru_size")).isZero();

      assertThat(server.get("/v1/events/" + single.getString("id")).bodyAsJsonObject()).isEqualTo(single);
      assertThat(server.get("/v1/events/" + single.getString("id")).bodyAsJsonObject()).isEqualTo(single);

      JsonObject stats = stats(server);
      assertThat(stats.getJsonObject("hitsByTier")).isEqualTo(new JsonObject().put("lru", 1).put("redis", 1));
      assertThat(stats.getLong("lru_size")).isEqualTo(1);
    }
  }

  @Test
  void with_lru_on_write_created_and_unchanged_writes_fill_the_lru() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of("cache.lruOnWrite", true))) {
      JsonObject single = Events.event(1);
      JsonObject inBatch = Events.event(2);
      JsonObject alreadyStored = Events.event(3);
      server.redis(Command.SET, server.eventKey(alreadyStored.getString("id")), alreadyStored.encode(), "PX", 600_000);

      assertThat(server.post("/v1/events", single).statusCode()).isEqualTo(201);
      assertThat(server.post("/v1/events/batch", Events.batch(List.of(inBatch, alreadyStored))).bodyAsJsonObject()
        .getJsonArray("results").getJsonObject(1).getString("status")).isEqualTo("unchanged");
      for (JsonObject event : List.of(single, inBatch, alreadyStored)) {
        assertThat(server.get("/v1/events/" + event.getString("id")).bodyAsJsonObject()).isEqualTo(event);
      }

      JsonObject stats = stats(server);
      assertThat(stats.getJsonObject("hitsByTier")).isEqualTo(new JsonObject().put("lru", 3).put("redis", 0));
      assertThat(stats.getLong("lru_size")).isEqualTo(3);
    }
  }

  @Test
  void a_warm_up_fills_the_lru_whatever_lru_on_write_says() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of("cache.lruOnWrite", false))) {
      List<JsonObject> events = List.of(Events.event(1), Events.event(2));

      assertThat(server.post("/v1/warmup", Events.batch(events)).bodyAsJsonObject().getInteger("loaded")).isEqualTo(2);
      events.forEach(event -> assertThat(server.get("/v1/events/" + event.getString("id")).bodyAsJsonObject()).isEqualTo(event));

      JsonObject stats = stats(server);
      assertThat(stats.getJsonObject("hitsByTier")).isEqualTo(new JsonObject().put("lru", 2).put("redis", 0));
      assertThat(stats.getLong("lru_size")).isEqualTo(2);
    }
  }

  private static JsonObject stats(TestServer server) {
    return server.get("/v1/stats").bodyAsJsonObject();
  }
}
