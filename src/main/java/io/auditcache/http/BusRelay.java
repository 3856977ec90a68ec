package io.auditcache.http;

import io.auditcache.bus.LoopLocalAddresses;
import io.auditcache.bus.RequestReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BiConsumer;

/**
 * Sends an HTTP request's operation to a worker over the event bus and writes the reply. Delivery is local only
 * (a request that reached this instance is served by this instance's workers and LRU, also on a clustered bus) and
 * every request has an explicit send timeout. A consumer on the sending verticle's own event loop is preferred (see
 * {@link LoopLocalAddresses}); without one the event bus spreads requests over all.
 */
final class BusRelay {

  static final String JSON = "application/json";

  private final EventBus bus;
  private final LoopLocalAddresses loopLocal;
  private final DeliveryOptions local;
  private final ProblemResponses problems;

  BusRelay(EventBus bus, LoopLocalAddresses loopLocal, long busTimeoutMs, ProblemResponses problems) {
    this.bus = bus;
    this.loopLocal = loopLocal;
    this.local = new DeliveryOptions().setSendTimeout(busTimeoutMs).setLocalOnly(true);
    this.problems = problems;
  }

  /** Relays {@code body}; {@code onReply} writes the success, a failure is written as its problem. */
  <T> void relay(RoutingContext ctx, String address, Object body, BiConsumer<RoutingContext, T> onReply) {
    this.<T>send(address, body, RequestIds.of(ctx)).onComplete(done -> {
      if (done.succeeded()) {
        onReply.accept(ctx, done.result().body());
      } else if (done.cause() instanceof ReplyException failure) {
        ProblemResponses.write(ctx, problems.fromBus(failure));
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  /**
   * Relays a request that never went through the router (misses of {@link EventReadShortcut}): the reply, a JSON
   * {@link Buffer}, is written as a 200, a failure as its problem; {@code ended} runs once the response has ended.
   */
  void relay(HttpServerRequest request, String requestId, String address, Object body, Runnable ended) {
    this.<Buffer>send(address, body, requestId).onComplete(done -> {
      if (done.succeeded()) {
        ok(request.response(), 200, done.result().body());
      } else if (done.cause() instanceof ReplyException failure) {
        ProblemResponses.write(request, problems.fromBus(failure));
      } else {
        problems.unexpected(request, requestId, done.cause());
      }
      ended.run();
    });
  }

  /** Sends a request and gives the reply's body (for routes that shape their own answer). */
  <T> Future<T> request(RoutingContext ctx, String address, Object body) {
    return this.<T>send(address, body, RequestIds.of(ctx)).map(Message::body);
  }

  private <T> Future<Message<T>> send(String address, Object body, String requestId) {
    DeliveryOptions options = new DeliveryOptions(local).addHeader(RequestIds.BUS_HEADER, requestId);
    return bus.request(loopLocal.target(address), body, options);
  }

  /** Writes a JSON reply (a {@link Buffer} of JSON text or a {@link JsonObject}) with this status. */
  static void ok(RoutingContext ctx, int status, Object json) {
    ok(ctx.response(), status, json);
  }

  private static void ok(HttpServerResponse response, int status, Object json) {
    Buffer body = json instanceof JsonObject object ? object.toBuffer() : (Buffer) json;
    response.setStatusCode(status).putHeader("Content-Type", JSON).end(body);
  }

  /** The request body as a JSON object; a 400 problem otherwise. */
  static JsonObject jsonObject(RoutingContext ctx) {
    return RequestReader.object(ctx.body().buffer());
  }
}
