package io.auditcache.metrics;

import io.auditcache.cache.EventLru;
import io.vertx.core.json.JsonObject;

/**
 * The {@code /v1/stats} document (the seed's GetCacheStats): the seed's names ({@code hits}, {@code misses},
 * {@code errors}, {@code hit_rate}, {@code lru_size}, {@code lru_capacity}) plus per-tier hits, LRU bytes and Redis'
 * state. Counted since this instance started; {@code hit_rate} is 0 before any lookup.
 */
public final class StatsReport {

  private StatsReport() {
  }

  public static JsonObject of(AuditMeters meters, EventLru lru, JsonObject redis) {
    long lruHits = meters.hits(AuditMeters.Tier.LRU);
    long redisHits = meters.hits(AuditMeters.Tier.REDIS);
    long hits = lruHits + redisHits;
    long misses = meters.misses();
    return new JsonObject()
      .put("hits", hits)
      .put("misses", misses)
      .put("errors", meters.errors())
      .put("hit_rate", hits + misses == 0 ? 0.0 : (double) hits / (hits + misses))
      .put("lru_size", lru.size())
      .put("lru_capacity", lru.maxEntries())
      .put("hitsByTier", new JsonObject().put("lru", lruHits).put("redis", redisHits))
      .put("lruBytes", lru.bytes())
      .put("lruMaxBytes", lru.maxBytes())
      .put("redis", redis);
  }
}
