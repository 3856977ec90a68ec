package io.auditcache.http;

import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two server instances (two Vert.x instances, one Redis, one key prefix) racing to write the same ids. */
class ConcurrentWritersTest {

  @Test
  void of_two_concurrent_writers_with_different_content_exactly_one_wins() {
    String prefix = "race-" + UUID.randomUUID();
    try (TestServer first = TestServer.start(RedisFixture.shared(), prefix, Map.of());
         TestServer second = TestServer.start(RedisFixture.shared(), prefix, Map.of())) {
      List<JsonObject[]> pairs = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> firstReplies = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> secondReplies = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        JsonObject mine = Events.event(i).put("writer", "first");
        JsonObject theirs = mine.copy().put("writer", "second");
        pairs.add(new JsonObject[] {mine, theirs});
        firstReplies.add(first.postAsync("/v1/events", mine));
        secondReplies.add(second.postAsync("/v1/events", theirs));
      }
      Future.all(firstReplies).await();
      Future.all(secondReplies).await();

      for (int i = 0; i < pairs.size(); i++) {
        int a = firstReplies.get(i).result().statusCode();
        int b = secondReplies.get(i).result().statusCode();
        assertThat(List.of(a, b)).containsExactlyInAnyOrder(201, 409);
        JsonObject winner = a == 201 ? pairs.get(i)[0] : pairs.get(i)[1];
        String stored = first.redis(Command.GET, first.eventKey(winner.getString("id"))).toString();
        assertThat(new JsonObject(stored)).isEqualTo(winner);
        assertThat(first.get("/v1/events/" + winner.getString("id")).bodyAsJsonObject()).isEqualTo(winner);
        assertThat(second.get("/v1/events/" + winner.getString("id")).bodyAsJsonObject()).isEqualTo(winner);
      }
    }
  }
}
