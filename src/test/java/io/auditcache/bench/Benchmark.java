package io.auditcache.bench;

import io.auditcache.MainVerticle;
import io.auditcache.bench.jmh.MemoryFootprint;
import io.auditcache.bus.Addresses;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.config.ConfigLoader;
import io.auditcache.metrics.Registries;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The benchmark: {@code load-tests/benchmark.sh}. Against a private Redis it starts itself (own port, own directory,
 * a maxmemory cap), it measures every operation of the server over HTTP (closed loop for the maximum, then an open
 * model at half of it for latency), the same over the event bus, Debian's wrk and redis-benchmark as the physical
 * limits, the same wrk scripts against a {@link BareServer} (the Vert.x ceiling the targets were calibrated with), and
 * memory per event and per hash entry. Results: a table here, JSON and an SVG chart in the output folder.
 */
public final class Benchmark {

  private static final java.net.http.HttpClient SETUP_CLIENT = java.net.http.HttpClient.newBuilder()
    .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private static final int CONNECTIONS = 64;
  private static final long READ_SPACE = 50_000;
  private static final int LRU_SET = 1_000;
  /** Redis' latency monitor records events at least this long (ms): shorter ones are within a p99's noise here. */
  private static final int REDIS_STALL_MS = 5;
  /**
   * The scenarios whose every request creates Redis keys (events, or a new chain's four keys): their open phases start
   * on an emptied Redis. First appends were added when, on a Redis grown by millions of their keys, two phases of each
   * pair at the same rate met Redis at 76-95 % of a core against 49-58 % in the other two, and p99s of 135-254 ms for
   * ours and 7-35 ms for the bare server: which phases were hit depended on when Redis' tables grew.
   */
  private static final Set<String> CREATES_KEYS = Set.of("set", "batch-set", "append");

  private final long measureMs;
  private final long warmupMs;
  private final Path out;
  private final AtomicLong sequence = new AtomicLong(1_000_000);
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final List<LoadRun.Result> bareOpen = new ArrayList<>();
  private final Map<String, Map<String, Object>> phaseStalls = new LinkedHashMap<>();
  private final Hiccups hiccups = Hiccups.start();
  /** Redis' process for the CPU report, when it is a local one (a container's pid is not this machine's). */
  private Optional<Long> redisPid = Optional.empty();

  private Benchmark(long measureMs, Path out) {
    this.measureMs = measureMs;
    this.warmupMs = Math.max(1_000, measureMs / 4);
    this.out = out;
  }

