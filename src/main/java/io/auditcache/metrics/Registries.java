package io.auditcache.metrics;

import io.auditcache.bus.LoopLocalAddresses;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Arrays;
import java.util.EnumSet;

/** The Prometheus registry the server exports at {@code /metrics}. */
public final class Registries {

  /**
   * A consumer's loop-local twin address counts under its shared address: one series per address, not per loop.
   * Gauges cannot be merged that way (Micrometer ignores the second registration of an id, with a warning), so a
   * twin's handler and pending gauges are left out and the handler count is the shared address' consumers. Every
   * filter's {@code map} runs before any {@code accept}, hence one filter that does both.
   */
  private static final MeterFilter TWINS_AS_SHARED_ADDRESSES = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      String address = id.getTag("address");
      return isTwin(address) && id.getType() != Meter.Type.GAUGE
        ? id.replaceTags(Tags.of(id.getTagsAsIterable()).and("address", LoopLocalAddresses.shared(address))) : id;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
      return isTwin(id.getTag("address")) && id.getType() == Meter.Type.GAUGE ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }
  };

  private Registries() {
  }

  /**
   * A Vert.x whose own HTTP, event-bus and pool meters go to this registry, with bounded labels only (route
   * templates, never raw paths; pool names; bus addresses), and this many event-loop threads.
   */
  public static Vertx vertx(MeterRegistry registry, int eventLoops) {
    return Vertx.builder()
      .with(new VertxOptions().setEventLoopPoolSize(eventLoops).setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS,
          Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME))))
      .withMetrics(new MicrometerMetricsFactory(registry))
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
      .meterFilter(TWINS_AS_SHARED_ADDRESSES)
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

  private static boolean isTwin(String address) {
    return address != null && !LoopLocalAddresses.shared(address).equals(address);
  }
}
