package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.Messages;
import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemType;
import io.auditcache.bus.WriteReplies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * The {@code /v1/events} and {@code /v1/warmup} resources. Each handler relays the raw body, undecoded, to a cache
 * worker and writes the worker's JSON reply as it came. A GET of a plainly written UUID never gets here:
 * {@link EventReadShortcut} serves it ahead of the router, from the LRU in place or from a worker
 * (load-tests/HISTORY.md).
 */
final class EventRoutes {

  /** Words under {@code /v1/events/} that name POST resources, not event ids. */
  private static final Set<String> POST_ONLY = Set.of("batch", "lookup");

  private final BusRelay bus;
  private final ProblemResponses problems;

  EventRoutes(BusRelay bus, ProblemResponses problems) {
    this.bus = bus;
    this.problems = problems;
  }

  /** POST /v1/events: 201 created (with Location), 200 unchanged, 409 conflict. */
  void create(RoutingContext ctx) {
    bus.<Buffer>relay(ctx, Addresses.EVENTS_SET, body(ctx), (response, reply) -> {
      boolean created = WriteReplies.created(reply);
      if (created) {
        response.response().putHeader("Location", "/v1/events/" + WriteReplies.id(reply));
      }
      BusRelay.ok(response, created ? 201 : 200, reply);
    });
  }

  /** POST /v1/events/batch. */
  void createBatch(RoutingContext ctx) {
    bus.relay(ctx, Addresses.EVENTS_SET_BATCH, body(ctx), EventRoutes::ok200);
  }

  /**
   * GET /v1/events/{id} for an id that {@link EventReadShortcut} does not take: percent-encoded (decoded here), or not a
   * UUID (the worker answers 400). The cached event, or 404 (the caller then reads its system of record).
   */
  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (POST_ONLY.contains(id)) {
      problems.methodNotAllowed(ctx, "POST");
      return;
    }
    Buffer request = new JsonObject().put("id", id).toBuffer();
    bus.relay(ctx, Addresses.EVENTS_GET, request, EventRoutes::ok200);
  }

  /** POST /v1/events/lookup. */
  void lookup(RoutingContext ctx) {
    bus.relay(ctx, Addresses.EVENTS_LOOKUP, body(ctx), EventRoutes::ok200);
  }

  /** POST /v1/warmup. */
  void warmup(RoutingContext ctx) {
    bus.relay(ctx, Addresses.EVENTS_WARMUP, body(ctx), EventRoutes::ok200);
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
  }

  /** The request body, sent to the worker as a read-only view (not copied again: the worker only reads it). */
  private static Buffer body(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null ? Buffer.buffer() : Messages.readOnly(body);
  }

  private static void ok200(RoutingContext ctx, Object reply) {
    BusRelay.ok(ctx, 200, reply);
  }

  /**
   * Rejects a body that is not declared as JSON ({@code application/json} or any {@code +json} type) with a 415;
   * requests without a body pass (their handlers say whether they need one).
   */
  static void requireJson(RoutingContext ctx) {
    Problem notJson = notJson(ctx.request());
    if (notJson == null) {
      ctx.next();
    } else {
      ProblemResponses.write(ctx, notJson);
    }
  }

  /** The 415 of a request whose body is not declared as JSON; null for a JSON body or none. */
  static Problem notJson(HttpServerRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType == null && !hasBody(request)) {
      return null;
    }
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (mediaType.equals(BusRelay.JSON) || (mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      return null;
    }
    return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
      "send the body as application/json, not " + (contentType == null ? "without a Content-Type" : contentType));
  }
}
