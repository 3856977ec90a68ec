package io.auditcache.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * Vert.x' metrics: vertx-micrometer's, except the two that run on every request, the HTTP server's request meters
 * ({@link HttpServerMeters}) and the event bus' ({@link EventBusMeters}), which keep their meters instead of looking
 * them up per request. Names, labels and descriptions stay vertx-micrometer's, so dashboards do not change.
 */
final class VertxMeters implements VertxMetrics {

  private final VertxMetrics micrometer;
  private final MeterRegistry registry;
  private final MetricsNaming naming;

  private VertxMeters(VertxMetrics micrometer, MeterRegistry registry, MetricsNaming naming) {
    this.micrometer = micrometer;
    this.registry = registry;
    this.naming = naming;
  }

  /** Builds {@link VertxMeters} over vertx-micrometer's metrics for the same registry and options. */
  static final class Factory extends MicrometerMetricsFactory {
    private final MeterRegistry registry;

    Factory(MeterRegistry registry) {
      super(registry);
      this.registry = registry;
    }

    @Override
    public VertxMetrics metrics(VertxOptions options) {
      MicrometerMetricsOptions micrometerOptions = (MicrometerMetricsOptions) options.getMetricsOptions();
      return new VertxMeters(super.metrics(options), registry, micrometerOptions.getMetricsNaming());
    }
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return new EventBusMeters(registry, naming);
  }

  @Override
  @SuppressWarnings("unchecked")
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
    HttpServerMetrics<Object, Object, Object> connections =
      (HttpServerMetrics<Object, Object, Object>) micrometer.createHttpServerMetrics(options, localAddress);
    // None when the options disable the HTTP server's category: then neither kind of meter is wanted.
    return connections == null ? null : new HttpServerMeters<>(registry, naming, connections);
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return micrometer.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
    return micrometer.createHttpClientMetrics(options);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
    return micrometer.createNetServerMetrics(options, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
    return micrometer.createNetClientMetrics(options);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return micrometer.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    return micrometer.createPoolMetrics(type, name, maxSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    micrometer.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return micrometer.isMetricsEnabled();
  }

  @Override
  public void close() {
    micrometer.close();
  }
}
