package io.auditcache;

import io.auditcache.config.AuditCacheConfig;
import io.auditcache.config.ConfigException;
import io.auditcache.config.ConfigLoader;
import io.auditcache.config.Logging;
import io.auditcache.metrics.Registries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar audit-cache.jar [--config FILE]}: loads the configuration, builds the meter registry and Vert.x,
 * and deploys {@link MainVerticle}. Exit status 2 for bad configuration, 1 when the server cannot start.
 */
public final class Main {

  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {
  }

  public static void main(String[] args) {
    AuditCacheConfig config;
    try {
      config = ConfigLoader.fromProcess(args);
    } catch (ConfigException e) {
      System.err.println("audit-cache: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logging.configure(config.log());
    PrometheusMeterRegistry registry = Registries.prometheus();
    Vertx vertx = Registries.vertx(registry, config.eventLoops(), config.nativeTransport());
    MainVerticle server = new MainVerticle(config, registry);
    vertx.deployVerticle(server)
      .onSuccess(id -> LOG.info("audit-cache listening on port " + server.state().port()
        + ", Redis " + config.redis().url().replaceAll("//[^@/]*@", "//***@") + ", " + transport(vertx, config)))
      .onFailure(failure -> {
        LOG.log(Level.SEVERE, "audit-cache failed to start: " + failure.getMessage(), failure);
        vertx.close().onComplete(closed -> System.exit(1));
      });
    long shutdownMs = config.http().drainDelayMs() + config.http().shutdownTimeoutMs() + 5_000;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(vertx, server, shutdownMs), "audit-cache-shutdown"));
  }

  /** Which transport the sockets use and, when the native one was wanted but did not load, why. */
  private static String transport(Vertx vertx, AuditCacheConfig config) {
    if (vertx.isNativeTransportEnabled()) {
      return "native transport";
    }
    Throwable cause = vertx.unavailableNativeTransportCause();
    return config.nativeTransport() && cause != null ? "NIO transport (native unavailable: " + cause + ")" : "NIO transport";
  }

  /** SIGTERM: drain (readiness 503, finish in flight), then close everything, Redis clients included. */
  private static void shutDown(Vertx vertx, MainVerticle server, long timeoutMs) {
    Logging.printNow(Level.INFO, Main.class.getName(), "SIGTERM: readiness is 503, draining");
    long start = System.nanoTime();
    try {
      server.drain().await(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      Logging.printNow(Level.WARNING, Main.class.getName(), "draining did not complete: " + e);
    }
    try {
      vertx.close().await(timeoutMs, TimeUnit.MILLISECONDS);
      Logging.printNow(Level.INFO, Main.class.getName(),
        "shut down in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } catch (Exception e) {
      Logging.printNow(Level.WARNING, Main.class.getName(), "closing did not complete: " + e);
    }
  }

}
