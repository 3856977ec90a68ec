package io.auditcache.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical limits every figure is compared with, measured in the same run on the same Redis:
 * {@code redis-benchmark} for the Redis operation behind each scenario, and Debian's {@code wrk -t2 -c64} (the client
 * the targets were calibrated with) against the server itself.
 */
final class Baselines {

  /** One measured limit. {@code perSecond} is operations (or, for pipelines of 100, batches) per second. */
  record Limit(String name, String command, double perSecond) {
  }

  /**
   * What wrk measured against one URL. {@code errors}: answers other than 2xx/3xx plus socket errors, which wrk
   * counts in its rate all the same (a fast error would pass for throughput).
   */
  record WrkResult(String scenario, double rps, double p50Ms, double p99Ms, long errors) {
  }

  /** Names of the limits that {@link Summary} sets beside our scenarios. */
  static final String SET_2KB = "SET 2KB EX 3600";
  static final String GET_2KB = "GET 2KB";
  static final String INCR = "INCR";
  static final String BATCHES_OF_100 = "batches of 100 (SET -P 100 / 100)";
  static final String NEW_EVENT = "SET 2KB NX GET PX, new keys";
  static final String NEW_BATCHES_OF_100 = "batches of 100 new (SET NX GET PX -P 100 / 100)";

  /**
   * Random keys drawn from 10,000: the 100,000 SETs that run first write every one of them, so the GET baseline reads
   * 2 KB values, not nil replies.
   */
  private static final String KEY_SPACE = "10000";
  /**
   * Random keys drawn from a billion: almost every SET creates its key, as our writes of new events do. Redis then
   * allocates memory for each value, where rewriting one of 10,000 keys reuses it: 162,000-186,000 pipelined SETs/s
   * against 262,000-288,000 on one machine.
   */
  private static final String NEW_KEY_SPACE = "1000000000";

  private static final Pattern RPS = Pattern.compile("([0-9.]+) requests per second");
  private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern WRK_ERRORS = Pattern.compile(
    "Non-2xx or 3xx responses: (\\d+)|Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Baselines() {
  }

  static boolean installed(String command) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * redis-benchmark, 50 clients: SET/GET of 2 KB, INCR, SET pipelined 16 and 100 deep, and the command our writes
   * send ({@code SET NX GET PX}) on new keys, alone and 100 deep (a batch).
   */
  static List<Limit> redis(int port, int requests) throws IOException, InterruptedException {
    String value = "x".repeat(2_048);
    List<Limit> limits = new ArrayList<>();
    limits.add(redisBenchmark(port, requests, 1, SET_2KB, KEY_SPACE, "SET", "bench:__rand_int__", value, "EX", "3600"));
    limits.add(redisBenchmark(port, requests, 1, GET_2KB, KEY_SPACE, "GET", "bench:__rand_int__"));
    limits.add(redisBenchmark(port, requests, 1, INCR, KEY_SPACE, "INCR", "bench:counter"));
    limits.add(redisBenchmark(port, requests, 16, "SET 2KB -P 16", KEY_SPACE, "SET", "bench:__rand_int__", value, "EX", "3600"));
    Limit pipelined = redisBenchmark(port, requests, 100, "SET 2KB -P 100", KEY_SPACE, "SET", "bench:__rand_int__", value,
      "EX", "3600");
    limits.add(pipelined);
    limits.add(new Limit(BATCHES_OF_100, pipelined.command(), pipelined.perSecond() / 100));
    String[] newEvent = {"SET", "bench:new:__rand_int__", value, "NX", "GET", "PX", "3600000"};
    limits.add(redisBenchmark(port, requests, 1, NEW_EVENT, NEW_KEY_SPACE, newEvent));
    Limit newBatches = redisBenchmark(port, requests, 100, "SET 2KB NX GET PX -P 100, new keys", NEW_KEY_SPACE, newEvent);
    limits.add(newBatches);
    limits.add(new Limit(NEW_BATCHES_OF_100, newBatches.command(), newBatches.perSecond() / 100));
    return limits;
  }

  private static Limit redisBenchmark(int port, int requests, int pipeline, String name, String keySpace,
                                      String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port),
      "-c", "50", "-n", Integer.toString(requests), "-r", keySpace, "-P", Integer.toString(pipeline), "-q"));
    args.addAll(List.of(command));
    String output = run(args, 300);
    Matcher rps = RPS.matcher(output);
    if (!rps.find()) {
      throw new IllegalStateException("redis-benchmark printed no rate: " + output);
    }
    String shown = String.join(" ", args).replace("x".repeat(2_048), "<2 KB>");
    return new Limit(name, shown, Double.parseDouble(rps.group(1)));
  }

  /** wrk -t2 -c64 for {@code seconds} with a Lua script that builds each request. */
  static WrkResult wrk(String scenario, int port, String lua, int seconds, Path dir) throws IOException, InterruptedException {
    Path script = dir.resolve(scenario + ".lua");
    Files.writeString(script, lua);
    String output = run(List.of("wrk", "-t2", "-c64", "-d" + seconds + "s", "--latency", "-s", script.toString(),
      "http://127.0.0.1:" + port), seconds + 60);
    Matcher rps = WRK_RPS.matcher(output);
    if (!rps.find()) {
      throw new IllegalStateException("wrk printed no rate: " + output);
    }
    return new WrkResult(scenario, Double.parseDouble(rps.group(1)), percentile(output, "50%"), percentile(output, "99%"),
      errors(output));
  }

  /** The sum of every count in wrk's error lines (absent when there was none). */
  private static long errors(String output) {
    long errors = 0;
    Matcher lines = WRK_ERRORS.matcher(output);
    while (lines.find()) {
      for (int group = 1; group <= lines.groupCount(); group++) {
        errors += lines.group(group) == null ? 0 : Long.parseLong(lines.group(group));
      }
    }
    return errors;
  }

  /** wrk's {@code --latency} line, e.g. {@code 99%    1.23ms}, in milliseconds. */
  private static double percentile(String output, String label) {
    Matcher line = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(output);
    if (!line.find()) {
      return Double.NaN;
    }
    double value = Double.parseDouble(line.group(1));
    return switch (line.group(2)) {
      case "us" -> value / 1_000;
      case "s" -> value * 1_000;
      default -> value;
    };
  }

  private static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " did not finish");
    }
    return output;
  }
}
