package io.auditcache.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of the sequence verticle. Prometheus names get {@code _total}. */
public final class SequenceMeters {

  /** {@code audit_cache_sequence_issued_total}: sequence numbers handed out. */
  public static final String ISSUED = "audit.cache.sequence.issued";
  /** {@code audit_cache_sequence_reseeds_total}: counters found missing or behind and raised. */
  public static final String RESEEDS = "audit.cache.sequence.reseeds";
  /** {@code audit_cache_sequence_overloads_total}: requests refused because the queue was full. */
  public static final String OVERLOADS = "audit.cache.sequence.overloads";
  /** {@code audit_cache_sequence_unknown_outcomes_total}: allocations whose reply was lost, settled as gaps. */
  public static final String UNKNOWN_OUTCOMES = "audit.cache.sequence.unknown.outcomes";

  private final Counter issued;
  private final Counter reseeds;
  private final Counter overloads;
  private final Counter unknownOutcomes;

  public SequenceMeters(MeterRegistry registry) {
    issued = Counter.builder(ISSUED).description("Sequence numbers handed out").register(registry);
    reseeds = Counter.builder(RESEEDS).description("Sequence counters found missing or behind and raised").register(registry);
    overloads = Counter.builder(OVERLOADS).description("Sequence requests refused: queue full").register(registry);
    unknownOutcomes = Counter.builder(UNKNOWN_OUTCOMES)
      .description("Allocations whose reply was lost, recorded as unknown-outcome gaps").register(registry);
  }

  public void issued(long numbers) {
    issued.increment(numbers);
  }

  public void reseeded() {
    reseeds.increment();
  }

  public void overloaded() {
    overloads.increment();
  }

  public void unknownOutcomeSettled() {
    unknownOutcomes.increment();
  }
}
