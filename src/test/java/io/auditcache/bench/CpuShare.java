package io.auditcache.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who had the machine's cores during a phase, from Linux' {@code /proc}: the busy share of all cores together, and the
 * CPU of each process the run involves, with a JVM's JIT compiler and GC threads apart. A phase whose p99 is far above
 * the bare server's tells with it whether the cores were saturated, and by whom. Empty where there is no {@code /proc}.
 */
final class CpuShare {

  /** Linux reports CPU time in USER_HZ ticks, 100 per second on every architecture the JDK runs on. */
  private static final double TICKS_PER_SECOND = 100;
  private static final Path PROC = Path.of("/proc");

  /** A reading: when, the machine's busy and total ticks, and each process's (and thread group's) ticks by label. */
  record Sample(long nanos, long busy, long total, Map<String, Long> ticks) {
  }

  private CpuShare() {
  }

  /** Reads the machine and these processes (label &rarr; pid); a process that is gone is left out. */
  static Sample sample(Map<String, Long> pids) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    long[] machine = {0, 0};
    try {
      machine = machine(Files.readAllLines(PROC.resolve("stat")).get(0));
      pids.forEach((label, pid) -> addProcess(ticks, label, pid));
    } catch (IOException e) {
      // No /proc (not Linux): the report has no CPU figures.
    }
    return new Sample(System.nanoTime(), machine[0], machine[1], ticks);
  }

  /**
   * Between two readings: {@code machine}, the busy percentage of all cores together (200 = both of two cores), then
   * each label's percentage of one core.
   */
  static Map<String, Double> between(Sample from, Sample to) {
    Map<String, Double> shares = new LinkedHashMap<>();
    if (to.total() == from.total()) {
      return shares;
    }
    double seconds = (to.nanos() - from.nanos()) / 1e9;
    shares.put("machine", round(100.0 * Runtime.getRuntime().availableProcessors() * (to.busy() - from.busy())
      / (to.total() - from.total())));
    to.ticks().forEach((label, ticks) -> {
      Long before = from.ticks().get(label);
      if (before != null) {
        shares.put(label, round(100.0 * (ticks - before) / TICKS_PER_SECOND / seconds));
      }
    });
    return shares;
  }

  /** {@code cpu  user nice system idle iowait irq softirq steal ...}: busy is all but idle and iowait. */
  private static long[] machine(String cpuLine) {
    String[] fields = cpuLine.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < fields.length && i <= 8; i++) {
      total += Long.parseLong(fields[i]);
    }
    return new long[] {total - Long.parseLong(fields[4]) - Long.parseLong(fields[5]), total};
  }

  /** The process's ticks under its label, and its JIT and GC threads' under "label JIT" and "label GC". */
  private static void addProcess(Map<String, Long> ticks, String label, long pid) {
    Path process = PROC.resolve(Long.toString(pid));
    try (Stream<Path> threads = Files.list(process.resolve("task"))) {
      ticks.put(label, ticks(Files.readString(process.resolve("stat"))));
      threads.forEach(thread -> {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          String group = group(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
          if (group != null) {
            ticks.merge(label + " " + group, ticks(stat), Long::sum);
          }
        } catch (IOException e) {
          // The thread ended between the listing and the read.
        }
      });
    } catch (IOException e) {
      // The process is gone.
    }
  }

  /** HotSpot's thread names, cut to 15 characters by the kernel: "C2 CompilerThre", "GC Thread#0", "G1 Conc#0". */
  private static String group(String thread) {
    if (thread.contains("CompilerThre")) {
      return "JIT";
    }
    return thread.startsWith("GC Thread") || thread.startsWith("G1 ") ? "GC" : null;
  }

  /** utime + stime: fields 14 and 15 of stat, counted after the command name, which may hold spaces. */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static double round(double percent) {
    return Math.round(percent * 10) / 10.0;
  }
}
