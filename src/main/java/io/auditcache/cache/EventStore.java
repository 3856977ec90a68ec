package io.auditcache.cache;

import io.auditcache.bus.AuditEvent;
import io.auditcache.chain.ChainScripts;
import io.auditcache.chain.ChainStore;
import io.auditcache.chain.RedisScript;
import io.auditcache.config.AuditCacheConfig;
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
 * Events in Redis behind the shared {@link EventLru}. Each batch of writes or reads is ONE pipelined round trip.
 *
 * <p>Immutability is enforced by Redis itself: {@code SET key value NX GET PX ttl} atomically creates the key or
 * returns what it holds, so two server instances racing on one id can never both win, and a conflict comes back as
 * a value (an error reply would fail the whole pipeline). A {@code PTTL} in the same pipeline tells how long the
 * stored value lives, so the LRU entry expires with the key.
 */
public final class EventStore {

  private final Redis redis;
  private final RedisKeys keys;
  private final EventLru lru;
  private final RedisFailures failures;
  private final long ttlMs;
  private final long jitterMs;
  private final long gapTtlMs;

  public EventStore(Redis redis, RedisKeys keys, EventLru lru, RedisFailures failures, AuditCacheConfig config) {
    this.redis = redis;
    this.keys = keys;
    this.lru = lru;
    this.failures = failures;
    this.ttlMs = config.cache().eventTtlMs();
    this.jitterMs = config.cache().ttlJitterMs();
    this.gapTtlMs = config.sequence().gapTtlMs();
  }

  /**
   * Writes events in one pipeline; the outcomes are in the same order (a repeated id sees its earlier copy). The
   * same pipeline fills each event's sequence number in its chain's gaps. If Redis lost the gap script (a restart,
   * SCRIPT FLUSH), the pipeline's replies are lost although its writes were applied: the script is loaded again and
   * the caller gets a 503, so its retry is answered truthfully ({@code unchanged}).
   */
  public Future<List<WriteStatus>> write(List<AuditEvent> events) {
    List<Request> pipeline = new ArrayList<>(events.size() * 2 + 1);
    Map<String, List<Long>> sequencesByChain = new LinkedHashMap<>();
    for (AuditEvent event : events) {
      String key = keys.event(event.id());
      pipeline.add(Request.cmd(Command.SET).arg(key).arg(event.json()).arg("NX").arg("GET").arg("PX").arg(ttlWithJitter()));
      pipeline.add(Request.cmd(Command.PTTL).arg(key));
      sequencesByChain.computeIfAbsent(event.chain(), chain -> new ArrayList<>()).add(event.sequenceNum());
    }
    sequencesByChain.forEach((chain, sequences) -> pipeline.add(ChainStore.fillGaps(keys, chain, sequences, gapTtlMs)));
    long sentAt = System.nanoTime();
    return failures.guard(redis.batch(pipeline).recover(this::reloadLostScript)).map(replies -> {
      List<WriteStatus> outcomes = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        outcomes.add(settle(events.get(i), replies.get(2 * i), remainingTtl(replies.get(2 * i + 1), sentAt)));
      }
      return outcomes;
    });
  }

  /**
   * Reads events: the LRU first, then one pipeline for the ids it lacks; found ones fill the LRU.
   *
   * @return the found events by id, in request order; ids not cached anywhere are absent
   */
  public Future<Map<String, byte[]>> read(List<String> ids) {
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
      return Future.succeededFuture(found);
    }
    List<Request> pipeline = new ArrayList<>(misses.size() * 2);
    for (String id : misses) {
      pipeline.add(Request.cmd(Command.GET).arg(keys.event(id)));
      pipeline.add(Request.cmd(Command.PTTL).arg(keys.event(id)));
    }
    long sentAt = System.nanoTime();
    return send(pipeline).map(replies -> {
      for (int i = 0; i < misses.size(); i++) {
        Response value = replies.get(2 * i);
        if (value != null) {
          byte[] json = value.toBytes();
          found.put(misses.get(i), json);
          lru.put(misses.get(i), json, remainingTtl(replies.get(2 * i + 1), sentAt));
        }
      }
      found.values().removeIf(json -> json == null);
      return found;
    });
  }

  private Future<List<Response>> reloadLostScript(Throwable failure) {
    if (RedisScript.isNoScript(failure)) {
      return ChainScripts.FILL_GAPS.load(redis).transform(loaded -> Future.failedFuture(failure));
    }
    return Future.failedFuture(failure);
  }

  /** A round trip to Redis (PING), bounded by the Redis timeout; fails with a 503 problem. */
  public Future<Void> ping() {
    return send(List.of(Request.cmd(Command.PING))).mapEmpty();
  }

  private WriteStatus settle(AuditEvent event, Response previous, long ttlMs) {
    if (previous == null) {
      lru.put(event.id(), event.json(), ttlMs);
      return WriteStatus.CREATED;
    }
    byte[] stored = previous.toBytes();
    // Either way the stored value is the truth for this id: cache it so a following read is a hit.
    lru.put(event.id(), stored, ttlMs);
    return Arrays.equals(stored, event.json()) ? WriteStatus.UNCHANGED : WriteStatus.CONFLICT;
  }

  /**
   * How long an LRU entry may live from now: the key's PTTL counted from when the request was SENT (Redis measured
   * it later than that), less one millisecond for PTTL's rounding, so the entry never outlives the key. A key
   * without expiry (-1) or gone (-2) is not cached.
   */
  private static long remainingTtl(Response pttl, long sentAtNanos) {
    long ttl = pttl.toLong();
    return ttl <= 0 ? 0 : ttl - (System.nanoTime() - sentAtNanos) / 1_000_000 - 1;
  }

  private long ttlWithJitter() {
    return jitterMs == 0 ? ttlMs : ttlMs + ThreadLocalRandom.current().nextLong(-jitterMs, jitterMs + 1);
  }

  private Future<List<Response>> send(List<Request> pipeline) {
    return failures.guard(redis.batch(pipeline));
  }
}
