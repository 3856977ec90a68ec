package io.auditcache.http;

import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
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

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The gap ledger of a chain over HTTP (POST and GET /v1/chains/{chain}/gaps) and what fills it, against a real Redis. */
class GapApiTest {

  private static final long MAX_SEQUENCE = 9_007_199_254_740_991L;
  /** 2001-09-09T01:46:40Z: a firstSeen far older than anything the server records now. */
  private static final long LONG_AGO_MS = 1_000_000_000_000L;

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void adding_a_gap_is_a_201_echoing_the_range() {
    String chain = newChain();

    HttpResponse<Buffer> response = addGap(chain, 100, 105);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("from", 100).put("to", 105));
    assertThat(gaps(chain)).isEqualTo(pairs(100, 105));
  }

  @Test
  void gaps_are_listed_ascending_whatever_the_order_they_were_added_in() {
    String chain = newChain();
    addGap(chain, 300, 310);
    addGap(chain, 100, 105);
    addGap(chain, 200, 200);
    addGap(chain, 0, 0);

    assertThat(gaps(chain)).isEqualTo(pairs(0, 0, 100, 105, 200, 200, 300, 310));
  }

  @Test
  void a_chain_without_gaps_lists_none() {
    HttpResponse<Buffer> response = server.get("/v1/chains/" + newChain() + "/gaps");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("gaps", new JsonArray()));
  }

  @Test
  void adjacent_gaps_merge() {
    String chain = newChain();
    addGap(chain, 100, 105);

    addGap(chain, 106, 110);
    addGap(chain, 95, 99);

    assertThat(gaps(chain)).isEqualTo(pairs(95, 110));
  }

  @Test
  void overlapping_gaps_merge() {
    String chain = newChain();
    addGap(chain, 100, 105);

    addGap(chain, 103, 120);
    addGap(chain, 90, 101);

    assertThat(gaps(chain)).isEqualTo(pairs(90, 120));
  }

  @Test
  void a_gap_inside_another_changes_nothing_and_one_around_it_swallows_it() {
    String inside = newChain();
    addGap(inside, 100, 120);
    addGap(inside, 105, 110);
    String around = newChain();
    addGap(around, 105, 110);
    addGap(around, 100, 120);

    assertThat(gaps(inside)).isEqualTo(pairs(100, 120));
    assertThat(gaps(around)).isEqualTo(pairs(100, 120));
  }

  @Test
  void a_gap_bridging_two_others_merges_all_three() {
    String chain = newChain();
    addGap(chain, 100, 105);
    addGap(chain, 110, 115);
    addGap(chain, 200, 210);

    addGap(chain, 106, 109);

    assertThat(gaps(chain)).isEqualTo(pairs(100, 115, 200, 210));
  }

  @Test
  void a_gap_overlapping_several_merges_them_all() {
    String chain = newChain();
    addGap(chain, 10, 12);
    addGap(chain, 20, 22);
    addGap(chain, 30, 32);
    addGap(chain, 40, 42);

    addGap(chain, 11, 31);

    assertThat(gaps(chain)).isEqualTo(pairs(10, 32, 40, 42));
  }

  @Test
  void gaps_one_apart_stay_separate() {
    String chain = newChain();
    addGap(chain, 100, 105);

    addGap(chain, 107, 110);

    assertThat(gaps(chain)).isEqualTo(pairs(100, 105, 107, 110));
  }

  @Test
  void the_detail_form_tells_from_to_first_seen_and_reason() {
    String chain = newChain();
    long before = System.currentTimeMillis();
    addGap(chain, 100, 105);
    long after = System.currentTimeMillis();

    JsonArray detail = gapDetail(chain);

    assertThat(detail).hasSize(1);
    JsonObject gap = detail.getJsonObject(0);
    assertThat(gap.fieldNames()).containsExactlyInAnyOrder("from", "to", "firstSeen", "reason");
    assertThat(gap.getLong("from")).isEqualTo(100);
    assertThat(gap.getLong("to")).isEqualTo(105);
    assertThat(gap.getString("reason")).isEqualTo("tracked");
    Instant firstSeen = OffsetDateTime.parse(gap.getString("firstSeen")).toInstant();
    assertThat(firstSeen.toEpochMilli()).isBetween(before, after);
  }

  @Test
  void a_merged_gap_keeps_the_earliest_first_seen_when_the_older_one_is_below() {
    String chain = newChain();
    plantGap(chain, 100, 105, LONG_AGO_MS, "tracked");

    addGap(chain, 106, 110);

    assertThat(gapDetail(chain)).isEqualTo(new JsonArray().add(detail(100, 110, LONG_AGO_MS, "tracked")));
  }

  @Test
  void a_merged_gap_keeps_the_earliest_first_seen_when_the_older_one_is_above() {
    String chain = newChain();
    plantGap(chain, 106, 110, LONG_AGO_MS, "tracked");

    addGap(chain, 100, 107);

    assertThat(gapDetail(chain)).isEqualTo(new JsonArray().add(detail(100, 110, LONG_AGO_MS, "tracked")));
  }

  @Test
  void a_bridging_gap_keeps_the_earliest_first_seen_of_all_three() {
    String chain = newChain();
    addGap(chain, 100, 105);
    plantGap(chain, 110, 115, LONG_AGO_MS, "tracked");

    addGap(chain, 106, 109);

    assertThat(gapDetail(chain)).isEqualTo(new JsonArray().add(detail(100, 115, LONG_AGO_MS, "tracked")));
  }

  @Test
  void the_default_limit_is_100() {
    String chain = newChain();
    for (long i = 0; i < 105; i++) {
      assertThat(addGap(chain, i * 10, i * 10 + 1).statusCode()).isEqualTo(201);
    }

    JsonArray all = gaps(chain);

    assertThat(all).hasSize(100);
    assertThat(all.getJsonArray(0)).isEqualTo(new JsonArray().add(0).add(1));
    assertThat(all.getJsonArray(99)).isEqualTo(new JsonArray().add(990).add(991));
  }

  @Test
  void the_limit_returns_the_lowest_gaps() {
    String chain = newChain();
    addGap(chain, 50, 50);
    addGap(chain, 10, 10);
    addGap(chain, 40, 40);
    addGap(chain, 20, 20);
    addGap(chain, 30, 30);

    HttpResponse<Buffer> response = server.get("/v1/chains/" + chain + "/gaps?limit=3");
    HttpResponse<Buffer> detail = server.get("/v1/chains/" + chain + "/gaps?limit=1&detail=true");

    assertThat(response.bodyAsJsonObject().getJsonArray("gaps")).isEqualTo(pairs(10, 10, 20, 20, 30, 30));
    assertThat(detail.bodyAsJsonObject().getJsonArray("gaps")).hasSize(1);
    assertThat(detail.bodyAsJsonObject().getJsonArray("gaps").getJsonObject(0).getLong("from")).isEqualTo(10);
  }

  @Test
  void a_limit_outside_1_to_max_gaps_is_a_400_naming_the_limit() {
    String chain = newChain();
    addGap(chain, 1, 2);

    for (String bad : List.of("0", "10001", "-1", "x", "01")) {
      HttpResponse<Buffer> response = server.get("/v1/chains/" + chain + "/gaps?limit=" + bad);
      assertProblem(response, 400, "invalid-request");
      assertThat(pointers(response)).as("limit=" + bad).containsExactly("/limit");
    }
    assertThat(server.get("/v1/chains/" + chain + "/gaps?limit=10000").statusCode()).isEqualTo(200);
    assertThat(server.get("/v1/chains/" + chain + "/gaps?limit=1").statusCode()).isEqualTo(200);
  }

  @Test
  void a_detail_flag_other_than_true_or_false_is_a_400() {
    String chain = newChain();
    addGap(chain, 1, 2);

    HttpResponse<Buffer> bad = server.get("/v1/chains/" + chain + "/gaps?detail=yes");
    HttpResponse<Buffer> off = server.get("/v1/chains/" + chain + "/gaps?detail=false");

    assertProblem(bad, 400, "invalid-request");
    assertThat(pointers(bad)).containsExactly("/detail");
    assertThat(off.bodyAsJsonObject().getJsonArray("gaps")).isEqualTo(pairs(1, 2));
  }

  @Test
  void from_greater_than_to_is_a_400_and_records_nothing() {
    String chain = newChain();

    HttpResponse<Buffer> response = addGap(chain, 10, 9);

    assertProblem(response, 400, "invalid-request");
    assertThat(pointers(response)).containsExactly("/from");
    assertThat(gaps(chain)).isEmpty();
  }

  @Test
  void missing_or_bad_from_and_to_are_a_400_naming_them() {
    String path = "/v1/chains/" + newChain() + "/gaps";

    HttpResponse<Buffer> missing = server.post(path, new JsonObject());
    HttpResponse<Buffer> bad = server.post(path, new JsonObject().put("from", -1).put("to", "ten"));
    HttpResponse<Buffer> tooHigh = server.post(path, new JsonObject().put("from", 1).put("to", MAX_SEQUENCE + 1));

    assertProblem(missing, 400, "invalid-request");
    assertThat(pointers(missing)).containsExactlyInAnyOrder("/from", "/to");
    assertProblem(bad, 400, "invalid-request");
    assertThat(pointers(bad)).containsExactlyInAnyOrder("/from", "/to");
    assertProblem(tooHigh, 400, "invalid-request");
    assertThat(pointers(tooHigh)).containsExactly("/to");
  }

  @Test
  void a_gap_at_the_top_of_the_sequence_range_reads_back_exactly() {
    String chain = newChain();

    assertThat(addGap(chain, MAX_SEQUENCE - 5, MAX_SEQUENCE).statusCode()).isEqualTo(201);
    addGap(chain, MAX_SEQUENCE - 7, MAX_SEQUENCE - 6);

    assertThat(gaps(chain)).isEqualTo(pairs(MAX_SEQUENCE - 7, MAX_SEQUENCE));
  }

  @Test
  void the_gaps_key_lives_one_hour() {
    String chain = newChain();

    addGap(chain, 1, 5);

    assertThat(gapsTtl(chain)).isBetween(3_590_000L, 3_600_000L);
  }

  @Test
  void adding_a_gap_renews_the_ttl() {
    String chain = newChain();
    addGap(chain, 1, 5);
    server.redis(Command.PEXPIRE, gapsKey(chain), 60_000);

    addGap(chain, 100, 105);

    assertThat(gapsTtl(chain)).isBetween(3_590_000L, 3_600_000L);
  }

  @Test
  void filling_a_gap_renews_the_ttl() {
    String chain = newChain();
    addGap(chain, 1, 5);
    server.redis(Command.PEXPIRE, gapsKey(chain), 60_000);

    server.send(HttpMethod.PUT, "/v1/chains/" + chain + "/hashes", "application/json",
      new JsonObject().put("3", "h3").toBuffer());

    assertThat(gaps(chain)).isEqualTo(pairs(1, 2, 4, 5));
    assertThat(gapsTtl(chain)).isBetween(3_590_000L, 3_600_000L);
  }

  @Test
  void at_most_max_gaps_ranges_are_kept_dropping_the_lowest_first() {
    try (TestServer bounded = TestServer.start(RedisFixture.shared(), Map.of("sequence.maxGaps", 5))) {
      String chain = newChain();
      for (long from : new long[] {40, 10, 80, 30, 60, 20, 70, 50}) {
        HttpResponse<Buffer> added = bounded.post("/v1/chains/" + chain + "/gaps",
          new JsonObject().put("from", from).put("to", from + 2));
        assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
      }

      HttpResponse<Buffer> all = bounded.get("/v1/chains/" + chain + "/gaps");
      HttpResponse<Buffer> overLimit = bounded.get("/v1/chains/" + chain + "/gaps?limit=6");

      assertThat(all.statusCode()).isEqualTo(200);
      assertThat(all.bodyAsJsonObject().getJsonArray("gaps"))
        .isEqualTo(pairs(40, 42, 50, 52, 60, 62, 70, 72, 80, 82));
      assertThat(bounded.redis(Command.ZCARD, bounded.config().keyPrefix() + ":chain:{" + chain + "}:gaps").toInteger())
        .isEqualTo(5);
      assertProblem(overLimit, 400, "invalid-request");
    }
  }

  @Test
  void an_event_written_with_the_number_fills_its_gap() {
    String chain = newChain();
    addGap(chain, 100, 105);

    HttpResponse<Buffer> written = server.post("/v1/events", Events.event(Events.newId(), 102).put("chain", chain));

    assertThat(written.statusCode()).as(written.bodyAsString()).isEqualTo(201);
    assertThat(gaps(chain)).isEqualTo(pairs(100, 101, 103, 105));
  }

  @Test
  void a_conflicting_event_write_changes_nothing_not_even_the_gaps() {
    String chain = newChain();
    String id = Events.newId();
    server.post("/v1/events", Events.event(id, 5).put("chain", chain));
    addGap(chain, 100, 105);

    HttpResponse<Buffer> single = server.post("/v1/events", Events.event(id, 102).put("chain", chain));
    HttpResponse<Buffer> batch = server.post("/v1/events/batch", Events.batch(List.of(
      Events.event(id, 103).put("chain", chain))));

    assertThat(single.statusCode()).isEqualTo(409);
    assertThat(batch.bodyAsJsonObject().getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("conflict");
    assertThat(gaps(chain)).isEqualTo(pairs(100, 105));
  }

  @Test
  void a_batch_of_events_fills_each_number_and_only_on_its_own_chain() {
    String chain = newChain();
    String other = newChain();
    addGap(chain, 100, 105);
    addGap(other, 100, 105);

    HttpResponse<Buffer> written = server.post("/v1/events/batch", Events.batch(List.of(
      Events.event(Events.newId(), 100).put("chain", chain),
      Events.event(Events.newId(), 104).put("chain", chain),
      Events.event(Events.newId(), 102).put("chain", other))));

    assertThat(written.statusCode()).as(written.bodyAsString()).isEqualTo(200);
    assertThat(gaps(chain)).isEqualTo(pairs(101, 103, 105, 105));
    assertThat(gaps(other)).isEqualTo(pairs(100, 101, 103, 105));
  }

  @Test
  void an_append_fills_its_numbers_gap() {
    String chain = newChain();
    assertThat(putHead(chain, 10, "h10").statusCode()).isEqualTo(200);
    addGap(chain, 11, 15);

    HttpResponse<Buffer> appended = server.post("/v1/chains/" + chain + "/append",
      new JsonObject().put("sequence", 11).put("previousHash", "h10").put("hash", "h11"));

    assertThat(appended.statusCode()).as(appended.bodyAsString()).isEqualTo(200);
    assertThat(appended.bodyAsJsonObject()).isEqualTo(new JsonObject().put("hash", "h11").put("sequence", 11));
    assertThat(gaps(chain)).isEqualTo(pairs(12, 15));
  }

  @Test
  void a_late_head_update_below_the_floor_is_a_409_but_fills_its_gap() {
    String chain = newChain();
    assertThat(putHead(chain, 20, "h20").statusCode()).isEqualTo(200);
    addGap(chain, 10, 15);

    HttpResponse<Buffer> late = putHead(chain, 12, "h12");

    assertProblem(late, 409, "conflict");
    assertThat(late.bodyAsJsonObject().getJsonObject("head"))
      .isEqualTo(new JsonObject().put("hash", "h20").put("sequence", 20));
    assertThat(gaps(chain)).isEqualTo(pairs(10, 11, 13, 15));
    assertThat(server.get("/v1/chains/" + chain + "/head").bodyAsJsonObject().getLong("sequence")).isEqualTo(20);
  }

  @Test
  void a_head_jump_records_the_skipped_numbers_as_a_head_jump_gap() {
    String chain = newChain();
    assertThat(putHead(chain, 10, "h10").statusCode()).isEqualTo(200);
    long before = System.currentTimeMillis();

    HttpResponse<Buffer> jump = putHead(chain, 15, "h15");
    long after = System.currentTimeMillis();

    assertThat(jump.statusCode()).as(jump.bodyAsString()).isEqualTo(200);
    assertThat(gaps(chain)).isEqualTo(pairs(11, 14));
    JsonObject gap = gapDetail(chain).getJsonObject(0);
    assertThat(gap.getString("reason")).isEqualTo("head-jump");
    assertThat(OffsetDateTime.parse(gap.getString("firstSeen")).toInstant().toEpochMilli()).isBetween(before, after);
  }

  @Test
  void a_first_head_and_a_head_moving_by_one_record_no_gap() {
    String chain = newChain();

    assertThat(putHead(chain, 500, "h500").statusCode()).isEqualTo(200);
    assertThat(putHead(chain, 501, "h501").statusCode()).isEqualTo(200);

    assertThat(gaps(chain)).isEmpty();
  }

  @Test
  void a_bad_chain_name_in_the_path_is_a_400_naming_the_chain() {
    for (String bad : List.of("BAD", "-x")) {
      HttpResponse<Buffer> post = addGap(bad, 1, 2);
      HttpResponse<Buffer> get = server.get("/v1/chains/" + bad + "/gaps");

      assertProblem(post, 400, "invalid-request");
      assertThat(pointers(post)).as("POST " + bad).containsExactly("/chain");
      assertProblem(get, 400, "invalid-request");
      assertThat(pointers(get)).as("GET " + bad).containsExactly("/chain");
    }
  }

  @Test
  void a_chain_in_the_body_does_not_override_the_path() {
    String chain = newChain();
    String other = newChain();

    server.post("/v1/chains/" + chain + "/gaps", new JsonObject().put("chain", other).put("from", 1).put("to", 2));

    assertThat(gaps(chain)).isEqualTo(pairs(1, 2));
    assertThat(gaps(other)).isEmpty();
  }

  @Test
  void a_body_that_is_not_json_is_a_415_and_an_array_is_a_400() {
    String path = "/v1/chains/" + newChain() + "/gaps";

    HttpResponse<Buffer> text = server.send(HttpMethod.POST, path, "text/plain", Buffer.buffer("from=1&to=2"));
    HttpResponse<Buffer> array = server.send(HttpMethod.POST, path, "application/json", Buffer.buffer("[1,2]"));
    HttpResponse<Buffer> empty = server.send(HttpMethod.POST, path, "application/json", Buffer.buffer(""));

    assertProblem(text, 415, "unsupported-media-type");
    assertProblem(array, 400, "invalid-request");
    assertProblem(empty, 400, "invalid-request");
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static String newChain() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<Buffer> addGap(String chain, long from, long to) {
    return server.post("/v1/chains/" + chain + "/gaps", new JsonObject().put("from", from).put("to", to));
  }

  private static HttpResponse<Buffer> putHead(String chain, long sequence, String hash) {
    return server.send(HttpMethod.PUT, "/v1/chains/" + chain + "/head", "application/json",
      new JsonObject().put("sequence", sequence).put("hash", hash).toBuffer());
  }

  private static JsonArray gaps(String chain) {
    HttpResponse<Buffer> response = server.get("/v1/chains/" + chain + "/gaps");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("gaps");
  }

  private static JsonArray gapDetail(String chain) {
    HttpResponse<Buffer> response = server.get("/v1/chains/" + chain + "/gaps?detail=true");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("gaps");
  }

  /** {@code [[a,b],[c,d],...]} from a flat list of bounds. */
  private static JsonArray pairs(long... bounds) {
    JsonArray pairs = new JsonArray();
    for (int i = 0; i < bounds.length; i += 2) {
      pairs.add(new JsonArray().add(bounds[i]).add(bounds[i + 1]));
    }
    return pairs;
  }

  private static JsonObject detail(long from, long to, long firstSeenMs, String reason) {
    return new JsonObject().put("from", from).put("to", to)
      .put("firstSeen", Instant.ofEpochMilli(firstSeenMs).toString()).put("reason", reason);
  }

  /** A gap as the server stores it, with a firstSeen of our choosing (older than any the server would record). */
  private static void plantGap(String chain, long from, long to, long firstSeenMs, String reason) {
    server.redis(Command.ZADD, gapsKey(chain), from, from + ":" + to + ":" + firstSeenMs + ":" + reason);
    server.redis(Command.PEXPIRE, gapsKey(chain), 3_600_000);
  }

  private static String gapsKey(String chain) {
    return server.config().keyPrefix() + ":chain:{" + chain + "}:gaps";
  }

  private static long gapsTtl(String chain) {
    return server.redis(Command.PTTL, gapsKey(chain)).toLong();
  }

  private static List<String> pointers(HttpResponse<Buffer> response) {
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    return errors.stream().map(error -> ((JsonObject) error).getString("pointer")).toList();
  }
}
