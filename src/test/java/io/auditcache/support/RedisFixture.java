package io.auditcache.support;

import org.testcontainers.DockerClientFactory;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * The one way tests get a Redis: a Testcontainers container when a Docker engine answers, otherwise a private
 * local {@code redis-server}. {@code AUDIT_CACHE_TEST_REDIS=container|local} forces one path. Tests never touch the
 * shared Redis on 6379.
 */
public final class RedisFixture {

  private static final Logger LOG = Logger.getLogger(RedisFixture.class.getName());
  private static RedisServer shared;
  private static Boolean docker;

  private RedisFixture() {
  }

  /**
   * The Redis shared by the tests of this JVM, started on first use and stopped when the JVM exits. Tests isolate
   * themselves with a unique key prefix and must not stop or flush it: use {@link #startPrivate()} for that.
   */
  public static synchronized RedisServer shared() {
    if (shared == null) {
      shared = startPrivate();
      RedisServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-fixture-shutdown"));
    }
    return shared;
  }

  /** A Redis of the caller's own, for tests that stop, restart or flush it; the caller closes it. */
  public static RedisServer startPrivate() {
    boolean container = useContainer();
    RedisServer server = container ? new ContainerRedisServer() : new LocalRedisServer();
    LOG.info("test Redis " + (container ? "container" : "process") + " at " + server.url());
    return server;
  }

  private static boolean useContainer() {
    String forced = System.getenv().getOrDefault("AUDIT_CACHE_TEST_REDIS", "auto").toLowerCase(Locale.ROOT);
    return switch (forced) {
      case "container" -> true;
      case "local" -> false;
      default -> dockerAvailable();
    };
  }

  private static synchronized boolean dockerAvailable() {
    if (docker == null) {
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        docker = false;
      }
    }
    return docker;
  }
}
