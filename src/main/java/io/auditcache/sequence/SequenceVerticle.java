package io.auditcache.sequence;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.ChainRequests;
import io.auditcache.bus.ChainRequests.SequenceRequest;
import io.auditcache.bus.Consumers;
import io.auditcache.bus.LoopLocalAddresses;
import io.auditcache.bus.Messages;
import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemType;
import io.auditcache.cache.RedisFailures;
import io.auditcache.cache.RedisKeys;
import io.auditcache.chain.ChainScripts;
import io.auditcache.cache.RedisScript;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.metrics.AuditMeters;
import io.auditcache.metrics.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Hands out sequence numbers: exactly one per Vert.x instance, on an event loop, over one dedicated Redis connection.
 *
 * <p>Requests wait in a bounded queue (full: 503 {@code overloaded} at once, rather than letting the Redis client's
 * own queue overflow). One round trip is in flight at a time; everything that queued meanwhile goes in the next one,
 * as one allocation per chain ({@code INCRBY n} inside a script), and the range is handed out in arrival order.
 *
 * <p>An allocation whose reply is lost (timeout, broken connection) is never retried: that would burn numbers
 * silently. Each allocation also records its range under a token; the next round trip reads the tokens of lost
 * replies back and records those exact ranges as {@code unknown-outcome} gaps. Their callers got a 503.
 *
 * <p>The counter never repeats: a counter found missing or behind the chain's floor, head, hash ranges or this
 * instance's high-water mark is first raised past them by {@code sequence.reseedMargin} (a {@code reseed} gap).
 */
