package io.auditcache.http;

import io.auditcache.config.Logging;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is a sane token, else a new UUID. The id is
 * returned in the response, carried to the workers as an event-bus header, and printed with every log line about
 * the request. Optionally writes the access log: one line per request.
 */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  /** The event-bus header carrying the id to the workers. */
  static final String BUS_HEADER = "requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@+/=-]{1,128}");
  private static final Logger ACCESS = Logger.getLogger("io.auditcache.http.access");

  private final boolean accessLog;

  RequestIds(boolean accessLog) {
    this.accessLog = accessLog;
  }

  /** The first handler of every route. */
  void handle(RoutingContext ctx) {
    String id = assign(ctx.request());
    if (accessLog) {
      long start = System.nanoTime();
      ctx.addBodyEndHandler(ended -> logAccess(ctx.request(),
        ctx.currentRoute() == null || ctx.currentRoute().getPath() == null ? ctx.request().path() : ctx.currentRoute().getPath(),
        start, id));
    }
    ctx.next();
  }

  /**
   * The access-log line, when the access log is on, of a request served ahead of the router (whose own requests get
   * theirs from {@link #handle}); call it once the response has ended.
   */
  void ended(HttpServerRequest request, String route, long startNanos, String id) {
    if (accessLog) {
      logAccess(request, route, startNanos, id);
    }
  }

  /** Gives the request its id (the client's when sane, else a new one) in the response's header, and returns it. */
  static String assign(HttpServerRequest request) {
    String given = request.getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : newId();
    request.response().putHeader(HEADER, id);
    return id;
  }

  /** The access-log line of a request whose response has ended: method, route, status, duration, request id. */
  private static void logAccess(HttpServerRequest request, String route, long startNanos, String id) {
    Logging.log(ACCESS, Level.INFO, request.method() + " " + route + " " + request.response().getStatusCode() + " "
      + (System.nanoTime() - startNanos) / 1_000 + "us", id, null);
  }

  /**
   * A random (version 4) UUID from a thread-local generator: {@code UUID.randomUUID()} draws on SecureRandom, whose
   * shared lock and system calls cost more than serving an LRU hit. A request id needs to be unique, not secret.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xf000L) | 0x4000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /**
   * This request's id (set by {@link #handle}), read back from the response's header: the routing context's data map,
   * which vertx-web creates on first use, cost every request about 160 more bytes of garbage.
   */
  static String of(RoutingContext ctx) {
    return ctx.response().headers().get(HEADER);
  }
}
