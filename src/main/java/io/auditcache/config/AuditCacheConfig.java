package io.auditcache.config;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * The whole server configuration, typed, immutable and validated once at start-up. Every key, its default and its
 * environment variable are listed in {@code conf/config.json} and the README.
 *
 * @param keyPrefix  every Redis key the server writes starts with {@code <keyPrefix>:}
 * @param eventLoops Vert.x event-loop threads; every verticle runs on one of them
 * @param nativeTransport Netty's native transport (epoll on Linux) for every socket, HTTP and Redis, where it loads;
 *                   NIO otherwise. In most rounds of the two alternated under wrk it served more requests per
 *                   second with less CPU per request (load-tests/HISTORY.md, ninth round). {@code false} keeps NIO,
 *                   for a platform where the native library misbehaves
 */
public record AuditCacheConfig(String keyPrefix, int eventLoops, boolean nativeTransport, Http http, Redis redis, Cache cache, Chain chain, Sequence sequence,
                               Log log, Metrics metrics) {

  private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern NON_BLANK = Pattern.compile("\\S.{0,254}");
  private static final Pattern REDIS_URL = Pattern.compile("(rediss?|unix)://\\S+");
  private static final int KIB = 1024;
  /** Time the HTTP layer keeps for itself between a Redis timeout and the bus timeout. */
  private static final long TIMEOUT_MARGIN_MS = 100;

  /**
   * @param port         0 picks a free port (shared by all instances), for tests
   * @param maxBodyBytes request body bound; {@code null} in the file derives maxBatchSize x maxEventBytes + 64 KiB
   * @param busTimeoutMs send timeout of every event-bus request the HTTP verticle makes
   * @param idleTimeoutMs a connection that sends nothing for this long is closed
   * @param drainDelayMs on SIGTERM, how long readiness answers 503 before the server stops accepting (time for a
   *                     load balancer to notice)
   * @param shutdownTimeoutMs on SIGTERM, how long requests in flight may take to finish
   */
  public record Http(String host, int port, int instances, long maxBodyBytes, long busTimeoutMs, long idleTimeoutMs,
                     long drainDelayMs, long shutdownTimeoutMs) {
  }

  /**
   * @param format    {@code text} (one line per record) or {@code json} (one JSON object per line)
   * @param level     the root log level ({@code SEVERE}, {@code WARNING}, {@code INFO}, {@code FINE}, ...)
   * @param accessLog one line per HTTP request (method, route, status, duration, request id)
   */
  public record Log(String format, String level, boolean accessLog) {
  }

  /**
   * @param maxPoolSize   connections in the one pool all cache workers of a Vert.x instance share
   * @param timeoutMs     bound on every Redis call; at least 100 ms below {@code http.busTimeoutMs} so that a slow
   *                      Redis is a 503, not a 504
   */
  public record Redis(String url, String poolName, int maxPoolSize, int maxPoolWaiting, int maxWaitingHandlers,
                      long timeoutMs, int retryAfterSeconds) {
  }

  /**
   * Event cache sizing; the seed's names and defaults (lruSize 10,000, maxBatchSize 100, warmupSize 1,000).
   *
   * @param lruOnWrite whether single and batch writes also fill the LRU; reads that reach Redis and warm-up always do
   */
  public record Cache(int workerInstances, long eventTtlMs, long ttlJitterMs, int lruSize, long lruMaxBytes,
                      boolean lruOnWrite, int maxEventBytes, int maxBatchSize, int warmupSize) {
  }

  /**
   * Hash-chain data in Redis.
   *
   * @param headTtlMs  TTL of a chain's cached head, renewed on every update (seed: 5 minutes)
   * @param rangeTtlMs least lifetime of a hash range entry (seed: 24 hours)
   * @param maxRange   longest {@code from..to} a range read may ask for
   */
  public record Chain(long headTtlMs, long rangeTtlMs, int maxRange) {
  }

  /**
   * The sequence verticle and the gap ledger.
   *
   * @param maxQueue              requests the sequence verticle holds; beyond, 503 overloaded at once
   * @param maxGaps               gap ranges kept per chain; the lowest are dropped first (and counted)
   * @param gapTtlMs              TTL of a chain's gaps, renewed on update (seed: 1 hour)
   * @param reseedMargin          how far past the highest known sequence a lost counter restarts
   * @param idempotencyTtlMs      how long an {@code Idempotency-Key} returns the same numbers
   * @param outcomeTokenTtlMs     how long an allocation's range stays readable for settling an unknown outcome
   * @param reconnectMaxBackoffMs longest wait between reconnects of the sequence verticle's connection
   */
  public record Sequence(int maxQueue, int maxGaps, long gapTtlMs, long reseedMargin, long idempotencyTtlMs,
                         long outcomeTokenTtlMs, long reconnectMaxBackoffMs) {
  }

  /** @param enableMetrics switches the server's own meters off; routes and stats keep working */
  public record Metrics(boolean enableMetrics) {
  }

  /** Reads and validates a merged configuration (defaults, file, environment, system properties). */
  static AuditCacheConfig from(JsonObject merged) {
    ConfigValues v = new ConfigValues(merged);
    // One per core: every verticle is non-blocking, so more loops than cores only add thread hand-offs (event-bus
    // gets of LRU hits measured 128-159k/s with 2 x cores, against 192-207k/s with one per core, on 2 cores).
    int eventLoops = (int) v.longOrDerived("eventLoops", 1, 1024, Runtime.getRuntime().availableProcessors());
    Cache cache = cache(v, eventLoops);
    Http http = http(v, cache);
    Redis redis = redis(v);
    if (redis.timeoutMs() + TIMEOUT_MARGIN_MS > http.busTimeoutMs()) {
      throw ConfigValues.invalid("redis.timeoutMs", redis.timeoutMs(), "at least " + TIMEOUT_MARGIN_MS
        + " ms below http.busTimeoutMs (" + http.busTimeoutMs() + "), so that a slow Redis answers 503 before the bus times out");
    }
    Chain chain = chain(v);
    long largestPipeline = Math.max(2L * cache.maxBatchSize(), chain.maxRange() / 128 + 2);
    if (redis.maxWaitingHandlers() < largestPipeline) {
      throw ConfigValues.invalid("redis.maxWaitingHandlers", redis.maxWaitingHandlers(), "at least " + largestPipeline
        + " (2 x cache.maxBatchSize, and chain.maxRange / 128 + 2): one pipeline sends that many commands on one connection");
    }
    String keyPrefix = v.string("keyPrefix", KEY_PREFIX, "1-64 characters of [A-Za-z0-9_.:-] (no braces: they are Redis Cluster hash tags)");
    return new AuditCacheConfig(keyPrefix, eventLoops, v.bool("nativeTransport"), http, redis, cache, chain, sequence(v), log(v),
      new Metrics(v.bool("metrics.enableMetrics")));
  }

  private static Cache cache(ConfigValues v, int eventLoops) {
    long ttl = v.longValue("cache.eventTtlMs", 1_000, 365L * 24 * 3_600_000);
    return new Cache(
      (int) v.longOrDerived("cache.workerInstances", 1, 1024, eventLoops),
      ttl,
      v.longValue("cache.ttlJitterMs", 0, ttl / 2),
      v.integer("cache.lruSize", 0, 10_000_000),
      v.longValue("cache.lruMaxBytes", 0, 64L * KIB * KIB * KIB),
      v.bool("cache.lruOnWrite"),
      v.integer("cache.maxEventBytes", 256, 16 * KIB * KIB),
      v.integer("cache.maxBatchSize", 1, 10_000),
      v.integer("cache.warmupSize", 1, 100_000));
  }

  private static Chain chain(ConfigValues v) {
    return new Chain(
      v.longValue("chain.headTtlMs", 1_000, 365L * 24 * 3_600_000),
      v.longValue("chain.rangeTtlMs", 1_000, 365L * 24 * 3_600_000),
      v.integer("chain.maxRange", 1, 1_000_000));
  }

  private static Sequence sequence(ConfigValues v) {
    return new Sequence(
      v.integer("sequence.maxQueue", 1, 10_000_000),
      v.integer("sequence.maxGaps", 1, 10_000_000),
      v.longValue("sequence.gapTtlMs", 1_000, 365L * 24 * 3_600_000),
      v.longValue("sequence.reseedMargin", 1, 1L << 40),
      v.longValue("sequence.idempotencyTtlMs", 1_000, 7L * 24 * 3_600_000),
      v.longValue("sequence.outcomeTokenTtlMs", 1_000, 7L * 24 * 3_600_000),
      v.longValue("sequence.reconnectMaxBackoffMs", 10, 600_000));
  }

  /**
   * The default number of HTTP instances: one per two cores (on two cores, one left more CPU to Redis and the
   * clients than two). Cache workers default to one per event loop, so that whichever loop an HTTP instance lands on
   * has a worker of its own (see {@code LoopLocalAddresses}).
   */
  private static long perTwoCores() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  private static Http http(ConfigValues v, Cache cache) {
    long derivedBody = (long) cache.maxBatchSize() * cache.maxEventBytes() + 64 * KIB;
    return new Http(
      v.string("http.host", NON_BLANK, "a host name or address"),
      v.integer("http.port", 0, 65_535),
      (int) v.longOrDerived("http.instances", 1, 64, perTwoCores()),
      v.longOrDerived("http.maxBodyBytes", cache.maxEventBytes(), Integer.MAX_VALUE, derivedBody),
      v.longValue("http.busTimeoutMs", 20, 600_000),
      v.longValue("http.idleTimeoutMs", 1_000, 3_600_000),
      v.longValue("http.drainDelayMs", 0, 600_000),
      v.longValue("http.shutdownTimeoutMs", 0, 600_000));
  }

  private static Log log(ConfigValues v) {
    return new Log(
      v.string("log.format", Pattern.compile("text|json"), "text or json"),
      v.string("log.level", Pattern.compile("OFF|SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST|ALL"),
        "a java.util.logging level: SEVERE, WARNING, INFO, FINE, ..."),
      v.bool("log.accessLog"));
  }

  private static Redis redis(ConfigValues v) {
    return new Redis(
      v.string("redis.url", REDIS_URL, "a redis://, rediss:// or unix:// URL"),
      v.string("redis.poolName", NON_BLANK, "a fixed, non-blank name (it labels the pool's metrics)"),
      v.integer("redis.maxPoolSize", 1, 1_000),
      v.integer("redis.maxPoolWaiting", 0, 1_000_000),
      v.integer("redis.maxWaitingHandlers", 1, 1_000_000),
      v.longValue("redis.timeoutMs", 10, 600_000),
      v.integer("redis.retryAfterSeconds", 1, 3_600));
  }
}
