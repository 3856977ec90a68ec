package io.auditcache.sequence;

import io.auditcache.bus.Addresses;
import io.auditcache.metrics.AuditMeters;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.RedisServer;
import io.auditcache.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static io.auditcache.support.HttpAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

/** Sequence numbers over HTTP: batched, unique across instances, idempotent, and never repeated after a loss. */
class SequenceApiTest {

  @Test
  void one_number_or_a_range_of_count_numbers() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      String chain = newChain();

      JsonObject one = next(server, chain, null).bodyAsJsonObject();
      JsonObject range = next(server, chain, 5).bodyAsJsonObject();

      assertThat(one).isEqualTo(new JsonObject().put("sequence", 1));
      assertThat(range).isEqualTo(new JsonObject().put("first", 2).put("last", 6));
      assertThat(server.redis(Command.PTTL, key(server, chain, "seq")).toLong()).isEqualTo(-1);
    }
  }

  @Test
  void thousands_of_concurrent_calls_on_two_instances_get_unique_contiguous_numbers() {
    String prefix = "seq-" + UUID.randomUUID();
    String chain = newChain();
    try (TestServer first = TestServer.start(RedisFixture.shared(), prefix, Map.of());
         TestServer second = TestServer.start(RedisFixture.shared(), prefix, Map.of())) {
      List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
      long requested = 0;
      for (int i = 0; i < 3000; i++) {
        Integer count = i % 10 == 0 ? 3 : null;
        requested += count == null ? 1 : count;
        replies.add(nextAsync(i % 2 == 0 ? first : second, chain, count, null));
      }
      Future.all(replies).await();

      List<Long> numbers = new ArrayList<>();
      replies.forEach(reply -> numbers.addAll(numbersOf(reply.result())));
      assertThat(numbers).hasSize((int) requested).doesNotHaveDuplicates();
      assertThat(new TreeSet<>(numbers)).containsExactlyElementsOf(LongStream.rangeClosed(1, requested).boxed().toList());
      assertThat(first.registry().counter(AuditMeters.SEQUENCE_ISSUED).count()
        + second.registry().counter(AuditMeters.SEQUENCE_ISSUED).count()).isEqualTo(requested);
    }
  }

  @Test
  void each_caller_sees_its_numbers_increase() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      String chain = newChain();
      List<List<Long>> seen = new ArrayList<>();
      List<Future<Void>> callers = IntStream.range(0, 10).mapToObj(caller -> {
        List<Long> mine = new ArrayList<>();
        seen.add(mine);
        return callInSequence(server, chain, 50, mine);
      }).toList();
      Future.all(callers).await();

      assertThat(seen).allSatisfy(numbers -> assertThat(numbers).hasSize(50).isSorted().doesNotHaveDuplicates());
    }
  }

  @Test
  void a_burst_queued_behind_a_round_trip_becomes_one_allocation() {
    try (RedisServer redis = RedisFixture.startPrivate();
         TestServer server = TestServer.start(redis, Map.of("redis.timeoutMs", 1_500, "http.busTimeoutMs", 3_000))) {
      String chain = newChain();
      takeNumbers(server, chain, 1);
      long scriptCallsBefore = redisCalls(server, "evalsha");
      // While Redis is paused the first allocation stays in flight, and the burst queues behind it.
      server.redis(Command.CLIENT, "PAUSE", 500, "ALL");
      // Over the event bus, as a consumer in the cluster asks: no HTTP connection limit spreads the burst out.
      JsonObject request = new JsonObject().put("chain", chain);
      Future<Message<Object>> first = server.vertx().eventBus().request(Addresses.CHAINS_NEXT_SEQUENCE, request);
      List<Future<Message<Object>>> burst = IntStream.range(0, 200)
        .mapToObj(i -> server.vertx().eventBus().request(Addresses.CHAINS_NEXT_SEQUENCE, request)).toList();
      Future.all(burst).await();
      long firstNumber = ((JsonObject) first.await().body()).getLong("sequence");

      List<Long> numbers = burst.stream().map(reply -> ((JsonObject) reply.result().body()).getLong("sequence")).toList();
      assertThat(numbers).isSorted().doesNotHaveDuplicates().hasSize(200).doesNotContain(firstNumber);
      // 201 requests, at most three allocations: the first (which may take part of the burst), then the rest at once.
      assertThat(redisCalls(server, "evalsha") - scriptCallsBefore).isBetween(1L, 3L);
    }
  }

  @Test
  void an_idempotency_key_retry_gets_the_same_numbers() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      String chain = newChain();

      JsonObject original = nextAsync(server, chain, 3, "order-42").await().bodyAsJsonObject();
      JsonObject retry = nextAsync(server, chain, 3, "order-42").await().bodyAsJsonObject();
      JsonObject other = nextAsync(server, chain, 3, "order-43").await().bodyAsJsonObject();
      HttpResponse<Buffer> otherCount = nextAsync(server, chain, 2, "order-42").await();

      assertThat(retry).isEqualTo(original);
      assertThat(other.getLong("first")).isGreaterThan(original.getLong("last"));
      assertProblem(otherCount, 409, "conflict");
      assertThat(server.redis(Command.PTTL, key(server, chain, "idem:order-42")).toLong()).isBetween(590_000L, 600_000L);
    }
  }

  @Test
  void concurrent_retries_with_one_idempotency_key_get_one_range() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      String chain = newChain();
      List<Future<HttpResponse<Buffer>>> retries = IntStream.range(0, 20)
        .mapToObj(i -> nextAsync(server, chain, 2, "same-key")).toList();
      Future.all(retries).await();

      assertThat(retries.stream().map(reply -> reply.result().bodyAsJsonObject()).distinct()).hasSize(1);
    }
  }

  @Test
  void bad_counts_and_keys_are_400_naming_the_field() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      String chain = newChain();
      for (String count : List.of("0", "101", "x", "-1", "1.5")) {
        HttpResponse<Buffer> reply = server.send(HttpMethod.POST, "/v1/chains/" + chain + "/sequence?count=" + count, null, null);
        assertProblem(reply, 400, "invalid-request");
        assertThat(pointers(reply)).containsExactly("/count");
      }
      HttpResponse<Buffer> badKey = nextAsync(server, chain, null, "x".repeat(129)).await();
      assertProblem(badKey, 400, "invalid-request");
      assertThat(pointers(badKey)).containsExactly("/idempotencyKey");
      assertProblem(server.send(HttpMethod.POST, "/v1/chains/Bad/sequence", null, null), 400, "invalid-request");
    }
  }

  @Test
  void a_flushed_counter_is_raised_past_every_instance_s_high_water_mark() {
    try (RedisServer redis = RedisFixture.startPrivate()) {
      String prefix = "reseed-" + UUID.randomUUID();
      String chain = newChain();
      try (TestServer a = TestServer.start(redis, prefix, Map.of()); TestServer b = TestServer.start(redis, prefix, Map.of())) {
        Set<Long> before = new TreeSet<>(takeNumbers(a, chain, 10));
        before.addAll(takeNumbers(b, chain, 15));
        a.redis(Command.FLUSHALL);

        List<Long> after = takeNumbers(a, chain, 5);
        after.addAll(takeNumbers(b, chain, 5));

        assertThat(after).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isGreaterThan(1_000_000L + 10));
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(a.registry().counter(AuditMeters.SEQUENCE_RESEEDS).count()).isEqualTo(1);
        assertThat(reasons(a, chain)).contains("reseed");
      }
    }
  }

  @Test
  void a_deleted_counter_restarts_past_the_chain_s_floor() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      String chain = newChain();
      takeNumbers(server, chain, 3);
      server.put("/v1/chains/" + chain + "/head", new JsonObject().put("sequence", 500).put("hash", "h500"));
      server.redis(Command.DEL, key(server, chain, "seq"));

      long next = next(server, chain, null).bodyAsJsonObject().getLong("sequence");

      assertThat(next).isEqualTo(500 + 1_000_000 + 1);
      JsonObject reseedGap = gaps(server, chain).stream().map(JsonObject.class::cast)
        .filter(gap -> gap.getString("reason").equals("reseed")).findFirst().orElseThrow();
      assertThat(reseedGap.getLong("from")).isEqualTo(501);
      assertThat(reseedGap.getLong("to")).isEqualTo(1_000_500);
    }
  }

  @Test
  void a_redis_restart_without_persistence_never_repeats_a_number_on_two_instances() {
    try (RedisServer redis = RedisFixture.startPrivate()) {
      String prefix = "restart-" + UUID.randomUUID();
      String chain = newChain();
      try (TestServer a = TestServer.start(redis, prefix, Map.of()); TestServer b = TestServer.start(redis, prefix, Map.of())) {
        Set<Long> before = new TreeSet<>(takeNumbers(a, chain, 20));
        before.addAll(takeNumbers(b, chain, 20));

        redis.stop();
        redis.start();

        List<Long> after = new ArrayList<>();
        for (TestServer server : List.of(a, b, a, b)) {
          server.await("a sequence number after the restart", () -> {
            HttpResponse<Buffer> reply = next(server, chain, null);
            if (reply.statusCode() == 200) {
              after.add(reply.bodyAsJsonObject().getLong("sequence"));
            }
            return reply.statusCode() == 200;
          }, 10_000);
        }

        assertThat(after).doesNotHaveDuplicates().doesNotContainAnyElementsOf(before);
        assertThat(after).allSatisfy(n -> assertThat(n).isGreaterThan(1_000_000L));
      }
    }
  }

  @Test
  void an_allocation_whose_reply_is_lost_becomes_an_unknown_outcome_gap() {
    try (RedisServer redis = RedisFixture.startPrivate();
         TestServer server = TestServer.start(redis, Map.of("redis.timeoutMs", 300, "http.busTimeoutMs", 2_000))) {
      String chain = newChain();
      takeNumbers(server, chain, 2);
      server.redis(Command.CLIENT, "PAUSE", 800, "ALL");

      HttpResponse<Buffer> lost = next(server, chain, 4);
      server.redis(Command.PING);
      JsonObject after = next(server, chain, null).bodyAsJsonObject();

      assertProblem(lost, 503, "redis-unavailable");
      assertThat(after.getLong("sequence")).isEqualTo(7);
      JsonObject gap = gaps(server, chain).getJsonObject(0);
      assertThat(gap.getString("reason")).isEqualTo("unknown-outcome");
      assertThat(List.of(gap.getLong("from"), gap.getLong("to"))).containsExactly(3L, 6L);
      assertThat(server.registry().counter(AuditMeters.SEQUENCE_UNKNOWN_OUTCOMES).count()).isEqualTo(1);
    }
  }

  @Test
  void a_lost_reply_is_settled_once_redis_answers_again_without_another_request() {
    try (RedisServer redis = RedisFixture.startPrivate();
         TestServer server = TestServer.start(redis, Map.of("redis.timeoutMs", 300, "http.busTimeoutMs", 2_000))) {
      String chain = newChain();
      takeNumbers(server, chain, 1);
      server.redis(Command.CLIENT, "PAUSE", 600, "ALL");

      assertProblem(next(server, chain, 2), 503, "redis-unavailable");

      server.await("the lost allocation to be recorded as a gap",
        () -> server.registry().counter(AuditMeters.SEQUENCE_UNKNOWN_OUTCOMES).count() == 1, 5_000);
      assertThat(gaps(server, chain).getJsonObject(0).getString("reason")).isEqualTo("unknown-outcome");
    }
  }

  @Test
  void a_full_queue_answers_503_overloaded_at_once() {
    try (RedisServer redis = RedisFixture.startPrivate();
         TestServer server = TestServer.start(redis, Map.of("sequence.maxQueue", 2, "redis.timeoutMs", 1_500,
           "http.busTimeoutMs", 3_000))) {
      String chain = newChain();
      takeNumbers(server, chain, 1);
      // Redis is paused, so the first allocation stays in flight while the burst fills the queue of 2.
      server.redis(Command.CLIENT, "PAUSE", 800, "ALL");
      Future<HttpResponse<Buffer>> blocked = nextAsync(server, chain, null, null);
      List<Future<HttpResponse<Buffer>>> burst = IntStream.range(0, 20).mapToObj(i -> nextAsync(server, chain, null, null)).toList();
      Future.join(burst).await();
      HttpResponse<Buffer> inFlight = blocked.await();

      List<HttpResponse<Buffer>> overloaded = burst.stream().map(Future::result).filter(reply -> reply.statusCode() == 503).toList();
      assertThat(overloaded).isNotEmpty().allSatisfy(reply -> {
        assertProblem(reply, 503, "overloaded");
        assertThat(reply.getHeader("Retry-After")).isEqualTo("1");
      });
      assertThat(inFlight.statusCode()).isEqualTo(200);
      assertThat(server.registry().counter(AuditMeters.OVERLOADS, "source", "sequence_queue").count()).isEqualTo(overloaded.size());
    }
  }

  private static Future<Void> callInSequence(TestServer server, String chain, int calls, List<Long> seen) {
    if (calls == 0) {
      return Future.succeededFuture();
    }
    return nextAsync(server, chain, null, null).compose(reply -> {
      seen.add(reply.bodyAsJsonObject().getLong("sequence"));
      return callInSequence(server, chain, calls - 1, seen);
    });
  }

  private static List<Long> takeNumbers(TestServer server, String chain, int count) {
    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add(next(server, chain, null).bodyAsJsonObject().getLong("sequence"));
    }
    return numbers;
  }

  private static List<Long> numbersOf(HttpResponse<Buffer> reply) {
    JsonObject body = reply.bodyAsJsonObject();
    assertThat(reply.statusCode()).as(body.encode()).isEqualTo(200);
    if (body.containsKey("sequence")) {
      return List.of(body.getLong("sequence"));
    }
    return LongStream.rangeClosed(body.getLong("first"), body.getLong("last")).boxed().toList();
  }

  private static HttpResponse<Buffer> next(TestServer server, String chain, Integer count) {
    return nextAsync(server, chain, count, null).await();
  }

  private static Future<HttpResponse<Buffer>> nextAsync(TestServer server, String chain, Integer count, String key) {
    String path = "/v1/chains/" + chain + "/sequence" + (count == null ? "" : "?count=" + count);
    return key == null ? server.sendAsync(HttpMethod.POST, path, null) : server.sendAsync(HttpMethod.POST, path, null, "Idempotency-Key", key);
  }

  private static JsonArray gaps(TestServer server, String chain) {
    return server.get("/v1/chains/" + chain + "/gaps?detail=true").bodyAsJsonObject().getJsonArray("gaps");
  }

  private static List<String> reasons(TestServer server, String chain) {
    return gaps(server, chain).stream().map(gap -> ((JsonObject) gap).getString("reason")).toList();
  }

  private static String key(TestServer server, String chain, String part) {
    return server.config().keyPrefix() + ":chain:{" + chain + "}:" + part;
  }

  /** How many times Redis has run a command so far (INFO commandstats). */
  private static long redisCalls(TestServer server, String command) {
    for (String line : server.redis(Command.INFO, "commandstats").toString().split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }

  private static String newChain() {
    return "s-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
