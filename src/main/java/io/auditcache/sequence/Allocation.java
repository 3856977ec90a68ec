package io.auditcache.sequence;

import io.auditcache.bus.ChainRequests.SequenceRequest;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One allocation script call: a chain's burst of plain requests (one {@code INCRBY} for all of them), or a single
 * request with an idempotency key. The range comes back contiguous and is handed out in arrival order.
 */
final class Allocation {

  /** A queued request and the promise its reply completes. */
  record Pending(SequenceRequest request, Promise<JsonObject> reply) {
  }

  private final String chain;
  private final String idempotencyKey;
  private final String token;
  private final List<Pending> requests = new ArrayList<>();
  private long count;

  Allocation(String chain, String idempotencyKey, String token) {
    this.chain = chain;
    this.idempotencyKey = idempotencyKey;
    this.token = token;
  }

  void add(Pending pending) {
    requests.add(pending);
    count += pending.request().count();
  }

  String chain() {
    return chain;
  }

  /** Null for a burst of plain requests. */
  String idempotencyKey() {
    return idempotencyKey;
  }

  /** Names the Redis key under which this allocation records its range, until its outcome is known. */
  String token() {
    return token;
  }

  long count() {
    return count;
  }

  List<Pending> requests() {
    return requests;
  }

  /** Hands {@code first..} out in arrival order. @return how many numbers were handed out */
  long handOut(long first) {
    long next = first;
    for (Pending pending : requests) {
      SequenceRequest request = pending.request();
      pending.reply().complete(request.countGiven()
        ? new JsonObject().put("first", next).put("last", next + request.count() - 1)
        : new JsonObject().put("sequence", next));
      next += request.count();
    }
    return next - first;
  }

  void fail(Throwable failure) {
    requests.forEach(pending -> pending.reply().tryFail(failure));
  }
}
