package io.auditcache.bench.jmh;

import io.auditcache.bus.AuditEvent;
import io.auditcache.bus.RequestReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Validate+canonicalise cost of a ~2 KB event, a 100-event batch and a 100-id lookup: every request pays it on an event loop. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventParsingBenchmark {

  private final RequestReader reader = new RequestReader(65_536);
  private Buffer event;
  private Buffer batch;
  private Buffer lookup;

  @Setup
  public void prepare() {
    event = SampleEvents.event(SampleEvents.ids(1, 1).get(0), 1_234_567L).toBuffer();
    batch = SampleEvents.batch(2, 100);
    lookup = SampleEvents.lookup(3, 100);
    // Fail fast if the samples are not the valid events a benchmark must measure (not the error path).
    AuditEvent one = reader.event(event);
    if (one.json().length < 1900 || one.json().length > 2200) {
      throw new IllegalStateException("sample event is " + one.json().length + " bytes, expected ~2 KB");
    }
    if (reader.events(batch, "events", 100).size() != 100 || reader.ids(lookup, 100).size() != 100) {
      throw new IllegalStateException("sample batch or lookup did not parse to 100 items");
    }
  }

  /** POST of one event: parse, validate, canonicalise. */
  @Benchmark
  public AuditEvent event() {
    return reader.event(event);
  }

  /** A batch write of 100 events (~200 KB body). */
  @Benchmark
  public List<AuditEvent> batch100() {
    return reader.events(batch, "events", 100);
  }

  /** A lookup body of 100 ids. */
  @Benchmark
  public List<String> ids100() {
    return reader.ids(lookup, 100);
  }

  /** Baseline: what a naive implementation would do, a Vert.x tree parse and re-encode, with no validation. */
  @Benchmark
  public String naiveJsonObjectEvent() {
    return new JsonObject(event).encode();
  }
}
