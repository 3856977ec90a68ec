package io.auditcache.chain;

import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static io.auditcache.support.HttpAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

/** A chain's head and atomic append, over HTTP, against a real Redis. */
class ChainHeadApiTest {

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
  void a_chain_without_a_head_is_a_404() {
    assertProblem(server.get("/v1/chains/" + newChain() + "/head"), 404, "not-found");
  }

  @Test
  void put_head_sets_the_head_with_a_five_minute_ttl() {
    String chain = newChain();

    HttpResponse<Buffer> put = server.put(path(chain, "head"), head(10, "h10"));

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.bodyAsJsonObject()).isEqualTo(head(10, "h10"));
    assertThat(server.get(path(chain, "head")).bodyAsJsonObject()).isEqualTo(head(10, "h10"));
    assertThat(server.redis(Command.PTTL, key(chain, "head")).toLong()).isBetween(290_000L, 300_000L);
    assertThat(server.redis(Command.PTTL, key(chain, "floor")).toLong()).isEqualTo(-1);
  }

  @Test
  void the_head_never_moves_back_and_a_sequence_keeps_its_hash() {
    String chain = newChain();
    server.put(path(chain, "head"), head(10, "h10"));

    HttpResponse<Buffer> back = server.put(path(chain, "head"), head(9, "h9"));
    HttpResponse<Buffer> sideways = server.put(path(chain, "head"), head(10, "other"));
    HttpResponse<Buffer> same = server.put(path(chain, "head"), head(10, "h10"));

    assertProblem(back, 409, "conflict");
    assertThat(back.bodyAsJsonObject().getJsonObject("head")).isEqualTo(head(10, "h10"));
    assertProblem(sideways, 409, "conflict");
    assertThat(sideways.bodyAsJsonObject().getJsonObject("head")).isEqualTo(head(10, "h10"));
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(server.get(path(chain, "head")).bodyAsJsonObject()).isEqualTo(head(10, "h10"));
  }

  @Test
  void the_head_never_moves_back_after_its_key_expired() {
    String chain = newChain();
    server.put(path(chain, "head"), head(10, "h10"));
    server.redis(Command.DEL, key(chain, "head"));

    HttpResponse<Buffer> back = server.put(path(chain, "head"), head(7, "h7"));

    assertProblem(back, 409, "conflict");
    assertThat(back.bodyAsJsonObject().containsKey("head")).isTrue();
    assertThat(back.bodyAsJsonObject().getValue("head")).isNull();
    assertProblem(server.get(path(chain, "head")), 404, "not-found");
    assertThat(server.put(path(chain, "head"), head(11, "h11")).statusCode()).isEqualTo(200);
  }

  @Test
  void the_first_append_of_a_new_chain_carries_no_previous_hash() {
    String chain = newChain();

    HttpResponse<Buffer> withPrevious = server.post(path(chain, "append"), append(1, "h0", "h1"));
    HttpResponse<Buffer> first = server.post(path(chain, "append"), append(1, null, "h1"));
    HttpResponse<Buffer> second = server.post(path(chain, "append"), append(2, "h1", "h2"));

    assertProblem(withPrevious, 409, "conflict");
    assertThat(first.bodyAsJsonObject()).isEqualTo(head(1, "h1"));
    assertThat(second.bodyAsJsonObject()).isEqualTo(head(2, "h2"));
    assertThat(server.get(path(chain, "hashes") + "?from=1&to=2").bodyAsJsonObject().getJsonObject("hashes"))
      .isEqualTo(new JsonObject().put("1", "h1").put("2", "h2"));
    assertThat(server.redis(Command.GET, key(chain, "floor")).toLong()).isEqualTo(2);
  }

  @Test
  void an_append_that_does_not_extend_the_head_is_a_409_with_the_head() {
    String chain = newChain();
    server.put(path(chain, "head"), head(5, "h5"));

    for (JsonObject wrong : List.of(append(7, "h5", "h7"), append(6, "other", "h6"), append(5, "h5", "h5b"),
      append(6, null, "h6"))) {
      HttpResponse<Buffer> response = server.post(path(chain, "append"), wrong);
      assertProblem(response, 409, "conflict");
      assertThat(response.bodyAsJsonObject().getJsonObject("head")).isEqualTo(head(5, "h5"));
    }
  }

  @Test
  void an_append_without_a_cached_head_is_a_409_with_a_null_head() {
    String chain = newChain();
    server.post(path(chain, "append"), append(1, null, "h1"));
    server.redis(Command.DEL, key(chain, "head"));

    HttpResponse<Buffer> response = server.post(path(chain, "append"), append(2, "h1", "h2"));
    HttpResponse<Buffer> restart = server.post(path(chain, "append"), append(2, null, "h2"));

    assertProblem(response, 409, "conflict");
    assertThat(response.bodyAsJsonObject().getValue("head")).isNull();
    assertProblem(restart, 409, "conflict");
    assertThat(server.put(path(chain, "head"), head(1, "h1")).statusCode()).isEqualTo(200);
    assertThat(server.post(path(chain, "append"), append(2, "h1", "h2")).statusCode()).isEqualTo(200);
  }

  @Test
  void append_survives_redis_losing_its_scripts() {
    String chain = newChain();
    server.post(path(chain, "append"), append(1, null, "h1"));
    server.redis(Command.SCRIPT, "FLUSH");

    assertThat(server.post(path(chain, "append"), append(2, "h1", "h2")).statusCode()).isEqualTo(200);
  }

  @Test
  void bad_head_and_append_bodies_are_400_naming_each_field() {
    String chain = newChain();

    HttpResponse<Buffer> head = server.put(path(chain, "head"), new JsonObject().put("sequence", -1).put("hash", "a b"));
    HttpResponse<Buffer> append = server.post(path(chain, "append"), new JsonObject().put("sequence", 1L << 53)
      .put("previousHash", "").put("hash", 5));

    assertProblem(head, 400, "invalid-request");
    assertThat(pointers(head)).containsExactlyInAnyOrder("/sequence", "/hash");
    assertProblem(append, 400, "invalid-request");
    assertThat(pointers(append)).containsExactlyInAnyOrder("/sequence", "/previousHash", "/hash");
  }

  @Test
  void chain_bodies_are_read_strictly_no_duplicate_members_and_no_numbers_in_strings() {
    String chain = newChain();
    Buffer duplicate = Buffer.buffer("{\"sequence\":1,\"hash\":\"a\",\"hash\":\"b\"}");

    assertProblem(server.send(HttpMethod.PUT, path(chain, "head"), "application/json", duplicate), 400, "invalid-request");
    HttpResponse<Buffer> text = server.put(path(chain, "head"), new JsonObject().put("sequence", "13").put("hash", "h"));
    assertProblem(text, 400, "invalid-request");
    assertThat(pointers(text)).containsExactly("/sequence");
    assertProblem(server.get(path(chain, "head")), 404, "not-found");
  }

  @Test
  void concurrent_appenders_on_two_instances_never_fork_the_chain() {
    String prefix = "fork-" + UUID.randomUUID();
    String chain = newChain();
    try (TestServer first = TestServer.start(RedisFixture.shared(), prefix, Map.of());
         TestServer second = TestServer.start(RedisFixture.shared(), prefix, Map.of())) {
      first.post(path(chain, "append"), append(0, null, "genesis"));
      List<Long> won = Collections.synchronizedList(new ArrayList<>());
      List<Future<Void>> writers = IntStream.range(0, 8)
        .mapToObj(writer -> appendLoop(writer % 2 == 0 ? first : second, chain, "w" + writer, 40, won))
        .toList();
      Future.all(writers).await();

      assertThat(won).doesNotHaveDuplicates().isNotEmpty();
      JsonObject finalHead = first.get(path(chain, "head")).bodyAsJsonObject();
      assertThat(finalHead.getLong("sequence")).isEqualTo(won.size());
      JsonObject hashes = first.get(path(chain, "hashes") + "?from=0&to=" + won.size()).bodyAsJsonObject().getJsonObject("hashes");
      assertThat(hashes.size()).isEqualTo(won.size() + 1);
      assertThat(hashes.getString(Long.toString(won.size()))).isEqualTo(finalHead.getString("hash"));
    }
  }

  /** One writer: read the head, try to append after it, repeat; records the sequences it won. */
  private static Future<Void> appendLoop(TestServer server, String chain, String writer, int attempts, List<Long> won) {
    if (attempts == 0) {
      return Future.succeededFuture();
    }
    return server.sendAsync(HttpMethod.GET, path(chain, "head"), null).compose(current -> {
      JsonObject head = current.bodyAsJsonObject();
      long next = head.getLong("sequence") + 1;
      JsonObject request = append(next, head.getString("hash"), writer + "-" + next);
      return server.sendAsync(HttpMethod.POST, path(chain, "append"), request);
    }).compose(reply -> {
      if (reply.statusCode() == 200) {
        won.add(reply.bodyAsJsonObject().getLong("sequence"));
      } else if (reply.statusCode() != 409) {
        return Future.failedFuture("unexpected " + reply.statusCode() + " " + reply.bodyAsString());
      }
      return appendLoop(server, chain, writer, attempts - 1, won);
    });
  }

  static String newChain() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String path(String chain, String resource) {
    return "/v1/chains/" + chain + "/" + resource;
  }

  private static String key(String chain, String part) {
    return server.config().keyPrefix() + ":chain:{" + chain + "}:" + part;
  }

  static JsonObject head(long sequence, String hash) {
    return new JsonObject().put("hash", hash).put("sequence", sequence);
  }

  static JsonObject append(long sequence, String previousHash, String hash) {
    JsonObject append = new JsonObject().put("sequence", sequence).put("hash", hash);
    return previousHash == null ? append : append.put("previousHash", previousHash);
  }

}
