package io.auditcache.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who had the machine's cores during a phase, from Linux' {@code /proc}: the busy share of all cores together, the
 * CPU of each process the run involves, with a JVM's JIT compiler and GC threads apart, and how long its threads were
 * ready to run but waited for a core. A phase whose p99 is far above the bare server's tells with it whether the cores
 * were saturated, and by whom. Empty where there is no {@code /proc}.
 */
final class CpuShare {

  /** Linux reports CPU time in USER_HZ ticks, 100 per second on every architecture the JDK runs on. */
  private static final double TICKS_PER_SECOND = 100;
  private static final Path PROC = Path.of("/proc");

  /**
   * A reading: when, the machine's busy and total ticks, each process's (and thread group's) CPU ticks by label, and
   * the nanoseconds its threads spent runnable but waiting for a core (schedstat's run delay), by label.
   */
  record Sample(long nanos, long busy, long total, Map<String, Long> ticks, Map<String, Long> waitNanos) {
  }

  private CpuShare() {
  }

  /** Reads the machine and these processes (label &rarr; pid); a process that is gone is left out. */
  static Sample sample(Map<String, Long> pids) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    Map<String, Long> waits = new LinkedHashMap<>();
    long[] machine = {0, 0};
    try {
      machine = machine(Files.readAllLines(PROC.resolve("stat")).get(0));
      pids.forEach((label, pid) -> addProcess(ticks, waits, label, pid));
    } catch (IOException e) {
      // No /proc (not Linux): the report has no CPU figures.
    }
    return new Sample(System.nanoTime(), machine[0], machine[1], ticks, waits);
  }

  /**
   * Between two readings: {@code machine}, the busy percentage of all cores together (200 = both of two cores), then
   * each label's percentage of one core, and under "label waiting" the time its threads waited for a core, as a
   * percentage of the time between the readings (summed over threads: 50 = half a thread's time).
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
    to.waitNanos().forEach((label, waited) -> {
      Long before = from.waitNanos().get(label);
      if (before != null) {
        shares.put(label + " waiting", round(100.0 * (waited - before) / 1e9 / seconds));
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

  /**
   * The process's ticks under its label, its JIT and GC threads' under "label JIT" and "label GC"; its threads' wait
   * for a core under its label, and its Vert.x event loops' under "label loops".
   */
  private static void addProcess(Map<String, Long> ticks, Map<String, Long> waits, String label, long pid) {
    Path process = PROC.resolve(Long.toString(pid));
    try (Stream<Path> threads = Files.list(process.resolve("task"))) {
      ticks.put(label, ticks(Files.readString(process.resolve("stat"))));
      waits.put(label, 0L);
      threads.forEach(thread -> {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String group = group(name);
          if (group != null) {
            ticks.merge(label + " " + group, ticks(stat), Long::sum);
          }
          // schedstat: time on a core, time runnable but waiting for one, timeslices (ns, ns, count).
          long waited = Long.parseLong(Files.readString(thread.resolve("schedstat")).trim().split(" ")[1]);
          waits.merge(label, waited, Long::sum);
          if (name.startsWith("vert.x-eventloo")) {
            waits.merge(label + " loops", waited, Long::sum);
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
