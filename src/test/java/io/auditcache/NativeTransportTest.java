package io.auditcache;

import io.auditcache.support.Events;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code nativeTransport} setting: the whole server (HTTP and Redis) on epoll where the jar ships it (Linux on
 * x86-64 and ARM64), on NIO when it is off.
 */
class NativeTransportTest {

  private static final Set<String> SHIPPED_ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64");

  @Test
  void on_linux_the_server_runs_on_epoll_by_default() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && SHIPPED_ARCHITECTURES.contains(System.getProperty("os.arch")),
      "the jar ships the native transport for Linux on x86-64 and ARM64 only");
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of())) {
      assertThat(server.vertx().unavailableNativeTransportCause()).isNull();
      assertThat(server.vertx().isNativeTransportEnabled()).isTrue();
      assertServes(server);
    }
  }

  @Test
  void switched_off_the_server_runs_on_nio() {
    try (TestServer server = TestServer.start(RedisFixture.shared(), Map.of("nativeTransport", false))) {
      assertThat(server.vertx().isNativeTransportEnabled()).isFalse();
      assertServes(server);
    }
  }

  /** A write that reaches Redis and a read of it: both sides of the server on the transport in use. */
  private static void assertServes(TestServer server) {
    String id = UUID.randomUUID().toString();
    assertThat(server.post("/v1/events", Events.event(id, 1)).statusCode()).isEqualTo(201);
    assertThat(server.get("/v1/events/" + id).bodyAsJsonObject().getString("id")).isEqualTo(id);
  }
}
