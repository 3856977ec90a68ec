package io.auditcache.bus;

/**
 * Every event-bus address the server listens on: {@code audit.cache.<noun>.<verb>}. Request/reply; bodies are
 * JSON (a {@code JsonObject}, or a {@code Buffer} holding JSON text: the reply has the same form as the request; a
 * {@code Buffer} reply is read-only in the sender's JVM, see {@link Messages#readOnly}).
 * Failures are {@code fail(httpStatus, problemJson)}, see {@link ProblemType}. The README documents each one.
 */
public final class Addresses {

  /** One event &rarr; {@code {"id","status":"created|unchanged"}}; 400, 409, 413, 503. */
  public static final String EVENTS_SET = "audit.cache.events.set";
  /** {@code {"events":[...]}} &rarr; {@code {"results":[{"id","status"}...]}}; 400, 413, 503. */
  public static final String EVENTS_SET_BATCH = "audit.cache.events.set-batch";
  /** {@code {"id"}} &rarr; the event; 404 when not cached, 400, 503. */
  public static final String EVENTS_GET = "audit.cache.events.get";
  /** {@code {"ids":[...]}} &rarr; {@code {"events":{id:event},"missing":[id]}}; 400, 413, 503. */
  public static final String EVENTS_LOOKUP = "audit.cache.events.lookup";
  /** {@code {"events":[...]}} &rarr; {@code {"loaded","unchanged","conflicts"}}; 400, 413, 503. */
  public static final String EVENTS_WARMUP = "audit.cache.events.warmup";
  /** {@code {"chain"}} &rarr; {@code {"hash","sequence"}}; 404 when no head is cached. */
  public static final String CHAINS_GET_HEAD = "audit.cache.chains.get-head";
  /** {@code {"chain","hash","sequence"}} &rarr; the head; 409 (with {@code head}) when it would move back. */
  public static final String CHAINS_PUT_HEAD = "audit.cache.chains.put-head";
  /** {@code {"chain","sequence","previousHash"?,"hash"}} &rarr; the new head; 409 (with {@code head}) unless it extends it. */
  public static final String CHAINS_APPEND = "audit.cache.chains.append";
  /** {@code {"chain","hashes":{"100":"h",...}}} &rarr; {@code {}}; 409 naming conflicting sequences, 413. */
  public static final String CHAINS_PUT_HASHES = "audit.cache.chains.put-hashes";
  /** {@code {"chain","from","to"}} &rarr; {@code {"hashes":{"100":"h",...}}} (entries not cached are left out). */
  public static final String CHAINS_GET_HASHES = "audit.cache.chains.get-hashes";
  /**
   * {@code {"chain","count"?,"idempotencyKey"?}} &rarr; {@code {"sequence"}}, or {@code {"first","last"}} when a count
   * is given; served by the sequence verticle; 503 overloaded when its queue is full.
   */
  public static final String CHAINS_NEXT_SEQUENCE = "audit.cache.chains.next-sequence";
  /** {@code {"chain","from","to"}} &rarr; {@code {"from","to"}}: records a gap (reason {@code tracked}). */
  public static final String CHAINS_ADD_GAP = "audit.cache.chains.add-gap";
  /** {@code {"chain","limit"?,"detail"?}} &rarr; {@code {"gaps":[[from,to],...]}} or detailed objects. */
  public static final String CHAINS_GET_GAPS = "audit.cache.chains.get-gaps";
  /** {@code {}} &rarr; this instance's cache statistics (the {@code /v1/stats} document); never fails. */
  public static final String STATS_GET = "audit.cache.stats.get";
  /** {@code {}} &rarr; {@code {"status":"up|down","latencyMs"}} of this instance's Redis; never fails. */
  public static final String REDIS_HEALTH = "audit.cache.redis.health";

  private Addresses() {
  }
}
