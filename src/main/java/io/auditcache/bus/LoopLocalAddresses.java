package io.auditcache.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which addresses have a consumer on which event loop, so that a sender on that loop (an HTTP verticle) reaches a
 * consumer on its own thread. Each consumer of this server instance also serves its address as a local-only twin,
 * {@code <address>@<event-loop thread>}; {@link #target} picks the twin when one lives on the caller's loop, else
 * the shared address (which the event bus spreads over every consumer).
 *
 * <p>Why: a hand-off to another event loop costs a wake-up of that thread (a system call and a context switch) each
 * way. With HTTP and worker on one loop, Redis-hit GETs measured 57-61k/s against 41-48k/s across loops (wrk -t2
 * -c64, 2 cores, see load-tests/HISTORY.md).
 *
 * <p>Twins are an in-process detail, not part of the bus contract: external and clustered consumers use the shared
 * addresses of {@link Addresses}. One per server instance, shared by its verticles; thread-safe.
 */
public final class LoopLocalAddresses {

  private static final char SEPARATOR = '@';

  private final Set<String> served = ConcurrentHashMap.newKeySet();

  /** The twin of {@code address} on the calling thread's event loop. */
  private static String onThisLoop(String address) {
    return address + SEPARATOR + Thread.currentThread().getName();
  }

  /** The shared address a twin stands for (an address that is no twin stands for itself): one name in metrics. */
  public static String shared(String address) {
    int at = address.indexOf(SEPARATOR);
    return at < 0 ? address : address.substring(0, at);
  }

  /**
   * Serves {@code address}'s twin on the calling event loop with {@code handler}, until {@link #forget} is called
   * from the same loop.
   */
  <T> Future<Void> serve(EventBus bus, String address, Handler<Message<T>> handler) {
    String twin = onThisLoop(address);
    return bus.localConsumer(twin, handler).completion().onSuccess(registered -> served.add(twin));
  }

  /** Stops sending to {@code address}'s twin on the calling loop (its consumer goes with the verticle's undeploy). */
  void forget(String address) {
    served.remove(onThisLoop(address));
  }

  /** Where a sender on the calling thread should send to reach {@code address}: the twin on its loop, if any. */
  public String target(String address) {
    String twin = onThisLoop(address);
    return served.contains(twin) ? twin : address;
  }
}
