package io.auditcache;

import io.auditcache.cache.CacheWorkerVerticle;
import io.auditcache.cache.EventLru;
import io.auditcache.cache.RedisClients;
import io.auditcache.cache.RedisFailures;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.http.HttpVerticle;
import io.auditcache.http.ServerState;
import io.auditcache.metrics.CacheMeters;
import io.auditcache.metrics.SequenceMeters;
import io.auditcache.sequence.SequenceVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;

/**
 * Deploys the server: the sequence verticle (exactly one), the cache workers (sharing one LRU and one Redis pool for
 * this Vert.x instance), then the HTTP verticles, and
 * only then reports ready. If any part fails to start, the whole deployment fails.
 */
public final class MainVerticle extends VerticleBase {

  private final AuditCacheConfig config;
  private final MeterRegistry registry;
  private final ServerState state = new ServerState();
  private Redis redis;

  public MainVerticle(AuditCacheConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    EventLru lru = new EventLru(config.cache().lruSize(), config.cache().lruMaxBytes());
    if (config.metrics().enableMetrics()) {
      CacheMeters.register(registry, lru);
    }
    DeploymentOptions workers = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.EVENT_LOOP)
      .setInstances(config.cache().workerInstances());
    DeploymentOptions http = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.EVENT_LOOP)
      .setInstances(config.http().instances());
    redis = RedisClients.pooled(vertx, config.redis());
    RedisClients.checkMemoryPolicy(redis);
    RedisFailures failures = new RedisFailures(config.redis().retryAfterSeconds(), config.redis().timeoutMs());
    DeploymentOptions sequence = new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP).setInstances(1);
    return vertx.deployVerticle(() -> new SequenceVerticle(config, new SequenceMeters(registry)), sequence)
      .compose(id -> vertx.deployVerticle(() -> new CacheWorkerVerticle(config, redis, lru, failures), workers))
      .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(config, state, registry), http))
      .onSuccess(id -> state.markReady());
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
