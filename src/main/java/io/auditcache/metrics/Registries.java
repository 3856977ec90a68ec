package io.auditcache.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The Prometheus registry the server exports at {@code /metrics}. */
public final class Registries {

  private Registries() {
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
      .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"));
    return registry;
  }
}
