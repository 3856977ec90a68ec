package io.auditcache.chain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Sequence numbers not seen yet: {@code from..to}, since {@code firstSeenMs}, found by {@code reason}
 * ({@code tracked}, {@code head-jump}, {@code unknown-outcome}, {@code reseed}).
 */
public record Gap(long from, long to, long firstSeenMs, String reason) {

  /** Reads the stored member {@code "from:to:firstSeenMs:reason"}. */
  static Gap parse(String member) {
    String[] parts = member.split(":", 4);
    return new Gap(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
  }

  /** {@code [from, to]}. */
  public JsonArray toPair() {
    return new JsonArray().add(from).add(to);
  }

  /** {@code {"from","to","firstSeen":"<RFC 3339>","reason"}}. */
  public JsonObject toJson() {
    return new JsonObject().put("from", from).put("to", to)
      .put("firstSeen", Instant.ofEpochMilli(firstSeenMs).toString()).put("reason", reason);
  }
}
