package io.auditcache.cache;

import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemException;
import io.auditcache.bus.ProblemType;
import io.auditcache.metrics.AuditMeters;

import io.vertx.core.Future;
import io.vertx.core.http.ConnectionPoolTooBusyException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Turns whatever a Redis call failed with into a 503 problem with {@code retryAfterSeconds}. Redis' own error text
 * never reaches a client; it is logged here, at the edge, at most once per interval so that an outage does not
 * flood the log.
 */
public final class RedisFailures {

  private static final Logger LOG = Logger.getLogger(RedisFailures.class.getName());
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
  /** Redis' OOM error, also as a pipeline reports it ({@code ERR [0] OOM command not allowed ...}). */
  private static final Pattern OUT_OF_MEMORY = Pattern.compile("(^|[\\s\\]])OOM\\b");

  private final int retryAfterSeconds;
  private final long timeoutMs;
  private final AuditMeters meters;
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final AtomicLong unlogged = new AtomicLong();

  /** @param meters counts overloads ({@code source="redis_pool"}) */
  public RedisFailures(int retryAfterSeconds, long timeoutMs, AuditMeters meters) {
    this.retryAfterSeconds = retryAfterSeconds;
    this.timeoutMs = timeoutMs;
    this.meters = meters;
  }

  /** Bounds a Redis call by the Redis timeout and turns its failure into the client's 503 problem. */
  public <T> Future<T> guard(Future<T> call) {
    return call.timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(failure -> Future.failedFuture(toProblem(failure)));
  }

  /** The problem a client gets for this failure; a {@link ProblemException} passes through unchanged. */
  public ProblemException toProblem(Throwable failure) {
    if (failure instanceof ProblemException problem) {
      return problem;
    }
    String message = String.valueOf(failure.getMessage());
    Problem problem;
    if (failure instanceof TimeoutException) {
      problem = Problem.of(ProblemType.REDIS_UNAVAILABLE, "Redis did not answer within " + timeoutMs + " ms");
    } else if (OUT_OF_MEMORY.matcher(message).find()) {
      problem = Problem.of(ProblemType.REDIS_OUT_OF_MEMORY, "Redis refused the write: it reached its maxmemory limit");
    } else if (failure instanceof ConnectionPoolTooBusyException || message.contains("waiting queue is full")) {
      problem = Problem.of(ProblemType.OVERLOADED, "every Redis connection is busy and the wait queue is full");
      meters.overloaded("redis_pool");
    } else {
      problem = Problem.of(ProblemType.REDIS_UNAVAILABLE, "Redis cannot be reached or failed the command");
    }
    log(failure);
    return problem.with(Problem.RETRY_AFTER, retryAfterSeconds).toException();
  }

  private void log(Throwable failure) {
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
      long suppressed = unlogged.getAndSet(0);
      LOG.log(Level.WARNING, "Redis call failed: " + failure
        + (suppressed > 0 ? " (" + suppressed + " more failures in the last interval)" : ""));
    } else {
      unlogged.incrementAndGet();
    }
  }
}
