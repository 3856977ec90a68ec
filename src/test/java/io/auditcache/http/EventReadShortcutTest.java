package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.support.Events;
import io.auditcache.support.LogCapture;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.auditcache.support.HttpAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event reads served ahead of the router, LRU hits in place and misses by a worker: what the router gives every
 * request (request id, access log, HTTP meters, draining, problems) holds for them too, and every read the shortcut
 * does not take still reaches the router.
 */
class EventReadShortcutTest {

  private static final Pattern LRU_GETS_200 =
    Pattern.compile("vertx_http_server_requests_total\\{code=\"200\",method=\"GET\",route=\"/v1/events/:id\"} ([0-9.]+)");

  private TestServer server;
  private JsonObject cached;
  private WorkerRequests workers;

  @BeforeEach
  void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of("log.accessLog", true));
    cached = Events.event(1);
    assertThat(server.post("/v1/warmup", Events.batch(List.of(cached))).statusCode()).isEqualTo(200);
    workers = WorkerRequests.to(server.vertx(), Addresses.EVENTS_GET);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void a_hit_keeps_the_client_s_request_id_and_counts_under_the_route_template() {
    double before = lruGets200();

    HttpResponse<Buffer> hit = get("/v1/events/" + cached.getString("id"), "X-Request-Id", "shortcut-1");

    assertThat(hit.statusCode()).isEqualTo(200);
    assertThat(hit.bodyAsString()).isEqualTo(cached.encode());
    assertThat(hit.getHeader("X-Request-Id")).isEqualTo("shortcut-1");
    assertThat(hit.getHeader("Connection")).isNull();
    assertThat(workers.bodies()).isEmpty();
    assertThat(lruGets200() - before).isEqualTo(1.0);
  }

  @Test
  void a_hit_writes_its_access_log_line() {
    try (LogCapture access = LogCapture.of("io.auditcache.http.access")) {
      get("/v1/events/" + cached.getString("id"), "X-Request-Id", "shortcut-log");

      server.await("the access log line", () -> !access.messagesOf("shortcut-log").isEmpty(), 2_000);
      assertThat(access.messagesOf("shortcut-log")).singleElement().asString().matches("GET /v1/events/:id 200 [0-9]+us");
    }
  }

  @Test
  void while_draining_a_hit_and_a_routed_request_both_ask_the_client_to_reconnect() {
    server.main().state().markDraining();

    HttpResponse<Buffer> hit = get("/v1/events/" + cached.getString("id"));
    HttpResponse<Buffer> routed = get("/health/live");

    assertThat(hit.statusCode()).isEqualTo(200);
    assertThat(hit.getHeader("Connection")).isEqualTo("close");
    assertThat(routed.getHeader("Connection")).isEqualTo("close");
    assertThat(workers.bodies()).isEmpty();
  }

  @Test
  void a_miss_is_answered_by_a_worker_with_the_request_id_route_label_and_access_log_line() {
    JsonObject stored = Events.event(2);
    assertThat(server.post("/v1/events", stored).statusCode()).isEqualTo(201);
    double before = lruGets200();

    try (LogCapture access = LogCapture.of("io.auditcache.http.access")) {
      HttpResponse<Buffer> miss = get("/v1/events/" + stored.getString("id"), "X-Request-Id", "shortcut-miss");

      assertThat(miss.statusCode()).isEqualTo(200);
      assertThat(miss.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(miss.bodyAsJsonObject()).isEqualTo(stored);
      assertThat(miss.getHeader("X-Request-Id")).isEqualTo("shortcut-miss");
      assertThat(workers.bodies()).singleElement().hasToString(new JsonObject().put("id", stored.getString("id")).encode());
      assertThat(workers.requestIds()).containsExactly("shortcut-miss");
      assertThat(lruGets200() - before).isEqualTo(1.0);
      server.await("the access log line", () -> !access.messagesOf("shortcut-miss").isEmpty(), 2_000);
      assertThat(access.messagesOf("shortcut-miss")).singleElement().asString().matches("GET /v1/events/:id 200 [0-9]+us");
    }
  }

  @Test
  void an_unknown_id_is_the_worker_s_404_problem_with_its_access_log_line() {
    try (LogCapture access = LogCapture.of("io.auditcache.http.access")) {
      HttpResponse<Buffer> unknown = get("/v1/events/" + Events.newId(), "X-Request-Id", "shortcut-404");

      assertProblem(unknown, 404, "not-found");
      assertThat(unknown.getHeader("X-Request-Id")).isEqualTo("shortcut-404");
      server.await("the access log line", () -> !access.messagesOf("shortcut-404").isEmpty(), 2_000);
      assertThat(access.messagesOf("shortcut-404")).singleElement().asString().matches("GET /v1/events/:id 404 [0-9]+us");
    }
  }

  @Test
  void while_draining_a_miss_asks_the_client_to_reconnect_too() {
    server.main().state().markDraining();

    HttpResponse<Buffer> miss = get("/v1/events/" + Events.newId());

    assertThat(miss.statusCode()).isEqualTo(404);
    assertThat(miss.getHeader("Connection")).isEqualTo("close");
    assertThat(workers.bodies()).hasSize(1);
  }

  @Test
  void a_percent_encoded_id_is_decoded_by_the_router_and_answered_by_a_worker() {
    String id = cached.getString("id");

    HttpResponse<Buffer> response = get("/v1/events/" + id.substring(0, 35) + "%" + Integer.toHexString(id.charAt(35)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo(cached.encode());
    assertThat(workers.bodies()).singleElement().asString().contains(id);
  }

  @Test
  void paths_and_methods_beyond_the_read_keep_the_router_s_answers() {
    String path = "/v1/events/" + cached.getString("id");

    assertProblem(get(path + "/extra"), 404, "route-not-found");
    assertProblem(get("/v1/events/not-a-uuid"), 400, "invalid-request");
    HttpResponse<Buffer> delete = server.send(HttpMethod.DELETE, path, null, null);
    assertProblem(delete, 405, "method-not-allowed");
    assertThat(delete.getHeader("Allow")).isEqualTo("GET");
    assertThat(workers.bodies()).singleElement().asString().contains("not-a-uuid");
  }

  private HttpResponse<Buffer> get(String path, String... headers) {
    return server.send(HttpMethod.GET, path, null, null, headers);
  }

  private double lruGets200() {
    Matcher count = LRU_GETS_200.matcher(server.get("/metrics").bodyAsString());
    return count.find() ? Double.parseDouble(count.group(1)) : 0;
  }
}
