package io.auditcache.http;

import io.auditcache.cache.EventLru;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.metrics.AuditMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.VerticleBase;
import io.auditcache.bus.LoopLocalAddresses;
import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemType;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The HTTP API. Several instances share one port (Vert.x spreads connections over them); each is stateless and
 * never talks to Redis: every operation is an event-bus request, with an explicit send timeout, to a cache worker,
 * except a GET that the instance's shared LRU answers in place.
 */
public final class HttpVerticle extends VerticleBase {

  /** The OpenAPI 3.1 description of this API, served at {@code /openapi.json}. */
  private static final Buffer OPENAPI = resource("openapi.json");

  private final AuditCacheConfig config;
  private final ServerState state;
  private final MeterRegistry registry;
  private final EventLru lru;
  private final AuditMeters meters;
  private final LoopLocalAddresses loopLocal;
  private HttpServer server;

  /**
   * @param registry served at {@code /metrics} in Prometheus text format when it is a Prometheus registry
   * @param lru      the instance's shared LRU, read in place for GET hits
   * @param meters   the instance's meters, which count those hits
   * @param loopLocal the instance's consumers by event loop: requests go to a worker on this verticle's loop if any
   */
  public HttpVerticle(AuditCacheConfig config, ServerState state, MeterRegistry registry, EventLru lru,
                      AuditMeters meters, LoopLocalAddresses loopLocal) {
    this.config = config;
    this.state = state;
    this.registry = registry;
    this.lru = lru;
    this.meters = meters;
    this.loopLocal = loopLocal;
  }

  @Override
  public Future<?> start() {
    AuditCacheConfig.Http http = config.http();
    // A read timeout: a connection whose client sends nothing for idleTimeoutMs is closed. Every response here
    // answers a request, so this is the all-idle timeout without its listener and clock read on every write.
    server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false)
        .setReadIdleTimeout((int) http.idleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
      .requestHandler(requestHandler())
      .invalidRequestHandler(ProblemResponses::invalidRequest);
    // Port 0 alone would give every instance its own random port; a negative port makes them share one.
    return server.listen(http.port() == 0 ? -1 : http.port(), http.host())
      .onSuccess(listening -> state.port(listening.actualPort()));
  }

