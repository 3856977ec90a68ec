package io.auditcache.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's stop-the-world pauses within a time window, read from the log it writes ({@link #jvmOption}): every
 * safepoint, so garbage collections and also deoptimisations and other VM operations, each with the time its
 * threads took to reach it (which a GC's own pause time leaves out). With Redis' own stalls, it tells whose pause a
 * p99 far above the bare server's was.
 *
 * @param count      safepoints that ended in the window
 * @param maxMs      the longest, reaching it included, in ms
 * @param longest    the VM operation of the longest ({@code G1CollectForAllocation}, {@code Deoptimize}, ...)
 * @param reachMaxMs the longest time the threads took to reach a safepoint, in ms
 * @param totalMs    all of them together, in ms
 */
record JvmPauses(int count, double maxMs, String longest, double reachMaxMs, double totalMs) {

  /**
   * {@code [1795509377702ms] Safepoint "G1CollectForAllocation", Time since last: 306673366 ns, Reaching safepoint:
   * 4456 ns, Cleanup: 70725 ns, At safepoint: 7323484 ns, Total: 7398665 ns}.
   */
  private static final Pattern SAFEPOINT = Pattern.compile(
    "^\\[(\\d+)ms\\] Safepoint \"([^\"]+)\".* Reaching safepoint: (\\d+) ns.* Total: (\\d+) ns$");

  /** The JVM option that writes the log this class reads: GC lines for people, a line per safepoint, wall-clock stamps. */
  static String jvmOption(Path log) {
    // filecount=0: one file, rewritten at each start, instead of the JVM's rotation of earlier runs' logs.
    return "-Xlog:gc,safepoint:file=" + log + ":timemillis:filecount=0";
  }

  /** The safepoints that ended between these wall-clock times (ms since the epoch). */
  static JvmPauses within(Path log, long fromMillis, long toMillis) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JVM's log " + log, e);
    }
    JvmPauses pauses = new JvmPauses(0, 0, "none", 0, 0);
    for (String line : lines) {
      Matcher safepoint = SAFEPOINT.matcher(line);
      if (safepoint.matches() && Long.parseLong(safepoint.group(1)) >= fromMillis
        && Long.parseLong(safepoint.group(1)) <= toMillis) {
        pauses = pauses.plus(safepoint.group(2), Long.parseLong(safepoint.group(3)) / 1e6,
          Long.parseLong(safepoint.group(4)) / 1e6);
      }
    }
    return pauses;
  }

  private JvmPauses plus(String operation, double reachMs, double ms) {
    return new JvmPauses(count + 1, Math.max(maxMs, ms), ms > maxMs ? operation : longest,
      Math.max(reachMaxMs, reachMs), totalMs + ms);
  }

  @Override
  public String toString() {
    return String.format("%d safepoints, longest %.1f ms (%s), %.0f ms in all, slowest to reach %.1f ms", count, maxMs,
      longest, totalMs, reachMaxMs);
  }
}