  /** Arguments: [seconds per measurement, default 10] [output folder, default load-tests/results]. */
  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    Path out = Path.of(args.length > 1 ? args[1] : "load-tests/results");
    Files.createDirectories(out);
    try {
      new Benchmark(seconds * 1_000, out).run();
    } catch (Exception e) {
      // Vert.x's event-loop threads are not daemons: without the exit a failed run would never end.
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private void run() throws Exception {
    report.put("machine", machine());
    try (RedisServer redis = RedisFixture.startPrivate()) {
      // The native transport, where there is one, lets the open model's senders wake more often than every 1 ms.
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
      Admin admin = new Admin(vertx, redis.url());
      redisPid = info(admin, "server", "process_id").map(Long::parseLong).filter(pid -> ProcessHandle.of(pid)
        .flatMap(process -> process.info().command()).filter(command -> command.contains("redis")).isPresent());
      admin.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("8gb"));
      admin.send(Request.cmd(Command.CONFIG).arg("SET").arg("latency-monitor-threshold").arg(REDIS_STALL_MS));
      List<Baselines.Limit> limits = Baselines.installed("redis-benchmark") ? Baselines.redis(redis.port(), 100_000) : List.of();
      report.put("redisBaselines", limits);
      Path jar = Path.of("target/audit-cache.jar");
      List<LoadRun.Result> http = new ArrayList<>();
      List<Baselines.WrkResult> wrk = new ArrayList<>();
      Map<String, String> common = Map.of("AUDIT_CACHE_REDIS_URL", redis.url(), "AUDIT_CACHE_KEY_PREFIX", "bench-" + UUID.randomUUID());
      List<Baselines.WrkResult> bare;
      // The bare servers run beside ours from the start, so that each of our open phases is paired at once with the
      // bare server's at the same rate (see measure): run minutes later, after all of ours, the bare phases met a
      // generator that had finished compiling (its JIT took 3-6 % of a core in our first open phase, under 1 % in the
      // bare one's).
      try (ServerProcess bareMemory = ServerProcess.bare(freePort(), "memory", redis.url(), out.resolve("bare-memory.log"));
           ServerProcess bareRedis = ServerProcess.bare(freePort(), "redis", redis.url(), out.resolve("bare-redis.log"))) {
        preload(bareMemory.port(), LRU_SET);
        try (ServerProcess server = ServerProcess.start(jar, freePort(), common, out.resolve("server-lru.log"))) {
          warmUp(server.port(), LRU_SET);
          http.addAll(measure(vertx, server, lruScenarios(), admin,
            Map.of("get-lru", bareMemory, "set", bareRedis, "batch-set", bareRedis, "sequence", bareRedis,
              "append", bareRedis, "append-next", bareRedis)));
          wrk.addAll(wrkRuns(server.port(), false, admin));
        }
        // The write scenarios' events are not read again: without this, the next server's preload can meet maxmemory.
        admin.send(Request.cmd(Command.FLUSHALL));
        Map<String, String> noLru = new LinkedHashMap<>(common);
        noLru.put("AUDIT_CACHE_CACHE_LRU_SIZE", "0");
        try (ServerProcess server = ServerProcess.start(jar, freePort(), noLru, out.resolve("server-redis.log"))) {
          // On the emptied Redis, before any load: after the wrk batches, Redis freed the big query buffers of idle
          // connections while the events were being written, and the figure swung from 2,069 to 2,425 bytes.
          report.put("redisMemory", redisMemory(server.port(), admin));
          preload(server.port(), READ_SPACE);
          preload(bareRedis.port(), READ_SPACE);
          http.addAll(measure(vertx, server, redisScenarios(), admin, Map.of("get-redis", bareRedis)));
          wrk.addAll(wrkRuns(server.port(), true, admin));
        }
        bare = bareRuns(admin, bareMemory, bareRedis);
      }
      report.put("http", http.stream().map(Benchmark::json).toList());
      report.put("wrk", wrk);
      report.put("bareVertx", bare);
      report.put("bareOpenModel", bareOpen.stream().map(Benchmark::json).toList());
      report.put("openPhaseStalls", phaseStalls);
      report.put("eventBus", busRuns(redis).stream().map(Benchmark::json).toList());
      report.put("lruHeap", lruHeap());
      List<Summary.Row> summary = Summary.rows(wrk, bare, limits);
      report.put("summary", summary);
      System.out.print("\n" + Summary.table(summary));
      vertx.close().await();
    }
    Report.write(report, out);
  }

  private List<Scenario> lruScenarios() {
    return List.of(
      Scenario.read("get-lru", "GET /v1/events/{id}, LRU hit", n -> get(n % LRU_SET)),
      Scenario.write("set", "POST /v1/events, a new 2 KB event", n ->
        new Scenario.Request(HttpMethod.POST, "/v1/events", BenchEvents.event(n))),
      Scenario.batch("batch-set", "POST /v1/events/batch, 100 new 2 KB events", n ->
        new Scenario.Request(HttpMethod.POST, "/v1/events/batch", BenchEvents.batch(n * 100, 100))),
      Scenario.write("sequence", "POST /v1/chains/bench/sequence", n ->
        new Scenario.Request(HttpMethod.POST, "/v1/chains/bench/sequence", null), 200),
      Scenario.write("append", "POST /v1/chains/{chain}/append, first append of a chain", n ->
        new Scenario.Request(HttpMethod.POST, "/v1/chains/a" + n + "/append",
          Buffer.buffer("{\"sequence\":1,\"hash\":\"sha256:" + n + "\"}")), 200),
      Scenario.write("append-next", "POST /v1/chains/{chain}/append, next entry of a cached chain", ChainAppends::next, 200)
        .alignedTo(ChainAppends.GROUP),
      Scenario.write("mix", "70% LRU get, 20% set, 5% sequence, 5% lookup of 100", this::mixed));
  }

