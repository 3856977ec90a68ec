package io.auditcache.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run's last table: each wrk scenario of our server beside the two ceilings measured in the same run on the same
 * Redis, {@link BareServer} under the same wrk script, and {@code redis-benchmark} for the Redis operation behind the
 * scenario. Ours ÷ bare is what our own layers cost; bare ÷ Redis what Vert.x, HTTP and wrk cost on this machine.
 */
final class Summary {

  /**
   * One scenario: rates per second (batches of 100 for batch-set), ratios ours ÷ ceiling; a ceiling that was not
   * measured (its tool is not installed) and its ratio are null.
   */
  record Row(String scenario, long rps, String bareScenario, Long bareRps, Double ofBare, String redisOperation,
             Long redisPerSecond, Double ofRedis) {
  }

  /** Which bare scenario and which redis-benchmark limit each of our wrk scenarios is compared with. */
  private record Ceilings(String ours, String bare, String redis) {
  }

  private static final List<Ceilings> CEILINGS = List.of(
    new Ceilings("get-lru", "bare-memory-get", Baselines.GET_2KB),
    new Ceilings("get-redis", "bare-redis-get", Baselines.GET_2KB),
    new Ceilings("set", "bare-redis-set", Baselines.NEW_EVENT),
    new Ceilings("batch-set", "bare-redis-batch-set", Baselines.NEW_BATCHES_OF_100),
    new Ceilings("sequence", "bare-redis-sequence", Baselines.INCR));

  private Summary() {
  }

  static List<Row> rows(List<Baselines.WrkResult> ours, List<Baselines.WrkResult> bare, List<Baselines.Limit> redis) {
    List<Row> rows = new ArrayList<>();
    for (Ceilings ceilings : CEILINGS) {
      find(ours, ceilings.ours()).ifPresent(result -> {
        Long bareRps = find(bare, ceilings.bare()).map(ceiling -> Math.round(ceiling.rps())).orElse(null);
        Long redisRps = redis.stream().filter(limit -> limit.name().equals(ceilings.redis())).findFirst()
          .map(limit -> Math.round(limit.perSecond())).orElse(null);
        rows.add(new Row(ceilings.ours(), Math.round(result.rps()), ceilings.bare(), bareRps, ratio(result.rps(), bareRps),
          ceilings.redis(), redisRps, ratio(result.rps(), redisRps)));
      });
    }
    return rows;
  }

  static String table(List<Row> rows) {
    String format = "  %-10s %10s   %-21s %10s %9s   %-48s %10s %10s%n";
    StringBuilder table = new StringBuilder(
      "Summary: our server and a bare Vert.x server under the same wrk -t2 -c64 scripts, and redis-benchmark -c 50,"
        + " all in this run\n")
      .append(String.format(format, "scenario", "ours/s", "bare Vert.x", "/s", "ours/bare", "redis-benchmark", "/s",
        "ours/Redis"));
    for (Row row : rows) {
      table.append(String.format(format, row.scenario(), count(row.rps()), row.bareScenario(), count(row.bareRps()),
        decimal(row.ofBare()), row.redisOperation(), count(row.redisPerSecond()), decimal(row.ofRedis())));
    }
    return table.toString();
  }

  private static Optional<Baselines.WrkResult> find(List<Baselines.WrkResult> results, String scenario) {
    return results.stream().filter(result -> result.scenario().equals(scenario)).findFirst();
  }

  /** Ours ÷ ceiling to three decimals. */
  private static Double ratio(double ours, Long ceiling) {
    return ceiling == null || ceiling == 0 ? null : Math.round(ours / ceiling * 1_000) / 1_000.0;
  }

  private static String count(Long value) {
    return value == null ? "-" : String.format("%,d", value);
  }

  private static String decimal(Double value) {
    return value == null ? "-" : String.format("%.2f", value);
  }
}
