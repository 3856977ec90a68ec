package io.auditcache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class EventLruTest {

  private static final long HOUR_MS = 3_600_000L;
  private static final long KIB = 1024L;
  private static final long MIB = 1024L * KIB;

  /** A clock that only moves when the test says so. */
  private static final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advanceMillis(long millis) {
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
  }

  private final ManualTicker ticker = new ManualTicker();

  private EventLru lru(int maxEntries, long maxBytes) {
    return new EventLru(maxEntries, maxBytes, ticker);
  }

  /** A JSON-ish event of exactly {@code size} bytes whose content depends on the id. */
  private static byte[] event(String id, int size) {
    byte[] json = new byte[size];
    Arrays.fill(json, (byte) 'x');
    byte[] head = ("{\"id\":\"" + id + "\"").getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, json, 0, Math.min(head.length, size));
    return json;
  }

  private static String id(int i) {
    return "evt-" + i;
  }

  private static List<String> ids(int count) {
    return IntStream.range(0, count).mapToObj(EventLruTest::id).toList();
  }

  /** Sum of the lengths of the entries among {@code ids} that the cache still returns. */
  private static long presentBytes(EventLru lru, List<String> ids) {
    return ids.stream().map(lru::get).filter(json -> json != null).mapToLong(json -> json.length).sum();
  }

  private static long presentCount(EventLru lru, List<String> ids) {
    return ids.stream().map(lru::get).filter(json -> json != null).count();
  }

  @Test
  void a_put_event_is_returned_with_the_same_bytes() {
    EventLru lru = lru(100, MIB);
    byte[] json = event("a", 300);

    lru.put("a", json, HOUR_MS);

    assertThat(lru.get("a")).isEqualTo(json);
    assertThat(lru.size()).isEqualTo(1);
    assertThat(lru.bytes()).isEqualTo(300);
  }

  @Test
  void an_unknown_id_gives_null() {
    EventLru lru = lru(100, MIB);
    lru.put("a", event("a", 10), HOUR_MS);

    assertThat(lru.get("b")).isNull();
  }

  @Test
  void an_entry_expires_exactly_when_its_redis_key_does() {
    EventLru lru = lru(100, MIB);
    lru.put("short", event("short", 100), 1_000);
    lru.put("long", event("long", 40), 5_000);

    ticker.advanceMillis(999);
    assertThat(lru.get("short")).isNotNull();
    assertThat(lru.size()).isEqualTo(2);
    assertThat(lru.bytes()).isEqualTo(140);

    ticker.advanceMillis(1);
    assertThat(lru.get("short")).isNull();
    assertThat(lru.get("long")).isNotNull();

    ticker.advanceMillis(3_999);
    assertThat(lru.get("long")).isNotNull();

    ticker.advanceMillis(1);
    assertThat(lru.get("long")).isNull();
  }

  @Test
  void expired_entries_are_dropped_from_size_and_bytes() {
    EventLru lru = lru(100, MIB);
    lru.put("short", event("short", 100), 1_000);
    lru.put("long", event("long", 40), 10_000);

    ticker.advanceMillis(5_000);
    assertThat(lru.size()).isEqualTo(1);
    assertThat(lru.bytes()).isEqualTo(40);

    ticker.advanceMillis(10_000);
    assertThat(lru.size()).isZero();
    assertThat(lru.bytes()).isZero();
  }

  @Test
  void a_non_positive_ttl_caches_nothing() {
    EventLru lru = lru(100, MIB);

    lru.put("zero", event("zero", 50), 0);
    lru.put("negative", event("negative", 50), -1);

    assertThat(lru.get("zero")).isNull();
    assertThat(lru.get("negative")).isNull();
    assertThat(lru.size()).isZero();
    assertThat(lru.bytes()).isZero();
  }

  @Test
  void a_non_positive_ttl_leaves_an_already_cached_entry_alone() {
    EventLru lru = lru(100, MIB);
    byte[] json = event("a", 50);
    lru.put("a", json, HOUR_MS);

    lru.put("a", event("a", 70), 0);

    assertThat(lru.get("a")).isEqualTo(json);
    assertThat(lru.bytes()).isEqualTo(50);
  }

  @Test
  void the_entry_count_is_bounded_by_lru_size() {
    EventLru lru = lru(100, 1024 * MIB);
    List<String> ids = ids(1_000);

    for (String id : ids) {
      lru.put(id, event(id, 20 + id.length()), HOUR_MS);
    }

    assertThat(lru.size()).isLessThanOrEqualTo(100).isPositive();
    assertThat(lru.bytes()).isEqualTo(presentBytes(lru, ids));
    assertThat(presentCount(lru, ids)).isEqualTo(lru.size());
  }

  @Test
  void the_default_bounds_hold_ten_thousand_events_of_two_kilobytes() {
    EventLru lru = lru(10_000, 64 * MIB);
    List<String> ids = ids(10_000);
    ids.forEach(id -> lru.put(id, event(id, 2048), HOUR_MS));

    assertThat(lru.size()).isEqualTo(10_000);
    assertThat(presentCount(lru, ids)).isEqualTo(10_000);
    assertThat(lru.bytes()).isEqualTo(10_000L * 2048);
  }

  @Test
  void the_entry_count_never_exceeds_lru_size_when_it_does_not_divide_lru_max_bytes() {
    EventLru lru = lru(1_024, 1_000_000);
    List<String> ids = ids(5_000);
    ids.forEach(id -> lru.put(id, event(id, 64), HOUR_MS));

    assertThat(lru.size()).isEqualTo(1_024);
    assertThat(presentCount(lru, ids)).isEqualTo(1_024);
  }

  @Test
  void the_cached_bytes_are_bounded_by_lru_max_bytes() {
    EventLru lru = lru(10_000, 64 * KIB);
    List<String> ids = ids(200);

    for (String id : ids) {
      lru.put(id, event(id, (int) KIB), HOUR_MS);
    }

    assertThat(lru.bytes()).isLessThanOrEqualTo(64 * KIB).isPositive();
    assertThat(lru.bytes()).isEqualTo(presentBytes(lru, ids));
  }

  @Test
  void an_event_larger_than_lru_max_bytes_is_not_kept() {
    EventLru lru = lru(100, 4 * KIB);

    lru.put("huge", event("huge", (int) (8 * KIB)), HOUR_MS);

    assertThat(lru.get("huge")).isNull();
    assertThat(lru.size()).isZero();
    assertThat(lru.bytes()).isZero();
  }

  @Test
  void replacing_an_entry_does_not_double_count_its_bytes() {
    EventLru lru = lru(100, MIB);
    byte[] second = event("a", 250);

    lru.put("a", event("a", 100), 1_000);
    lru.put("a", second, 10_000);

    assertThat(lru.get("a")).isEqualTo(second);
    assertThat(lru.size()).isEqualTo(1);
    assertThat(lru.bytes()).isEqualTo(250);
  }

  @Test
  void replacing_an_entry_takes_the_new_ttl() {
    EventLru lru = lru(100, MIB);
    lru.put("a", event("a", 100), 1_000);
    lru.put("a", event("a", 100), 10_000);

    ticker.advanceMillis(5_000);
    assertThat(lru.get("a")).isNotNull();

    ticker.advanceMillis(5_000);
    assertThat(lru.get("a")).isNull();
    assertThat(lru.size()).isZero();
    assertThat(lru.bytes()).isZero();
  }

  @Test
  void reading_an_entry_does_not_extend_its_ttl() {
    EventLru lru = lru(100, MIB);
    lru.put("a", event("a", 100), 2_000);

    ticker.advanceMillis(1_500);
    assertThat(lru.get("a")).isNotNull();

    ticker.advanceMillis(500);
    assertThat(lru.get("a")).isNull();
  }

  @Test
  void lru_size_zero_disables_caching() {
    assertCachesNothing(lru(0, 64 * MIB));
  }

  @Test
  void lru_max_bytes_zero_disables_caching() {
    assertCachesNothing(lru(10_000, 0));
  }

  private static void assertCachesNothing(EventLru lru) {
    lru.put("a", event("a", 100), HOUR_MS);
    lru.put("b", event("b", 100), HOUR_MS);

    assertThat(lru.get("a")).isNull();
    assertThat(lru.get("b")).isNull();
    assertThat(lru.size()).isZero();
    assertThat(lru.bytes()).isZero();
  }

  @Test
  void the_bounds_are_reported_as_configured() {
    EventLru lru = lru(123, 4_567);

    assertThat(lru.maxEntries()).isEqualTo(123);
    assertThat(lru.maxBytes()).isEqualTo(4_567);
  }

  @Test
  void concurrent_puts_and_gets_keep_the_bounds_and_the_byte_count() throws Exception {
    EventLru lru = lru(500, 1024 * MIB);
    List<String> ids = ids(2_000);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int op = 0; op < 20_000; op++) {
            String id = ids.get(random.nextInt(ids.size()));
            if (random.nextBoolean()) {
              lru.put(id, event(id, 16 + random.nextInt(200)), HOUR_MS);
            } else {
              byte[] json = lru.get(id);
              if (json != null) {
                assertThat(new String(json, 0, 7 + id.length(), StandardCharsets.UTF_8))
                  .isEqualTo("{\"id\":\"" + id);
              }
            }
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS); // rethrows whatever a worker threw
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(lru.size()).isLessThanOrEqualTo(500).isPositive();
    assertThat(lru.bytes()).isEqualTo(presentBytes(lru, ids));
    assertThat(presentCount(lru, ids)).isEqualTo(lru.size());
  }
}
