package io.auditcache.bus;

import io.vertx.core.buffer.Buffer;

/**
 * The result of one event's write, {@code {"id":"<uuid>","status":"created|unchanged"}}: the whole reply of
 * {@link Addresses#EVENTS_SET} and each element of {@link Addresses#EVENTS_SET_BATCH}'s {@code results}. Ids are
 * canonical UUIDs and statuses fixed words, so the text is written directly, with nothing to escape, and the HTTP
 * verticle reads a reply of its own instance's worker back from that fixed layout: a write's reply costs no JSON tree
 * on either side of the event bus.
 */
public final class WriteReplies {

  /** The status of a write that stored the event. */
  public static final String CREATED = "created";

  private static final String BEFORE_ID = "{\"id\":\"";
  private static final String BEFORE_STATUS = "\",\"status\":\"";
  private static final String END = "\"}";
  /** A canonical UUID's length: 32 hex digits and 4 hyphens. */
  private static final int ID_LENGTH = 36;
  /** The longest status a single write replies with. */
  private static final int MAX_STATUS_LENGTH = "unchanged".length();

  private WriteReplies() {
  }

  /** One write's reply. */
  public static Buffer of(String id, String status) {
    return append(Buffer.buffer(BEFORE_ID.length() + ID_LENGTH + BEFORE_STATUS.length() + MAX_STATUS_LENGTH + END.length()), id, status);
  }

  /** Appends one write's result object to {@code reply} (a batch's results). */
  public static Buffer append(Buffer reply, String id, String status) {
    return reply.appendString(BEFORE_ID).appendString(id).appendString(BEFORE_STATUS).appendString(status)
      .appendString(END);
  }

  /** Whether a reply written by {@link #of} says the event was stored now. */
  public static boolean created(Buffer reply) {
    int statusAt = BEFORE_ID.length() + ID_LENGTH + BEFORE_STATUS.length();
    return reply.length() == statusAt + CREATED.length() + END.length()
      && reply.getString(statusAt, statusAt + CREATED.length()).equals(CREATED);
  }

  /** The event id of a reply written by {@link #of}. */
  public static String id(Buffer reply) {
    return reply.getString(BEFORE_ID.length(), BEFORE_ID.length() + ID_LENGTH);
  }
}
