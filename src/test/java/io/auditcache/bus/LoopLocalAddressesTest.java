package io.auditcache.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class LoopLocalAddressesTest {

  private static final String ADDRESS = "audit.cache.test.echo";

  private final LoopLocalAddresses loopLocal = new LoopLocalAddresses();
  private Vertx vertx;
  private Context serving;
  private Context other;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    serving = contextOfAVerticle();
    other = contextOfAVerticle();
    assertThat(threadOf(serving)).isNotEqualTo(threadOf(other));
    vertx.eventBus().consumer(ADDRESS, message -> message.reply("shared"));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void a_sender_on_the_consumers_loop_reaches_the_twin_and_others_the_shared_address() {
    awaited(serving, () -> loopLocal.serve(vertx.eventBus(), ADDRESS, message -> message.reply("twin")));

    assertThat(on(serving, () -> loopLocal.target(ADDRESS))).isEqualTo(ADDRESS + "@" + threadOf(serving));
    assertThat(awaited(serving, () -> request(loopLocal.target(ADDRESS)))).isEqualTo("twin");
    assertThat(on(other, () -> loopLocal.target(ADDRESS))).isEqualTo(ADDRESS);
    assertThat(awaited(other, () -> request(loopLocal.target(ADDRESS)))).isEqualTo("shared");
  }

  @Test
  void a_forgotten_twin_is_no_longer_a_target() {
    awaited(serving, () -> loopLocal.serve(vertx.eventBus(), ADDRESS, message -> message.reply("twin")));

    on(serving, () -> {
      loopLocal.forget(ADDRESS);
      return null;
    });

    assertThat(on(serving, () -> loopLocal.target(ADDRESS))).isEqualTo(ADDRESS);
  }

  @Test
  void shared_names_the_address_a_twin_stands_for() {
    assertThat(LoopLocalAddresses.shared(ADDRESS + "@vert.x-eventloop-thread-3")).isEqualTo(ADDRESS);
    assertThat(LoopLocalAddresses.shared(ADDRESS)).isEqualTo(ADDRESS);
  }

  /** A deployed verticle's context: each deployment takes the next event loop. */
  private Context contextOfAVerticle() {
    Promise<Context> deployed = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        deployed.complete(context);
        return Future.succeededFuture();
      }
    }).await();
    return deployed.future().await();
  }

  private Future<Object> request(String address) {
    return vertx.eventBus().request(address, "ping").map(Message::body);
  }

  private String threadOf(Context context) {
    return on(context, () -> Thread.currentThread().getName());
  }

  /** The value {@code action} gives on the context's event loop. */
  private static <T> T on(Context context, Supplier<T> action) {
    return awaited(context, () -> Future.succeededFuture(action.get()));
  }

  /** The result of the future {@code action} starts on the context's event loop. */
  private static <T> T awaited(Context context, Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(run -> action.get().onComplete(result));
    return result.future().await();
  }
}
