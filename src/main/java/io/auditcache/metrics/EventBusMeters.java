package io.auditcache.metrics;

import io.auditcache.bus.LoopLocalAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event bus' meters, under vertx-micrometer's names, descriptions and {@code address} label (and {@code failure}
 * for reply failures): handlers, pending, processed, discarded, sent, published, received, delivered, bytes read and
 * written. Two differences, both for this server's sake:
 * <ul>
 *   <li>each address' meters are looked up once, on first use, and kept, where vertx-micrometer 5 builds tags and looks
 *   the sent, received and delivered counters up, and registers the pending gauge again, on every message, and looks
 *   the reply-failure counter up on every failed request (every 400, 404, 409 or 503 a worker answers);</li>
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
      handler.meters.handlers().increment();
    }
    return handler;
  }

  @Override
  public void handlerUnregistered(Handler handler) {
    if (handler != null && !handler.twin) {
      handler.meters.handlers().decrement();
    }
  }

  @Override
  public void messageDelivered(Handler handler, boolean local) {
    if (handler != null) {
      handler.meters.pending().decrement();
      handler.meters.counter(Count.PROCESSED).increment();
    }
  }

  @Override
  public void discardMessage(Handler handler, boolean local, Message<?> message) {
    if (handler != null) {
      handler.meters.pending().decrement();
      handler.meters.counter(Count.DISCARDED).increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    if (!address.startsWith(INTERNAL)) {
      meters(address).counter(publish ? Count.PUBLISHED : Count.SENT).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    if (!address.startsWith(INTERNAL)) {
      AddressMeters meters = meters(address);
      meters.counter(Count.RECEIVED).increment();
      if (handlers > 0) {
        meters.pending().add(handlers);
        meters.counter(Count.DELIVERED).increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (!address.startsWith(INTERNAL)) {
      meters(address).bytes(Size.WRITTEN).record(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (!address.startsWith(INTERNAL)) {
      meters(address).bytes(Size.READ).record(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (!address.startsWith(INTERNAL)) {
      meters(address).failures(failure).increment();
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

  /** The counters of an address, by vertx-micrometer's description. */
  private enum Count {
    PROCESSED("Number of processed messages"),
    DISCARDED("Number of discarded messages"),
    SENT("Number of messages sent (point-to-point)"),
    PUBLISHED("Number of messages published (publish / subscribe)"),
    RECEIVED("Number of messages received"),
    DELIVERED("Number of messages delivered to handlers");

    final String description;

    Count(String description) {
      this.description = description;
    }
  }

  /** The byte summaries of an address (clustered buses only). */
  private enum Size {
    WRITTEN("Number of bytes sent while sending messages to event bus cluster peers"),
    READ("Number of bytes received while reading messages from event bus cluster peers");

    final String description;

    Size(String description) {
      this.description = description;
    }
  }

  /**
   * One shared address' meters, each registered when first used, as vertx-micrometer does (an address that is only
   * sent to has no handler gauge; a local bus has no byte summaries). A meter registered twice by racing loops is the
   * same meter: Micrometer hands back the first.
   */
  final class AddressMeters {
    private final Tags tags;
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(Count.values().length);
    private final AtomicReferenceArray<DistributionSummary> sizes = new AtomicReferenceArray<>(Size.values().length);
    private final AtomicReferenceArray<Counter> failures = new AtomicReferenceArray<>(ReplyFailure.values().length);
    private volatile LongAdder handlers;
    private volatile LongAdder pending;

    private AddressMeters(String address) {
      this.tags = Tags.of(Label.EB_ADDRESS.toString(), address);
    }

    private Counter counter(Count count) {
      Counter counter = counters.get(count.ordinal());
      if (counter == null) {
        counter = Counter.builder(names.counts.get(count)).description(count.description).tags(tags).register(registry);
        counters.set(count.ordinal(), counter);
      }
      return counter;
    }

    private DistributionSummary bytes(Size size) {
      DistributionSummary summary = sizes.get(size.ordinal());
      if (summary == null) {
        summary = DistributionSummary.builder(names.sizes.get(size)).description(size.description).tags(tags)
          .register(registry);
        sizes.set(size.ordinal(), summary);
      }
      return summary;
    }

    private Counter failures(ReplyFailure failure) {
      Counter counter = failures.get(failure.ordinal());
      if (counter == null) {
        counter = Counter.builder(names.replyFailures).description("Number of message reply failures")
          .tags(tags.and(Label.EB_FAILURE.toString(), failure.name())).register(registry);
        failures.set(failure.ordinal(), counter);
      }
      return counter;
    }

    private LongAdder handlers() {
      LongAdder counter = handlers;
      if (counter == null) {
        counter = SharedGauges.counter(registry, names.handlers, "Number of event bus handlers in use", tags);
        handlers = counter;
      }
      return counter;
    }

    private LongAdder pending() {
      LongAdder counter = pending;
      if (counter == null) {
        counter = SharedGauges.counter(registry, names.pending, "Number of messages not processed yet", tags);
        pending = counter;
      }
      return counter;
    }
  }

  /** vertx-micrometer's meter names for the event bus, as its options name them. */
  private static final class Names {
    final String handlers;
    final String pending;
    final String replyFailures;
    final Map<Count, String> counts = new EnumMap<>(Count.class);
    final Map<Size, String> sizes = new EnumMap<>(Size.class);

    Names(MetricsNaming naming) {
      String prefix = MetricsDomain.EVENT_BUS.getPrefix();
      handlers = prefix + naming.getEbHandlers();
      pending = prefix + naming.getEbPending();
      replyFailures = prefix + naming.getEbReplyFailures();
      counts.put(Count.PROCESSED, prefix + naming.getEbProcessed());
      counts.put(Count.DISCARDED, prefix + naming.getEbDiscarded());
      counts.put(Count.SENT, prefix + naming.getEbSent());
      counts.put(Count.PUBLISHED, prefix + naming.getEbPublished());
      counts.put(Count.RECEIVED, prefix + naming.getEbReceived());
      counts.put(Count.DELIVERED, prefix + naming.getEbDelivered());
      sizes.put(Size.WRITTEN, prefix + naming.getEbBytesWritten());
      sizes.put(Size.READ, prefix + naming.getEbBytesRead());
    }
  }
}
