package io.auditcache.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the HTTP verticles report about the whole instance: readiness (deployed and not draining) and the port they
 * listen on. Shared by every HTTP verticle instance of one Vert.x instance; thread-safe.
 */
public final class ServerState {

  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile int port;
  private volatile List<String> routes = List.of();

  /** Everything is deployed: the instance may receive traffic. */
  public void markReady() {
    started.set(true);
    ready.set(true);
  }

  /** Deployed once (the startup probe); stays true while draining. */
  public boolean isStarted() {
    return started.get();
  }

  /** Shutting down: readiness turns 503 so that load balancers stop sending traffic. */
  public void markDraining() {
    ready.set(false);
  }

  public boolean isReady() {
    return ready.get();
  }

  /** While draining, asks a keep-alive client to reconnect elsewhere, so that no connection outlives the drain. */
  void closeIfDraining(HttpServerResponse response) {
    if (!isReady()) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
  }

  /** The port the HTTP server actually listens on (differs from the configured one when that is 0). */
  public int port() {
    return port;
  }

  void port(int actualPort) {
    this.port = actualPort;
  }

  /** Every route the HTTP API serves, as {@code "METHOD /path/{param}"} (what the OpenAPI document must describe). */
  public List<String> routes() {
    return routes;
  }

  void routes(List<String> served) {
    this.routes = List.copyOf(served);
  }
}