  private List<Scenario> redisScenarios() {
    return List.of(
      Scenario.read("get-redis", "GET /v1/events/{id}, Redis hit (lruSize 0)", n -> get(Math.floorMod(n * 7_919, READ_SPACE))),
      Scenario.batch("lookup", "POST /v1/events/lookup of 100 ids, Redis hits (lruSize 0)", n ->
        new Scenario.Request(HttpMethod.POST, "/v1/events/lookup", BenchEvents.lookup(n, 100, READ_SPACE))));
  }

  private Scenario.Request mixed(long n) {
    long pick = Math.floorMod(n * 31, 100);
    if (pick < 70) {
      return get(n % LRU_SET);
    }
    if (pick < 90) {
      return new Scenario.Request(HttpMethod.POST, "/v1/events", BenchEvents.event(n));
    }
    if (pick < 95) {
      return new Scenario.Request(HttpMethod.POST, "/v1/chains/bench/sequence", null);
    }
    return new Scenario.Request(HttpMethod.POST, "/v1/events/lookup", BenchEvents.lookup(n, 100, LRU_SET));
  }

  private static Scenario.Request get(long n) {
    return new Scenario.Request(HttpMethod.GET, "/v1/events/" + BenchEvents.id(n), null);
  }

  /**
   * Closed loop for the maximum, then the open model at half of it. A scenario with a bare server is measured both
   * ways round, ours, bare, bare, ours, each open phase after a closed one, and each server's two open phases count as
   * one: the generator still compiled in the first open phase of a pair (1.4-2 % of a core against 0-0.2 % in the
   * second), paused longer and sent later, and with ours always first that fell on our server alone. A fresh client per
   * phase, closed after. First every scenario runs unrecorded against both servers, so that their JITs have compiled
   * their paths before the first measurement.
   */
  private List<LoadRun.Result> measure(Vertx vertx, ServerProcess server, List<Scenario> scenarios, Admin admin,
                                       Map<String, ServerProcess> bareServers) {
    int port = server.port();
    List<LoadRun.Result> results = new ArrayList<>();
    Runnable restore = () -> warmUp(port, LRU_SET);
    for (Scenario scenario : scenarios) {
      runUnrecorded(vertx, port, scenario);
      if (bareServers.containsKey(scenario.name())) {
        runUnrecorded(vertx, bareServers.get(scenario.name()).port(), scenario);
      }
      HttpClient client = client(vertx, port);
      LoadRun load = new LoadRun(vertx, LoadRun.http(client), sequence);
      startRequests(scenario);
      LoadRun.Result max = load.closed(scenario, CONNECTIONS, warmupMs, measureMs);
      emptyRedisBeforeWrites(scenario, admin, restore);
      redisStalls(admin);
      OpenPhase half = open(load, scenario, Math.max(1, max.rps() / 2), server);
      client.close().await();
      results.add(max);
      System.out.println(Report.line(max) + "\n" + Report.line(half.result()) + stallsOf(half, server, admin));
      ServerProcess bare = bareServers.get(scenario.name());
      if (bare == null) {
        results.add(half.result());
        continue;
      }
      double rate = half.result().rps();
      String name = scenario.name();
      LoadRun.Result bareFirst = openAfterClosed(vertx, bare, scenario, "bare-" + name, rate, admin, restore);
      LoadRun.Result bareSecond = openAfterClosed(vertx, bare, scenario, "bare-" + name + " (2nd)", rate, admin, restore);
      LoadRun.Result ours = half.result().plus(openAfterClosed(vertx, server, scenario, name + " (2nd)", rate, admin,
        restore));
      LoadRun.Result bareBoth = bareFirst.plus(bareSecond);
      results.add(ours);
      bareOpen.add(bareBoth);
      System.out.printf("  %s both ways round: ours p99 %.2f ms, bare p99 %.2f ms%n", scenario.name(), ours.p99Ms(),
        bareBoth.p99Ms());
    }
    return results;
  }

