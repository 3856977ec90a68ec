package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The {@code /v1/events} and {@code /v1/warmup} resources. Each handler relays the raw body to a cache worker over
 * the event bus (local delivery only: a request that reached this instance is served by this instance's workers and
 * their LRU, also once the bus is clustered) and writes the worker's JSON reply as it came.
 */
final class EventRoutes {

  static final String JSON = "application/json";
  /** Words under {@code /v1/events/} that name POST resources, not event ids. */
  private static final Set<String> POST_ONLY = Set.of("batch", "lookup");

  private final EventBus bus;
  private final DeliveryOptions local;
  private final ProblemResponses problems;

  EventRoutes(EventBus bus, long busTimeoutMs, ProblemResponses problems) {
    this.bus = bus;
    this.local = new DeliveryOptions().setSendTimeout(busTimeoutMs).setLocalOnly(true);
    this.problems = problems;
  }

  /** POST /v1/events: 201 created (with Location), 200 unchanged, 409 conflict. */
  void create(RoutingContext ctx) {
    relay(ctx, Addresses.EVENTS_SET, ctx.body().buffer(), (response, reply) -> {
      JsonObject outcome = new JsonObject(reply);
      boolean created = "created".equals(outcome.getString("status"));
      if (created) {
        response.response().putHeader("Location", "/v1/events/" + outcome.getString("id"));
      }
      ok(response, created ? 201 : 200, reply);
    });
  }

  /** POST /v1/events/batch. */
  void createBatch(RoutingContext ctx) {
    relay(ctx, Addresses.EVENTS_SET_BATCH, ctx.body().buffer(), (response, reply) -> ok(response, 200, reply));
  }

  /** GET /v1/events/{id}: the cached event, or 404 (the caller then reads its system of record). */
  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (POST_ONLY.contains(id)) {
      ctx.response().putHeader("Allow", "POST");
      problems.methodNotAllowed(ctx);
      return;
    }
    Buffer request = new JsonObject().put("id", id).toBuffer();
    relay(ctx, Addresses.EVENTS_GET, request, (response, reply) -> ok(response, 200, reply));
  }

  /** POST /v1/events/lookup. */
  void lookup(RoutingContext ctx) {
    relay(ctx, Addresses.EVENTS_LOOKUP, ctx.body().buffer(), (response, reply) -> ok(response, 200, reply));
  }

  /** POST /v1/warmup. */
  void warmup(RoutingContext ctx) {
    relay(ctx, Addresses.EVENTS_WARMUP, ctx.body().buffer(), (response, reply) -> ok(response, 200, reply));
  }

  private static boolean hasBody(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    return ctx.request().getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
  }

  private void relay(RoutingContext ctx, String address, Buffer body, BiConsumer<RoutingContext, Buffer> onReply) {
    bus.<Buffer>request(address, body == null ? Buffer.buffer() : body, local).onComplete(done -> {
      if (done.succeeded()) {
        onReply.accept(ctx, done.result().body());
      } else if (done.cause() instanceof ReplyException failure) {
        ProblemResponses.write(ctx, problems.fromBus(failure));
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  private static void ok(RoutingContext ctx, int status, Buffer json) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(json);
  }

  /**
   * Rejects a body that is not declared as JSON ({@code application/json} or any {@code +json} type) with a 415;
   * requests without a body pass (their handlers say whether they need one).
   */
  static void requireJson(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null && !hasBody(ctx)) {
      ctx.next();
      return;
    }
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (mediaType.equals(JSON) || (mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      ctx.next();
    } else {
      ProblemResponses.write(ctx, Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "send the body as application/json, not " + (contentType == null ? "without a Content-Type" : contentType)));
    }
  }
}
