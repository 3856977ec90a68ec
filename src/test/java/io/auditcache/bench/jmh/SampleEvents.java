package io.auditcache.bench.jmh;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Deterministic, realistic ~2 KB audit events (the size the product targets) shared by the benchmarks of this package. */
final class SampleEvents {

  /** Canonical size each event is padded to, in bytes (give or take a few for the sequence number's digits). */
  static final int TARGET_BYTES = 2048;

  private SampleEvents() {
  }

  /** A fresh random-looking but reproducible UUID in canonical lower-case form. */
  static String id(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** {@code n} distinct ids from a fixed seed. */
  static List<String> ids(long seed, int n) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(id(random));
    }
    return ids;
  }

  /**
   * One event of about {@link #TARGET_BYTES} compact bytes: the fields the reader validates (id, sequenceNum,
   * eventHash, previousHash, chain, timestamp) plus actor/action/resource and a nested payload (before/after
   * documents, a change list, request metadata, numbers of several spellings).
   */
  static JsonObject event(String id, long sequenceNum) {
    JsonObject before = new JsonObject()
      .put("status", "draft")
      .put("title", "Quarterly vendor payment schedule")
      .put("owner", "bob@example.com")
      .put("amount", 12840.5)
      .put("currency", "EUR")
      .put("approvers", new JsonArray().add("carol@example.com").add("dave@example.com"))
      .put("labels", new JsonArray().add("finance").add("q4").add("vendor"));
    JsonObject after = before.copy()
      .put("status", "approved")
      .put("amount", 13020.75)
      .put("approvedAt", "2026-11-24T10:15:29.871Z");
    JsonArray changes = new JsonArray()
      .add(new JsonObject().put("op", "replace").put("path", "/status").put("from", "draft").put("to", "approved"))
      .add(new JsonObject().put("op", "replace").put("path", "/amount").put("from", 12840.5).put("to", 13020.75))
      .add(new JsonObject().put("op", "add").put("path", "/approvedAt").put("value", "2026-11-24T10:15:29.871Z"));
    JsonObject request = new JsonObject()
      .put("ip", "203.0.113.42")
      .put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")
      .put("requestId", "req-7f3a9c2e-51b4-4d0e-9a61-2c8e5f0b7d13")
      .put("sessionId", "sess-0b9d1f6a2c")
      .put("headers", new JsonObject().put("x-tenant", "acme-corp").put("x-region", "eu-west-1").put("accept-language", "en-GB"));
    JsonObject payload = new JsonObject()
      .put("documentId", "doc-" + sequenceNum)
      .put("version", 17)
      .put("ratio", 1.0e-3)
      .put("flags", new JsonObject().put("sensitive", true).put("retention", "7y").put("legalHold", false).put("pii", JsonObject.of()))
      .put("before", before)
      .put("after", after)
      .put("changes", changes)
      .put("request", request);
    JsonObject event = new JsonObject()
      .put("id", id)
      .put("sequenceNum", sequenceNum)
      .put("eventHash", "sha256:" + hex(sequenceNum * 31 + id.hashCode()))
      .put("previousHash", "sha256:" + hex(sequenceNum * 31 - 1))
      .put("chain", "billing-eu")
      .put("timestamp", "2026-11-24T10:15:30.123+01:00")
      .put("actor", new JsonObject().put("type", "user").put("id", "alice@example.com")
        .put("roles", new JsonArray().add("finance-approver").add("viewer")))
      .put("action", "document.approve")
      .put("resource", "tenants/acme-corp/documents/doc-" + sequenceNum)
      .put("payload", payload);
    int missing = TARGET_BYTES - event.toBuffer().length() - ",\"comment\":\"\"".length();
    if (missing > 0) {
      payload.put("comment", "x".repeat(missing));
    }
    return event;
  }

  /** A 64-hex-digit digest-like string derived from a seed. */
  private static String hex(long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      text.append(String.format("%016x", random.nextLong()));
    }
    return text.toString();
  }

  /** {@code {"events":[...]}} with {@code n} events of consecutive sequence numbers. */
  static Buffer batch(long seed, int n) {
    JsonArray events = new JsonArray();
    List<String> ids = ids(seed, n);
    for (int i = 0; i < n; i++) {
      events.add(event(ids.get(i), 1_000_000L + i));
    }
    return new JsonObject().put("events", events).toBuffer();
  }

  /** {@code {"ids":[...]}} with {@code n} distinct lower-case ids (what clients send). */
  static Buffer lookup(long seed, int n) {
    return new JsonObject().put("ids", new JsonArray(new ArrayList<Object>(ids(seed, n)))).toBuffer();
  }
}