public final class SequenceVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(SequenceVerticle.class.getName());
  private static final long FIRST_BACKOFF_MS = 50;

  private final AuditCacheConfig config;
  private final RedisKeys keys;
  private final RedisFailures failures;
  private final AuditMeters meters;
  private final LoopLocalAddresses loopLocal;
  private Consumers consumers;
  private final ArrayDeque<Allocation.Pending> queue = new ArrayDeque<>();
  private final Map<String, Long> highWater = new HashMap<>();
  /** Tokens of allocations whose reply was lost: chain by token key. */
  private final Map<String, String> unsettled = new LinkedHashMap<>();
  /** Tokens of answered allocations, deleted in the next round trip. */
  private final List<String> spent = new ArrayList<>();
  private Redis client;
  private RedisConnection connection;
  private boolean connecting;
  private boolean flushing;
  private boolean stopped;
  private long backoffMs;

  public SequenceVerticle(AuditCacheConfig config, AuditMeters meters, LoopLocalAddresses loopLocal) {
    this.config = config;
    this.keys = new RedisKeys(config.keyPrefix());
    this.failures = new RedisFailures(config.redis().retryAfterSeconds(), config.redis().timeoutMs(), meters);
    this.meters = meters;
    this.loopLocal = loopLocal;
  }

  @Override
  public Future<?> start() {
    client = Redis.createClient(vertx, new RedisOptions()
      .setConnectionString(config.redis().url())
      .setPoolName(config.redis().poolName() + "-sequence")
      .setMaxPoolSize(1)
      .setMaxWaitingHandlers(config.redis().maxWaitingHandlers())
      .setNetClientOptions(new NetClientOptions().setTcpNoDelay(true)
        .setTcpKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.redis().timeoutMs()))));
    // Clients call as soon as the server is up: without this wait the first requests found no connection yet and
    // were answered 503. The wait is bounded and never fails the start, so a server whose Redis is down still starts
    // (its requests answer 503 until a reconnect succeeds).
    Future<Void> firstConnection = connect().timeout(2 * config.redis().timeoutMs(), TimeUnit.MILLISECONDS)
      .otherwiseEmpty();
    consumers = new Consumers(vertx, loopLocal);
    return Future.all(firstConnection, consumers.serve(Addresses.CHAINS_NEXT_SEQUENCE, meters, Operation.SEQUENCE, this::next));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    consumers.forgetLoopLocal();
    Problem closing = Problem.of(ProblemType.OVERLOADED, "the server is shutting down")
      .with(Problem.RETRY_AFTER, config.redis().retryAfterSeconds());
    queue.forEach(pending -> pending.reply().tryFail(closing.toException()));
    queue.clear();
    RedisConnection open = connection;
    // Cleared first, so that the close it causes is not taken for a lost connection (and logged as one).
    connection = null;
    if (open != null) {
      open.close();
    }
    return client.close();
  }

  private Future<JsonObject> next(Message<Object> message) {
    SequenceRequest request = ChainRequests.sequenceRequest(Messages.json(message), config.cache().maxBatchSize());
    if (queue.size() >= config.sequence().maxQueue()) {
      meters.overloaded("sequence_queue");
      throw Problem.of(ProblemType.OVERLOADED, "the sequence queue is full (" + config.sequence().maxQueue() + ")")
        .with(Problem.RETRY_AFTER, config.redis().retryAfterSeconds()).toException();
    }
    Promise<JsonObject> reply = Promise.promise();
    queue.add(new Allocation.Pending(request, reply));
    scheduleFlush();
    return reply.future();
  }

  /** Runs a flush on the next turn of the event loop, so that every request of this turn joins it. */
  private void scheduleFlush() {
    if (!flushing) {
      flushing = true;
      context.runOnContext(ignored -> flush());
    }
  }

  private void flush() {
    if (queue.isEmpty() && unsettled.isEmpty()) {
      flushing = false;
      return;
    }
    if (connection == null) {
      failQueued(failures.toProblem(new IllegalStateException("no connection to Redis")));
      flushing = false;
      connect();
      return;
    }
    int perRoundTrip = (config.redis().maxWaitingHandlers() - 1) / 2;
    List<Allocation> allocations = plan(perRoundTrip);
    Map<String, String> settling = new LinkedHashMap<>();
    unsettled.entrySet().stream().limit(perRoundTrip).forEach(token -> settling.put(token.getKey(), token.getValue()));
    List<String> deleting = new ArrayList<>(spent);
    List<Request> pipeline = new ArrayList<>();
    settling.forEach((token, chain) -> pipeline.add(ChainScripts.RESOLVE_TOKEN.call(List.of(token, keys.gaps(chain)),
      List.of(now(), Long.toString(config.sequence().gapTtlMs()), Integer.toString(config.sequence().maxGaps())))));
    if (!deleting.isEmpty()) {
      Request del = Request.cmd(Command.DEL);
      deleting.forEach(del::arg);
      pipeline.add(del);
    }
    allocations.forEach(allocation -> pipeline.add(allocate(allocation)));
    RedisConnection used = connection;
    failures.guard(used.batch(pipeline).recover(failure -> reloadIfScriptsLost(used, failure))).onComplete(done -> {
      if (done.succeeded()) {
        settled(settling, done.result());
        spent.removeAll(deleting);
        int offset = settling.size() + (deleting.isEmpty() ? 0 : 1);
        for (int i = 0; i < allocations.size(); i++) {
          answer(allocations.get(i), done.result().get(offset + i));
        }
      } else {
        allocations.forEach(allocation -> {
          unsettled.put(allocation.token(), allocation.chain());
          allocation.fail(done.cause());
        });
      }
      flushing = false;
      if (!queue.isEmpty() || (done.succeeded() && !unsettled.isEmpty())) {
        scheduleFlush();
      } else if (!unsettled.isEmpty()) {
        // Settle lost replies as soon as Redis answers again, even if no request comes to carry them.
        vertx.setTimer(Math.max(FIRST_BACKOFF_MS, config.redis().timeoutMs()), id -> scheduleFlush());
      }
    });
  }

  /**
   * Takes requests off the queue in arrival order into allocations: one per chain for plain requests, one per request
   * with an idempotency key; at most {@code limit} allocations, so that a round trip fits the connection's queue of
   * outstanding replies. Requests that do not fit wait for the next round trip.
   */
  private List<Allocation> plan(int limit) {
    List<Allocation> allocations = new ArrayList<>();
    Map<String, Allocation> byChain = new HashMap<>();
    while (!queue.isEmpty()) {
      SequenceRequest request = queue.peek().request();
      Allocation allocation = request.idempotencyKey() == null ? byChain.get(request.chain()) : null;
      if (allocation == null) {
        if (allocations.size() == limit) {
          break;
        }
        allocation = newAllocation(request.chain(), request.idempotencyKey(), allocations);
        if (request.idempotencyKey() == null) {
          byChain.put(request.chain(), allocation);
        }
      }
      allocation.add(queue.poll());
    }
    return allocations;
  }

  private Allocation newAllocation(String chain, String idempotencyKey, List<Allocation> allocations) {
    Allocation allocation = new Allocation(chain, idempotencyKey, keys.outcomeToken(chain, UUID.randomUUID().toString()));
    allocations.add(allocation);
    return allocation;
  }

  private Request allocate(Allocation allocation) {
    String chain = allocation.chain();
    boolean idempotent = allocation.idempotencyKey() != null;
    AuditCacheConfig.Sequence sequence = config.sequence();
    List<String> scriptKeys = List.of(keys.counter(chain), keys.floor(chain), keys.head(chain), keys.rangeMax(chain),
      keys.gaps(chain), allocation.token(), keys.idempotency(chain, idempotent ? allocation.idempotencyKey() : "-"));
    List<String> args = List.of(Long.toString(allocation.count()), Long.toString(sequence.outcomeTokenTtlMs()),
      Long.toString(highWater.getOrDefault(chain, 0L)), Long.toString(sequence.reseedMargin()), now(),
      Long.toString(sequence.gapTtlMs()), Integer.toString(sequence.maxGaps()), idempotent ? "1" : "0",
      Long.toString(sequence.idempotencyTtlMs()));
    return ChainScripts.ALLOCATE.call(scriptKeys, args);
  }

  private void answer(Allocation allocation, Response reply) {
    String outcome = reply.get(0).toString();
    if (outcome.equals("exhausted")) {
      allocation.fail(Problem.of(ProblemType.CONFLICT, "chain " + allocation.chain()
        + " has no sequence numbers left below 2^53").toException());
      return;
    }
    long first = reply.get(1).toLong();
    long last = reply.get(2).toLong();
    if (outcome.equals("ok")) {
      spent.add(allocation.token());
      reseeded(allocation.chain(), reply);
    } else if (last - first + 1 != allocation.count()) {
      allocation.fail(Problem.of(ProblemType.CONFLICT, "this Idempotency-Key was used for " + (last - first + 1)
        + " numbers, not " + allocation.count()).toException());
      return;
    }
    highWater.merge(allocation.chain(), last, Math::max);
    meters.issued(allocation.handOut(first));
  }

  private void reseeded(String chain, Response reply) {
    String from = reply.get(3).toString();
    meters.gapsDropped(reply.get(5).toLong());
    if (!from.isEmpty()) {
      meters.reseeded();
      meters.gapRecorded("reseed");
      LOG.warning("chain " + chain + ": the sequence counter was missing or behind the highest known sequence;"
        + " raised it, numbers " + from + ".." + reply.get(4) + " are recorded as a reseed gap");
    }
  }

  private void settled(Map<String, String> settling, List<Response> replies) {
    int i = 0;
    for (Map.Entry<String, String> token : settling.entrySet()) {
      Response reply = replies.get(i++);
      unsettled.remove(token.getKey());
      if (reply.get(0).toInteger() == 1) {
        meters.unknownOutcome();
        meters.gapRecorded("unknown-outcome");
        meters.gapsDropped(reply.get(3).toLong());
        LOG.warning("chain " + token.getValue() + ": an allocation whose reply was lost took numbers "
          + reply.get(1) + ".." + reply.get(2) + "; recorded as an unknown-outcome gap");
      }
    }
  }

  private Future<List<Response>> reloadIfScriptsLost(RedisConnection used, Throwable failure) {
    if (RedisScript.isNoScript(failure)) {
      return loadScripts(used).transform(loaded -> Future.failedFuture(failure));
    }
    return Future.failedFuture(failure);
  }

  private void failQueued(Throwable failure) {
    queue.forEach(pending -> pending.reply().tryFail(failure));
    queue.clear();
  }

  /**
   * Opens the dedicated connection and loads the scripts; on failure retries with exponential backoff.
   *
   * @return this attempt's outcome (already complete when no attempt was needed)
   */
  private Future<Void> connect() {
    if (connecting || connection != null || stopped) {
      return Future.succeededFuture();
    }
    connecting = true;
    return client.connect()
      .compose(opened -> loadScripts(opened).map(opened).onFailure(failure -> opened.close()))
      .onComplete(done -> {
        if (done.succeeded() && !stopped) {
          connecting = false;
          backoffMs = 0;
          RedisConnection opened = done.result();
          connection = opened;
          opened.exceptionHandler(failure -> lost(opened));
          opened.endHandler(ended -> lost(opened));
          scheduleFlush();
        } else {
          retryConnect();
        }
      })
      .mapEmpty();
  }

  /** A broken connection does not heal by itself (unlike the pool): drop it and reconnect. */
  private void lost(RedisConnection broken) {
    if (connection == broken) {
      connection = null;
      broken.close();
      LOG.warning("the sequence verticle lost its Redis connection; reconnecting");
      retryConnect();
    }
  }

  private void retryConnect() {
    connecting = true;
    backoffMs = Math.min(config.sequence().reconnectMaxBackoffMs(), backoffMs == 0 ? FIRST_BACKOFF_MS : backoffMs * 2);
    vertx.setTimer(backoffMs, id -> {
      connecting = false;
      connect();
    });
  }

  private static Future<Void> loadScripts(RedisConnection target) {
    return target.batch(ChainScripts.SEQUENCE.stream().map(RedisScript::loadRequest).toList()).mapEmpty();
  }

  private static String now() {
    return Long.toString(System.currentTimeMillis());
  }
}
