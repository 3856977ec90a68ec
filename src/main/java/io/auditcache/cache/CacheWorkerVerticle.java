package io.auditcache.cache;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.AuditEvent;
import io.auditcache.bus.Consumers;
import io.auditcache.bus.LoopLocalAddresses;
import io.auditcache.bus.Messages;
import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemType;
import io.auditcache.bus.RequestReader;
import io.auditcache.bus.WriteReplies;
import io.auditcache.chain.ChainService;
import io.auditcache.chain.ChainStore;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.metrics.AuditMeters;
import io.auditcache.metrics.Operation;
import io.auditcache.metrics.StatsReport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the {@code audit.cache.events.*} and {@code audit.cache.chains.*} addresses (but sequence allocation) on an
 * event loop: validates, then reads and writes through the {@link EventLru} and the pooled, async Redis client that
 * all workers of this Vert.x instance share. Several instances run side by side; the event
 * bus spreads requests over them.
 */
public final class CacheWorkerVerticle extends VerticleBase {

  private final AuditCacheConfig config;
  private final RequestReader reader;
  private final EventLru lru;
  private final EventStore store;
  private final ChainService chains;
  private final AuditMeters meters;
  private final LoopLocalAddresses loopLocal;
  private Consumers consumers;

  /**
   * @param redis    the instance's shared, pooled Redis client (one pool, one metrics name, for all workers)
   * @param lru      the instance's shared LRU
   * @param failures the instance's shared mapping of Redis failures (so that its log throttling is per instance)
   * @param meters   the instance's meters and stats counters
   * @param loopLocal the instance's registry of consumers by event loop, which this worker joins on its loop
   */
  public CacheWorkerVerticle(AuditCacheConfig config, Redis redis, EventLru lru, RedisFailures failures,
                             AuditMeters meters, LoopLocalAddresses loopLocal) {
    this.config = config;
    this.reader = new RequestReader(config.cache().maxEventBytes());
    this.lru = lru;
    this.meters = meters;
    this.loopLocal = loopLocal;
    RedisKeys keys = new RedisKeys(config.keyPrefix());
    this.store = new EventStore(redis, keys, lru, failures, config, meters);
    this.chains = new ChainService(new ChainStore(redis, keys, failures, config, meters), config, meters);
  }

  @Override
  public Future<?> start() {
    consumers = new Consumers(vertx, loopLocal);
    return Future.all(List.of(
      consumers.serve(Addresses.EVENTS_SET, meters, Operation.SET, this::set),
      consumers.serve(Addresses.EVENTS_SET_BATCH, meters, Operation.SET_BATCH, this::setBatch),
      consumers.serve(Addresses.EVENTS_GET, meters, Operation.GET, this::get),
      consumers.serve(Addresses.EVENTS_LOOKUP, meters, Operation.LOOKUP, this::lookup),
      consumers.serve(Addresses.EVENTS_WARMUP, meters, Operation.WARMUP, this::warmup),
      consumers.serve(Addresses.REDIS_HEALTH, this::redisHealth),
      consumers.serve(Addresses.STATS_GET, this::stats),
      chains.register(consumers)));
  }

  @Override
  public Future<?> stop() {
    consumers.forgetLoopLocal();
    return Future.succeededFuture();
  }

  private Future<Buffer> set(Message<Object> message) {
    AuditEvent event = reader.event(Messages.body(message));
    return store.write(List.of(event), config.cache().lruOnWrite()).map(outcomes -> {
      WriteStatus status = outcomes.get(0);
      if (status == WriteStatus.CONFLICT) {
        throw Problem.of(ProblemType.CONFLICT, "event " + event.id()
            + " is already cached with other content; audit events are immutable")
          .with("id", event.id())
          .toException();
      }
      return WriteReplies.of(event.id(), status.wireName());
    });
  }

  private Future<Buffer> setBatch(Message<Object> message) {
    List<AuditEvent> events = reader.events(Messages.body(message), "events", config.cache().maxBatchSize());
    return store.write(events, config.cache().lruOnWrite()).map(outcomes -> batchReply(events, outcomes));
  }

