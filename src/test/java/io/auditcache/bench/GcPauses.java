package io.auditcache.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measured server's garbage-collection pauses within a time window, read from the GC log its JVM writes
 * ({@link #jvmOption}): with Redis' own stalls, it tells whose pause a p99 far above the bare server's was.
 *
 * @param count   pauses that ended in the window
 * @param maxMs   the longest, in ms
 * @param totalMs all of them together, in ms
 */
record GcPauses(int count, double maxMs, double totalMs) {

  /** {@code [1795506577123ms] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 27M->7M(514M) 9.784ms}. */
  private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ms\\].* Pause .* ([\\d.]+)ms$");

  /** The JVM option that writes the GC log this class reads: one line per pause, stamped with the wall clock. */
  static String jvmOption(Path log) {
    // filecount=0: one file, rewritten at each start, instead of the JVM's rotation of earlier runs' logs.
    return "-Xlog:gc:file=" + log + ":timemillis:filecount=0";
  }

  /** The pauses that ended between these wall-clock times (ms since the epoch). */
  static GcPauses within(Path log, long fromMillis, long toMillis) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the GC log " + log, e);
    }
    int count = 0;
    double max = 0;
    double total = 0;
    for (String line : lines) {
      Matcher pause = PAUSE.matcher(line);
      if (pause.matches() && Long.parseLong(pause.group(1)) >= fromMillis && Long.parseLong(pause.group(1)) <= toMillis) {
        double ms = Double.parseDouble(pause.group(2));
        count++;
        max = Math.max(max, ms);
        total += ms;
      }
    }
    return new GcPauses(count, max, total);
  }

  @Override
  public String toString() {
    return String.format("%d GC pauses, longest %.1f ms, %.0f ms in all", count, maxMs, totalMs);
  }
}
