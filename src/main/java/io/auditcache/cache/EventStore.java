package io.auditcache.cache;

import io.auditcache.bus.AuditEvent;
import io.auditcache.chain.ChainScripts;
import io.auditcache.chain.ChainStore;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.metrics.AuditMeters;
import io.auditcache.metrics.Operation;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Events in Redis behind the shared {@link EventLru}. Each batch of writes or reads is ONE pipelined round trip, and
 * the writes (or reads) that reach this worker in the same event-loop turn share it (see {@link Coalescer}). One per
 * worker verticle.
 *
 * <p>Immutability is enforced by Redis itself: a write is {@code SET key value NX GET PX ttl}, an atomic
 * create-or-return-existing, so two server instances racing on one id can never both win, and a conflict comes back
 * as a value (an error reply would fail the whole pipeline). An LRU entry never outlives its key: a created key's TTL
 * is the one the write set, and a key that existed is read as {@code PTTL} then {@code GET} (see {@link #readNow}).
 * Every command and script touches one key, which keeps them valid on Redis Cluster.
 */
public final class EventStore {

  private final Redis redis;
  private final RedisKeys keys;
  private final EventLru lru;
  private final RedisFailures failures;
  private final long ttlMs;
  private final long jitterMs;
  private final long gapTtlMs;
  private final AuditMeters meters;
  private final Coalescer<Write, WriteStatus> writes;
  private final Coalescer<String, Stored> reads;

  /** @param meters counts each looked-up id once: a hit in the tier that had it, or a miss */
  public EventStore(Redis redis, RedisKeys keys, EventLru lru, RedisFailures failures, AuditCacheConfig config,
                    AuditMeters meters) {
    this.redis = redis;
    this.keys = keys;
    this.lru = lru;
    this.failures = failures;
    this.ttlMs = config.cache().eventTtlMs();
    this.jitterMs = config.cache().ttlJitterMs();
    this.gapTtlMs = config.sequence().gapTtlMs();
    this.meters = meters;
    this.writes = new Coalescer<>(config.cache().maxBatchSize(), this::writeNow);
    this.reads = new Coalescer<>(config.cache().maxBatchSize(), this::readNow);
  }

  /**
   * Writes events in one pipeline; the outcomes are in the same order (a repeated id sees its earlier copy). A
   * created event fills its sequence number in its chain's gaps; only when that chain has gaps does this take a
   * second round trip (the gaps live in the chain's cluster slot, not the event's).
   *
   * @param intoLru whether the events also fill the LRU (warm-up always; other writes when {@code cache.lruOnWrite})
   */
  public Future<List<WriteStatus>> write(List<AuditEvent> events, boolean intoLru) {
    return writes.submit(events.stream().map(event -> new Write(event, intoLru)).toList());
  }

  /** An event to write, and whether it fills the LRU: writes of different requests share one pipeline. */
  private record Write(AuditEvent event, boolean intoLru) {
  }

  /**
   * One pipeline for the events of every write coalesced in this event-loop turn: a plain {@code SET NX GET PX} per
   * event (half the Redis time of a script doing the same). A created key's TTL is the one just set; an id that
   * already existed is read again, value and TTL in one atomic step, before its stored copy fills the LRU (when the
   * write fills it at all).
   */
  private Future<List<WriteStatus>> writeNow(List<Write> writes) {
    List<AuditEvent> events = writes.stream().map(Write::event).toList();
    List<Request> pipeline = new ArrayList<>(events.size() + 1);
    long[] ttls = new long[events.size()];
    List<String> chains = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      AuditEvent event = events.get(i);
      ttls[i] = ttlWithJitter();
      pipeline.add(Request.cmd(Command.SET).arg(keys.event(event.id())).arg(event.json())
        .arg("NX").arg("GET").arg("PX").arg(ttls[i]));
      if (!chains.contains(event.chain())) {
        chains.add(event.chain());
      }
    }
    chains.forEach(chain -> pipeline.add(Request.cmd(Command.EXISTS).arg(keys.gaps(chain))));
    long sentAt = System.nanoTime();
    return failures.guard(redis.batch(pipeline)).compose(replies -> {
      List<WriteStatus> outcomes = new ArrayList<>(events.size());
      List<String> existing = new ArrayList<>();
      Map<String, List<Long>> arrived = new LinkedHashMap<>();
      for (int i = 0; i < events.size(); i++) {
        AuditEvent event = events.get(i);
        Response stored = replies.get(i);
        boolean intoLru = writes.get(i).intoLru();
        if (stored == null) {
          if (intoLru) {
            lru.put(event.id(), event.json(), remainingTtl(ttls[i], sentAt));
          }
          outcomes.add(WriteStatus.CREATED);
          if (replies.get(events.size() + chains.indexOf(event.chain())).toInteger() == 1) {
            arrived.computeIfAbsent(event.chain(), chain -> new ArrayList<>()).add(event.sequenceNum());
          }
        } else {
          if (intoLru) {
            existing.add(event.id());
          }
          outcomes.add(Arrays.equals(stored.toBytes(), event.json()) ? WriteStatus.UNCHANGED : WriteStatus.CONFLICT);
        }
      }
      return Future.join(cacheStored(existing), fillGaps(arrived)).map(outcomes);
    });
  }

  /**
   * Caches the stored copies of ids that existed, so that a following read is a hit: either way the stored value is
   * the truth for its id. The writes' outcomes are known already, so a failure here only leaves the LRU cold.
   */
  private Future<Void> cacheStored(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return readNow(ids).<Void>map(stored -> {
      for (int i = 0; i < ids.size(); i++) {
        if (stored.get(i) != null) {
          lru.put(ids.get(i), stored.get(i).json(), stored.get(i).ttlMs());
        }
      }
      return null;
    }).otherwiseEmpty();
  }

  /**
   * Reads events: the LRU first, then one pipeline for the ids it lacks; found ones fill the LRU.
   *
   * @return the found events by id, in request order; ids not cached anywhere are absent
   */
  public Future<Map<String, byte[]>> read(List<String> ids, Operation operation) {
    Map<String, byte[]> found = new LinkedHashMap<>();
    List<String> misses = new ArrayList<>();
    for (String id : ids) {
      byte[] json = lru.get(id);
      found.put(id, json);
      if (json == null) {
        misses.add(id);
      }
    }
    if (misses.isEmpty()) {
      ids.forEach(id -> meters.hit(AuditMeters.Tier.LRU, operation));
      return Future.succeededFuture(found);
    }
    return reads.submit(misses).map(stored -> {
      for (int i = 0; i < misses.size(); i++) {
        Stored event = stored.get(i);
        if (event != null) {
          found.put(misses.get(i), event.json());
          lru.put(misses.get(i), event.json(), event.ttlMs());
          meters.hit(AuditMeters.Tier.REDIS, operation);
        } else {
          meters.miss(operation);
        }
      }
      for (int i = ids.size() - misses.size(); i > 0; i--) {
        meters.hit(AuditMeters.Tier.LRU, operation);
      }
      found.values().removeIf(json -> json == null);
      return found;
    });
  }

  /**
   * One pipeline for the ids of every read coalesced in this event-loop turn; null for an id Redis lacks. Each id is
   * {@code PTTL} then {@code GET}, not a script: a Lua script that returned both cost Redis 40 % more per read (2 KB
   * values, redis-benchmark: 101-112k EVALSHA/s against 149-153k GET/s), and the order makes atomicity unnecessary.
   * Whatever key the GET read was created no earlier than the key the PTTL saw (an event key that expires can only be
   * written again after), so it expires no earlier either, and the LRU copy, which lives as long as that PTTL, never
   * outlives the bytes it holds. A key missing at the PTTL (-2) is not cached, even when the GET finds it.
   */
  private Future<List<Stored>> readNow(List<String> ids) {
    List<Request> pipeline = new ArrayList<>(2 * ids.size());
    for (String id : ids) {
      String key = keys.event(id);
      pipeline.add(Request.cmd(Command.PTTL).arg(key));
      pipeline.add(Request.cmd(Command.GET).arg(key));
    }
    long sentAt = System.nanoTime();
    return failures.guard(redis.batch(pipeline)).map(replies -> {
      List<Stored> stored = new ArrayList<>(ids.size());
      for (int i = 0; i < replies.size(); i += 2) {
        Response json = replies.get(i + 1);
        stored.add(json == null ? null : new Stored(json.toBytes(), remainingTtl(replies.get(i).toLong(), sentAt)));
      }
      return stored;
    });
  }

  /** An event as Redis holds it, with how long an LRU copy may live. */
  private record Stored(byte[] json, long ttlMs) {
  }

  /** A round trip to Redis (PING), bounded by the Redis timeout; fails with a 503 problem. */
  public Future<Void> ping() {
    return failures.guard(redis.send(Request.cmd(Command.PING))).mapEmpty();
  }

  /** Fills arrived numbers in their chains' gaps. The events are stored either way: a failure here is only logged. */
  private Future<Void> fillGaps(Map<String, List<Long>> arrived) {
    if (arrived.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Request> fills = new ArrayList<>();
    arrived.forEach((chain, sequences) -> fills.add(ChainStore.fillGaps(keys, chain, sequences, gapTtlMs)));
    return send(fills, ChainScripts.FILL_GAPS)
      .<Void>map(replies -> {
        replies.forEach(filled -> meters.gapsFilled(filled.toLong()));
        return null;
      })
      .otherwiseEmpty();
  }

  /**
   * How long an LRU entry may live from now: the key's PTTL counted from when the request was SENT (Redis measured
   * it later than that), less one millisecond for PTTL's rounding and 0.1 % for drift between this host's clock and
   * Redis', so that the entry never outlives the key. A key without expiry (-1) or gone (-2) is not cached.
   */
  private static long remainingTtl(long pttl, long sentAtNanos) {
    return pttl <= 0 ? 0 : pttl - pttl / 1000 - (System.nanoTime() - sentAtNanos) / 1_000_000 - 1;
  }

  private Future<List<Response>> send(List<Request> pipeline, RedisScript script) {
    return failures.guard(RedisScript.runAll(redis, pipeline, List.of(script)));
  }

  private long ttlWithJitter() {
    return jitterMs == 0 ? ttlMs : ttlMs + ThreadLocalRandom.current().nextLong(-jitterMs, jitterMs + 1);
   }
}
