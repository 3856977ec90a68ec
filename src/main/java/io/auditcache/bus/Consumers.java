package io.auditcache.bus;

import io.auditcache.metrics.AuditMeters;
import io.auditcache.metrics.Operation;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Registers one verticle's request/reply consumers, which follow {@link Messages}' rules for bodies, replies and
 * failures. Each address is served twice by the same handler: on the shared address (the contract, spread over every
 * consumer, reachable from the cluster) and on its {@link LoopLocalAddresses twin} on this verticle's event loop.
 * Created and used on the verticle's event loop.
 */
public final class Consumers {

  private final Vertx vertx;
  private final LoopLocalAddresses loopLocal;
  private final List<String> served = new ArrayList<>();

  public Consumers(Vertx vertx, LoopLocalAddresses loopLocal) {
    this.vertx = vertx;
    this.loopLocal = loopLocal;
  }

  /**
   * Serves an address: the handler's future result (a {@link JsonObject} or JSON text in a {@link Buffer}) is the
   * reply; a failure, thrown or in the future, is {@code fail(status, problem)}.
   *
   * @return completes once both registrations are done (the shared one on the possibly clustered event bus)
   */
  public Future<Void> serve(String address, Function<Message<Object>, Future<?>> handler) {
    Handler<Message<Object>> replying = message -> {
      try {
        handler.apply(message).onComplete(done -> {
          if (done.failed()) {
            Messages.fail(message, done.cause());
          } else if (done.result() instanceof Buffer text) {
            Messages.reply(message, text);
          } else {
            Messages.reply(message, (JsonObject) done.result());
          }
        });
      } catch (RuntimeException invalid) {
        Messages.fail(message, invalid);
      }
    };
    served.add(address);
    return Future.all(vertx.eventBus().consumer(address, replying).completion(),
      loopLocal.serve(vertx.eventBus(), address, replying)).mapEmpty();
  }

  /** Like {@link #serve}, and times each request (and counts its server-side failures) as {@code operation}. */
  public Future<Void> serve(String address, AuditMeters meters, Operation operation,
                            Function<Message<Object>, Future<?>> handler) {
    return serve(address, message -> {
      long start = System.nanoTime();
      return meters.timed(operation, handler.apply(message), start);
    });
  }

  /**
   * From the verticle's stop: senders on this loop go back to the shared addresses before the consumers go (Vert.x
   * unregisters them with the verticle).
   */
  public void forgetLoopLocal() {
    served.forEach(loopLocal::forget);
  }
}
