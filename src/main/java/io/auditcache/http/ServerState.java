package io.auditcache.http;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the HTTP verticles report about the whole instance: readiness (deployed and not draining) and the port they
 * listen on. Shared by every HTTP verticle instance of one Vert.x instance; thread-safe.
 */
public final class ServerState {

  private final AtomicBoolean ready = new AtomicBoolean();
  private volatile int port;

  /** Everything is deployed: the instance may receive traffic. */
  public void markReady() {
    ready.set(true);
  }

  /** Shutting down: readiness turns 503 so that load balancers stop sending traffic. */
  public void markDraining() {
    ready.set(false);
  }

  public boolean isReady() {
    return ready.get();
  }

  /** The port the HTTP server actually listens on (differs from the configured one when that is 0). */
  public int port() {
    return port;
  }

  void port(int actualPort) {
    this.port = actualPort;
  }
}
