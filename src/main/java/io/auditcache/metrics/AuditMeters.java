package io.auditcache.metrics;

import io.auditcache.cache.EventLru;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's own meters, one set per Vert.x instance, and the counters behind {@code /v1/stats}. Names follow
 * Prometheus conventions once the registry renders them: base units, {@code _total} counters, {@code _seconds}
 * histograms, and only bounded labels ({@code tier}, {@code operation}, {@code reason}, {@code source}).
 *
 * <p>Hits, misses and errors are kept in {@link LongAdder}s that always count (the stats need them); Micrometer reads
 * them through function counters. With {@code metrics.enableMetrics false} the meters go to an empty composite
 * registry, where every meter is a no-op, and the stats still count.
 */
public final class AuditMeters {

  public static final String HITS = "audit.cache.hits";
  public static final String MISSES = "audit.cache.misses";
  public static final String ERRORS = "audit.cache.errors";
  public static final String WRITE_DURATION = "audit.cache.write.duration";
  public static final String READ_DURATION = "audit.cache.read.duration";
  public static final String LRU_ENTRIES = "audit.cache.lru.entries";
  public static final String LRU_BYTES = "audit.cache.lru.bytes";
  public static final String SEQUENCE_ISSUED = "audit.cache.sequence.issued";
  public static final String SEQUENCE_RESEEDS = "audit.cache.sequence.reseeds";
  public static final String SEQUENCE_UNKNOWN_OUTCOMES = "audit.cache.sequence.unknown.outcomes";
  public static final String GAPS_RECORDED = "audit.cache.gaps.recorded";
  public static final String GAPS_FILLED = "audit.cache.gaps.filled";
  public static final String GAPS_DROPPED = "audit.cache.gaps.dropped";
  public static final String OVERLOADS = "audit.cache.overloads";

