package io.auditcache.cache;

import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Event TTLs as Redis really holds them, and the LRU letting go when Redis does. */
class EventExpiryTest {

  private static final long HOUR_MS = 3_600_000;
  private static final long JITTER_MS = 30_000;

  @Test
  void each_event_key_lives_one_hour_plus_its_own_jitter() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      List<JsonObject> events = IntStream.range(0, 50).mapToObj(Events::event).toList();
      server.post("/v1/events/batch", Events.batch(events));

      List<Long> ttls = events.stream()
        .map(event -> server.redis(Command.PTTL, server.eventKey(event.getString("id"))).toLong())
        .toList();

      assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isBetween(HOUR_MS - JITTER_MS - 10_000, HOUR_MS + JITTER_MS));
      // 50 draws from +/-30 s all within one 10 s window would take odds of about 6^-49: they are spread.
      assertThat(ttls.stream().mapToLong(Long::longValue).max().getAsLong()
        - ttls.stream().mapToLong(Long::longValue).min().getAsLong()).isGreaterThan(10_000);
    }
  }

  @Test
  void an_unchanged_rewrite_does_not_renew_the_ttl() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      JsonObject event = Events.event(1);
      server.post("/v1/events", event);
      server.redis(Command.PEXPIRE, server.eventKey(event.getString("id")), 120_000);

      assertThat(server.post("/v1/events", event).bodyAsJsonObject().getString("status")).isEqualTo("unchanged");
      assertThat(server.redis(Command.PTTL, server.eventKey(event.getString("id"))).toLong()).isLessThanOrEqualTo(120_000);
    }
  }

  @Test
  void an_lru_entry_never_outlives_its_redis_key() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of("cache.eventTtlMs", 1_000, "cache.ttlJitterMs", 0))) {
      JsonObject written = Events.event(2);
      JsonObject readBack = Events.event(3);
      server.post("/v1/events", written);
      server.redis(Command.SET, server.eventKey(readBack.getString("id")), readBack.encode(), "PX", 1_000);
      assertThat(server.get("/v1/events/" + written.getString("id")).statusCode()).isEqualTo(200);
      assertThat(server.get("/v1/events/" + readBack.getString("id")).statusCode()).isEqualTo(200);

      for (JsonObject event : List.of(written, readBack)) {
        String key = server.eventKey(event.getString("id"));
        server.await("Redis to expire " + key, () -> server.redis(Command.EXISTS, key).toInteger() == 0, 5_000);

        assertThat(server.get("/v1/events/" + event.getString("id")).statusCode()).isEqualTo(404);
      }
    }
  }

  @Test
  void an_event_key_without_expiry_is_answered_but_never_cached() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      JsonObject event = Events.event(4);
      String key = server.eventKey(event.getString("id"));
      server.redis(Command.SET, key, event.encode());

      assertThat(server.get("/v1/events/" + event.getString("id")).bodyAsJsonObject()).isEqualTo(event);
      server.redis(Command.DEL, key);

      assertThat(server.get("/v1/events/" + event.getString("id")).statusCode()).isEqualTo(404);
    }
  }
}
