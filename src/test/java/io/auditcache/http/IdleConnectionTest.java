package io.auditcache.http;

import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code http.idleTimeoutMs}: a client connection that sends nothing for that long is closed; a busy one is not. */
class IdleConnectionTest {

  private static final long IDLE_MS = 1_000;
  private static final String GET = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of("http.idleTimeoutMs", IDLE_MS));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() throws Exception {
    NetSocket socket = connect();
    long opened = System.nanoTime();
    Promise<Long> closed = Promise.promise();
    socket.closeHandler(done -> closed.tryComplete(System.nanoTime()));

    long closedAt = closed.future().await(10 * IDLE_MS, TimeUnit.MILLISECONDS);

    assertThat(TimeUnit.NANOSECONDS.toMillis(closedAt - opened)).isGreaterThanOrEqualTo(IDLE_MS - 100);
  }

  @Test
  void a_connection_that_keeps_sending_requests_stays_open_past_the_idle_timeout() throws Exception {
    NetSocket socket = connect();
    AtomicInteger answers = new AtomicInteger();
    Promise<Void> closed = Promise.promise();
    // Counted over all bytes received so far: a status line may arrive split over two reads.
    Buffer received = Buffer.buffer();
    socket.handler(bytes -> answers.set(count(received.appendBuffer(bytes).toString(), "HTTP/1.1 200")));
    socket.closeHandler(done -> closed.tryComplete());
    int requests = (int) (3 * IDLE_MS / 250);
    Promise<Void> sent = Promise.promise();
    AtomicInteger left = new AtomicInteger(requests);
    // One request every quarter of the timeout, for three timeouts.
    server.vertx().setPeriodic(0, 250, timer -> {
      socket.write(GET);
      if (left.decrementAndGet() == 0) {
        server.vertx().cancelTimer(timer);
        sent.complete();
      }
    });
    sent.future().await(10 * IDLE_MS, TimeUnit.MILLISECONDS);
    server.await("every request answered", () -> answers.get() == requests, 5_000);

    assertThat(closed.future().isComplete()).isFalse();
    socket.close().await();
  }

  private static NetSocket connect() {
    return server.vertx().createNetClient().connect(server.port(), "127.0.0.1").await();
  }

  private static int count(String text, String part) {
    int found = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      found++;
    }
    return found;
  }
}
