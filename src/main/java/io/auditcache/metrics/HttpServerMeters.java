package io.auditcache.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's request meters, under vertx-micrometer's names, labels ({@code method}, {@code route},
 * {@code code}) and descriptions: requests, response time, request and response bytes, active requests and resets.
 * vertx-micrometer 5 builds each request's tags and looks its five meters up in the registry anew (it keeps no meter
 * cache); here each label set's meters are looked up once and kept. That lookup measured about 7 % of the CPU of an
 * LRU-hit GET (async-profiler, wrk, see load-tests/HISTORY.md).
 *
 * <p>Connection meters (active connections, bytes read and written, errors) are vertx-micrometer's own, which already
 * keeps them per connection: those calls go to {@code connections}. Thread-safe: one instance serves every event loop
 * of a shared server.
 *
 * @param <S> vertx-micrometer's connection metric, passed through untouched
 */
final class HttpServerMeters<S> implements HttpServerMetrics<HttpServerMeters.Exchange, Object, S> {

  private final MeterRegistry registry;
  private final HttpServerMetrics<Object, Object, S> connections;
  private final Names names;
  private final Map<HttpMethod, MethodMeters> byMethod = new ConcurrentHashMap<>();
  private final Map<ResponseLabels, ResponseMeters> byResponse = new ConcurrentHashMap<>();

  HttpServerMeters(MeterRegistry registry, MetricsNaming naming, HttpServerMetrics<Object, Object, S> connections) {
    this.registry = registry;
    this.connections = connections;
    this.names = new Names(naming);
  }

  @Override
  public Exchange requestBegin(S socketMetric, HttpRequest request) {
    return begin(request.method());
  }

  @Override
  public Exchange responsePushed(S socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return begin(method);
  }

  @Override
  public void requestRouted(Exchange exchange, String route) {
    exchange.addRoute(route);
  }

  @Override
  public void requestEnd(Exchange exchange, HttpRequest request, long bytesRead) {
    exchange.method.requestBytes.record(bytesRead);
    exchange.requestEnded = true;
    exchange.finishIfBothEnded();
  }

  @Override
  public void requestReset(Exchange exchange) {
    exchange.method.resets.increment();
    exchange.finish();
  }

  @Override
  public void responseEnd(Exchange exchange, HttpResponse response, long bytesWritten) {
    ResponseLabels labels = new ResponseLabels(exchange.method.method, exchange.route, response.statusCode());
    ResponseMeters meters = byResponse.get(labels);
    if (meters == null) {
      meters = byResponse.computeIfAbsent(labels, this::responseMeters);
    }
    meters.requests.increment();
    meters.time.record(System.nanoTime() - exchange.startNanos, TimeUnit.NANOSECONDS);
    meters.bytes.record(bytesWritten);
    exchange.responseEnded = true;
    exchange.finishIfBothEnded();
  }

  @Override
  public S connected(SocketAddress remoteAddress, String remoteName) {
    return connections.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(S socketMetric, SocketAddress remoteAddress) {
    connections.disconnected(socketMetric, remoteAddress);
  }

  @Override
  public void bytesRead(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesRead(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(S socketMetric, SocketAddress remoteAddress, Throwable t) {
    connections.exceptionOccurred(socketMetric, remoteAddress, t);
  }

  @Override
  public Object connected(S socketMetric, Exchange exchange, ServerWebSocket webSocket) {
    // vertx-micrometer's WebSocket gauge reads only the connection's tags, never its own request metric.
    return connections.connected(socketMetric, null, webSocket);
  }

  @Override
  public void disconnected(Object webSocketMetric) {
    connections.disconnected(webSocketMetric);
  }

  @Override
  public void close() {
    connections.close();
  }

  private Exchange begin(HttpMethod method) {
    MethodMeters meters = byMethod.get(method);
    if (meters == null) {
      meters = byMethod.computeIfAbsent(method, this::methodMeters);
    }
    meters.active.increment();
    return new Exchange(meters);
  }

  private MethodMeters methodMeters(HttpMethod method) {
    String label = method.name();
    LongAdder active = SharedGauges.counter(registry, names.activeRequests, "Number of requests being processed",
      Tags.of(Label.HTTP_METHOD.toString(), label));
    return new MethodMeters(method, active,
      DistributionSummary.builder(names.requestBytes).description("Size of requests in bytes")
        .tag(Label.HTTP_METHOD.toString(), label).register(registry),
      Counter.builder(names.resets).description("Number of request resets")
        .tag(Label.HTTP_METHOD.toString(), label).register(registry));
  }

  private ResponseMeters responseMeters(ResponseLabels labels) {
    String[] tags = {Label.HTTP_METHOD.toString(), labels.method.name(), Label.HTTP_ROUTE.toString(), labels.route,
      Label.HTTP_CODE.toString(), Integer.toString(labels.code)};
    return new ResponseMeters(
      Counter.builder(names.requests).description("Number of processed requests").tags(tags).register(registry),
      Timer.builder(names.responseTime).description("Request processing time").tags(tags).register(registry),
      DistributionSummary.builder(names.responseBytes).description("Size of responses in bytes").tags(tags)
        .register(registry));
  }

  /** vertx-micrometer's meter names for the HTTP server, as its options name them. */
  private static final class Names {
    final String requests;
    final String responseTime;
    final String requestBytes;
    final String responseBytes;
    final String activeRequests;
    final String resets;

    Names(MetricsNaming naming) {
      String prefix = MetricsDomain.HTTP_SERVER.getPrefix();
      requests = prefix + naming.getHttpRequestsCount();
      responseTime = prefix + naming.getHttpResponseTime();
      requestBytes = prefix + naming.getHttpRequestBytes();
      responseBytes = prefix + naming.getHttpResponseBytes();
      activeRequests = prefix + naming.getHttpActiveRequests();
      resets = prefix + naming.getHttpRequestResetsCount();
    }
  }

  private record MethodMeters(HttpMethod method, LongAdder active, DistributionSummary requestBytes, Counter resets) {
  }

  private record ResponseLabels(HttpMethod method, String route, int code) {
  }

  private record ResponseMeters(Counter requests, Timer time, DistributionSummary bytes) {
  }

  /**
   * One request and its response. Active until both have ended or the request was reset; the route is every matched
   * named route, joined by {@code >} as vertx-micrometer does.
   */
  static final class Exchange {
    private final MethodMeters method;
    private final long startNanos = System.nanoTime();
    private String route = "";
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean finished;

    private Exchange(MethodMeters method) {
      this.method = method;
    }

    private void addRoute(String matched) {
      if (matched != null) {
        route = route.isEmpty() ? matched : route + '>' + matched;
      }
    }

    private void finishIfBothEnded() {
      if (requestEnded && responseEnded) {
        finish();
      }
    }

    private void finish() {
      if (!finished) {
        finished = true;
        method.active.decrement();
      }
    }
  }
}
