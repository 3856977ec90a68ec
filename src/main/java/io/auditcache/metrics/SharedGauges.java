package io.auditcache.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gauges that count up and down, one counter per gauge and registry, whoever asks for it. Micrometer keeps the first
 * gauge registered under an id (and its object, weakly) and ignores later registrations: a second HTTP server or
 * Vert.x on the same registry that kept a counter of its own would count where nobody reads, and the first one's
 * gauge would read NaN once its counter was collected. Here every caller gets the counter the gauge reads.
 */
final class SharedGauges {

  private static final Map<MeterRegistry, Map<Meter.Id, LongAdder>> BY_REGISTRY = new WeakHashMap<>();

  private SharedGauges() {
  }

  /** The counter behind the gauge {@code name} with these tags, registered on first use. */
  static LongAdder counter(MeterRegistry registry, String name, String description, Tags tags) {
    Map<Meter.Id, LongAdder> counters;
    synchronized (BY_REGISTRY) {
      counters = BY_REGISTRY.computeIfAbsent(registry, any -> new ConcurrentHashMap<>());
    }
    return counters.computeIfAbsent(new Meter.Id(name, tags, null, description, Meter.Type.GAUGE), id -> {
      LongAdder counter = new LongAdder();
      Gauge.builder(name, counter, LongAdder::doubleValue).description(description).tags(tags).strongReference(true)
        .register(registry);
      return counter;
    });
  }
}