  /** {@code {"results":[{"id":..,"status":..},...]}}, written directly as {@link WriteReplies} are. */
  private static Buffer batchReply(List<AuditEvent> events, List<WriteStatus> outcomes) {
    Buffer reply = Buffer.buffer(16 + events.size() * 72).appendString("{\"results\":[");
    for (int i = 0; i < events.size(); i++) {
      WriteReplies.append(i == 0 ? reply : reply.appendString(","), events.get(i).id(), outcomes.get(i).wireName());
    }
    return reply.appendString("]}");
  }

  private Future<Buffer> get(Message<Object> message) {
    String id = message.body() instanceof JsonObject json ? RequestReader.id(json) : reader.id(Messages.body(message));
    return store.read(List.of(id), Operation.GET).map(found -> {
      byte[] json = found.get(id);
      if (json == null) {
        throw Problem.of(ProblemType.NOT_FOUND, "event " + id + " is not cached").with("id", id).toException();
      }
      // Wrapped, not copied: the reply goes out read-only (Messages.reply), so no consumer can write into the LRU's
      // array, and a remote one gets the bytes on the wire.
      return BufferInternal.buffer(Unpooled.wrappedBuffer(json));
    });
  }

  private Future<Buffer> lookup(Message<Object> message) {
    List<String> ids = reader.ids(Messages.body(message), config.cache().maxBatchSize());
    return store.read(ids, Operation.LOOKUP).map(found -> lookupReply(ids, found));
  }

  /** {@code {"events":{id:event,...},"missing":[id,...]}}, assembled from the cached bytes without re-encoding. */
  private static Buffer lookupReply(List<String> ids, Map<String, byte[]> found) {
    Buffer reply = Buffer.buffer(64 + found.values().stream().mapToInt(json -> json.length + 48).sum());
    reply.appendString("{\"events\":{");
    boolean first = true;
    for (Map.Entry<String, byte[]> event : found.entrySet()) {
      reply.appendString(first ? "\"" : ",\"").appendString(event.getKey()).appendString("\":").appendBytes(event.getValue());
      first = false;
    }
    JsonArray missing = new JsonArray();
    ids.stream().filter(id -> !found.containsKey(id)).forEach(missing::add);
    return reply.appendString("},\"missing\":").appendString(missing.encode(), StandardCharsets.UTF_8.name()).appendString("}");
  }

  private Future<JsonObject> warmup(Message<Object> message) {
    List<AuditEvent> events = reader.events(Messages.body(message), "events", config.cache().warmupSize());
    int chunk = config.cache().maxBatchSize();
    List<Future<List<WriteStatus>>> writes = new ArrayList<>();
    for (int from = 0; from < events.size(); from += chunk) {
      // Warm-up exists to fill the LRU, so its events enter it whatever cache.lruOnWrite says.
      writes.add(store.write(events.subList(from, Math.min(events.size(), from + chunk)), true));
    }
    return Future.all(writes).map(done -> {
      Map<WriteStatus, Integer> counts = new EnumMap<>(WriteStatus.class);
      writes.forEach(write -> write.result().forEach(status -> counts.merge(status, 1, Integer::sum)));
      return new JsonObject()
        .put("loaded", counts.getOrDefault(WriteStatus.CREATED, 0))
        .put("unchanged", counts.getOrDefault(WriteStatus.UNCHANGED, 0))
        .put("conflicts", counts.getOrDefault(WriteStatus.CONFLICT, 0));
    });
  }

  private Future<JsonObject> stats(Message<Object> message) {
    return redisHealth(message).map(redis -> StatsReport.of(meters, lru, redis));
  }

  private Future<JsonObject> redisHealth(Message<Object> message) {
    long start = System.nanoTime();
    return store.ping()
      .map(pong -> new JsonObject().put("status", "up").put("latencyMs", (System.nanoTime() - start) / 1_000_000.0))
      .otherwise(failure -> new JsonObject().put("status", "down").put("detail", "Redis did not answer PING"));
  }
}
