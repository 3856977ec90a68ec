package io.auditcache.http;

import io.auditcache.support.RedisFixture;
import io.auditcache.support.RedisServer;
import io.auditcache.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Hash range entries of a chain over HTTP (PUT and GET /v1/chains/{chain}/hashes), against a real Redis. */
class HashRangeApiTest {

  private static final long MAX_SEQUENCE = 9_007_199_254_740_991L;
  private static final int MAX_RANGE = 50;

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of("chain.maxRange", MAX_RANGE));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void put_entries_read_back_exactly_and_uncached_ones_are_left_out() {
    String chain = newChain();
    JsonObject entries = new JsonObject().put("100", "h100").put("101", "sha256:9f86d0").put("103", "h103");

    HttpResponse<Buffer> put = putHashes(server, chain, entries);
    HttpResponse<Buffer> read = getHashes(chain, 99, 104);

    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(204);
    assertThat(put.bodyAsString()).isNullOrEmpty();
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(read.bodyAsJsonObject()).isEqualTo(new JsonObject().put("hashes", entries));
  }

  @Test
  void a_range_with_nothing_cached_is_an_empty_object() {
    HttpResponse<Buffer> read = getHashes(newChain(), 0, 10);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject()).isEqualTo(new JsonObject().put("hashes", new JsonObject()));
  }

  @Test
  void a_range_of_one_number_reads_just_that_entry() {
    String chain = newChain();
    putHashes(server, chain, new JsonObject().put("7", "h7").put("8", "h8"));

    assertThat(getHashes(chain, 8, 8).bodyAsJsonObject().getJsonObject("hashes"))
      .isEqualTo(new JsonObject().put("8", "h8"));
  }

  @Test
  void a_conflicting_entry_is_a_409_naming_its_sequence_and_nothing_of_the_request_is_written() {
    String chain = newChain();
    assertThat(putHashes(server, chain, new JsonObject().put("5", "original")).statusCode()).isEqualTo(204);
    assertThat(addGap(chain, 6, 9).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> conflict = putHashes(server, chain, new JsonObject()
      .put("5", "other").put("6", "new6").put("200", "new200"));

    assertProblem(conflict, 409, "conflict");
    assertThat(conflict.bodyAsJsonObject().getJsonArray("sequences").stream().map(n -> ((Number) n).longValue()))
      .containsExactly(5L);
    assertThat(getHashes(chain, 0, 10).bodyAsJsonObject().getJsonObject("hashes"))
      .isEqualTo(new JsonObject().put("5", "original"));
    assertThat(getHashes(chain, 200, 200).bodyAsJsonObject().getJsonObject("hashes")).isEmpty();
    assertThat(server.redis(Command.EXISTS, bucketKey(chain, 200)).toInteger()).isZero();
    assertThat(getGaps(chain)).isEqualTo(new JsonArray().add(pair(6, 9)));
  }

  @Test
  void a_409_names_every_conflicting_sequence() {
    String chain = newChain();
    putHashes(server, chain, new JsonObject().put("1", "a").put("2", "b").put("300", "c"));

    HttpResponse<Buffer> conflict = putHashes(server, chain, new JsonObject()
      .put("1", "a").put("2", "x").put("300", "y"));

    assertProblem(conflict, 409, "conflict");
    assertThat(conflict.bodyAsJsonObject().getJsonArray("sequences").stream().map(n -> ((Number) n).longValue()))
      .containsExactlyInAnyOrder(2L, 300L);
  }

  @Test
  void re_putting_identical_entries_is_a_204_and_changes_nothing() {
    String chain = newChain();
    JsonObject entries = new JsonObject().put("40", "h40").put("41", "h41");
    putHashes(server, chain, entries);

    HttpResponse<Buffer> again = putHashes(server, chain, entries.copy().put("42", "h42"));

    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(204);
    assertThat(getHashes(chain, 40, 42).bodyAsJsonObject().getJsonObject("hashes"))
      .isEqualTo(entries.copy().put("42", "h42"));
  }

  @Test
  void more_than_max_batch_size_entries_is_a_413_and_writes_nothing() {
    String chain = newChain();
    JsonObject tooMany = entries(0, 101);

    HttpResponse<Buffer> response = putHashes(server, chain, tooMany);

    assertProblem(response, 413, "too-large");
    assertThat(getHashes(chain, 0, MAX_RANGE - 1).bodyAsJsonObject().getJsonObject("hashes")).isEmpty();
  }

  @Test
  void exactly_max_batch_size_entries_are_accepted() {
    String chain = newChain();

    HttpResponse<Buffer> response = putHashes(server, chain, entries(1000, 100));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(204);
    assertThat(getHashes(chain, 1050, 1099).bodyAsJsonObject().getJsonObject("hashes").size()).isEqualTo(50);
  }

  @Test
  void bad_sequence_keys_are_a_400_naming_each_key_and_nothing_is_written() {
    String chain = newChain();
    JsonObject entries = new JsonObject().put("10", "good").put("01", "h").put("-1", "h").put("x", "h")
      .put("9007199254740992", "h");

    HttpResponse<Buffer> response = putHashes(server, chain, entries);

    assertProblem(response, 400, "invalid-request");
    assertThat(pointers(response)).containsExactlyInAnyOrder(
      "/hashes/01", "/hashes/-1", "/hashes/x", "/hashes/9007199254740992");
    assertThat(getHashes(chain, 0, 20).bodyAsJsonObject().getJsonObject("hashes")).isEmpty();
  }

  @Test
  void each_bad_sequence_key_alone_is_a_400_naming_it() {
    String chain = newChain();
    for (String bad : List.of("01", "-1", "x", "9007199254740992", "", "1.0", "1e3", " 1")) {
      HttpResponse<Buffer> response = putHashes(server, chain, new JsonObject().put(bad, "h"));

      assertProblem(response, 400, "invalid-request");
      assertThat(pointers(response)).as("key '" + bad + "'").containsExactly("/hashes/" + bad);
    }
  }

  @Test
  void the_highest_sequence_is_a_valid_key() {
    String chain = newChain();

    HttpResponse<Buffer> put = putHashes(server, chain, new JsonObject().put(Long.toString(MAX_SEQUENCE), "top"));

    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(204);
    assertThat(getHashes(chain, MAX_SEQUENCE - 1, MAX_SEQUENCE).bodyAsJsonObject().getJsonObject("hashes"))
      .isEqualTo(new JsonObject().put(Long.toString(MAX_SEQUENCE), "top"));
  }

  @Test
  void bad_hash_values_are_a_400_naming_each_key_and_nothing_is_written() {
    String chain = newChain();
    JsonObject entries = new JsonObject()
      .put("1", "good")
      .put("2", "has space")
      .put("3", "")
      .put("4", "a".repeat(129))
      .put("5", 5)
      .put("6", (Object) null)
      .put("7", new JsonObject())
      .put("8", "h\u00e9");

    HttpResponse<Buffer> response = putHashes(server, chain, entries);

    assertProblem(response, 400, "invalid-request");
    assertThat(pointers(response)).containsExactlyInAnyOrder(
      "/hashes/2", "/hashes/3", "/hashes/4", "/hashes/5", "/hashes/6", "/hashes/7", "/hashes/8");
    assertThat(getHashes(chain, 0, 10).bodyAsJsonObject().getJsonObject("hashes")).isEmpty();
  }

  @Test
  void a_hash_of_128_characters_of_every_allowed_kind_is_accepted() {
    String chain = newChain();
    String hash = ("AZaz09:+/=_-" + "x".repeat(116));

    assertThat(putHashes(server, chain, new JsonObject().put("3", hash)).statusCode()).isEqualTo(204);
    assertThat(getHashes(chain, 3, 3).bodyAsJsonObject().getJsonObject("hashes").getString("3")).isEqualTo(hash);
  }

  @Test
  void an_empty_object_is_a_400() {
    HttpResponse<Buffer> response = putHashes(server, newChain(), new JsonObject());

    assertProblem(response, 400, "invalid-request");
    assertThat(pointers(response)).containsExactly("/hashes");
  }

  @Test
  void from_greater_than_to_is_a_400() {
    HttpResponse<Buffer> response = getHashes(newChain(), 10, 9);

    assertProblem(response, 400, "invalid-request");
    assertThat(pointers(response)).containsExactly("/from");
  }

  @Test
  void a_range_longer_than_max_range_is_a_400_and_max_range_itself_is_fine() {
    String chain = newChain();
    putHashes(server, chain, new JsonObject().put("0", "h0").put("49", "h49").put("50", "h50"));

    HttpResponse<Buffer> longest = getHashes(chain, 0, MAX_RANGE - 1);
    HttpResponse<Buffer> tooLong = getHashes(chain, 0, MAX_RANGE);

    assertThat(longest.statusCode()).isEqualTo(200);
    assertThat(longest.bodyAsJsonObject().getJsonObject("hashes"))
      .isEqualTo(new JsonObject().put("0", "h0").put("49", "h49"));
    assertProblem(tooLong, 400, "invalid-request");
    assertThat(pointers(tooLong)).containsExactly("/to");
  }

  @Test
  void missing_or_malformed_from_and_to_are_a_400_naming_them() {
    String chain = newChain();

    HttpResponse<Buffer> neither = server.get("/v1/chains/" + chain + "/hashes");
    HttpResponse<Buffer> noTo = server.get("/v1/chains/" + chain + "/hashes?from=1");
    HttpResponse<Buffer> noFrom = server.get("/v1/chains/" + chain + "/hashes?to=1");
    HttpResponse<Buffer> malformed = server.get("/v1/chains/" + chain + "/hashes?from=-1&to=abc");

    assertProblem(neither, 400, "invalid-request");
    assertThat(pointers(neither)).containsExactlyInAnyOrder("/from", "/to");
    assertProblem(noTo, 400, "invalid-request");
    assertThat(pointers(noTo)).containsExactly("/to");
    assertProblem(noFrom, 400, "invalid-request");
    assertThat(pointers(noFrom)).containsExactly("/from");
    assertProblem(malformed, 400, "invalid-request");
    assertThat(pointers(malformed)).containsExactlyInAnyOrder("/from", "/to");
  }

  @Test
  void a_bad_chain_name_in_the_path_is_a_400_naming_the_chain() {
    for (String bad : List.of("BAD", "-x")) {
      HttpResponse<Buffer> put = putHashes(server, bad, new JsonObject().put("1", "h"));
      HttpResponse<Buffer> get = server.get("/v1/chains/" + bad + "/hashes?from=1&to=2");

      assertProblem(put, 400, "invalid-request");
      assertThat(pointers(put)).containsExactly("/chain");
      assertProblem(get, 400, "invalid-request");
      assertThat(pointers(get)).containsExactly("/chain");
    }
  }

  @Test
  void a_put_body_that_is_not_a_json_object_is_rejected() {
    String path = "/v1/chains/" + newChain() + "/hashes";

    assertProblem(server.send(HttpMethod.PUT, path, "text/plain", Buffer.buffer("1=h")), 415, "unsupported-media-type");
    assertProblem(server.send(HttpMethod.PUT, path, "application/json", Buffer.buffer("[\"h\"]")), 400, "invalid-request");
    assertProblem(server.send(HttpMethod.PUT, path, "application/json", Buffer.buffer("{\"1\":")), 400, "invalid-request");
  }

  @Test
  void the_bucket_keys_live_24_hours() {
    String chain = newChain();
    putHashes(server, chain, new JsonObject().put("5", "h5").put("130", "h130"));

    for (long seq : new long[] {5, 130}) {
      long pttl = server.redis(Command.PTTL, bucketKey(chain, seq)).toLong();
      assertThat(pttl).as("PTTL of the bucket of " + seq).isBetween(86_390_000L, 86_400_000L);
    }
  }

  @Test
  void a_write_to_a_bucket_renews_its_ttl() {
    String chain = newChain();
    putHashes(server, chain, new JsonObject().put("5", "h5"));
    server.redis(Command.PEXPIRE, bucketKey(chain, 5), 60_000);

    putHashes(server, chain, new JsonObject().put("6", "h6"));

    assertThat(server.redis(Command.PTTL, bucketKey(chain, 5)).toLong()).isBetween(86_390_000L, 86_400_000L);
  }

  @Test
  void entries_are_bucketed_128_to_a_redis_hash() {
    String chain = newChain();
    putHashes(server, chain, new JsonObject().put("127", "last0").put("128", "first1").put("300", "in2"));

    assertThat(server.redis(Command.HGET, bucketKey(chain, 127), "127").toString()).isEqualTo("last0");
    assertThat(server.redis(Command.HGET, chainKey(chain, "hashes:1"), "0").toString()).isEqualTo("first1");
    assertThat(server.redis(Command.HGET, chainKey(chain, "hashes:2"), "44").toString()).isEqualTo("in2");
  }

  @Test
  void a_range_crossing_a_bucket_boundary_reads_back_correctly() {
    String chain = newChain();
    JsonObject entries = new JsonObject();
    for (long seq = 120; seq <= 140; seq += 2) {
      entries.put(Long.toString(seq), "h" + seq);
    }
    putHashes(server, chain, entries);
    putHashes(server, chain, new JsonObject().put("119", "outside").put("141", "outside"));

    HttpResponse<Buffer> read = getHashes(chain, 120, 140);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getJsonObject("hashes")).isEqualTo(entries);
    assertThat(getHashes(chain, 127, 128).bodyAsJsonObject().getJsonObject("hashes"))
      .isEqualTo(new JsonObject().put("128", "h128"));
  }

  @Test
  void a_range_spanning_three_buckets_reads_back_correctly() {
    String chain = newChain();
    JsonObject entries = new JsonObject().put("250", "a").put("255", "b").put("256", "c").put("290", "d");
    putHashes(server, chain, entries.copy().put("249", "outside"));

    assertThat(getHashes(chain, 250, 290).bodyAsJsonObject().getJsonObject("hashes")).isEqualTo(entries);
  }

  @Test
  void a_hash_entry_fills_its_numbers_gap() {
    String chain = newChain();
    assertThat(addGap(chain, 100, 105).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> put = putHashes(server, chain, new JsonObject().put("102", "h"));

    assertThat(put.statusCode()).isEqualTo(204);
    assertThat(getGaps(chain)).isEqualTo(new JsonArray().add(pair(100, 101)).add(pair(103, 105)));
  }

  @Test
  void hash_entries_at_a_gaps_ends_shrink_it_and_filling_it_all_removes_it() {
    String chain = newChain();
    addGap(chain, 10, 13);

    putHashes(server, chain, new JsonObject().put("10", "a").put("13", "d"));
    JsonArray shrunk = getGaps(chain);
    putHashes(server, chain, new JsonObject().put("11", "b").put("12", "c"));

    assertThat(shrunk).isEqualTo(new JsonArray().add(pair(11, 12)));
    assertThat(getGaps(chain)).isEmpty();
  }

  @Test
  void entries_of_one_chain_are_invisible_to_another() {
    String one = newChain();
    String other = newChain();
    putHashes(server, one, new JsonObject().put("1", "one"));
    putHashes(server, other, new JsonObject().put("1", "other"));

    assertThat(getHashes(one, 1, 1).bodyAsJsonObject().getJsonObject("hashes").getString("1")).isEqualTo("one");
    assertThat(getHashes(other, 1, 1).bodyAsJsonObject().getJsonObject("hashes").getString("1")).isEqualTo("other");
  }

  /**
   * The product promise: at most about 100 bytes of Redis memory per entry for 64-character hashes. Measured on a
   * Redis of its own with nothing else on it.
   */
  @Test
  void ten_thousand_64_character_hashes_take_at_most_100_bytes_each_in_redis() {
    SecureRandom random = new SecureRandom();
    HexFormat hex = HexFormat.of();
    try (RedisServer redis = RedisFixture.startPrivate(); TestServer own = TestServer.start(redis, Map.of())) {
      // A few requests of the same kind before measuring, so that scripts, connections and their buffers exist.
      String warmup = newChain();
      for (int request = 0; request < 3; request++) {
        assertThat(putHashes(own, warmup, hexEntries(request * 100L, 100, random, hex)).statusCode()).isEqualTo(204);
      }
      long before = usedMemory(own);

      String chain = newChain();
      for (int request = 0; request < 100; request++) {
        HttpResponse<Buffer> put = putHashes(own, chain, hexEntries(request * 100L, 100, random, hex));
        assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(204);
      }
      long after = usedMemory(own);

      double perEntry = (after - before) / 10_000.0;
      System.out.printf("Redis used_memory for 10,000 hash range entries of 64 hex characters: %d bytes, %.1f bytes per entry%n",
        after - before, perEntry);
      HttpResponse<Buffer> sample = own.get("/v1/chains/" + chain + "/hashes?from=9990&to=9999");
      assertThat(sample.bodyAsJsonObject().getJsonObject("hashes").size()).isEqualTo(10);
      assertThat(own.redis(Command.OBJECT, "ENCODING", chainKey(own, chain, "hashes:0")).toString()).isEqualTo("listpack");
      assertThat(perEntry).isPositive().isLessThanOrEqualTo(100.0);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static String newChain() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<Buffer> putHashes(TestServer target, String chain, JsonObject entries) {
    return target.send(HttpMethod.PUT, "/v1/chains/" + chain + "/hashes", "application/json", entries.toBuffer());
  }

  private static HttpResponse<Buffer> getHashes(String chain, long from, long to) {
    return server.get("/v1/chains/" + chain + "/hashes?from=" + from + "&to=" + to);
  }

  private static HttpResponse<Buffer> addGap(String chain, long from, long to) {
    return server.post("/v1/chains/" + chain + "/gaps", new JsonObject().put("from", from).put("to", to));
  }

  private static JsonArray getGaps(String chain) {
    HttpResponse<Buffer> response = server.get("/v1/chains/" + chain + "/gaps");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("gaps");
  }

  private static JsonArray pair(long from, long to) {
    return new JsonArray().add(from).add(to);
  }

  /** {@code count} entries from {@code first} on, "h<seq>". */
  private static JsonObject entries(long first, int count) {
    JsonObject entries = new JsonObject();
    IntStream.range(0, count).forEach(i -> entries.put(Long.toString(first + i), "h" + (first + i)));
    return entries;
  }

  /** {@code count} entries from {@code first} on, each a random 64-character lower-case hex hash. */
  private static JsonObject hexEntries(long first, int count, SecureRandom random, HexFormat hex) {
    JsonObject entries = new JsonObject();
    byte[] bytes = new byte[32];
    for (int i = 0; i < count; i++) {
      random.nextBytes(bytes);
      entries.put(Long.toString(first + i), hex.formatHex(bytes));
    }
    return entries;
  }

  private static List<String> pointers(HttpResponse<Buffer> response) {
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    return errors.stream().map(error -> ((JsonObject) error).getString("pointer")).toList();
  }

  private static String chainKey(String chain, String part) {
    return chainKey(server, chain, part);
  }

  private static String chainKey(TestServer target, String chain, String part) {
    return target.config().keyPrefix() + ":chain:{" + chain + "}:" + part;
  }

  private static String bucketKey(String chain, long seq) {
    return chainKey(chain, "hashes:" + seq / 128);
  }

  private static long usedMemory(TestServer target) {
    String info = target.redis(Command.INFO, "memory").toString();
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new AssertionError("no used_memory in INFO memory: " + info);
  }
}
