package io.auditcache.cache;

/**
 * The Redis key schema; every key starts with {@code <keyPrefix>:}. Event keys spread across Redis Cluster slots by
 * id; everything that belongs to one chain carries the hash tag {@code {<chain>}} so that a chain's atomic scripts
 * run in one slot.
 *
 * <pre>
 * &lt;prefix&gt;:event:&lt;uuid&gt;            canonical event JSON, TTL 1 h &plusmn; jitter
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:&lt;part&gt;   chain data (head, floor, counter, hash ranges, gaps)
 * </pre>
 */
public final class RedisKeys {

  private final String eventPrefix;
  private final String chainPrefix;

  public RedisKeys(String keyPrefix) {
    this.eventPrefix = keyPrefix + ":event:";
    this.chainPrefix = keyPrefix + ":chain:{";
  }

  /** The key of one event; {@code id} is the canonical lower-case UUID. */
  public String event(String id) {
    return eventPrefix + id;
  }

  /** A key of one chain, e.g. {@code chain("default", "head")} &rarr; {@code audit:chain:{default}:head}. */
  public String chain(String chain, String part) {
    return chainPrefix + chain + "}:" + part;
  }
}
