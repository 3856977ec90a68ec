package io.auditcache.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.internal.ContextInternal;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sends one scenario's requests (over HTTP or the event bus) and measures them: a closed loop (each of N connections sends its next
 * request when the last one answered: the maximum throughput), or an open model (a fixed arrival rate, latency
 * measured from the INTENDED send time, so a stall shows as latency instead of as fewer requests).
 */
final class LoadRun {

  /**
   * What one phase measured. Latencies in microseconds.
   *
   * @param sendLagUs how late the generator sent each measured request after its intended time (open model; zero in a
   *                  closed loop): the generator's own share of the latency
   * @param stalls    the stretches of the measurement in which some request took {@link #STALL_MS} or more
   */
  record Result(String scenario, String mode, double seconds, long ok, long failed, Histogram latencyUs,
                Histogram sendLagUs, List<Stall> stalls) {

    double rps() {
      return ok / seconds;
    }

    double p50Ms() {
      return latencyUs.getValueAtPercentile(50) / 1_000.0;
    }

    double p99Ms() {
      return latencyUs.getValueAtPercentile(99) / 1_000.0;
    }

    double p999Ms() {
      return latencyUs.getValueAtPercentile(99.9) / 1_000.0;
    }

    double maxMs() {
      return latencyUs.getMaxValue() / 1_000.0;
    }

    /** This phase and another of the same scenario and mode as one: their requests, latencies and stalls together. */
    Result plus(Result other) {
      Histogram latency = latencyUs.copy();
      latency.add(other.latencyUs);
      Histogram lag = sendLagUs.copy();
      lag.add(other.sendLagUs);
      List<Stall> all = new ArrayList<>(stalls);
      all.addAll(other.stalls);
      return new Result(scenario, mode, seconds + other.seconds, ok + other.ok, failed + other.failed, latency, lag, all);
    }
  }

  /**
   * Consecutive {@link #WINDOW_MS} windows of a measurement whose worst request took {@link #STALL_MS} or more, by
   * intended send time: when it happened, to be set against the GC and safepoint logs of that moment.
   *
   * @param fromMillis wall-clock start of the first window (ms since the epoch)
   * @param millis     how long the stretch lasted, in whole windows
   * @param worstMs    the worst latency of a request due in it
   */
  record Stall(long fromMillis, long millis, double worstMs) {
  }

  /** A request this slow marks its window as a stall: twice the batch target, far above every p99 of a quiet run. */
  static final long STALL_MS = 20;
  private static final long WINDOW_MS = 100;

  /** Sends request {@code n} of a scenario; completes with true for an expected answer. */
  @FunctionalInterface
  interface Sender {
    Future<Boolean> send(Scenario scenario, long n);
  }

  /** Open-model senders: one per event loop of the benchmark's Vert.x (two). */
  private static final int SENDERS = 2;
  /**
   * How often an open-model sender wakes on Linux' native transport: requests due between two wakes wait for the
   * next, so this is the generator's own latency floor. NIO's selector cannot wait less than 1 ms (Netty rounds a
   * shorter wait up), and there the sender wakes every millisecond.
   */
  private static final long NATIVE_TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final Vertx vertx;
  private final Sender sender;
  private final AtomicLong sequence;

  /** @param sequence numbers requests across runs, so that writes always create fresh events */
  LoadRun(Vertx vertx, Sender sender, AtomicLong sequence) {
    this.vertx = vertx;
    this.sender = sender;
    this.sequence = sequence;
  }

  /** Sends scenarios' requests over HTTP with this client. */
  static Sender http(HttpClient client) {
    return (scenario, n) -> {
      Scenario.Request request = scenario.request().apply(n);
      return client.request(request.method(), request.path())
        .compose(req -> {
          req.putHeader("Content-Type", "application/json");
          return request.body() == null ? req.send() : req.send(request.body());
        })
        .compose(response -> response.body().map(body -> scenario.ok().contains(response.statusCode())));
    };
  }

