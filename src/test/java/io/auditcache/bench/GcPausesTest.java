package io.auditcache.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's reading of a measured server's GC log. */
class GcPausesTest {

  @Test
  void counts_the_pauses_that_ended_in_the_window_and_nothing_else(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("server-gc.log");
    Files.write(log, List.of(
      "[1000ms] Using G1",
      "[1500ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 27M->7M(514M) 9.784ms",
      "[2000ms] GC(1) Pause Young (Concurrent Start) (Metadata GC Threshold) 24M->11M(514M) 1.250ms",
      "[2100ms] GC(2) Concurrent Mark Cycle 33.107ms",
      "[2200ms] GC(2) Pause Remark 30M->30M(514M) 2.500ms",
      "[3000ms] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 300M->20M(514M) 4.000ms"));

    GcPauses pauses = GcPauses.within(log, 2_000, 2_999);

    assertThat(pauses.count()).isEqualTo(2);
    assertThat(pauses.maxMs()).isEqualTo(2.5);
    assertThat(pauses.totalMs()).isEqualTo(3.75);
  }
}
