package io.auditcache;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the event loop of the next verticle instance Vert.x deploys, so that the first HTTP verticle runs on the
 * sequence verticle's loop and reaches it through its loop-local twin.
 *
 * <p>Why: every sequence request that crosses from one loop to another wakes a thread each way. At 22,000 sequence
 * requests/s on two cores, the server used 66-68 % of a core with its loops waiting for a core 42-48 % of the time;
 * with both verticles on one loop, 53-55 % and 11-16 % (README, Architecture; load-tests/HISTORY.md).
 *
 * <p>How: Vert.x 5 has no public way to choose a verticle's loop. Each new event-loop context takes the next loop of
 * Vert.x' Netty group, round robin. This advances the group until it has just handed out the loop before the
 * target, through {@code io.vertx.core.internal}, the SPI Vert.x' own modules build on. Should anything else take a
 * loop in between, or a Vert.x version assign loops differently, the verticle lands elsewhere: still correct, one
 * hop slower, and {@link MainVerticle} logs it.
 */
final class LoopPlacement {

  private final VertxInternal vertx;

  LoopPlacement(Vertx vertx) {
    this.vertx = (VertxInternal) vertx;
  }

  /** The event loops the instances of a deployment run on. */
  Set<EventLoop> loopsOf(String deploymentId) {
    return vertx.deploymentManager().deployment(deploymentId).deployment().contexts().stream()
      .map(context -> ((ContextInternal) context).nettyEventLoop())
      .collect(Collectors.toSet());
  }

  /** Makes the next event-loop context Vert.x creates (the next verticle instance deployed) run on {@code target}. */
  void nextOn(EventLoop target) {
    // A thread outside Vert.x (a test, an embedding application) gets a context of its own on its first deployment,
    // which takes a loop too: take it now, before the round below.
    vertx.getOrCreateContext();
    EventLoopGroup group = vertx.nettyEventLoopGroup();
    List<EventExecutor> loops = new ArrayList<>();
    group.forEach(loops::add);
    EventExecutor before = loops.get(Math.floorMod(loops.indexOf(target) - 1, loops.size()));
    for (int taken = 0; taken < loops.size() && group.next() != before; taken++) {
      // Each call hands out one loop; at most one full round is needed.
    }
  }
}
