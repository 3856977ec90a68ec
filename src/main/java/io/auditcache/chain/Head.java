package io.auditcache.chain;

import io.vertx.core.json.JsonObject;

/**
 * A chain's head as cached: the latest hash and its sequence.
 *
 * @param sequence 0 &lt;= n &lt;= 2^53-1
 * @param hash     the hash at that sequence
 */
public record Head(long sequence, String hash) {

  /** Reads the stored form {@code "<sequence> <hash>"} that the chain scripts keep and return; null for null or empty. */
  public static Head parse(String stored) {
    if (stored == null || stored.isEmpty()) {
      return null;
    }
    int space = stored.indexOf(' ');
    return new Head(Long.parseLong(stored.substring(0, space)), stored.substring(space + 1));
  }

  /** {@code {"hash","sequence"}}. */
  public JsonObject toJson() {
    return new JsonObject().put("hash", hash).put("sequence", sequence);
  }

  /** The head as a problem member: the JSON, or null when none is cached. */
  static Object toJsonOrNull(Head head) {
    return head == null ? null : head.toJson();
  }
}
