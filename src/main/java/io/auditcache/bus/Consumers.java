package io.auditcache.bus;

import io.auditcache.metrics.AuditMeters;
import io.auditcache.metrics.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/** Registers request/reply consumers that follow {@link Messages}' rules for bodies, replies and failures. */
public final class Consumers {

  private Consumers() {
  }

  /**
   * Serves an address: the handler's future result (a {@link JsonObject} or JSON text in a {@link Buffer}) is the
   * reply; a failure, thrown or in the future, is {@code fail(status, problem)}.
   *
   * @return completes once the registration has reached the (possibly clustered) event bus
   */
  public static Future<Void> serve(Vertx vertx, String address, Function<Message<Object>, Future<?>> handler) {
    return register(vertx, address, handler);
  }

  /** Like {@link #serve}, and times each request (and counts its server-side failures) as {@code operation}. */
  public static Future<Void> serve(Vertx vertx, String address, AuditMeters meters, Operation operation,
                                   Function<Message<Object>, Future<?>> handler) {
    return register(vertx, address, message -> {
      long start = System.nanoTime();
      return meters.timed(operation, handler.apply(message), start);
    });
  }

  private static Future<Void> register(Vertx vertx, String address, Function<Message<Object>, Future<?>> handler) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> {
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
    });
    return consumer.completion();
  }
}
