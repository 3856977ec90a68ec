package io.auditcache.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@code nativeTransport} setting: epoll where the server ships it (Linux on x86-64 and ARM64), else NIO. */
class NativeTransportTest {

  private static final Set<String> SHIPPED_ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64");

  @Test
  void the_server_runs_on_epoll_on_linux() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && SHIPPED_ARCHITECTURES.contains(System.getProperty("os.arch")),
      "the jar ships the native transport for Linux on x86-64 and ARM64 only");
    Vertx vertx = Registries.vertx(new SimpleMeterRegistry(), 1, true);
    try {
      assertThat(vertx.unavailableNativeTransportCause()).isNull();
      assertThat(vertx.isNativeTransportEnabled()).isTrue();
    } finally {
      vertx.close().await();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void either_transport_serves_http(boolean nativeTransport) {
    Vertx vertx = Registries.vertx(new SimpleMeterRegistry(), 1, nativeTransport);
    try {
      if (!nativeTransport) {
        assertThat(vertx.isNativeTransportEnabled()).isFalse();
      }
      HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response().end("pong"))
        .listen(0, "127.0.0.1").await();
      String body = vertx.createHttpClient().request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
        .compose(request -> request.send().compose(response -> response.body()))
        .await().toString();
      assertThat(body).isEqualTo("pong");
    } finally {
      vertx.close().await();
    }
  }
}
