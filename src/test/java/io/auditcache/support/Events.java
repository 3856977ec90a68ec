package io.auditcache.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/** Realistic audit events for tests. */
public final class Events {

  private Events() {
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** A valid event with a payload of about 200 bytes. */
  public static JsonObject event(String id, long sequenceNum) {
    return new JsonObject()
      .put("id", id)
      .put("sequenceNum", sequenceNum)
      .put("eventHash", "sha256:" + Long.toHexString(sequenceNum * 31 + id.hashCode()))
      .put("timestamp", "2026-11-24T10:15:30.123Z")
      .put("actor", "alice@example.com")
      .put("action", "document.update")
      .put("resource", "doc/" + sequenceNum)
      .put("payload", new JsonObject().put("before", "v1").put("after", "v2").put("tags", new JsonArray().add("a").add("b")));
  }

  public static JsonObject event(long sequenceNum) {
    return event(newId(), sequenceNum);
  }

  /** {@code {"events":[...]}} */
  public static JsonObject batch(List<JsonObject> events) {
    return new JsonObject().put("events", new JsonArray(List.copyOf(events)));
  }

  /** A member value that puts an event's deepest object at level {@code depth} (the event itself is level 1). */
  public static JsonObject nested(int depth) {
    JsonObject inner = new JsonObject().put("leaf", true);
    for (int level = 2; level < depth; level++) {
      inner = new JsonObject().put("n", inner);
    }
    return inner;
  }
}
