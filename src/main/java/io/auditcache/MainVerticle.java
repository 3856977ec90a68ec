package io.auditcache;

import io.auditcache.bus.LoopLocalAddresses;
import io.auditcache.cache.CacheWorkerVerticle;
import io.auditcache.cache.EventLru;
import io.auditcache.cache.RedisClients;
import io.auditcache.cache.RedisFailures;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.http.HttpVerticle;
import io.auditcache.http.ServerState;
import io.auditcache.metrics.AuditMeters;
import io.auditcache.sequence.SequenceVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Deploys the server: the sequence verticle (exactly one), the cache workers (sharing one LRU and one Redis pool for
 * this Vert.x instance), then the HTTP verticles, the first of them on the sequence verticle's event loop, and only
 * then reports ready. If any part fails to start, the whole deployment fails.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(MainVerticle.class.getName());

  private final AuditCacheConfig config;
  private final MeterRegistry registry;
  private final ServerState state = new ServerState();
  private LoopPlacement placement;
  private volatile boolean sequenceBesideHttp;
  private Redis redis;
  private volatile String httpDeployment;

  public MainVerticle(AuditCacheConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    placement = new LoopPlacement(vertx);
    EventLru lru = new EventLru(config.cache().lruSize(), config.cache().lruMaxBytes());
    AuditMeters meters = new AuditMeters(registry, config.metrics().enableMetrics(), lru);
    LoopLocalAddresses loopLocal = new LoopLocalAddresses();
    DeploymentOptions workers = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.EVENT_LOOP)
      .setInstances(config.cache().workerInstances());
    DeploymentOptions http = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.EVENT_LOOP)
      .setInstances(config.http().instances());
    redis = RedisClients.pooled(vertx, config.redis());
    RedisClients.checkMemoryPolicy(redis);
    RedisFailures failures = new RedisFailures(config.redis().retryAfterSeconds(), config.redis().timeoutMs(), meters);
    DeploymentOptions sequence = new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP).setInstances(1);
    return vertx.deployVerticle(() -> new SequenceVerticle(config, meters, loopLocal), sequence)
      .compose(sequenceId -> vertx.deployVerticle(() -> new CacheWorkerVerticle(config, redis, lru, failures, meters,
        loopLocal), workers).map(sequenceId))
      .compose(sequenceId -> {
        EventLoop sequenceLoop = placement.loopsOf(sequenceId).iterator().next();
        placement.nextOn(sequenceLoop);
        return vertx.deployVerticle(() -> new HttpVerticle(config, state, registry, lru, meters, loopLocal), http)
          .onSuccess(httpId -> checkPlacement(sequenceLoop, httpId));
      })
      .onSuccess(id -> {
        httpDeployment = id;
        state.markReady();
      });
  }

  private void checkPlacement(EventLoop sequenceLoop, String httpId) {
    sequenceBesideHttp = placement.loopsOf(httpId).contains(sequenceLoop);
    if (!sequenceBesideHttp) {
      LOG.warning("no HTTP verticle landed on the sequence verticle's event loop: sequence requests cross loops, "
        + "which costs CPU (see LoopPlacement)");
    }
  }

  /** Whether an HTTP verticle shares the sequence verticle's event loop (see {@link LoopPlacement}). */
  boolean sequenceBesideHttp() {
    return sequenceBesideHttp;
  }

  /**
   * The first half of a graceful shutdown: readiness turns 503 at once; after {@code http.drainDelayMs} (time for
   * load balancers to notice) the HTTP verticles stop accepting and let requests in flight finish, bounded by
   * {@code http.shutdownTimeoutMs}. The workers they need stay up until then; closing Vert.x does the rest.
   */
  public Future<Void> drain() {
    state.markDraining();
    Future<?> delay = config.http().drainDelayMs() == 0 ? Future.succeededFuture()
      : vertx.timer(config.http().drainDelayMs(), TimeUnit.MILLISECONDS);
    return delay.compose(waited -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment));
  }

  /** Runs after every child verticle has been undeployed, so no worker uses the client any more. */
  @Override
  public Future<?> stop() {
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  /** Readiness and the actual HTTP port. */
  public ServerState state() {
    return state;
  }
}
