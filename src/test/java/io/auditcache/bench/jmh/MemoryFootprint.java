package io.auditcache.bench.jmh;

import io.auditcache.bus.AuditEvent;
import io.auditcache.bus.RequestReader;
import io.auditcache.cache.EventLru;
import io.vertx.core.json.JsonObject;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Random;

/** Heap held by an EventLru full of 10,000 ~2 KB events, against the product target of at most 25 MB (exits 1 when missed). */
public final class MemoryFootprint {

  public static final int EVENTS = 10_000;
  static final long TARGET_BYTES = 25L * 1000 * 1000;
  private static final int SAMPLES = 5;
  private static final int GCS_PER_SAMPLE = 3;

  private MemoryFootprint() {
  }

  /** Heap held by an LRU of 10,000 canonical ~2 KB events, in bytes (median of several samples after GC). */
  public static long heapHeldByFullLru() throws InterruptedException {
    return measure().held();
  }

  public static void main(String[] args) throws InterruptedException {
    System.out.println("JVM " + System.getProperty("java.vm.version") + ", max heap "
      + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, GC "
      + ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
    Measurement m = measure();
    long held = m.held();
    System.out.printf("events cached:        %,d (lru.size() = %,d)%n", EVENTS, m.entries());
    System.out.printf("canonical JSON bytes: %,d total, %,d average per event (lru.bytes() = %,d)%n",
      m.payload(), m.payload() / EVENTS, m.lruBytes());
    System.out.printf("used heap before:     %,d B%n", m.before());
    System.out.printf("used heap after:      %,d B%n", m.after());
    System.out.printf("heap held by the LRU: %.2f MB (%.2f MiB), %,d B per event, %,d B per event beyond its JSON%n",
      held / 1e6, held / (1024.0 * 1024), held / EVENTS, (held - m.payload()) / EVENTS);
    boolean ok = held <= TARGET_BYTES;
    System.out.printf("target (10,000 x 2 KB <= 25 MB): %s%n", ok ? "MET" : "MISSED");
    if (!ok) {
      System.exit(1);
    }
  }

  /** Used heap around filling a full LRU, and what the LRU says it holds. */
  private record Measurement(long before, long after, long payload, long entries, long lruBytes) {
    long held() {
      return after - before;
    }
  }

  private static Measurement measure() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // Warm up everything that allocates once (classes, Caffeine, Jackson, Vert.x JSON) outside the measurement.
    RequestReader reader = new RequestReader(65_536);
    EventLru warm = new EventLru(100, 1L << 20);
    fill(warm, reader, new Random(99), 200);
    warm = null;
    EventLru lru = new EventLru(EVENTS, 64L * 1024 * 1024);
    long before = usedHeap(memory);
    long payload = fill(lru, reader, new Random(7), EVENTS);
    long after = usedHeap(memory);
    Reference.reachabilityFence(lru);
    return new Measurement(before, after, payload, lru.size(), lru.bytes());
  }

  /**
   * Puts {@code n} events canonicalised by the real reader, each with a fresh id string and JSON array that only the
   * LRU keeps, exactly as the server does. Returns the total of canonical bytes.
   */
  private static long fill(EventLru lru, RequestReader reader, Random random, int n) {
    long total = 0;
    for (int i = 0; i < n; i++) {
      JsonObject event = SampleEvents.event(SampleEvents.id(random), 1_000_000L + i);
      AuditEvent canonical = reader.event(event.toBuffer());
      lru.put(canonical.id(), canonical.json(), 3_600_000L);
      total += canonical.json().length;
    }
    return total;
  }

  /** Median used heap over several samples, each after a few full collections. */
  private static long usedHeap(MemoryMXBean memory) throws InterruptedException {
    long[] samples = new long[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
      // With G1, System.gc() is a synchronous full collection: nothing is left to settle when it returns.
      for (int g = 0; g < GCS_PER_SAMPLE; g++) {
        System.gc();
      }
      samples[s] = memory.getHeapMemoryUsage().getUsed();
    }
    Arrays.sort(samples);
    return samples[SAMPLES / 2];
  }
}
