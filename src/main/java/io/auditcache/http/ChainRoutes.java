package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code /v1/chains/{chain}/...} resources: head, append, hash ranges, sequence numbers and gaps. Each handler
 * turns the path, query and body into the bus request of its address; the worker validates it.
 */
final class ChainRoutes {

  private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]{0,30})");

  private final BusRelay bus;

  ChainRoutes(BusRelay bus) {
    this.bus = bus;
  }

  /** GET /v1/chains/{chain}/head: 200 the head, 404 when none is cached. */
  void getHead(RoutingContext ctx) {
    bus.relay(ctx, Addresses.CHAINS_GET_HEAD, chain(ctx), ChainRoutes::ok200);
  }

  /** PUT /v1/chains/{chain}/head {"hash","sequence"}: 200 the head, 409 with the current head. */
  void putHead(RoutingContext ctx) {
    bus.relay(ctx, Addresses.CHAINS_PUT_HEAD, body(ctx), ChainRoutes::ok200);
  }

  /**
   * POST /v1/chains/{chain}/append {"sequence","previousHash","hash"}: 200 the new head, 409 with the head. Only for
   * appends {@link ChainAppendShortcut} does not take: a percent-encoded or invalid chain, or {@code Expect: 100-continue}.
   */
  void append(RoutingContext ctx) {
    bus.relay(ctx, Addresses.CHAINS_APPEND, body(ctx), ChainRoutes::ok200);
  }

  /** PUT /v1/chains/{chain}/hashes {"100":"h100",...}: 204, 409 naming conflicting sequences. */
  void putHashes(RoutingContext ctx) {
    JsonObject request = chain(ctx).put("hashes", BusRelay.jsonObject(ctx));
    bus.relay(ctx, Addresses.CHAINS_PUT_HASHES, request, (response, reply) -> response.response().setStatusCode(204).end());
  }

  /** GET /v1/chains/{chain}/hashes?from=&to=: 200 {"hashes":{...}}. */
  void getHashes(RoutingContext ctx) {
    bus.relay(ctx, Addresses.CHAINS_GET_HASHES, withQuery(ctx, "from", "to"), ChainRoutes::ok200);
  }

  /** POST /v1/chains/{chain}/sequence[?count=k] with an optional Idempotency-Key header. */
  void nextSequence(RoutingContext ctx) {
    JsonObject request = withQuery(ctx, "count");
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null) {
      request.put("idempotencyKey", key);
    }
    bus.relay(ctx, Addresses.CHAINS_NEXT_SEQUENCE, request, ChainRoutes::ok200);
  }

  /** POST /v1/chains/{chain}/gaps {"from","to"}: 201. */
  void addGap(RoutingContext ctx) {
    bus.relay(ctx, Addresses.CHAINS_ADD_GAP, body(ctx), (response, reply) -> BusRelay.ok(response, 201, reply));
  }

  /** GET /v1/chains/{chain}/gaps?limit=&detail=: 200 {"gaps":[...]}. */
  void getGaps(RoutingContext ctx) {
    bus.relay(ctx, Addresses.CHAINS_GET_GAPS, withQuery(ctx, "limit", "detail"), ChainRoutes::ok200);
  }

  private static JsonObject chain(RoutingContext ctx) {
    return new JsonObject().put("chain", ctx.pathParam("chain"));
  }

  /** The body's members with the path's chain (which wins over a chain in the body). */
  private static JsonObject body(RoutingContext ctx) {
    return BusRelay.jsonObject(ctx).put("chain", ctx.pathParam("chain"));
  }

  /**
   * The path's chain and these query parameters, typed as JSON: a canonical decimal becomes a number, true/false a
   * boolean, anything else stays text (and the worker names it in a 400).
   */
  private static JsonObject withQuery(RoutingContext ctx, String... names) {
    JsonObject request = chain(ctx);
    for (String name : names) {
      String value = ctx.queryParams().get(name);
      if (value != null) {
        request.put(name, typed(value));
      }
    }
    return request;
  }

  private static Object typed(String value) {
    if (INTEGER.matcher(value).matches()) {
      return new java.math.BigInteger(value);
    }
    return value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : value;
  }

  private static void ok200(RoutingContext ctx, Object reply) {
    BusRelay.ok(ctx, 200, reply);
  }
}
