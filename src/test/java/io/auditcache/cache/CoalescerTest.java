package io.auditcache.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The coalescer's contract: one round trip per event-loop turn, results back in order, never a split request. */
class CoalescerTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<List<Integer>> roundTrips = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A round trip that answers each item with item * 10. */
  private Future<List<Integer>> echo(List<Integer> items) {
    roundTrips.add(List.copyOf(items));
    return Future.succeededFuture(items.stream().map(item -> item * 10).toList());
  }

  /** Submits each list in the same event-loop turn and waits for all results. */
  private List<List<Integer>> submitTogether(Coalescer<Integer, Integer> coalescer, List<List<Integer>> requests) {
    Promise<List<List<Integer>>> all = Promise.promise();
    vertx.runOnContext(turn -> {
      List<Future<List<Integer>>> results = new ArrayList<>();
      requests.forEach(request -> results.add(coalescer.submit(request)));
      Future.all(results).onComplete(done -> all.complete(results.stream()
        .map(result -> result.succeeded() ? result.result() : List.<Integer>of()).toList()));
    });
    return all.future().await();
  }

  @Test
  void requests_of_one_turn_share_one_round_trip_and_get_their_own_results() {
    Coalescer<Integer, Integer> coalescer = new Coalescer<>(100, this::echo);

    List<List<Integer>> results = submitTogether(coalescer, List.of(List.of(1), List.of(2, 3), List.of(4)));

    assertThat(roundTrips).containsExactly(List.of(1, 2, 3, 4));
    assertThat(results).containsExactly(List.of(10), List.of(20, 30), List.of(40));
  }

  @Test
  void a_round_trip_holds_at_most_max_items_and_never_splits_a_request() {
    Coalescer<Integer, Integer> coalescer = new Coalescer<>(3, this::echo);

    List<List<Integer>> results = submitTogether(coalescer, List.of(List.of(1, 2), List.of(3, 4), List.of(5), List.of(6, 7, 8, 9)));

    assertThat(roundTrips).containsExactly(List.of(1, 2), List.of(3, 4, 5), List.of(6, 7, 8, 9));
    assertThat(results).containsExactly(List.of(10, 20), List.of(30, 40), List.of(50), List.of(60, 70, 80, 90));
  }

  @Test
  void a_failed_round_trip_fails_every_request_in_it() {
    Coalescer<Integer, Integer> coalescer = new Coalescer<>(100, items -> Future.failedFuture("Redis is down"));
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    Promise<Void> done = Promise.promise();
    vertx.runOnContext(turn -> Future.join(coalescer.submit(List.of(1)).onFailure(failures::add),
      coalescer.submit(List.of(2)).onFailure(failures::add)).onComplete(all -> done.complete()));
    done.future().await();

    assertThat(failures).hasSize(2).allSatisfy(failure -> assertThat(failure).hasMessage("Redis is down"));
  }
}
