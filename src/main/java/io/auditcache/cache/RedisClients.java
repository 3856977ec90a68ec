package io.auditcache.cache;

import io.auditcache.config.AuditCacheConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.logging.Logger;

/** Creates the Redis clients of one Vert.x instance. */
public final class RedisClients {

  private static final Logger LOG = Logger.getLogger(RedisClients.class.getName());

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
        .setTcpKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, redis.timeoutMs()))));
  }

  /**
   * Warns when Redis runs with a {@code maxmemory-policy} that breaks a promise: {@code allkeys-*} may evict the
   * sequence counter or a chain's floor (keys without TTL), so numbers could repeat or a head move back;
   * {@code volatile-*} may evict event keys before their TTL, and the LRU serves those until their TTL runs out.
   * Best effort: many managed Redis services refuse CONFIG, and then nothing is said.
   */
  public static void checkMemoryPolicy(Redis redis) {
    redis.send(Request.cmd(Command.CONFIG).arg("GET").arg("maxmemory-policy")).onSuccess(reply -> {
      String policy = reply == null ? "" : policyOf(reply);
      if (policy.startsWith("allkeys")) {
        LOG.severe("Redis maxmemory-policy is " + policy + ": it may evict sequence counters and chain floors, so"
          + " sequence numbers could repeat. Run Redis with noeviction (or a volatile-* policy).");
      } else if (policy.startsWith("volatile")) {
        LOG.warning("Redis maxmemory-policy is " + policy + ": under memory pressure Redis may evict events before"
          + " their TTL while this server's LRU still serves them. noeviction keeps every promise.");
      }
    });
  }

  /** RESP3 answers CONFIG GET with a map, RESP2 with a [name, value] array; the client types both as MULTI. */
  private static String policyOf(Response reply) {
    try {
      Response value = reply.get("maxmemory-policy");
      return value == null ? "" : value.toString();
    } catch (RuntimeException notAMap) {
      return reply.size() < 2 ? "" : reply.get(1).toString();
    }
  }
}
