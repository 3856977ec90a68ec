package io.auditcache.cache;

/** What a write of one event did. */
public enum WriteStatus {
  /** Redis had no such event: it is stored now. */
  CREATED,
  /** Redis already held identical content; nothing changed, its TTL was not renewed. */
  UNCHANGED,
  /** Redis holds other content under this id; nothing changed (audit events are immutable). */
  CONFLICT;

  private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

  /** The spelling in replies: {@code created}, {@code unchanged}, {@code conflict}. */
  public String wireName() {
    return wireName;
  }
}
