package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.AuditEvent;
import io.auditcache.cache.EventLru;
import io.auditcache.metrics.AuditMeters;
import io.auditcache.metrics.Operation;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Serves {@code GET /v1/events/{id}} ahead of the router when the id is a UUID written plainly (no percent-encoding);
 * every other request goes on to the router. A hit of the instance's LRU is answered in place; a miss goes straight to
 * a cache worker over the event bus. The event read is the hottest request of the server and needs nothing of
 * vertx-web: the router's routing context, the templated route's regex and the path-parameter map were about a third
 * of the garbage an LRU hit made (load-tests/HISTORY.md). The answer is the one the router would give: the same
 * request id, draining and access-log behaviour, meters, HTTP route label and problems.
 */
final class EventReadShortcut {

  /** The event-read route's template, also its label in the HTTP meters. */
  static final String ROUTE = "/v1/events/:id";
  private static final String PREFIX = "/v1/events/";
  private static final int UUID_LENGTH = 36;

  private final BusRelay bus;
  private final EventLru lru;
  private final AuditMeters meters;
  private final ServerState state;
  private final RequestIds requestIds;

  EventReadShortcut(BusRelay bus, EventLru lru, AuditMeters meters, ServerState state, RequestIds requestIds) {
    this.bus = bus;
    this.lru = lru;
    this.meters = meters;
    this.state = state;
    this.requestIds = requestIds;
  }

  /** Serves the request if it is a plain event read; false leaves it to the router. */
  boolean serve(HttpServerRequest request) {
    String id = plainEventId(request);
    if (id == null) {
      return false;
    }
    long start = System.nanoTime();
    String requestId = RequestIds.assign(request);
    state.closeIfDraining(request.response());
    request.routed(ROUTE);
    byte[] cached = lru.get(AuditEvent.canonicalId(id));
    if (cached == null) {
      // The id is a plain UUID: it needs no JSON escaping.
      bus.relay(request, requestId, Addresses.EVENTS_GET, Buffer.buffer("{\"id\":\"" + id + "\"}"),
        () -> requestIds.ended(request, ROUTE, start, requestId));
      return true;
    }
    meters.hit(AuditMeters.Tier.LRU, Operation.GET);
    meters.completed(Operation.GET, start);
    // Cached bytes are never modified, so the response may wrap them instead of copying 2 KB.
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, BusRelay.JSON)
      .end(BufferInternal.buffer(Unpooled.wrappedBuffer(cached)));
    requestIds.ended(request, ROUTE, start, requestId);
    return true;
  }

  /** The id of a {@code GET /v1/events/{id}} whose id is a UUID written plainly; null for any other request. */
  private static String plainEventId(HttpServerRequest request) {
    String path = request.path();
    if (!HttpMethod.GET.equals(request.method()) || path == null || path.length() != PREFIX.length() + UUID_LENGTH
      || !path.startsWith(PREFIX)) {
      return null;
    }
    String id = path.substring(PREFIX.length());
    return AuditEvent.isUuid(id) ? id : null;
  }
}