  /** Histogram buckets from 0.1 ms to 1 s: fine enough to show a p99 of 2 ms or 5 ms. */
  static final Duration[] BUCKETS = {
    Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
    Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

  private static final List<String> GAP_REASONS = List.of("tracked", "head-jump", "unknown-outcome", "reseed");
  private static final List<String> OVERLOAD_SOURCES = List.of("sequence_queue", "redis_pool");

  /** Where an id was found. */
  public enum Tier {
    LRU, REDIS
  }

  private final MeterRegistry registry;
  private final Map<Operation, LongAdder> lruHits = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> redisHits = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> misses = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> errors = new EnumMap<>(Operation.class);
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Operation, Timer> timers = new EnumMap<>(Operation.class);

  /**
   * @param exported the registry scraped at {@code /metrics}
   * @param enabled  {@code metrics.enableMetrics}: false keeps only the stats counting
   */
  public AuditMeters(MeterRegistry exported, boolean enabled, EventLru lru) {
    this.registry = enabled ? exported : new CompositeMeterRegistry();
    for (Operation operation : Operation.values()) {
      errors.put(operation, adder(ERRORS, "Failed operations (5xx: Redis unavailable, overloaded, timeout)", operation));
      timers.put(operation, Timer.builder(operation.isWrite() ? WRITE_DURATION : READ_DURATION)
        .description("Time a cache worker takes for an operation, from request to reply")
        .tag("operation", operation.label()).serviceLevelObjectives(BUCKETS).register(registry));
    }
    for (Operation read : new Operation[] {Operation.GET, Operation.LOOKUP}) {
      lruHits.put(read, hitAdder(Tier.LRU, read));
      redisHits.put(read, hitAdder(Tier.REDIS, read));
      misses.put(read, adder(MISSES, "Looked-up ids found nowhere", read));
    }
    // Every counter exists from the start, so that a dashboard sees 0 rather than no series at all.
    GAP_REASONS.forEach(reason -> gapRecorded(reason, 0));
    OVERLOAD_SOURCES.forEach(source -> Counter.builder(OVERLOADS)
      .description("Requests refused at once with 503 overloaded").tag("source", source).register(registry));
    issued(0);
    counter(SEQUENCE_RESEEDS, "Sequence counters found missing or behind and raised");
    counter(SEQUENCE_UNKNOWN_OUTCOMES, "Allocations whose reply was lost, recorded as unknown-outcome gaps");
    counter(GAPS_FILLED, "Missing sequence numbers that arrived late");
    counter(GAPS_DROPPED, "Gap ranges dropped to stay within sequence.maxGaps");
    Gauge.builder(LRU_ENTRIES, lru, EventLru::size).description("Events held in the in-process LRU").register(registry);
    Gauge.builder(LRU_BYTES, lru, EventLru::bytes).description("Bytes of canonical event JSON held in the LRU")
      .baseUnit("bytes").register(registry);
  }

  /** One looked-up id found in this tier. */
  public void hit(Tier tier, Operation operation) {
    (tier == Tier.LRU ? lruHits : redisHits).get(operation).increment();
  }

  /** One looked-up id found nowhere. */
  public void miss(Operation operation) {
    misses.get(operation).increment();
  }

  /** Records the duration of an operation that completed synchronously (an LRU hit answered in place). */
  public void completed(Operation operation, long startNanos) {
    timers.get(operation).record(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** Times an operation and counts its failures of the server's own making (status 500 and up). */
  public <T> Future<T> timed(Operation operation, Future<T> work, long startNanos) {
    return work.andThen(done -> {
      timers.get(operation).record(Duration.ofNanos(System.nanoTime() - startNanos));
      if (done.failed() && serverFault(done.cause())) {
        errors.get(operation).increment();
      }
    });
  }

  public void issued(long numbers) {
    counter(SEQUENCE_ISSUED, "Sequence numbers handed out").increment(numbers);
  }

  public void reseeded() {
    counter(SEQUENCE_RESEEDS, "Sequence counters found missing or behind and raised").increment();
  }

  public void unknownOutcome() {
    counter(SEQUENCE_UNKNOWN_OUTCOMES, "Allocations whose reply was lost, recorded as unknown-outcome gaps").increment();
  }

  /** A gap range recorded; {@code reason} is one of tracked, head-jump, unknown-outcome, reseed. */
  public void gapRecorded(String reason) {
    gapRecorded(reason, 1);
  }

  private void gapRecorded(String reason, int ranges) {
    Counter.builder(GAPS_RECORDED).description("Gap ranges recorded, by how they were found").tag("reason", reason)
      .register(registry).increment(ranges);
  }

  /** Missing numbers that arrived. */
  public void gapsFilled(long numbers) {
    if (numbers > 0) {
      counter(GAPS_FILLED, "Missing sequence numbers that arrived late").increment(numbers);
    }
  }

  /** Lowest gap ranges dropped to stay within sequence.maxGaps. */
  public void gapsDropped(long ranges) {
    if (ranges > 0) {
      counter(GAPS_DROPPED, "Gap ranges dropped to stay within sequence.maxGaps").increment(ranges);
    }
  }

  /** A request refused at once: {@code sequence_queue} or {@code redis_pool} was full. */
  public void overloaded(String source) {
    Counter.builder(OVERLOADS).description("Requests refused at once with 503 overloaded").tag("source", source)
      .register(registry).increment();
  }

  /** Looked-up ids found, by tier, since start. */
  public long hits(Tier tier) {
    return (tier == Tier.LRU ? lruHits : redisHits).values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long misses() {
    return misses.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long errors() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private LongAdder hitAdder(Tier tier, Operation operation) {
    LongAdder adder = new LongAdder();
    FunctionCounter.builder(HITS, adder, LongAdder::sum).description("Looked-up ids found, by the tier that had them")
      .tag("tier", tier.name().toLowerCase(java.util.Locale.ROOT)).tag("operation", operation.label()).register(registry);
    return adder;
  }

  private LongAdder adder(String name, String description, Operation operation) {
    LongAdder adder = new LongAdder();
    FunctionCounter.builder(name, adder, LongAdder::sum).description(description)
      .tag("operation", operation.label()).register(registry);
    return adder;
  }

  private Counter counter(String name, String description) {
    return counters.computeIfAbsent(name, key -> Counter.builder(key).description(description).register(registry));
  }

  private static boolean serverFault(Throwable failure) {
    return !(failure instanceof io.auditcache.bus.ProblemException problem) || problem.problem().status() >= 500;
  }
}
