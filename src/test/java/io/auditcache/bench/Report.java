package io.auditcache.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The benchmark's output: a terminal line per phase, and JSON plus an SVG latency chart in the results folder. */
final class Report {

  private Report() {
  }

  static String line(LoadRun.Result result) {
    return String.format("  %-18s %-14s %,10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  failed %d",
      result.scenario(), result.mode(), result.rps(), result.p50Ms(), result.p99Ms(), result.p999Ms(), result.failed());
  }

  /** Writes {@code benchmark-<time>.json}, {@code latest.json} and {@code latency.svg}. */
  static void write(Map<String, Object> report, Path out) throws IOException {
    String json = new JsonObject(report).encodePrettily();
    String stamp = Instant.now().toString().replace(":", "-");
    Files.writeString(out.resolve("benchmark-" + stamp + ".json"), json);
    Files.writeString(out.resolve("latest.json"), json);
    Files.writeString(out.resolve("latency.svg"), chart(new JsonObject(json)));
    System.out.println("\nResults: " + out.resolve("latest.json") + " and " + out.resolve("latency.svg"));
  }

  /** p50 and p99 of every open-model phase, as horizontal bars on a log scale from 0.1 ms to 100 ms. */
  static String chart(JsonObject report) {
    List<JsonObject> phases = report.getJsonArray("http").stream().map(JsonObject.class::cast)
      .filter(phase -> phase.getString("mode").startsWith("open")).toList();
    int rowHeight = 34;
    int width = 900;
    int left = 170;
    int height = 70 + phases.size() * rowHeight;
    StringBuilder svg = new StringBuilder()
      .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
      .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
      .append("<text x=\"10\" y=\"20\" font-size=\"14\">Latency at half of each maximum rate (open model): p50 (dark), p99 (light)</text>\n");
    for (double ms : new double[] {0.1, 1, 10, 100}) {
      double x = left + scale(ms, width - left - 20);
      svg.append(String.format("<line x1=\"%.1f\" y1=\"35\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>"
        + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s ms</text>%n", x, x, height - 20, x, height - 5, ms));
    }
    for (int i = 0; i < phases.size(); i++) {
      JsonObject phase = phases.get(i);
      int y = 45 + i * rowHeight;
      svg.append(String.format("<text x=\"10\" y=\"%d\">%s</text>%n", y + 14, phase.getString("scenario")));
      svg.append(bar(left, y, phase.getDouble("p99Ms"), width, "#9ecae1"));
      svg.append(bar(left, y + 4, phase.getDouble("p50Ms"), width, "#3182bd"));
      svg.append(String.format("<text x=\"%.1f\" y=\"%d\">%.2f / %.2f ms at %,d/s</text>%n",
        left + scale(phase.getDouble("p99Ms"), width - left - 20) + 6, y + 14, phase.getDouble("p50Ms"),
        phase.getDouble("p99Ms"), phase.getLong("rps")));
    }
    return svg.append("</svg>\n").toString();
  }

  private static String bar(int left, int y, double ms, int width, String colour) {
    return String.format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", left, y,
      Math.max(1, scale(ms, width - left - 20)), y % 2 == 0 ? 20 : 12, colour);
  }

  /** Position of {@code ms} on a log axis from 0.1 ms (0) to 100 ms (span). */
  private static double scale(double ms, int span) {
    return Math.max(0, Math.min(1, (Math.log10(Math.max(ms, 0.1)) + 1) / 3)) * span;
  }
}
