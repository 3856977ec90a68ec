package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Health for people and orchestrators. Liveness is the process; readiness is "deployed and not draining" and
 * deliberately ignores Redis (if every pod left the Service when Redis blips, clients would lose the LRU hits and
 * the fast 503s too); {@code /health} is the detail, 503 while a dependency is down.
 */
final class HealthRoutes {

  private final ServerState state;
  private final BusRelay bus;

  HealthRoutes(ServerState state, BusRelay bus) {
    this.state = state;
    this.bus = bus;
  }

  /** GET /health/live */
  void live(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("status", "up"));
  }

  /** GET /health/startup: 200 once everything is deployed (stays 200 while draining). */
  void startup(RoutingContext ctx) {
    boolean started = state.isStarted();
    json(ctx, started ? 200 : 503, new JsonObject().put("status", started ? "started" : "starting"));
  }

  /** GET /v1/stats: this instance's cache statistics. */
  void stats(RoutingContext ctx) {
    bus.<JsonObject>request(ctx, Addresses.STATS_GET, new JsonObject())
      .onSuccess(stats -> json(ctx, 200, stats))
      .onFailure(ctx::fail);
  }

  /** GET /health/ready */
  void ready(RoutingContext ctx) {
    boolean ready = state.isReady();
    json(ctx, ready ? 200 : 503, new JsonObject().put("status", ready ? "ready" : "not-ready"));
  }

  /** GET /health: each dependency's state; 503 unless all are up. */
  void detail(RoutingContext ctx) {
    bus.<JsonObject>request(ctx, Addresses.REDIS_HEALTH, new JsonObject())
      .otherwise(failure -> new JsonObject().put("status", "unknown").put("detail", "no cache worker answered"))
      .onSuccess(redis -> {
        boolean up = "up".equals(redis.getString("status")) && state.isReady();
        json(ctx, up ? 200 : 503, new JsonObject()
          .put("status", up ? "up" : "down")
          .put("ready", state.isReady())
          .put("dependencies", new JsonObject().put("redis", redis)));
      });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", BusRelay.JSON)
      .putHeader("Cache-Control", "no-store").end(body.toBuffer());
  }
}