  /**
   * Moves the request numbers on to where {@code scenario} may start, before each series of phases that may follow the
   * other server's: a scenario whose requests depend on their position (appends to a chain) must not begin mid-chain.
   */
  private void startRequests(Scenario scenario) {
    sequence.updateAndGet(scenario::startsAt);
  }

  /**
   * A scenario unrecorded in both modes. Both, because the generator's own open-model code, run first in the first
   * open phase, was compiled while that phase was being measured, and a 90-190 ms stall of the generator was recorded
   * as the server's p99.
   */
  private void runUnrecorded(Vertx vertx, int port, Scenario scenario) {
    startRequests(scenario);
    HttpClient client = client(vertx, port);
    LoadRun load = new LoadRun(vertx, LoadRun.http(client), sequence);
    LoadRun.Result rate = load.closed(scenario, CONNECTIONS, warmupMs / 2, warmupMs / 2);
    load.open(scenario, Math.max(1, rate.rps() / 2), warmupMs, 0);
    client.close().await();
  }

  /**
   * Before the open phase of a scenario that creates keys, empties Redis, for our server and the bare one alike,
   * then runs {@code restore} (what the server's later reads need). A growing Redis pays page faults (at 400 batches/s
   * it spent more time in the kernel than in its own code) and table growth; without this, our open phases ran on
   * the gigabytes written by every phase before them, and Redis used 66 % of a core for our batches against 37 % for
   * the bare server's at the same rate and cost per command (39 % against 36 % with it).
   */
  private static void emptyRedisBeforeWrites(Scenario scenario, Admin admin, Runnable restore) {
    if (CREATES_KEYS.contains(scenario.name())) {
      admin.send(Request.cmd(Command.FLUSHALL));
      restore.run();
    }
  }

  /** Writes events 0..count-1 (100 per batch) so that reads find them. */
  private static void preload(int port, long count) {
    preload(port, "/v1/events/batch", count);
  }

  /** Loads events 0..count-1 (100 per request) into Redis and our server's LRU, as users do before LRU reads. */
  private static void warmUp(int port, long count) {
    preload(port, "/v1/warmup", count);
  }

  private static void preload(int port, String path, long count) {
    for (long first = 0; first < count; first += 100) {
      send(port, "POST", path, BenchEvents.batch(first, (int) Math.min(100, count - first)));
    }
  }

