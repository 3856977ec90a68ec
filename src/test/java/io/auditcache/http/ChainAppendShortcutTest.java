package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.support.LogCapture;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Appends served ahead of the router: every answer is the one the router gives the same request (which it still
 * gets when the chain is percent-encoded), and what the router gives every request (request id, access log, HTTP
 * meters, draining, body limit, media type) holds for them too.
 */
class ChainAppendShortcutTest {

  private static final Pattern APPENDS_200 = Pattern.compile(
    "vertx_http_server_requests_total\\{code=\"200\",method=\"POST\",route=\"/v1/chains/:chain/append\"} ([0-9.]+)");
  private static final int BODY_LIMIT = 65_536;

  private TestServer server;
  private WorkerRequests workers;

  @BeforeEach
  void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of("log.accessLog", true, "http.maxBodyBytes", BODY_LIMIT));
    workers = WorkerRequests.to(server.vertx(), Addresses.CHAINS_APPEND);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void every_append_is_answered_as_the_router_answers_it() {
    String plain = newChain();
    String routed = newChain();
    List<Map.Entry<String, String>> requests = List.of(
      Map.entry("application/json", "{\"sequence\":1,\"hash\":\"h1\"}"),
      Map.entry("application/json", "{\"sequence\":2,\"previousHash\":\"h1\",\"hash\":\"h2\"}"),
      Map.entry("application/json", "{\"sequence\":2,\"previousHash\":\"h1\",\"hash\":\"h2\"}"),
      Map.entry("application/json", "{\"sequence\":3,\"previousHash\":\"h2\",\"hash\":\"h3\",\"chain\":\"other\"}"),
      Map.entry("application/merge-patch+json; charset=utf-8", "{\"sequence\":4,\"previousHash\":\"h3\",\"hash\":\"h4\"}"),
      Map.entry("application/json", "{\"sequence\":\"5\",\"previousHash\":7}"),
      Map.entry("application/json", "{\"sequence\":5,\"sequence\":5,\"previousHash\":\"h4\",\"hash\":\"h5\"}"),
      Map.entry("application/json", "{\"sequence\":"),
      Map.entry("application/json", "[]"),
      Map.entry("application/json", ""),
      Map.entry("text/plain", "{\"sequence\":5,\"previousHash\":\"h4\",\"hash\":\"h5\"}"));

    for (Map.Entry<String, String> request : requests) {
      HttpResponse<Buffer> shortcut = append(plain, request.getKey(), request.getValue());
      HttpResponse<Buffer> router = append(percentEncoded(routed), request.getKey(), request.getValue());

      assertThat(shortcut.statusCode()).as(request.getValue()).isEqualTo(router.statusCode());
      assertThat(shortcut.getHeader("Content-Type")).isEqualTo(router.getHeader("Content-Type"));
      assertThat(shortcut.bodyAsString().replace(plain, "<chain>")).as(request.getValue())
        .isEqualTo(router.bodyAsString().replace(routed, "<chain>"));
    }
    assertThat(server.get("/v1/chains/" + plain + "/head").bodyAsJsonObject())
      .isEqualTo(new JsonObject().put("hash", "h4").put("sequence", 4));
    assertThat(workers.bodies()).filteredOn(asked -> ((JsonObject) asked).getString("chain").equals(plain)).hasSize(6);
    assertThat(workers.bodies()).filteredOn(asked -> ((JsonObject) asked).getString("chain").equals(routed)).hasSize(6);
  }

  @Test
  void an_append_keeps_the_client_s_request_id_and_counts_and_logs_under_the_route_template() {
    String chain = newChain();
    double before = appends200();

    try (LogCapture access = LogCapture.of("io.auditcache.http.access")) {
      HttpResponse<Buffer> appended = append(chain, "application/json", "{\"sequence\":1,\"hash\":\"h1\"}",
        "X-Request-Id", "append-1");

      assertThat(appended.statusCode()).isEqualTo(200);
      assertThat(appended.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(appended.getHeader("X-Request-Id")).isEqualTo("append-1");
      assertThat(appended.getHeader("Connection")).isNull();
      assertThat(workers.requestIds()).containsExactly("append-1");
      assertThat(appends200() - before).isEqualTo(1.0);
      server.await("the access log line", () -> !access.messagesOf("append-1").isEmpty(), 2_000);
      assertThat(access.messagesOf("append-1")).singleElement().asString()
        .matches("POST /v1/chains/:chain/append 200 [0-9]+us");
    }
  }

  @Test
  void a_refused_append_is_logged_under_the_route_template_and_never_reaches_a_worker() {
    try (LogCapture access = LogCapture.of("io.auditcache.http.access")) {
      HttpResponse<Buffer> refused = append(newChain(), "text/plain", "{}", "X-Request-Id", "append-415");

      assertProblem(refused, 415, "unsupported-media-type");
      assertThat(refused.getHeader("X-Request-Id")).isEqualTo("append-415");
      server.await("the access log line", () -> !access.messagesOf("append-415").isEmpty(), 2_000);
      assertThat(access.messagesOf("append-415")).singleElement().asString()
        .matches("POST /v1/chains/:chain/append 415 [0-9]+us");
      assertThat(workers.bodies()).isEmpty();
    }
  }

  @Test
  void while_draining_an_append_asks_the_client_to_reconnect() {
    server.main().state().markDraining();

    HttpResponse<Buffer> appended = append(newChain(), "application/json", "{\"sequence\":1,\"hash\":\"h1\"}");

    assertThat(appended.statusCode()).isEqualTo(200);
    assertThat(appended.getHeader("Connection")).isEqualTo("close");
  }

  @Test
  void a_body_over_the_limit_is_a_413_whether_declared_or_streamed() {
    String chain = newChain();
    String tooLong = "{\"sequence\":1,\"hash\":\"" + "h".repeat(BODY_LIMIT) + "\"}";

    assertProblem(append(chain, "application/json", tooLong), 413, "too-large");
    assertProblem(append(percentEncoded(chain), "application/json", tooLong), 413, "too-large");
    assertThat(streamed(chain, List.of(tooLong.substring(0, 40_000), tooLong.substring(40_000)), false).statusCode())
      .isEqualTo(413);
    assertThat(workers.bodies()).isEmpty();
  }

  @Test
  void a_body_in_several_chunks_and_one_after_100_continue_are_appended() {
    String chain = newChain();
    // A hash is short; the other members (which the worker ignores) make the body long enough to arrive in parts.
    String first = "{\"sequence\":1,\"hash\":\"h1\",\"note\":\"" + "a".repeat(3_000) + "\"}";
    String second = "{\"sequence\":2,\"previousHash\":\"h1\",\"hash\":\"h2\",\"note\":\"" + "b".repeat(3_000) + "\"}";

    HttpClientResponse chunked = streamed(chain, List.of(first.substring(0, 10), first.substring(10, 2_000),
      first.substring(2_000)), false);
    HttpClientResponse continued = streamed(chain, List.of(second), true);

    assertThat(chunked.statusCode()).isEqualTo(200);
    assertThat(continued.statusCode()).isEqualTo(200);
    assertThat(server.get("/v1/chains/" + chain + "/head").bodyAsJsonObject())
      .isEqualTo(new JsonObject().put("hash", "h2").put("sequence", 2));
  }

  @Test
  void a_client_that_goes_away_mid_body_ends_its_append_unanswered_and_unrelayed() {
    String head = "POST /v1/chains/" + newChain() + "/append HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Content-Type: application/json\r\nContent-Length: 1000\r\nX-Request-Id: append-gone\r\n\r\n{\"sequence\":1";

    try (LogCapture access = LogCapture.of("io.auditcache.http.access")) {
      NetClient client = server.vertx().createNetClient();
      NetSocket socket = client.connect(server.port(), "127.0.0.1").await();
      socket.write(head).await();
      socket.close().await();

      server.await("the access log line", () -> !access.messagesOf("append-gone").isEmpty(), 2_000);
      assertThat(access.messagesOf("append-gone")).singleElement().asString()
        .matches("POST /v1/chains/:chain/append 400 [0-9]+us");
      assertThat(workers.bodies()).isEmpty();
      client.close().await();
    }
  }

  @Test
  void other_methods_and_invalid_chain_names_keep_the_router_s_answers() {
    HttpResponse<Buffer> get = server.send(HttpMethod.GET, "/v1/chains/" + newChain() + "/append", null, null);
    assertProblem(get, 405, "method-not-allowed");
    assertThat(get.getHeader("Allow")).isEqualTo("POST");
    assertProblem(append("Upper-Case", "application/json", "{\"sequence\":1,\"hash\":\"h1\"}"), 400, "invalid-request");
    assertProblem(append("", "application/json", "{\"sequence\":1,\"hash\":\"h1\"}"), 404, "route-not-found");
  }

  private HttpResponse<Buffer> append(String chain, String contentType, String body, String... headers) {
    return server.send(HttpMethod.POST, "/v1/chains/" + chain + "/append", contentType, Buffer.buffer(body), headers);
  }

  /** Sends the body chunked, one write per part; with {@code expectContinue} only after the server's 100. */
  private HttpClientResponse streamed(String chain, List<String> parts, boolean expectContinue) {
    HttpClient client = server.vertx().createHttpClient();
    try {
      return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(server.port())
          .setURI("/v1/chains/" + chain + "/append").putHeader("Content-Type", "application/json"))
        .compose(request -> send(request.setChunked(true), parts, expectContinue))
        .await();
    } finally {
      client.close().await();
    }
  }

  private static Future<HttpClientResponse> send(HttpClientRequest request, List<String> parts, boolean expectContinue) {
    Promise<Void> mayWrite = Promise.promise();
    if (expectContinue) {
      request.putHeader("Expect", "100-continue").continueHandler(go -> mayWrite.tryComplete());
      request.sendHead();
    } else {
      mayWrite.complete();
    }
    Future<HttpClientResponse> response = request.response();
    mayWrite.future().onSuccess(go -> {
      parts.forEach(part -> request.write(part));
      request.end();
    });
    return response;
  }

  private static String newChain() {
    return "shortcut-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The chain with its first letter percent-encoded: the same chain, but a path only the router decodes. */
  private static String percentEncoded(String chain) {
    return "%" + Integer.toHexString(chain.charAt(0)) + chain.substring(1);
  }

  private double appends200() {
    Matcher count = APPENDS_200.matcher(server.get("/metrics").bodyAsString());
    return count.find() ? Double.parseDouble(count.group(1)) : 0;
  }
}
