package io.auditcache.bench.jmh;

import io.auditcache.cache.RedisKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** Event and hash-bucket key building: done for every event or sequence on every Redis round trip. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisKeysBenchmark {

  private final RedisKeys keys = new RedisKeys("audit");
  // Non-final state fields: JMH keeps the JIT from folding the inputs into constants.
  private String id = "3f2b8c1e-9a4d-4e7b-8c21-5d6f0a1b2c3d";
  private String chain = "billing-eu";
  private long sequence = 1_234_567L;

  @Benchmark
  public String eventKey() {
    return keys.event(id);
  }

  @Benchmark
  public String hashBucketKey() {
    return keys.hashBucket(chain, sequence);
  }
}