  /** {@code connections} loops for warm-up + measurement; only requests sent after the warm-up are measured. */
  Result closed(Scenario scenario, int connections, long warmupMs, long measureMs) {
    Phase phase = new Phase(scenario, "closed", warmupMs, measureMs);
    long end = phase.measureFrom + TimeUnit.MILLISECONDS.toNanos(measureMs);
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Promise<Void> done = Promise.promise();
      // Each loop runs on an event-loop context, as a verticle's code would.
      vertx.runOnContext(start -> loop(phase, end, done));
      loops.add(done.future());
    }
    long progress = phase.showProgress(vertx);
    Future.join(loops).await();
    vertx.cancelTimer(progress);
    return phase.result(measureMs);
  }

  /**
   * A fixed arrival rate for warm-up + measurement. The arrivals are dealt round-robin to one sender per event loop,
   * each on its own context, woken every {@link #tickNanos()}: one event loop alone could not send the higher rates,
   * and its backlog would have been measured as the server's latency.
   */
  Result open(Scenario scenario, double rate, long warmupMs, long measureMs) {
    Phase phase = new Phase(scenario, "open@" + Math.round(rate), warmupMs, measureMs);
    long start = System.nanoTime();
    long end = phase.measureFrom + TimeUnit.MILLISECONDS.toNanos(measureMs);
    AtomicLong outstanding = new AtomicLong();
    AtomicInteger sending = new AtomicInteger(SENDERS);
    Promise<Void> finished = Promise.promise();
    long progress = phase.showProgress(vertx);
    for (int sender = 0; sender < SENDERS; sender++) {
      long[] next = {sender};
      ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
      context.runOnContext(started -> {
        ScheduledFuture<?>[] ticks = {null};
        ticks[0] = context.nettyEventLoop().scheduleAtFixedRate(() -> context.emit(tick -> {
          long now = System.nanoTime();
          long due = (long) ((Math.min(now, end) - start) * rate / 1e9);
          for (; next[0] < due; next[0] += SENDERS) {
            outstanding.incrementAndGet();
            send(phase, start + (long) (next[0] * 1e9 / rate)).onComplete(done -> {
              if (outstanding.decrementAndGet() == 0 && sending.get() == 0) {
                finished.tryComplete();
              }
            });
          }
          if (now >= end) {
            ticks[0].cancel(false);
            if (sending.decrementAndGet() == 0 && outstanding.get() == 0) {
              finished.tryComplete();
            }
          }
        }), 0, tickNanos(), TimeUnit.NANOSECONDS);
      });
    }
    try {
      finished.future().await(measureMs + warmupMs + 30_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("\n  " + outstanding.get() + " requests still unanswered 30 s after the phase; counted as failed");
      phase.failed.addAndGet(outstanding.get());
    }
    vertx.cancelTimer(progress);
    return phase.result(measureMs);
  }

  private long tickNanos() {
    return vertx.isNativeTransportEnabled() ? NATIVE_TICK_NANOS : TimeUnit.MILLISECONDS.toNanos(1);
  }

  private void loop(Phase phase, long end, Promise<Void> done) {
    send(phase, System.nanoTime()).onComplete(sent -> {
      if (System.nanoTime() < end) {
        loop(phase, end, done);
      } else {
        done.complete();
      }
    });
  }

  /** Sends the next request; records its latency from {@code intendedNanos} if it was due after the warm-up. */
  private Future<Void> send(Phase phase, long intendedNanos) {
    phase.sending(intendedNanos);
    return sender.send(phase.scenario, sequence.getAndIncrement()).transform(outcome -> {
      phase.record(intendedNanos, outcome.succeeded() && outcome.result());
      return Future.succeededFuture();
    });
  }

  /** Counts and latencies of one measurement, plus the progress line. */
  private static final class Phase {
    final Scenario scenario;
    final String mode;
    final long measureFrom;
    final long measureFromMillis;
    final Histogram latencyUs = new ConcurrentHistogram(60_000_000L, 3);
    final Histogram sendLagUs = new ConcurrentHistogram(60_000_000L, 3);
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** The worst latency (us) of the requests due in each window of the measurement. */
    final AtomicLongArray worstUs;

    Phase(Scenario scenario, String mode, long warmupMs, long measureMs) {
      this.scenario = scenario;
      this.mode = mode;
      this.measureFrom = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
      this.measureFromMillis = System.currentTimeMillis() + warmupMs;
      this.worstUs = new AtomicLongArray((int) (measureMs / WINDOW_MS) + 1);
    }

    /** The generator is about to send a request that was due at {@code intendedNanos}. */
    void sending(long intendedNanos) {
      if (intendedNanos >= measureFrom) {
        sendLagUs.recordValue(Math.min(60_000_000L, (System.nanoTime() - intendedNanos) / 1_000));
      }
    }

    void record(long intendedNanos, boolean success) {
      if (intendedNanos < measureFrom) {
        return;
      }
      if (success) {
        ok.incrementAndGet();
        long latency = Math.min(60_000_000L, Math.max(1, (System.nanoTime() - intendedNanos) / 1_000));
        latencyUs.recordValue(latency);
        int window = (int) ((intendedNanos - measureFrom) / TimeUnit.MILLISECONDS.toNanos(WINDOW_MS));
        if (window < worstUs.length()) {
          worstUs.accumulateAndGet(window, latency, Math::max);
        }
      } else {
        failed.incrementAndGet();
      }
    }

    /** Runs of windows whose worst request took {@link #STALL_MS} or more. */
    List<Stall> stalls() {
      List<Stall> stalls = new ArrayList<>();
      for (int first = 0; first < worstUs.length(); first++) {
        if (worstUs.get(first) < STALL_MS * 1_000) {
          continue;
        }
        long worst = 0;
        int last = first;
        for (; last < worstUs.length() && worstUs.get(last) >= STALL_MS * 1_000; last++) {
          worst = Math.max(worst, worstUs.get(last));
        }
        stalls.add(new Stall(measureFromMillis + first * WINDOW_MS, (last - first) * WINDOW_MS, worst / 1_000.0));
        first = last;
      }
      return stalls;
    }

    long showProgress(Vertx vertx) {
      long started = System.nanoTime();
      long[] last = {0};
      return vertx.setPeriodic(1_000, timer -> {
        long now = ok.get();
        System.err.printf("\r  %-14s %-12s %5.1fs  %,9d req/s  p99 %7.2f ms  errors %d      ", scenario.name(), mode,
          (System.nanoTime() - started) / 1e9, now - last[0], latencyUs.getValueAtPercentile(99) / 1_000.0, failed.get());
        last[0] = now;
      });
    }

    Result result(long measureMs) {
      System.err.print("\r" + " ".repeat(100) + "\r");
      return new Result(scenario.name(), mode, measureMs / 1_000.0, ok.get(), failed.get(), latencyUs, sendLagUs, stalls());
    }
  }
}
