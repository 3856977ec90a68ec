package io.auditcache.bench;

import io.auditcache.cache.RedisKeys;
import io.auditcache.chain.ChainScripts;
import io.auditcache.chain.Head;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.config.ConfigLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling our targets were calibrated with: a bare Vert.x HTTP server (vertx-core's request handler only: no
 * Router, no metrics, no validation, no event bus) answering our server's URLs, so that the same wrk scripts measure
 * it. It keeps events in a map ({@code memory}) or sends one Redis command per request and one pipeline per batch
 * ({@code redis}); an append is our own append script there, on keys named as ours are (a compare-and-set on a
 * map in memory). What our server reaches below it is what our own layers cost on this machine.
 * <p>
 * Usage: {@code BareServer <port> memory|redis <redis-url>}; the benchmark runs it through {@link ServerProcess#bare}.
 */
public final class BareServer extends VerticleBase {

  private static final String EVENTS = "/v1/events";
  private static final String EVENT = EVENTS + "/";
  private static final String BATCH = EVENTS + "/batch";
  private static final String CHAINS = "/v1/chains/";
  private static final String SEQUENCE = "/sequence";
  private static final String APPEND = "/append";

  private final int port;
  private final Store store;

  private BareServer(int port, Store store) {
    this.port = port;
    this.store = store;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    // On the transport our server uses by default (epoll on Linux): the two differ in their own code only.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Store store = switch (args[1]) {
      case "memory" -> new MemoryStore();
      case "redis" -> new RedisStore(Redis.createClient(vertx, new RedisOptions().setConnectionString(args[2])
        .setMaxPoolSize(64).setMaxPoolWaiting(4_096).setMaxWaitingHandlers(8_192)), "bare-" + UUID.randomUUID());
      default -> throw new IllegalArgumentException("mode must be memory or redis, not " + args[1]);
    };
    // As many instances as our server's default (one per two cores): on 2 cores shared with wrk and Redis, one
    // instance answered more than two (82.8k against 75.3k memory GETs/s), so this is the higher ceiling.
    vertx.deployVerticle(() -> new BareServer(port, store),
        new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)))
      .onFailure(failure -> {
        failure.printStackTrace();
        System.exit(1);
      });
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
      .requestHandler(this::handle)
      .listen(port, "127.0.0.1");
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    boolean post = request.method() == HttpMethod.POST;
    if (request.method() == HttpMethod.GET && path.startsWith(EVENT)) {
      answer(request, 200, store.get(path.substring(EVENT.length())));
    } else if (post && path.equals(EVENTS)) {
      answer(request, 201, request.body().compose(store::add)
        .map(n -> Buffer.buffer("{\"key\":\"ev:" + n + "\",\"status\":\"created\"}")));
    } else if (post && path.equals(BATCH)) {
      answer(request, 200, request.body().compose(this::batch));
    } else if (post && path.startsWith(CHAINS) && path.endsWith(SEQUENCE)) {
      answer(request, 200, store.next(path.substring(CHAINS.length(), path.length() - SEQUENCE.length()))
        .map(n -> Buffer.buffer("{\"first\":" + n + ",\"last\":" + n + "}")));
    } else if (post && path.startsWith(CHAINS) && path.endsWith(APPEND)) {
      append(request, path.substring(CHAINS.length(), path.length() - APPEND.length()));
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  /** Stores each event of {@code {"events":[...]}} under its id, as its re-encoded JSON. */
  private Future<Buffer> batch(Buffer body) {
    JsonArray events = body.toJsonObject().getJsonArray("events");
    List<String> ids = new ArrayList<>(events.size());
    List<Buffer> values = new ArrayList<>(events.size());
    JsonArray results = new JsonArray();
    for (int i = 0; i < events.size(); i++) {
      JsonObject event = events.getJsonObject(i);
      ids.add(event.getString("id"));
      values.add(Buffer.buffer(event.encode()));
      results.add(new JsonObject().put("id", event.getString("id")).put("status", "created"));
    }
    return store.putAll(ids, values).map(stored -> new JsonObject().put("results", results).toBuffer());
  }

  /** Appends {@code {"sequence","hash","previousHash"?}}: 200 with the new head, 409 with the head it did not follow. */
  private void append(HttpServerRequest request, String chain) {
    request.body().compose(body -> {
      JsonObject entry = body.toJsonObject();
      return store.append(chain, entry.getLong("sequence"), entry.getString("previousHash"), entry.getString("hash"));
    }).onComplete(head -> {
      if (head.failed()) {
        request.response().setStatusCode(500).end();
      } else {
        request.response().setStatusCode(head.result().appended() ? 200 : 409)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(head.result().json());
      }
    });
  }

  /** An append's outcome: whether it became the head, and the chain's head after it (null when it has none). */
  private record Appended(boolean appended, Head head) {

    Buffer json() {
      return head == null ? Buffer.buffer("{\"head\":null}") : head.toJson().toBuffer();
    }
  }

  /** {@code status} with the JSON reply; 404 when there is none, 500 when Redis or the body's decoding failed. */
  private static void answer(HttpServerRequest request, int status, Future<Buffer> reply) {
    reply.onComplete(json -> {
      if (json.failed()) {
        request.response().setStatusCode(500).end();
      } else if (json.result() == null) {
        request.response().setStatusCode(404).end();
      } else {
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.result());
      }
    });
  }

  /** Where events and sequence numbers live; a missing event is a null result. */
  private interface Store {
    Future<Buffer> get(String id);

    /** Stores one event under the next number of a counter (the bare server does not parse it for its id). */
    Future<Long> add(Buffer event);

    Future<Void> putAll(List<String> ids, List<Buffer> events);

    Future<Long> next(String chain);

    /** Makes (sequence, hash) the chain's head if it follows the head, which must have {@code previousHash}. */
    Future<Appended> append(String chain, long sequence, String previousHash, String hash);
  }

  /** The in-memory store: the ~110k req/s calibration server answered from a HashMap. */
  private static final class MemoryStore implements Store {

    private final Map<String, Buffer> events = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    @Override
    public Future<Buffer> get(String id) {
      return Future.succeededFuture(events.get(id));
    }

    @Override
    public Future<Long> add(Buffer event) {
      long n = counter.incrementAndGet();
      events.put("ev:" + n, event);
      return Future.succeededFuture(n);
    }

    @Override
    public Future<Void> putAll(List<String> ids, List<Buffer> values) {
      for (int i = 0; i < ids.size(); i++) {
        events.put(ids.get(i), values.get(i));
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Long> next(String chain) {
      return Future.succeededFuture(sequences.computeIfAbsent(chain, name -> new AtomicLong()).incrementAndGet());
    }

    @Override
    public Future<Appended> append(String chain, long sequence, String previousHash, String hash) {
      Head expected = previousHash == null ? null : new Head(sequence - 1, previousHash);
      boolean[] appended = {false};
      Head head = heads.compute(chain, (name, current) -> {
        appended[0] = Objects.equals(current, expected);
        return appended[0] ? new Head(sequence, hash) : current;
      });
      return Future.succeededFuture(new Appended(appended[0], head));
    }
  }

  /** One Redis command per request, one pipeline per batch: the calibration server that proxied to Redis. */
  private static final class RedisStore implements Store {

    private static final long TTL_MS = 3_600_000;

    private final Redis redis;
    private final String prefix;
    private final RedisKeys keys;
    /** The TTLs our appends give a chain's keys: the defaults of conf/config.json. */
    private final AuditCacheConfig config = ConfigLoader.load(null, Map.of(), new Properties());
    private final AtomicLong counter = new AtomicLong();

    /** @param prefix random per process, so that runs never read each other's keys */
    RedisStore(Redis redis, String prefix) {
      this.redis = redis;
      this.prefix = prefix;
      this.keys = new RedisKeys(prefix);
    }

    @Override
    public Future<Buffer> get(String id) {
      return redis.send(Request.cmd(Command.GET).arg(prefix + ":" + id))
        .map(value -> value == null ? null : value.toBuffer());
    }

    @Override
    public Future<Long> add(Buffer event) {
      long n = counter.incrementAndGet();
      return redis.send(set(prefix + ":ev:" + n, event)).map(ok -> n);
    }

    @Override
    public Future<Void> putAll(List<String> ids, List<Buffer> values) {
      List<Request> sets = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        sets.add(set(prefix + ":" + ids.get(i), values.get(i)));
      }
      return redis.batch(sets).mapEmpty();
    }

    @Override
    public Future<Long> next(String chain) {
      return redis.send(Request.cmd(Command.INCR).arg(prefix + ":seq:" + chain)).map(count -> count.toLong());
    }

    /** Our append script, with the keys and arguments our server gives it. */
    @Override
    public Future<Appended> append(String chain, long sequence, String previousHash, String hash) {
      List<String> scriptKeys = List.of(keys.head(chain), keys.floor(chain), keys.gaps(chain), keys.rangeMax(chain),
        keys.hashBucket(chain, sequence));
      List<String> args = List.of(Long.toString(sequence), previousHash == null ? "" : previousHash, hash,
        RedisKeys.bucketField(sequence), Long.toString(System.currentTimeMillis()),
        Long.toString(config.chain().headTtlMs()), Long.toString(config.chain().rangeTtlMs()),
        Long.toString(config.sequence().gapTtlMs()));
      return ChainScripts.APPEND.run(redis, scriptKeys, args)
        .map(reply -> new Appended("ok".equals(reply.get(0).toString()), Head.parse(reply.get(1).toString())));
    }

    private static Request set(String key, Buffer value) {
      return Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(TTL_MS);
    }
  }
}
