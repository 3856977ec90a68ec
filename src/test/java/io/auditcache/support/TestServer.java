package io.auditcache.support;

import io.auditcache.MainVerticle;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.config.ConfigLoader;
import io.auditcache.metrics.Registries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The whole server (MainVerticle: cache workers + HTTP) in its own Vert.x instance against a test Redis, with a
 * unique key prefix, a free HTTP port, and a client to speak HTTP and the event bus as a user would. Two instances
 * against one Redis behave like two server processes.
 */
public final class TestServer implements AutoCloseable {

  private final Vertx vertx;
  private final WebClient http;
  private final Redis redis;
  private final AuditCacheConfig config;
  private final MainVerticle main;
  private final PrometheusMeterRegistry registry;

  private TestServer(PrometheusMeterRegistry registry, AuditCacheConfig config) {
    this.registry = registry;
    this.vertx = Registries.vertx(registry, config.eventLoops(), config.nativeTransport());
    this.config = config;
    this.main = new MainVerticle(config, registry);
    vertx.deployVerticle(main).await();
    this.http = WebClient.create(vertx,
      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.state().port()),
      new PoolOptions().setHttp1MaxSize(64));
    this.redis = Redis.createClient(vertx, config.redis().url());
  }

  /** A server with a fresh key prefix and these config overrides ({@code group.key} &rarr; value). */
  public static TestServer start(RedisServer redisServer, Map<String, Object> overrides) {
    return start(redisServer, "test-" + UUID.randomUUID(), overrides);
  }

  /** A server using the given key prefix, e.g. a second instance sharing another's data. */
  public static TestServer start(RedisServer redisServer, String keyPrefix, Map<String, Object> overrides) {
    Properties properties = new Properties();
    properties.setProperty("audit-cache.http.port", "0");
    properties.setProperty("audit-cache.http.host", "127.0.0.1");
    properties.setProperty("audit-cache.redis.url", redisServer.url());
    properties.setProperty("audit-cache.keyPrefix", keyPrefix);
    overrides.forEach((key, value) -> properties.setProperty("audit-cache." + key, String.valueOf(value)));
    AuditCacheConfig config = ConfigLoader.load(null, Map.of(), properties);
    return new TestServer(Registries.prometheus(), config);
  }

  public AuditCacheConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return main.state().port();
  }

  public MainVerticle main() {
    return main;
  }

  /** The meters the server registered. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public HttpResponse<Buffer> put(String path, JsonObject body) {
    return send(HttpMethod.PUT, path, "application/json", body.toBuffer());
  }

  /** Sends without waiting; {@code body} may be null; {@code headers} are name/value pairs. */
  public Future<HttpResponse<Buffer>> sendAsync(HttpMethod method, String path, JsonObject body, String... headers) {
    var request = http.request(method, path);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    if (body == null) {
      return request.send();
    }
    return request.putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer());
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, "application/json", body.toBuffer());
  }

  /** Sends without waiting, so that several requests can be in flight at once. */
  public Future<HttpResponse<Buffer>> postAsync(String path, JsonObject body) {
    return http.request(HttpMethod.POST, path).putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer());
  }

  /** Waits, without blocking an event loop, until the condition holds; fails after the timeout. */
  public void await(String what, java.util.function.BooleanSupplier condition, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
      }
      vertx.timer(20).await();
    }
  }

  public HttpResponse<Buffer> get(String path) {
    return http.request(HttpMethod.GET, path).send().await();
  }

  /** Sends and waits; {@code headers} are name/value pairs. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body, String... headers) {
    var request = http.request(method, path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return (body == null ? request.send() : request.sendBuffer(body)).await();
  }

  /** A command against the test Redis, to check what the server really stored. */
  public Response redis(Command command, Object... args) {
    Request request = Request.cmd(command);
    for (Object arg : args) {
      request.arg(String.valueOf(arg));
    }
    return redis.send(request).await();
  }

  /** The Redis key of an event under this server's prefix. */
  public String eventKey(String id) {
    return config.keyPrefix() + ":event:" + id;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
