package io.auditcache.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.util.Set;
import java.util.function.LongFunction;

/**
 * One kind of request the benchmark sends: how to build the n-th request, which statuses count as success, and the
 * latency target it is judged by (the seed's: reads p99 &lt; 2 ms, writes &lt; 5 ms, batches &lt; 10 ms).
 *
 * @param request   builds request {@code n} (unique per run, so writes create fresh events)
 * @param alignment the scenario's first request number is a multiple of this (see {@link #startsAt})
 */
record Scenario(String name, String description, LongFunction<Request> request, Set<Integer> ok, double p99TargetMs,
                long alignment) {

  /** One HTTP request. */
  record Request(HttpMethod method, String path, Buffer body) {
  }

  /** The same requests under another name (the bare server's phases, a second phase). */
  Scenario renamed(String newName) {
    return new Scenario(newName, description, request, ok, p99TargetMs, alignment);
  }

  /** The same requests, numbered from a multiple of {@code multiple}: for requests that depend on their position. */
  Scenario alignedTo(long multiple) {
    return new Scenario(name, description, request, ok, p99TargetMs, multiple);
  }

  /** The number this scenario's first request takes when the next free one is {@code next}: a multiple of its alignment. */
  long startsAt(long next) {
    return -Math.floorDiv(-next, alignment) * alignment;
  }

  static Scenario read(String name, String description, LongFunction<Request> request) {
    return new Scenario(name, description, request, Set.of(200), 2.0, 1);
  }

  static Scenario write(String name, String description, LongFunction<Request> request, Integer... ok) {
    return new Scenario(name, description, request, ok.length == 0 ? Set.of(200, 201) : Set.of(ok), 5.0, 1);
  }

  static Scenario batch(String name, String description, LongFunction<Request> request) {
    return new Scenario(name, description, request, Set.of(200), 10.0, 1);
  }
}
