package io.auditcache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process event cache in front of Redis, one per Vert.x instance and shared by every cache-worker verticle.
 * Bounded both by entry count ({@code lruSize}) and by event bytes ({@code lruMaxBytes}); each entry expires when
 * the Redis key it was read from or written to does, so no instance serves an event Redis has already dropped.
 *
 * <p>Built on Caffeine: reads are lock-free, eviction is near-LRU with frequency-aware admission (W-TinyLFU), and
 * maintenance runs on the calling thread, never on a pool; a put over the byte bound holds Caffeine's eviction lock
 * for the few microseconds an eviction takes. Caffeine
 * bounds the count exactly; the byte total, kept exactly by a removal listener, is bounded by evicting the coldest
 * entries whenever a put takes it over {@code lruMaxBytes}.
 *
 * <p>{@link #get} never returns an expired entry; {@link #size} and {@link #bytes} let go of expired entries when
 * Caffeine's timer wheel next turns, within about a second.
 */
public final class EventLru {

  private final Cache<String, Entry> cache;
  private final Ticker ticker;
  private final int maxEntries;
  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();

  private record Entry(byte[] json, long expiresAtNanos) {
  }

  public EventLru(int maxEntries, long maxBytes) {
    this(maxEntries, maxBytes, Ticker.systemTicker());
  }

  /** @param ticker the clock expiry is measured on (tests pass a manual one) */
  EventLru(int maxEntries, long maxBytes, Ticker ticker) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.ticker = ticker;
    this.cache = maxEntries == 0 || maxBytes == 0 ? null : build(maxEntries, ticker);
  }

  private Cache<String, Entry> build(int maxEntries, Ticker ticker) {
    return Caffeine.newBuilder()
      .maximumSize(maxEntries)
      .expireAfter(new Expiry<String, Entry>() {
        @Override
        public long expireAfterCreate(String id, Entry entry, long now) {
          return entry.expiresAtNanos - now;
        }

        @Override
        public long expireAfterUpdate(String id, Entry entry, long now, long current) {
          return entry.expiresAtNanos - now;
        }

        @Override
        public long expireAfterRead(String id, Entry entry, long now, long current) {
          return current;
        }
      })
      .removalListener((String id, Entry entry, RemovalCause cause) -> bytes.addAndGet(-entry.json.length))
      .executor(Runnable::run)
      .ticker(ticker)
      .build();
  }

  /** The canonical bytes of a cached event, or null when absent or expired. */
  public byte[] get(String id) {
    if (cache == null) {
      return null;
    }
    Entry entry = cache.getIfPresent(id);
    return entry == null ? null : entry.json;
  }

  /**
   * Caches an event for as long as its Redis key lives.
   *
   * @param ttlMillis the key's remaining time to live; nothing is cached when it is not positive
   */
  public void put(String id, byte[] json, long ttlMillis) {
    if (cache == null || ttlMillis <= 0 || json.length > maxBytes) {
      return;
    }
    bytes.addAndGet(json.length);
    cache.put(id, new Entry(json, ticker.read() + TimeUnit.MILLISECONDS.toNanos(ttlMillis)));
    while (bytes.get() > maxBytes && evictColdest()) {
      // each round drops the entry Caffeine would evict next
    }
  }

  /** Drops the entry Caffeine ranks coldest; false when there is none left to drop. */
  private boolean evictColdest() {
    Map<String, Entry> coldest = cache.policy().eviction().orElseThrow().coldest(1);
    coldest.keySet().forEach(cache::invalidate);
    return !coldest.isEmpty();
  }

  /** Cached events (expired ones leave within about a second). */
  public long size() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Bytes of cached events' canonical JSON (expired ones leave within about a second). */
  public long bytes() {
    if (cache != null) {
      cache.cleanUp();
    }
    return bytes.get();
  }

  public int maxEntries() {
    return maxEntries;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
