package io.auditcache.metrics;

import io.auditcache.bus.LoopLocalAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event bus' meters, under vertx-micrometer's names, descriptions and {@code address} label (and {@code failure}
 * for reply failures): handlers, pending, processed, discarded, sent, published, received, delivered, bytes read and
 * written. Two differences, both for this server's sake:
 * <ul>
 *   <li>each address' meters are looked up once and kept, where vertx-micrometer 5 builds tags, looks the meters up and
 *   registers the pending gauge again on every message;</li>
 *   <li>a consumer's {@link LoopLocalAddresses loop-local twin} counts under its shared address, so that there is one
 *   series per address, not per event loop; {@code handlers} counts the shared address' consumers only (each also
 *   serves its twin), while pending and the message counts include what went through the twins.</li>
 * </ul>
 * Vert.x' internal addresses ({@code __vertx.*}, such as reply addresses) are not measured, as in vertx-micrometer.
 * Thread-safe.
 */
final class EventBusMeters implements EventBusMetrics<EventBusMeters.Handler> {

  private static final String INTERNAL = "__vertx.";

  private final MeterRegistry registry;
  private final Names names;
  private final Map<String, AddressMeters> byAddress = new ConcurrentHashMap<>();

  EventBusMeters(MeterRegistry registry, MetricsNaming naming) {
    this.registry = registry;
    this.names = new Names(naming);
  }

  @Override
  public Handler handlerRegistered(String address) {
    if (address.startsWith(INTERNAL)) {
      return null;
    }
    Handler handler = new Handler(meters(address), isTwin(address));
    if (!handler.twin) {
      handler.meters.handlers.increment();
    }
    return handler;
  }

  @Override
  public void handlerUnregistered(Handler handler) {
    if (handler != null && !handler.twin) {
      handler.meters.handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(Handler handler, boolean local) {
    if (handler != null) {
      handler.meters.pending.decrement();
      handler.meters.processed.increment();
    }
  }

  @Override
  public void discardMessage(Handler handler, boolean local, Message<?> message) {
    if (handler != null) {
      handler.meters.pending.decrement();
      handler.meters.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    if (!address.startsWith(INTERNAL)) {
      AddressMeters meters = meters(address);
      (publish ? meters.published : meters.sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    if (!address.startsWith(INTERNAL)) {
      AddressMeters meters = meters(address);
      meters.received.increment();
      if (handlers > 0) {
        meters.pending.add(handlers);
        meters.delivered.increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (!address.startsWith(INTERNAL)) {
      meters(address).bytesWritten.record(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (!address.startsWith(INTERNAL)) {
      meters(address).bytesRead.record(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (!address.startsWith(INTERNAL)) {
      // Rare (a timeout or no handler), so registered on demand; Micrometer hands back the existing counter.
      Counter.builder(names.replyFailures).description("Number of message reply failures")
        .tags(Label.EB_ADDRESS.toString(), LoopLocalAddresses.shared(address), Label.EB_FAILURE.toString(), failure.name())
        .register(registry).increment();
    }
  }

  /** The meters of {@code address}, which a twin shares with its shared address. */
  private AddressMeters meters(String address) {
    AddressMeters meters = byAddress.get(address);
    if (meters == null) {
      meters = byAddress.computeIfAbsent(LoopLocalAddresses.shared(address), AddressMeters::new);
      byAddress.putIfAbsent(address, meters);
    }
    return meters;
  }

  private static boolean isTwin(String address) {
    return !LoopLocalAddresses.shared(address).equals(address);
  }

  /** A registered consumer: its address' meters, and whether it is a twin (not counted among the handlers). */
  record Handler(AddressMeters meters, boolean twin) {
  }

  /** One shared address' meters. */
  final class AddressMeters {
    private final LongAdder handlers = new LongAdder();
    private final LongAdder pending = new LongAdder();
    private final Counter processed;
    private final Counter discarded;
    private final Counter sent;
    private final Counter published;
    private final Counter received;
    private final Counter delivered;
    private final DistributionSummary bytesWritten;
    private final DistributionSummary bytesRead;

    private AddressMeters(String address) {
      String label = Label.EB_ADDRESS.toString();
      Gauge.builder(names.handlers, handlers, LongAdder::doubleValue).description("Number of event bus handlers in use")
        .tag(label, address).register(registry);
      Gauge.builder(names.pending, pending, LongAdder::doubleValue).description("Number of messages not processed yet")
        .tag(label, address).register(registry);
      processed = counter(names.processed, "Number of processed messages", address);
      discarded = counter(names.discarded, "Number of discarded messages", address);
      sent = counter(names.sent, "Number of messages sent (point-to-point)", address);
      published = counter(names.published, "Number of messages published (publish / subscribe)", address);
      received = counter(names.received, "Number of messages received", address);
      delivered = counter(names.delivered, "Number of messages delivered to handlers", address);
      bytesWritten = DistributionSummary.builder(names.bytesWritten)
        .description("Number of bytes sent while sending messages to event bus cluster peers").tag(label, address)
        .register(registry);
      bytesRead = DistributionSummary.builder(names.bytesRead)
        .description("Number of bytes received while reading messages from event bus cluster peers").tag(label, address)
        .register(registry);
    }

    private Counter counter(String name, String description, String address) {
      return Counter.builder(name).description(description).tag(Label.EB_ADDRESS.toString(), address).register(registry);
    }
  }

  /** vertx-micrometer's meter names for the event bus, as its options name them. */
  private static final class Names {
    final String handlers;
    final String pending;
    final String processed;
    final String discarded;
    final String sent;
    final String published;
    final String received;
    final String delivered;
    final String bytesWritten;
    final String bytesRead;
    final String replyFailures;

    Names(MetricsNaming naming) {
      String prefix = MetricsDomain.EVENT_BUS.getPrefix();
      handlers = prefix + naming.getEbHandlers();
      pending = prefix + naming.getEbPending();
      processed = prefix + naming.getEbProcessed();
      discarded = prefix + naming.getEbDiscarded();
      sent = prefix + naming.getEbSent();
      published = prefix + naming.getEbPublished();
      received = prefix + naming.getEbReceived();
      delivered = prefix + naming.getEbDelivered();
      bytesWritten = prefix + naming.getEbBytesWritten();
      bytesRead = prefix + naming.getEbBytesRead();
      replyFailures = prefix + naming.getEbReplyFailures();
    }
  }
}
