package io.auditcache.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Arrays;
import java.util.EnumSet;

/** The Prometheus registry the server exports at {@code /metrics}. */
public final class Registries {

  private Registries() {
  }

  /**
   * A Vert.x whose own HTTP, event-bus and pool meters go to this registry, with bounded labels only (route
   * templates, never raw paths; pool names; bus addresses), and this many event-loop threads. The HTTP request and
   * event-bus meters are {@link VertxMeters}' (method, route and code; address and failure).
   *
   * @param nativeTransport use Netty's native transport (epoll) where it loads, else NIO: see
   *                        {@code AuditCacheConfig#nativeTransport}
   */
  public static Vertx vertx(MeterRegistry registry, int eventLoops, boolean nativeTransport) {
    return Vertx.builder()
      .with(new VertxOptions().setPreferNativeTransport(nativeTransport).setEventLoopPoolSize(eventLoops).setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))))
      .withMetrics(new VertxMeters.Factory(registry))
      .build();
  }

  /**
   * A Prometheus registry whose output passes {@code promtool check metrics}: three JVM meters that Micrometer's
   * binders name against Prometheus conventions (a unit abbreviation in the name, a {@code _count} gauge) are left
   * out; the same facts are exported under conventional names by the other JVM and process meters.
   */
  public static PrometheusMeterRegistry prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
      .meterFilter(MeterFilter.denyNameStartsWith("jvm.compilation.time"))
      .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
      .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"))
      .meterFilter(new MeterFilter() {
        // Vert.x' HTTP server timer gets the same buckets as ours, so that p50/p99 by route can be computed.
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
          if (!id.getName().equals("vertx.http.server.response.time")) {
            return config;
          }
          double[] buckets = Arrays.stream(AuditMeters.BUCKETS).mapToDouble(bucket -> bucket.toNanos()).toArray();
          return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(config);
        }
      });
    return registry;
  }
}
