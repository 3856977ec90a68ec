package io.auditcache.bus;

/**
 * Every event-bus address the server listens on: {@code audit.cache.<noun>.<verb>}. Request/reply; bodies are
 * JSON (a {@code JsonObject}, or a {@code Buffer} holding JSON text: the reply has the same form as the request).
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
  /** {@code {}} &rarr; {@code {"status":"up|down","latencyMs"}} of this instance's Redis; never fails. */
  public static final String REDIS_HEALTH = "audit.cache.redis.health";

  private Addresses() {
  }
}
