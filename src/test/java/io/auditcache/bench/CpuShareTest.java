package io.auditcache.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The benchmark's reading of /proc: the machine's busy share and a JVM's, with its JIT and GC threads apart. */
class CpuShareTest {

  @Test
  void reads_this_jvm_with_its_jit_and_gc_threads_and_the_machine_within_its_cores() {
    assumeTrue(Files.exists(Path.of("/proc/stat")), "Linux only");
    Map<String, Long> self = Map.of("self", ProcessHandle.current().pid());
    CpuShare.Sample before = CpuShare.sample(self);
    long sum = 0;
    for (long i = 0; i < 50_000_000L; i++) {
      sum += i % 7;
    }
    Map<String, Double> shares = CpuShare.between(before, CpuShare.sample(self));

    assertThat(sum).isPositive();
    assertThat(shares).containsKeys("machine", "self", "self JIT", "self GC", "self waiting");
    assertThat(shares.get("machine")).isBetween(0.0, 100.0 * Runtime.getRuntime().availableProcessors() + 1);
    assertThat(shares.get("self")).isGreaterThanOrEqualTo(shares.get("self JIT"));
    assertThat(shares.values()).allMatch(share -> share >= 0);
  }

  @Test
  void a_process_that_is_gone_is_left_out() {
    assumeTrue(Files.exists(Path.of("/proc/stat")), "Linux only");
    Map<String, Long> gone = Map.of("gone", Long.MAX_VALUE);

    assertThat(CpuShare.between(CpuShare.sample(gone), CpuShare.sample(gone))).doesNotContainKey("gone");
  }
}
