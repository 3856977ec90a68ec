package io.auditcache.bench.jmh;

import io.auditcache.cache.EventLru;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Get (hit/miss, 1 and 2 threads) and evicting put on a full 10,000-event LRU: every read checks it first, every write fills it. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventLruBenchmark {

  static final int ENTRIES = 10_000;
  static final long MAX_BYTES = 64L * 1024 * 1024;
  static final long TTL_MILLIS = 3_600_000L;
  /** Fresh ids for puts: ten times the capacity, so that a key is long evicted when the cycle comes back to it. */
  static final int FRESH = 10 * ENTRIES;

  /** One full LRU shared by all benchmark threads, as it is shared by the event loops. */
  @State(Scope.Benchmark)
  public static class Full {
    EventLru lru;
    String[] present;
    String[] absent;
    String[] fresh;
    byte[] json;

    @Setup
    public void fill() {
      lru = new EventLru(ENTRIES, MAX_BYTES);
      json = SampleEvents.event(SampleEvents.ids(10, 1).get(0), 42).toBuffer().getBytes();
      present = SampleEvents.ids(11, ENTRIES).toArray(String[]::new);
      absent = SampleEvents.ids(12, ENTRIES).toArray(String[]::new);
      fresh = SampleEvents.ids(13, FRESH).toArray(String[]::new);
      for (String id : present) {
        lru.put(id, json.clone(), TTL_MILLIS);
      }
      // Touch every entry once more so that the present ids are the frequent ones and stay resident.
      for (String id : present) {
        lru.get(id);
      }
      long hits = java.util.Arrays.stream(present).filter(id -> lru.get(id) != null).count();
      if (lru.size() != ENTRIES || hits != ENTRIES) {
        throw new IllegalStateException("LRU not full: " + lru.size() + " entries, " + hits + " hits");
      }
    }
  }

  /** Each thread walks the key arrays from its own offset. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger THREADS = new AtomicInteger();
    int hit;
    int miss;
    int fresh;

    @Setup
    public void start() {
      int offset = THREADS.getAndIncrement() * 4_999;
      hit = offset % ENTRIES;
      miss = offset % ENTRIES;
      fresh = offset % FRESH;
    }
  }

  @Benchmark
  public byte[] getHit(Full full, Cursor cursor) {
    return hitOnce(full, cursor);
  }

  @Benchmark
  @Threads(2)
  public byte[] getHitTwoThreads(Full full, Cursor cursor) {
    return hitOnce(full, cursor);
  }

  @Benchmark
  public byte[] getMiss(Full full, Cursor cursor) {
    return missOnce(full, cursor);
  }

  @Benchmark
  @Threads(2)
  public byte[] getMissTwoThreads(Full full, Cursor cursor) {
    return missOnce(full, cursor);
  }

  /** A new id into the full cache: every put evicts one entry (the coldest, or the newcomer if TinyLFU refuses it). */
  @Benchmark
  public void putEvicting(Full full, Cursor cursor) {
    int i = cursor.fresh;
    cursor.fresh = i + 1 == FRESH ? 0 : i + 1;
    full.lru.put(full.fresh[i], full.json, TTL_MILLIS);
  }

  private static byte[] hitOnce(Full full, Cursor cursor) {
    int i = cursor.hit;
    cursor.hit = i + 1 == ENTRIES ? 0 : i + 1;
    return full.lru.get(full.present[i]);
  }

  private static byte[] missOnce(Full full, Cursor cursor) {
    int i = cursor.miss;
    cursor.miss = i + 1 == ENTRIES ? 0 : i + 1;
    return full.lru.get(full.absent[i]);
  }
}