  /**
   * Sends a JSON body with the JDK's own client, within 60 s, and requires a 2xx. Not the load's Vert.x client: after
   * the wrk runs, its pool was twice seen holding a request forever with no connection open to the server.
   */
  private static void send(int port, String method, String path, Buffer body) {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
      .method(method, java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.getBytes())).build();
    try {
      int status = SETUP_CLIENT.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 != 2) {
        throw new IllegalStateException(method + " " + path + " answered " + status);
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<Baselines.WrkResult> wrkRuns(int port, boolean redisHits, Admin admin) throws Exception {
    if (!Baselines.installed("wrk")) {
      return List.of();
    }
    List<Baselines.WrkResult> results = new ArrayList<>();
    if (redisHits) {
      results.add(wrk("get-redis", port, WrkScripts.get(READ_SPACE)));
    } else {
      results.add(wrk("get-lru", port, WrkScripts.get(LRU_SET)));
      results.add(wrk("sequence", port, WrkScripts.sequence()));
      results.add(wrkOnEmptyRedis("set", port, WrkScripts.set(), admin));
      results.add(wrkOnEmptyRedis("batch-set", port, WrkScripts.batch(), admin));
    }
    return results;
  }

  /**
   * A write run that starts, as the bare server's does, with Redis emptied by FLUSHALL. Redis reuses the memory it
   * freed; new memory costs it page faults and table growth, and after the generator's phases it held gigabytes:
   * the same batches measured 805-844/s after our generator's writes, against 1,316-1,330/s on the bare server's
   * emptied Redis, and the same as the bare server with both on an empty one.
   */
  private Baselines.WrkResult wrkOnEmptyRedis(String scenario, int port, String script, Admin admin) throws Exception {
    admin.send(Request.cmd(Command.FLUSHALL));
    return wrk(scenario, port, script);
  }

  /**
   * The same wrk runs against the {@link BareServer}s, in memory and proxying to the same private Redis: the ceiling
   * of Vert.x and HTTP on this machine, which the targets were calibrated with.
   */
  private List<Baselines.WrkResult> bareRuns(Admin admin, ServerProcess bareMemory, ServerProcess bareRedis) throws Exception {
    if (!Baselines.installed("wrk")) {
      return List.of();
    }
    List<Baselines.WrkResult> results = new ArrayList<>();
    results.add(warmWrk("bare-memory-get", bareMemory.port(), WrkScripts.get(LRU_SET)));
    // Our runs' events are no longer read; with the bare server's writes they would reach maxmemory (noeviction)
    // in a 10 s run, and the bare batches would measure Redis' OOM errors.
    admin.send(Request.cmd(Command.FLUSHALL));
    preload(bareRedis.port(), READ_SPACE);
    results.add(warmWrk("bare-redis-get", bareRedis.port(), WrkScripts.get(READ_SPACE)));
    results.add(warmWrkOnEmptyRedis("bare-redis-set", bareRedis.port(), WrkScripts.set(), admin));
    results.add(warmWrkOnEmptyRedis("bare-redis-batch-set", bareRedis.port(), WrkScripts.batch(), admin));
    results.add(warmWrk("bare-redis-sequence", bareRedis.port(), WrkScripts.sequence()));
    return results;
  }

  /**
   * A closed phase as long as the one before our first open phase (the server has just run at its maximum for as long
   * each time), then an open phase at {@code rate}, both under {@code name}. Against a bare server: the latency this
   * machine and this generator give with none of our server's work, for our p99 to be read against. {@code restore}
   * puts back what our server's later phases read when Redis is emptied.
   */
  private LoadRun.Result openAfterClosed(Vertx vertx, ServerProcess server, Scenario scenario, String name, double rate,
                                         Admin admin, Runnable restore) {
    Scenario measured = scenario.renamed(name);
    HttpClient client = client(vertx, server.port());
    LoadRun load = new LoadRun(vertx, LoadRun.http(client), sequence);
    startRequests(scenario);
    load.closed(measured, CONNECTIONS, warmupMs, measureMs);
    emptyRedisBeforeWrites(scenario, admin, restore);
    redisStalls(admin);
    OpenPhase phase = open(load, measured, rate, server);
    client.close().await();
    System.out.println(Report.line(phase.result()) + stallsOf(phase, server, admin));
    return phase.result();
  }

  /**
   * A wrk run after an unrecorded one with the same script: the bare server's JVM starts cold, where ours was warmed
   * by the generator's phases of the same scenario.
   */
  private Baselines.WrkResult warmWrk(String scenario, int port, String script) throws Exception {
    Baselines.wrk(scenario, port, script, (int) Math.max(3, warmupMs / 1_000), out);
    return wrk(scenario, port, script);
  }

  private Baselines.WrkResult warmWrkOnEmptyRedis(String scenario, int port, String script, Admin admin) throws Exception {
    Baselines.wrk(scenario, port, script, (int) Math.max(3, warmupMs / 1_000), out);
    return wrkOnEmptyRedis(scenario, port, script, admin);
  }

  /** One wrk run of at least 3 s, printed as it completes. */
  private Baselines.WrkResult wrk(String scenario, int port, String script) throws Exception {
    Baselines.WrkResult result = Baselines.wrk(scenario, port, script, (int) Math.max(3, measureMs / 1_000), out);
    System.out.printf("  wrk %-20s %,10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
      result.scenario(), result.rps(), result.p50Ms(), result.p99Ms(), result.errors());
    return result;
  }

  /** The same operations from an event-loop context in the server's own JVM, without HTTP. */
  private List<LoadRun.Result> busRuns(RedisServer redis) {
    Properties properties = new Properties();
    properties.setProperty("audit-cache.http.port", "0");
    properties.setProperty("audit-cache.http.host", "127.0.0.1");
    properties.setProperty("audit-cache.redis.url", redis.url());
    properties.setProperty("audit-cache.keyPrefix", "bench-bus-" + UUID.randomUUID());
    AuditCacheConfig config = ConfigLoader.load(null, Map.of(), properties);
    Vertx vertx = Registries.vertx(Registries.prometheus(), config.eventLoops(), config.nativeTransport());
    vertx.deployVerticle(new MainVerticle(config, Registries.prometheus())).await();
    for (long n = 0; n < LRU_SET; n++) {
      vertx.eventBus().request(Addresses.EVENTS_SET, BenchEvents.event(n)).await();
    }
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true).setSendTimeout(5_000);
    LoadRun load = new LoadRun(vertx, (scenario, n) -> vertx.eventBus()
      .request(scenario.name().startsWith("bus-get-lru") ? Addresses.EVENTS_GET : Addresses.CHAINS_NEXT_SEQUENCE,
        busRequest(scenario.name(), n), local)
      .map(reply -> true), sequence);
    List<Scenario> scenarios = List.of(
      Scenario.read("bus-get-lru", "audit.cache.events.get, LRU hit, JsonObject", n -> null),
      Scenario.read("bus-get-lru-buffer", "audit.cache.events.get, LRU hit, JSON text in a Buffer", n -> null),
      Scenario.write("bus-sequence", "audit.cache.chains.next-sequence", n -> null));
    // Unrecorded first, as over HTTP: the first scenario measured 110k/s cold and 156-170k/s once compiled.
    scenarios.forEach(scenario -> load.closed(scenario, 256, warmupMs, 0));
    List<LoadRun.Result> results = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      LoadRun.Result result = load.closed(scenario, 256, warmupMs, measureMs);
      results.add(result);
      System.out.println(Report.line(result));
    }
    vertx.close().await();
    return results;
  }

  /**
   * A bus scenario's request. Consumers reply in the request's form: to a {@code JsonObject} with the event decoded
   * into one, to a {@code Buffer} with the cached bytes as they are, so the two LRU gets show what decoding costs.
   */
  private static Object busRequest(String scenario, long n) {
    String id = BenchEvents.id(n % LRU_SET);
    return switch (scenario) {
      case "bus-get-lru" -> new JsonObject().put("id", id);
      case "bus-get-lru-buffer" -> Buffer.buffer("{\"id\":\"" + id + "\"}");
      default -> new JsonObject().put("chain", "bench");
    };
  }

  /** Redis memory per event (20,000 events of ~2 KB) and per hash-range entry (10,000 SHA-256 hex hashes). */
  private Map<String, Object> redisMemory(int port, Admin admin) {
    long before = usedMemory(admin);
    long first = sequence.getAndAdd(20_000);
    for (long n = first; n < first + 20_000; n += 100) {
      send(port, "POST", "/v1/events/batch", BenchEvents.batch(n, 100));
    }
    long afterEvents = usedMemory(admin);
    for (int start = 0; start < 10_000; start += 100) {
      JsonObject hashes = new JsonObject();
      for (int seq = start; seq < start + 100; seq++) {
        hashes.put(Integer.toString(seq), String.format("%064x", (long) seq * 2_654_435_761L));
      }
      send(port, "PUT", "/v1/chains/memory/hashes", hashes.toBuffer());
    }
    long afterHashes = usedMemory(admin);
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("bytesPerEvent", (afterEvents - before) / 20_000.0);
    memory.put("eventJsonBytes", BenchEvents.json(first).length());
    memory.put("bytesPerHashEntry", (afterHashes - afterEvents) / 10_000.0);
    System.out.printf("  Redis memory: %.0f bytes per ~2 KB event, %.1f bytes per hash entry%n",
      memory.get("bytesPerEvent"), memory.get("bytesPerHashEntry"));
    return memory;
  }

  /** One short-lived connection per admin command: a pooled one left idle while the load runs was seen to hang. */
  private record Admin(Vertx vertx, String url) {
    io.vertx.redis.client.Response send(Request request) {
      Redis client = Redis.createClient(vertx, url);
      try {
        return client.send(request).await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("Redis did not answer " + request.command() + " within 10 s", e);
      } finally {
        client.close();
      }
    }
  }

  /** An open phase's result, and the CPU shares of the processes over its measurement. */
  private record OpenPhase(LoadRun.Result result, Map<String, Double> cpu) {
  }

  /**
   * The open phase at {@code rate} after a warm-up of {@code warmupMs}, with the CPU shares over its measurement
   * alone: read when its warm-up ends (on a thread of its own, so that no sender waits for /proc) and as soon as it
   * ends (before its client closes). The generator recompiles as an open phase starts after a closed one: in our first
   * LRU phase a JFR recording showed 50 deoptimisations, then 450 ms of C2 compiles, in its first 0.5 s. A warm-up of
   * half as long ended inside them, and a CPU window over the whole phase counted them as the measurement's.
   */
  private OpenPhase open(LoadRun load, Scenario scenario, double rate, ServerProcess server) {
    CompletableFuture<CpuShare.Sample> measuring = CompletableFuture.supplyAsync(() -> CpuShare.sample(processes(server)),
      CompletableFuture.delayedExecutor(warmupMs, TimeUnit.MILLISECONDS));
    LoadRun.Result result = load.open(scenario, rate, warmupMs, measureMs);
    return new OpenPhase(result, CpuShare.between(measuring.join(), CpuShare.sample(processes(server))));
  }

  /**
   * Records what happened during an open phase that has just ended, as a note for its line: the generator's own lag
   * in sending, the stretches with a request of {@link LoadRun#STALL_MS} or more, the safepoints of the measured server
   * and of the generator over the phase's last {@code measureMs}, Redis' stalls (see {@link #redisStalls(Admin)}), the
   * CPU each process had during the measurement, and the machine's {@link Hiccups}.
   */
  private String stallsOf(OpenPhase open, ServerProcess server, Admin admin) {
    LoadRun.Result phase = open.result();
    Map<String, Double> shares = open.cpu();
    long end = System.currentTimeMillis();
    double lagP99Ms = phase.sendLagUs().getValueAtPercentile(99) / 1_000.0;
    double lagMaxMs = phase.sendLagUs().getMaxValue() / 1_000.0;
    JvmPauses pauses = server.pauses(end - measureMs, end);
    Map<String, Long> redis = redisStalls(admin);
    List<Hiccups.Hiccup> machine = hiccups.within(end - measureMs, end);
    Map<String, Object> stalls = new LinkedHashMap<>();
    stalls.put("sendLagP99Ms", lagP99Ms);
    stalls.put("sendLagMaxMs", lagMaxMs);
    stalls.put("stalls", phase.stalls());
    stalls.put("server", pauses);
    stalls.put("redisLatencyMs", redis);
    stalls.put("cpuPercent", shares);
    stalls.put("machineHiccups", machine);
    String note = String.format("%n    generator sent late by p99 %.2f ms, at most %.1f ms; requests of %d ms or more: %s",
      lagP99Ms, lagMaxMs, LoadRun.STALL_MS, moments(phase.stalls(), LoadRun.Stall::worstMs, LoadRun.Stall::fromMillis))
      + "\n    server: " + pauses + "; Redis: "
      + (redis.isEmpty() ? "no stall of " + REDIS_STALL_MS + " ms or more" : redis + " ms");
    // benchmark.sh has this JVM write it; run otherwise, the generator's pauses are not known.
    Path generatorLog = out.resolve("generator-gc.log");
    if (Files.exists(generatorLog)) {
      JvmPauses generator = JvmPauses.within(generatorLog, end - measureMs, end);
      stalls.put("generator", generator);
      note += "\n    generator: " + generator;
    }
    phaseStalls.put(phase.scenario() + " " + phase.mode(), stalls);
    return note + "\n    CPU %: " + shares + "\n    a sleeping thread of the generator woke 5 ms or more late: "
      + moments(machine, Hiccups.Hiccup::lateMs, Hiccups.Hiccup::atMillis);
  }

  /** {@code [44 ms at 2026-11-24T08:51:19.001Z, ...]}, or "none". */
  private static <T> String moments(List<T> events, ToDoubleFunction<T> ms, ToLongFunction<T> atMillis) {
    return events.isEmpty() ? "none" : events.stream()
      .map(event -> String.format("%.0f ms at %s", ms.applyAsDouble(event), Instant.ofEpochMilli(atMillis.applyAsLong(event))))
      .toList().toString();
  }

  /** The processes whose CPU a phase reports: the measured server, Redis (when local) and this generator. */
  private Map<String, Long> processes(ServerProcess server) {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("server", server.pid());
    redisPid.ifPresent(pid -> pids.put("redis", pid));
    pids.put("generator", ProcessHandle.current().pid());
    return pids;
  }

  /**
   * The worst latency, per kind of event ({@code command}, {@code fast-command}, {@code expire-cycle}, ...), of at
   * least {@link #REDIS_STALL_MS} ms that Redis' latency monitor saw since the last call, which it then resets. A
   * phase whose p99 is far above the bare server's tells with it whether Redis itself was slow.
   */
  private static Map<String, Long> redisStalls(Admin admin) {
    Map<String, Long> stalls = new TreeMap<>();
    for (io.vertx.redis.client.Response event : admin.send(Request.cmd(Command.LATENCY).arg("LATEST"))) {
      stalls.put(event.get(0).toString(), event.get(3).toLong());
    }
    admin.send(Request.cmd(Command.LATENCY).arg("RESET"));
    return stalls;
  }

  private static long usedMemory(Admin admin) {
    return Long.parseLong(info(admin, "memory", "used_memory")
      .orElseThrow(() -> new IllegalStateException("INFO memory has no used_memory")));
  }

  /** One field of a section of Redis' INFO. */
  private static Optional<String> info(Admin admin, String section, String field) {
    String info = admin.send(Request.cmd(Command.INFO).arg(section)).toString();
    return Arrays.stream(info.split("\r?\n")).filter(line -> line.startsWith(field + ":"))
      .map(line -> line.substring(field.length() + 1).trim()).findFirst();
  }

  /** Heap held by an LRU of 10,000 events of ~2 KB, measured as {@link MemoryFootprint} does. */
  private static Map<String, Object> lruHeap() throws InterruptedException {
    long held = MemoryFootprint.heapHeldByFullLru();
    Map<String, Object> heap = new LinkedHashMap<>();
    heap.put("events", MemoryFootprint.EVENTS);
    heap.put("heapMB", held / 1e6);
    System.out.printf("  LRU heap: %.1f MB for 10,000 events of ~2 KB%n", held / 1e6);
    return heap;
  }

  private static Map<String, Object> json(LoadRun.Result result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", result.scenario());
    json.put("mode", result.mode());
    json.put("rps", Math.round(result.rps()));
    json.put("ok", result.ok());
    json.put("failed", result.failed());
    json.put("p50Ms", result.p50Ms());
    json.put("p99Ms", result.p99Ms());
    json.put("p999Ms", result.p999Ms());
    json.put("maxMs", result.maxMs());
    return json;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("date", Instant.now().toString());
    return machine;
  }

  private static HttpClient client(Vertx vertx, int port) {
    return vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setTcpNoDelay(true).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
