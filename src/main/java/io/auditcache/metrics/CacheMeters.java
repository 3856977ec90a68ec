package io.auditcache.metrics;

import io.auditcache.cache.EventLru;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Meter names and registration for the event cache. Prometheus names: the registry adds units and suffixes. */
public final class CacheMeters {

  /** {@code audit_cache_lru_entries}: events held in the in-process LRU. */
  public static final String LRU_ENTRIES = "audit.cache.lru.entries";
  /** {@code audit_cache_lru_bytes}: bytes of canonical event JSON held in the LRU. */
  public static final String LRU_BYTES = "audit.cache.lru.bytes";

  private CacheMeters() {
  }

  public static void register(MeterRegistry registry, EventLru lru) {
    Gauge.builder(LRU_ENTRIES, lru, EventLru::size)
      .description("Events held in the in-process LRU")
      .register(registry);
    Gauge.builder(LRU_BYTES, lru, EventLru::bytes)
      .description("Bytes of canonical event JSON held in the in-process LRU")
      .baseUnit("bytes")
      .register(registry);
  }
}