  /** Stops accepting, and lets requests in flight finish within {@code http.shutdownTimeoutMs}. */
  @Override
  public Future<?> stop() {
    return server.shutdown(config.http().shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
  }

  /** Every method-bound route as {@code "GET /v1/events/{id}"}. */
  private static List<String> routeTable(Router router) {
    return router.getRoutes().stream()
      .filter(route -> route.getPath() != null && route.methods() != null && !route.methods().isEmpty())
      .flatMap(route -> route.methods().stream().map(method -> method.name() + " " + route.getPath().replaceAll(":([^/]+)", "{$1}")))
      .distinct()
      .sorted()
      .toList();
  }

  /** The methods some route accepts for this path, for a 405's {@code Allow} header. */
  private static String allowedMethods(Router router, String path) {
    return router.getRoutes().stream()
      .filter(route -> route.getPath() != null && route.methods() != null && !route.methods().isEmpty())
      .filter(route -> path.matches(route.getPath().replaceAll(":[^/]+", "[^/]+")))
      .flatMap(route -> route.methods().stream())
      .map(HttpMethod::name)
      .distinct()
      .sorted()
      .collect(Collectors.joining(", "));
  }

  /** The shortcuts for plain event reads and appends, in front of the router for everything else. */
  private Handler<HttpServerRequest> requestHandler() {
    AuditCacheConfig.Http http = config.http();
    RequestIds requestIds = new RequestIds(config.log().accessLog());
    ProblemResponses problems = new ProblemResponses(http.busTimeoutMs(), config.redis().retryAfterSeconds());
    BusRelay bus = new BusRelay(vertx.eventBus(), loopLocal, http.busTimeoutMs(), problems);
    EventReadShortcut reads = new EventReadShortcut(bus, lru, meters, state, requestIds);
    ChainAppendShortcut appends = new ChainAppendShortcut(bus, problems, state, requestIds, http.maxBodyBytes());
    Router router = router(requestIds, bus, problems);
    return request -> {
      if (!reads.serve(request) && !appends.serve(request)) {
        router.handle(request);
      }
    };
  }

  private Router router(RequestIds requestIds, BusRelay bus, ProblemResponses problems) {
    AuditCacheConfig.Http http = config.http();
    EventRoutes events = new EventRoutes(bus, problems);
    ChainRoutes chains = new ChainRoutes(bus);
    HealthRoutes health = new HealthRoutes(state, bus);
    // Sized from Content-Length up front (Vert.x caps that at 64 KB, and the body limit applies as before): a body
    // buffer that starts at 1 KB and doubles copied a 2 KB event twice more (10 % of the bytes a write allocated).
    BodyHandler body = BodyHandler.create(false).setBodyLimit(http.maxBodyBytes()).setPreallocateBodyBuffer(true);

    Router router = Router.router(vertx);
    router.route().handler(requestIds::handle);
    router.route().handler(ctx -> {
      state.closeIfDraining(ctx.response());
      ctx.next();
    });
    // The body handler sits on each route that takes a body (not on a shared "/v1/*" route), so that the
    // route label of Vert.x's HTTP meters is the route's own template.
    // vertx-web tries the routes in order, and matches a templated path's regex (a new Matcher) before it looks at
    // the method: the busiest templated route, sequence numbers, comes before the other templates (a sequence
    // request matched seven regexes, 1.5 KB of its 10 KB of garbage). Event reads with a plain UUID and appends to a
    // valid chain name never get here (EventReadShortcut, ChainAppendShortcut). No two paths overlap, so the order
    // changes nothing else.
    router.post("/v1/events").handler(body).handler(EventRoutes::requireJson).handler(events::create);
    router.post("/v1/events/batch").handler(body).handler(EventRoutes::requireJson).handler(events::createBatch);
    router.post("/v1/events/lookup").handler(body).handler(EventRoutes::requireJson).handler(events::lookup);
    router.post("/v1/chains/:chain/sequence").handler(body).handler(EventRoutes::requireJson).handler(chains::nextSequence);
    router.get(EventReadShortcut.ROUTE).handler(events::get);
    router.post("/v1/warmup").handler(body).handler(EventRoutes::requireJson).handler(events::warmup);
    router.get("/v1/chains/:chain/head").handler(chains::getHead);
    router.put("/v1/chains/:chain/head").handler(body).handler(EventRoutes::requireJson).handler(chains::putHead);
    router.post("/v1/chains/:chain/append").handler(body).handler(EventRoutes::requireJson).handler(chains::append);
    router.put("/v1/chains/:chain/hashes").handler(body).handler(EventRoutes::requireJson).handler(chains::putHashes);
    router.get("/v1/chains/:chain/hashes").handler(chains::getHashes);
    router.post("/v1/chains/:chain/gaps").handler(body).handler(EventRoutes::requireJson).handler(chains::addGap);
    router.get("/v1/chains/:chain/gaps").handler(chains::getGaps);
    router.get("/v1/stats").handler(health::stats);
    router.get("/health/live").handler(health::live);
    router.get("/health/startup").handler(health::startup);
    router.get("/health/ready").handler(health::ready);
    router.get("/health").handler(health::detail);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(prometheus.scrape()));
    }

    router.get("/openapi.json").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "application/json").end(OPENAPI));
    state.routes(routeTable(router));

    router.route().failureHandler(problems::failure);
    router.errorHandler(400, ctx -> ProblemResponses.write(ctx, Problem.of(ProblemType.INVALID_REQUEST,
      "the path or a query parameter could not be decoded (bad percent-encoding?)")));
    router.errorHandler(404, problems::routeNotFound);
    router.errorHandler(405, ctx -> problems.methodNotAllowed(ctx, allowedMethods(router, ctx.request().path())));
    router.errorHandler(500, problems::failure);
    return router;
  }

  private static Buffer resource(String name) {
    try (InputStream in = HttpVerticle.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the class path");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
