package io.auditcache.http;

import io.auditcache.bus.LoopLocalAddresses;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The requests that reached the workers of one address (its shared name or a loop's twin), as they received them:
 * each body and the request id its event-bus header carried.
 */
final class WorkerRequests {

  private final List<Object> bodies = new CopyOnWriteArrayList<>();
  private final List<String> requestIds = new CopyOnWriteArrayList<>();

  private WorkerRequests() {
  }

  /** Starts recording the requests to {@code address} on this Vert.x instance's event bus. */
  static WorkerRequests to(Vertx vertx, String address) {
    WorkerRequests requests = new WorkerRequests();
    vertx.eventBus().addInboundInterceptor(delivery -> {
      if (LoopLocalAddresses.shared(delivery.message().address()).equals(address)) {
        requests.bodies.add(delivery.message().body());
        requests.requestIds.add(delivery.message().headers().get(RequestIds.BUS_HEADER));
      }
      delivery.next();
    });
    return requests;
  }

  List<Object> bodies() {
    return bodies;
  }

  List<String> requestIds() {
    return requestIds;
  }
}
