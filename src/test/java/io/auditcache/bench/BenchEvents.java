package io.auditcache.bench;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Realistic ~2 KB audit events, built fast enough that the generator is never the bottleneck. */
final class BenchEvents {

  private static final String PADDING = "x".repeat(1_600);
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private BenchEvents() {
  }

  /** The n-th event id of this run: a valid UUID that never repeats across runs. */
  static String id(long n) {
    // Concatenated, not String.format: in the event-bus scenarios, formatting ids took 19 % of the JVM's CPU.
    return RUN + "-" + hex((n >>> 48) & 0xffff, 4) + "-4" + hex((n >>> 36) & 0xfff, 3) + "-8" + hex((n >>> 24) & 0xfff, 3)
      + "-" + hex(n & 0xffffffffffffL, 12);
  }

  /** The n-th event as JSON (about 2 KB). */
  static String json(long n) {
    return "{\"id\":\"" + id(n) + "\",\"sequenceNum\":" + n + ",\"eventHash\":\"sha256:" + hex64(n)
      + "\",\"previousHash\":\"sha256:" + hex64(n - 1) + "\",\"chain\":\"bench\",\"timestamp\":\"2026-11-24T10:15:30.123Z\","
      + "\"actor\":\"user-" + (n % 1000) + "@example.com\",\"action\":\"document.update\",\"resource\":\"documents/" + n
      + "\",\"payload\":{\"before\":\"v1\",\"after\":\"v2\",\"note\":\"" + PADDING + "\"}}";
  }

  static Buffer event(long n) {
    return Buffer.buffer(json(n).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"events":[...]}} with events first .. first+count-1. */
  static Buffer batch(long first, int count) {
    StringBuilder body = new StringBuilder(count * 2_100).append("{\"events\":[");
    for (int i = 0; i < count; i++) {
      body.append(i == 0 ? "" : ",").append(json(first + i));
    }
    return Buffer.buffer(body.append("]}").toString());
  }

  /** {@code {"ids":[...]}} of count ids drawn from the first {@code space} events. */
  static Buffer lookup(long seed, int count, long space) {
    StringBuilder body = new StringBuilder(count * 40).append("{\"ids\":[");
    for (int i = 0; i < count; i++) {
      body.append(i == 0 ? "\"" : ",\"").append(id(Math.floorMod(seed * 7_919 + i * 104_729L, space))).append('"');
    }
    return Buffer.buffer(body.append("]}").toString());
  }

  private static String hex64(long n) {
    return hex(n, 64);
  }

  /** {@code value} in lower-case hex, zero-padded to {@code digits}. */
  private static String hex(long value, int digits) {
    String hex = Long.toHexString(value);
    return "0".repeat(digits - hex.length()) + hex;
  }
}
