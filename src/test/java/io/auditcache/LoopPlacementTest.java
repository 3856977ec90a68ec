package io.auditcache;

import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The first HTTP verticle runs on the sequence verticle's event loop, whatever the number of loops and instances. */
class LoopPlacementTest {

  /** A verticle that does nothing: only where Vert.x put it matters. */
  private static final class Idle extends VerticleBase {
    @Override
    public Future<?> start() {
      return Future.succeededFuture();
    }
  }

  @ParameterizedTest(name = "{0} loops")
  @CsvSource({"1", "2", "3", "4", "7"})
  void the_next_deployment_lands_on_the_chosen_loop(int eventLoops) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    try {
      LoopPlacement placement = new LoopPlacement(vertx);
      List<EventLoop> loops = new ArrayList<>();
      for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
        loops.add((EventLoop) loop);
      }
      // Each loop in turn, and the same one twice in a row: the chooser must go round, not stay.
      for (EventLoop target : List.of(loops.get(eventLoops - 1), loops.get(0), loops.get(0), loops.get(eventLoops / 2))) {
        placement.nextOn(target);
        String id = vertx.deployVerticle(new Idle()).await();
        assertThat(placement.loopsOf(id)).containsExactly(target);
      }
    } finally {
      vertx.close().await();
    }
  }

  @ParameterizedTest(name = "{0} loops, {1} HTTP instances")
  @CsvSource({"2, 1", "2, 2", "3, 1", "4, 2", "5, 3"})
  void the_server_puts_an_http_verticle_beside_the_sequence_verticle(int eventLoops, int httpInstances) {
    Map<String, Object> settings = Map.of("eventLoops", eventLoops, "http.instances", httpInstances);
    try (TestServer server = TestServer.start(RedisFixture.shared(), settings)) {
      assertThat(server.main().sequenceBesideHttp()).isTrue();
      assertThat(server.post("/v1/chains/placement/sequence", new JsonObject()).statusCode()).isEqualTo(200);
    }
  }
}
