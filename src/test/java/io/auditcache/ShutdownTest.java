package io.auditcache;

import io.auditcache.support.RedisFixture;
import io.auditcache.support.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The real process, as Kubernetes stops it: SIGTERM, drain, finish what is in flight, exit. */
class ShutdownTest {

  private static final long DRAIN_MS = 1_500;
  private static final long SHUTDOWN_TIMEOUT_MS = 3_000;

  @Test
  void sigterm_drains_finishes_in_flight_requests_and_exits_promptly() throws Exception {
    Vertx vertx = Vertx.vertx();
    Path output = Files.createTempFile("audit-cache", ".log");
    try (RedisServer redis = RedisFixture.startPrivate()) {
      int port = freePort();
      Process server = start(port, redis, output);
      WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
      awaitStatus(vertx, () -> status(http, "/health/ready"), 200, 30_000, output);
      // The start-up line names the transport (epoll, or NIO with the reason the native one did not load).
      assertThat(Files.readString(output)).containsPattern("listening on port " + port + ", .* (native|NIO) transport");

      // Redis pauses, so this read is still waiting when SIGTERM arrives.
      Redis.createClient(vertx, redis.url()).send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(1_000).arg("ALL")).await();
      Future<HttpResponse<Buffer>> inFlight = http.get("/v1/events/" + UUID.randomUUID()).send();
      long terminated = System.nanoTime();
      server.destroy();

      awaitStatus(vertx, () -> status(http, "/health/ready"), 503, DRAIN_MS, output);
      assertThat(inFlight.transform(done -> Future.succeededFuture(done.succeeded() ? done.result().statusCode() : -1))
        .await(10, TimeUnit.SECONDS)).as("the in-flight read's status (-1: no answer); server output:%n%s",
        Files.readString(output)).isEqualTo(404);
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).as(Files.readString(output)).isTrue();
      assertThat(server.exitValue()).isIn(0, 143);
      // Bounded: the drain, then at most the shutdown timeout for connections still open, then closing.
      assertThat((System.nanoTime() - terminated) / 1_000_000).isLessThan(DRAIN_MS + SHUTDOWN_TIMEOUT_MS + 4_000);
      assertThat(Files.readString(output)).contains("SIGTERM: readiness is 503").contains("shut down in");
    } finally {
      vertx.close().await();
      Files.deleteIfExists(output);
    }
  }

  private static Process start(int port, RedisServer redis, Path output) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
      .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(Map.of(
      "AUDIT_CACHE_HTTP_PORT", Integer.toString(port),
      "AUDIT_CACHE_HTTP_HOST", "127.0.0.1",
      "AUDIT_CACHE_REDIS_URL", redis.url(),
      "AUDIT_CACHE_KEY_PREFIX", "shutdown-" + UUID.randomUUID(),
      "AUDIT_CACHE_HTTP_DRAIN_DELAY_MS", Long.toString(DRAIN_MS),
      "AUDIT_CACHE_HTTP_SHUTDOWN_TIMEOUT_MS", Long.toString(SHUTDOWN_TIMEOUT_MS),
      "AUDIT_CACHE_REDIS_TIMEOUT_MS", "2000",
      "AUDIT_CACHE_HTTP_BUS_TIMEOUT_MS", "3000"));
    return builder.start();
  }

  private static int status(WebClient http, String path) {
    // Each probe is bounded: a probe that a starting server never answers is simply tried again.
    return http.get(path).timeout(1_000).send().map(HttpResponse::statusCode).otherwise(-1).await();
  }

  /** Polls until the status is seen; -1 stands for "no connection". */
  private static void awaitStatus(Vertx vertx, Supplier<Integer> probe, int expected, long timeoutMs, Path output)
    throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    int last;
    while ((last = probe.get()) != expected) {
      assertThat(System.nanoTime()).as("status %d, expected %d; server output:%n%s", last, expected, Files.readString(output))
        .isLessThan(deadline);
      vertx.timer(25).await();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
