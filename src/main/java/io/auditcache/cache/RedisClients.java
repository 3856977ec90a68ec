package io.auditcache.cache;

import io.auditcache.config.AuditCacheConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Creates the Redis clients of one Vert.x instance. */
public final class RedisClients {

  private RedisClients() {
  }

  /**
   * The pooled client every cache worker shares: one pool of {@code redis.maxPoolSize} connections under the fixed
   * name {@code redis.poolName}, so its metrics are one time series that survives restarts. The pool recovers by
   * itself after a Redis restart; connecting is bounded by the Redis timeout.
   */
  public static Redis pooled(Vertx vertx, AuditCacheConfig.Redis redis) {
    return Redis.createClient(vertx, new RedisOptions()
      .setConnectionString(redis.url())
      .setPoolName(redis.poolName())
      .setMaxPoolSize(redis.maxPoolSize())
      .setMaxPoolWaiting(redis.maxPoolWaiting())
      .setMaxWaitingHandlers(redis.maxWaitingHandlers())
      .setNetClientOptions(new NetClientOptions()
        .setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, redis.timeoutMs()))));
  }
}
