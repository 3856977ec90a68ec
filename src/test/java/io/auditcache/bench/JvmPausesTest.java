package io.auditcache.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's reading of a measured JVM's safepoint log. */
class JvmPausesTest {

  @Test
  void counts_the_safepoints_that_ended_in_the_window_and_nothing_else(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("server-gc.log");
    Files.write(log, List.of(
      "[1000ms] Using G1",
      "[1500ms] Safepoint \"G1CollectForAllocation\", Time since last: 1 ns, Reaching safepoint: 4000 ns, Cleanup: 7 ns,"
        + " At safepoint: 9784000 ns, Total: 9788000 ns",
      "[2000ms] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 24M->11M(514M) 1.250ms",
      "[2000ms] Safepoint \"G1CollectForAllocation\", Time since last: 1 ns, Reaching safepoint: 250000 ns, Cleanup: 7 ns,"
        + " At safepoint: 1250000 ns, Total: 1500000 ns",
      "[2100ms] GC(2) Concurrent Mark Cycle 33.107ms",
      "[2200ms] Safepoint \"Deoptimize\", Time since last: 1 ns, Reaching safepoint: 2000000 ns, Cleanup: 7 ns,"
        + " At safepoint: 500000 ns, Total: 2500000 ns",
      "[3000ms] Safepoint \"G1CollectForAllocation\", Time since last: 1 ns, Reaching safepoint: 1 ns, Cleanup: 7 ns,"
        + " At safepoint: 4000000 ns, Total: 4000000 ns"));

    JvmPauses pauses = JvmPauses.within(log, 2_000, 2_999);

    assertThat(pauses.count()).isEqualTo(2);
    assertThat(pauses.maxMs()).isEqualTo(2.5);
    assertThat(pauses.longest()).isEqualTo("Deoptimize");
    assertThat(pauses.reachMaxMs()).isEqualTo(2.0);
    assertThat(pauses.totalMs()).isEqualTo(4.0);
  }
}
