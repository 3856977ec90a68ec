package io.auditcache.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Vert.x' HTTP request and event-bus meters as {@link VertxMeters} records them: vertx-micrometer's names and labels,
 * counted from what a real server and a real event bus did.
 */
class VertxMetersTest {

  private MeterRegistry registry;
  private Vertx vertx;

  @BeforeEach
  void start() {
    registry = new SimpleMeterRegistry();
    vertx = Registries.vertx(registry, 1, true);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void http_requests_are_counted_and_timed_by_method_route_template_and_code() {
    WebClient client = WebClient.create(vertx);
    int port = server().actualPort();

    for (int i = 0; i < 3; i++) {
      assertThat(client.get(port, "127.0.0.1", "/things/" + i).send().await().statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> created = client.post(port, "127.0.0.1", "/things").sendBuffer(Buffer.buffer("12345")).await();
    HttpResponse<Buffer> unrouted = client.get(port, "127.0.0.1", "/nowhere").send().await();

    loopIdle();

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(unrouted.statusCode()).isEqualTo(404);
    assertThat(http("requests", "GET", "/things/:id", "200").counter().count()).isEqualTo(3);
    assertThat(http("response.time", "GET", "/things/:id", "200").timer().count()).isEqualTo(3);
    assertThat(http("response.time", "GET", "/things/:id", "200").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(http("response.bytes", "POST", "/things", "201").summary().totalAmount()).isEqualTo("made".length());
    assertThat(http("requests", "GET", "", "404").counter().count()).isEqualTo(1);
    assertThat(registry.get("vertx.http.server.request.bytes").tag("method", "POST").summary().totalAmount()).isEqualTo(5);
    assertThat(registry.get("vertx.http.server.active.requests").tag("method", "GET").gauge().value()).isZero();
    assertThat(registry.get("vertx.http.server.active.requests").tag("method", "POST").gauge().value()).isZero();
    assertThat(registry.find("vertx.http.server.requests").tagKeys("path").meters()).isEmpty();
    // Connection meters stay vertx-micrometer's own.
    assertThat(registry.get("vertx.http.server.bytes.read").counter().count()).isPositive();
  }

  @Test
  void a_loop_local_twin_counts_under_its_shared_address_and_is_no_extra_handler() {
    String address = "meters.test";
    String twin = address + "@" + "some-event-loop";
    MessageConsumer<String> shared = vertx.eventBus().consumer(address, message -> message.reply("ok"));
    MessageConsumer<String> onLoop = vertx.eventBus().localConsumer(twin, message -> message.reply("ok"));
    Future.all(shared.completion(), onLoop.completion()).await();

    vertx.eventBus().request(address, "a").await();
    vertx.eventBus().request(twin, "b").await();
    vertx.eventBus().request(twin, "c").await();
    loopIdle();

    assertThat(bus("sent", address).counter().count()).isEqualTo(3);
    assertThat(bus("received", address).counter().count()).isEqualTo(3);
    assertThat(bus("delivered", address).counter().count()).isEqualTo(3);
    assertThat(bus("processed", address).counter().count()).isEqualTo(3);
    assertThat(bus("pending", address).gauge().value()).isZero();
    assertThat(bus("handlers", address).gauge().value()).isEqualTo(1);
    assertThat(registry.getMeters()).noneMatch(meter -> {
      String tagged = meter.getId().getTag("address");
      return tagged != null && (tagged.contains("@") || tagged.startsWith("__vertx."));
    });

    shared.unregister().await();
    loopIdle();
    assertThat(bus("handlers", address).gauge().value()).isZero();
  }

  @Test
  void two_servers_on_one_registry_count_their_active_requests_in_the_same_gauge() {
    Promise<Void> release = Promise.promise();
    Router router = Router.router(vertx);
    router.get("/held").handler(ctx -> release.future().onComplete(done -> ctx.end("released")));
    HttpServer first = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    HttpServer second = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    WebClient client = WebClient.create(vertx);

    Future<HttpResponse<Buffer>> held = client.get(second.actualPort(), "127.0.0.1", "/held").send();
    Future<HttpResponse<Buffer>> alsoHeld = client.get(first.actualPort(), "127.0.0.1", "/held").send();
    awaitGauge("vertx.http.server.active.requests", "method", "GET", 2);
    vertx.runOnContext(nothing -> release.complete());
    Future.all(held, alsoHeld).await();
    loopIdle();

    assertThat(registry.get("vertx.http.server.active.requests").tag("method", "GET").gauge().value()).isZero();
    assertThat(http("requests", "GET", "/held", "200").counter().count()).isEqualTo(2);
  }

  @Test
  void messages_waiting_for_a_paused_twin_are_pending_under_the_shared_address() {
    String address = "meters.paused";
    MessageConsumer<String> onLoop = vertx.eventBus().localConsumer(address + "@some-event-loop", message -> { });
    onLoop.completion().await();
    onLoop.pause();

    vertx.eventBus().send(address + "@some-event-loop", "a");
    vertx.eventBus().send(address + "@some-event-loop", "b");
    loopIdle();
    assertThat(bus("pending", address).gauge().value()).isEqualTo(2);

    onLoop.resume();
    loopIdle();
    assertThat(bus("pending", address).gauge().value()).isZero();
    assertThat(bus("processed", address).counter().count()).isEqualTo(2);
  }

  @Test
  void reply_failures_are_counted_by_address_and_failure() {
    DeliveryOptions shortWait = new DeliveryOptions().setSendTimeout(50);
    vertx.eventBus().consumer("meters.silent", message -> { }).completion().await();
    vertx.eventBus().localConsumer("meters.refusing@some-event-loop", message -> message.fail(404, "not cached"))
      .completion().await();

    assertThatThrownBy(() -> vertx.eventBus().request("meters.nobody", "x").await())
      .isInstanceOfSatisfying(ReplyException.class, failure -> assertThat(failure.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    assertThatThrownBy(() -> vertx.eventBus().request("meters.silent", "x", shortWait).await())
      .isInstanceOfSatisfying(ReplyException.class, failure -> assertThat(failure.failureType()).isEqualTo(ReplyFailure.TIMEOUT));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> vertx.eventBus().request("meters.refusing@some-event-loop", "x").await())
        .isInstanceOfSatisfying(ReplyException.class, failure -> assertThat(failure.failureCode()).isEqualTo(404));
    }
    loopIdle();

    assertThat(registry.get("vertx.eventbus.reply.failures").tags("address", "meters.nobody", "failure", "NO_HANDLERS")
      .counter().count()).isEqualTo(1);
    assertThat(registry.get("vertx.eventbus.reply.failures").tags("address", "meters.silent", "failure", "TIMEOUT")
      .counter().count()).isEqualTo(1);
    assertThat(registry.get("vertx.eventbus.reply.failures").tags("address", "meters.refusing", "failure", "RECIPIENT_FAILURE")
      .counter().count()).isEqualTo(2);
  }

  /**
   * Returns once the only event loop has run what it was doing: Vert.x records a response's or a reply failure's meters
   * on the loop after completing it, so the test thread can see the outcome first.
   */
  private void loopIdle() {
    Promise<Void> ran = Promise.promise();
    vertx.getOrCreateContext().runOnContext(nothing -> ran.complete());
    ran.future().await();
  }

  /** Waits, up to 10 s, for a gauge that the event loop moves while the test thread waits for a reply. */
  private void awaitGauge(String name, String tag, String value, double expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.find(name).tag(tag, value).gauge() == null
      || registry.get(name).tag(tag, value).gauge().value() != expected) {
      assertThat(System.nanoTime()).as(name + " never reached " + expected).isLessThan(deadline);
      loopIdle();
    }
  }

  private HttpServer server() {
    Router router = Router.router(vertx);
    router.get("/things/:id").handler(ctx -> ctx.end("thing " + ctx.pathParam("id")));
    router.post("/things").handler(BodyHandler.create()).handler(ctx -> ctx.response().setStatusCode(201).end("made"));
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  private RequiredSearch http(String meter, String method, String route, String code) {
    return registry.get("vertx.http.server." + meter).tags("method", method, "route", route, "code", code);
  }

  private RequiredSearch bus(String meter, String address) {
    return registry.get("vertx.eventbus." + meter).tag("address", address);
  }
}
