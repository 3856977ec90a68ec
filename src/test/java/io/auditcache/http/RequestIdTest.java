package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.LoopLocalAddresses;
import io.auditcache.support.Events;
import io.auditcache.support.LogCapture;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Request ids: taken from the client or made up, returned, carried over the bus, printed in the access log. */
class RequestIdTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of("log.accessLog", true));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_client_request_id_is_returned_and_carried_to_the_worker_over_the_bus() {
    List<String> seenByWorkers = new CopyOnWriteArrayList<>();
    server.vertx().eventBus().addInboundInterceptor(delivery -> {
      if (LoopLocalAddresses.shared(delivery.message().address()).equals(Addresses.EVENTS_GET)) {
        seenByWorkers.add(delivery.message().headers().get("requestId"));
      }
      delivery.next();
    });

    HttpResponse<Buffer> response = server.send(HttpMethod.GET, "/v1/events/" + Events.newId(), null, null, "X-Request-Id", "client-42");

    assertThat(response.getHeader("X-Request-Id")).isEqualTo("client-42");
    assertThat(seenByWorkers).contains("client-42");
  }

  @Test
  void generated_request_ids_are_distinct_version_4_uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.newId();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void a_missing_or_insane_request_id_is_replaced_by_a_new_one() {
    String missing = server.get("/health/live").getHeader("X-Request-Id");
    String insane = server.send(HttpMethod.GET, "/health/live", null, null, "X-Request-Id", "bad id <script>").getHeader("X-Request-Id");

    assertThat(missing).matches("[0-9a-f-]{36}");
    assertThat(insane).matches("[0-9a-f-]{36}").isNotEqualTo(missing);
  }

  @Test
  void the_access_log_has_one_line_per_request_with_route_status_and_request_id() {
    try (LogCapture access = LogCapture.of("io.auditcache.http.access")) {
      server.send(HttpMethod.GET, "/v1/events/" + Events.newId(), null, null, "X-Request-Id", "access-7");

      // The line is written once the response has ended, after the client may have read it.
      server.await("the access log line", () -> !access.messagesOf("access-7").isEmpty(), 2_000);
      assertThat(access.messagesOf("access-7")).singleElement().asString().startsWith("GET /v1/events/:id 404");
    }
  }
}
