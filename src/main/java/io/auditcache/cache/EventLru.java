package io.auditcache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process event cache in front of Redis, one per Vert.x instance and shared by every cache-worker verticle.
 * Bounded both by entry count ({@code lruSize}) and by event bytes ({@code lruMaxBytes}); each entry expires when
 * the Redis key it was read from or written to does, so no instance serves an event Redis has already dropped.
 *
 * <p>Built on Caffeine: reads are lock-free (no event loop waits on another), eviction is near-LRU with
 * frequency-aware admission (W-TinyLFU), and maintenance runs on the calling thread, never on a pool.
 * Both bounds are enforced through one weight: an entry weighs its byte size but at least
 * {@code lruMaxBytes / lruSize}, so the total weight bounds the bytes and the count at the same time.
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
    this.cache = maxEntries == 0 || maxBytes == 0 ? null : build(maxEntries, maxBytes, ticker);
  }

  private Cache<String, Entry> build(int maxEntries, long maxBytes, Ticker ticker) {
    int minimumWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (maxBytes + maxEntries - 1) / maxEntries));
    return Caffeine.newBuilder()
      .maximumWeight(maxBytes)
      .weigher((String id, Entry entry) -> Math.max(entry.json.length, minimumWeight))
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
    if (cache == null || ttlMillis <= 0) {
      return;
    }
    bytes.addAndGet(json.length);
    cache.put(id, new Entry(json, ticker.read() + TimeUnit.MILLISECONDS.toNanos(ttlMillis)));
  }

  /** Drops an entry (e.g. when Redis holds other content than this instance cached). */
  public void invalidate(String id) {
    if (cache != null) {
      cache.invalidate(id);
    }
  }

  /** Cached events, after dropping the expired ones. */
  public long size() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Bytes of cached events (canonical JSON), after dropping the expired ones. */
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
