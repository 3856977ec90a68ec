package io.auditcache.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the requests that reach one event loop in the same turn into one Redis pipeline: with many concurrent
 * clients, N single writes cost one round trip (and one write syscall on each side) instead of N. A request's items
 * are never split, so a batch stays one round trip; a pipeline holds at most {@code maxItems} items (it must fit the
 * connection's queue of outstanding replies), and what does not fit goes in a second pipeline at once.
 *
 * <p>Not thread-safe: one per verticle, used on its event loop only.
 *
 * @param <T> an item sent to Redis (an event, an id)
 * @param <R> its result, in the same order
 */
final class Coalescer<T, R> {

  private record Pending<T, R>(List<T> items, Promise<List<R>> result) {
  }

  private final int maxItems;
  private final Function<List<T>, Future<List<R>>> roundTrip;
  private final List<Pending<T, R>> pending = new ArrayList<>();
  private boolean scheduled;

  /** @param roundTrip sends items in one pipeline; its results are in the items' order */
  Coalescer(int maxItems, Function<List<T>, Future<List<R>>> roundTrip) {
    this.maxItems = maxItems;
    this.roundTrip = roundTrip;
  }

  /** Queues items for the pipeline sent at the end of this event-loop turn. */
  Future<List<R>> submit(List<T> items) {
    Promise<List<R>> result = Promise.promise();
    pending.add(new Pending<>(items, result));
    if (!scheduled) {
      scheduled = true;
      Vertx.currentContext().runOnContext(turnEnded -> flush());
    }
    return result.future();
  }

  private void flush() {
    scheduled = false;
    while (!pending.isEmpty()) {
      List<Pending<T, R>> chunk = new ArrayList<>();
      List<T> items = new ArrayList<>();
      while (!pending.isEmpty() && (chunk.isEmpty() || items.size() + pending.get(0).items().size() <= maxItems)) {
        Pending<T, R> next = pending.remove(0);
        chunk.add(next);
        items.addAll(next.items());
      }
      roundTrip.apply(items).onComplete(done -> {
        int from = 0;
        for (Pending<T, R> request : chunk) {
          int to = from + request.items().size();
          if (done.succeeded()) {
            request.result().complete(done.result().subList(from, to));
          } else {
            request.result().fail(done.cause());
          }
          from = to;
        }
      });
    }
  }
}
