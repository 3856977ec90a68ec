package io.auditcache.cache;

/**
 * The Redis key schema; every key starts with {@code <keyPrefix>:}. Event keys spread across Redis Cluster slots by
 * id; everything that belongs to one chain carries the hash tag {@code {<chain>}} so that a chain's atomic scripts
 * run in one slot.
 *
 * <pre>
 * &lt;prefix&gt;:event:&lt;uuid&gt;                    canonical event JSON, TTL 1 h &plusmn; jitter
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:head              "&lt;sequence&gt; &lt;hash&gt;", TTL 5 min, renewed on update
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:floor             highest head sequence ever accepted, no TTL
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:rangemax          highest sequence in the hash ranges, no TTL
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:hashes:&lt;n&gt;        hash of sequences n*128 .. n*128+127 (field = offset), TTL 24 h
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:seq               the sequence counter, no TTL
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:gaps              sorted set of missing ranges, TTL 1 h, renewed on update
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:idem:&lt;key&gt;        numbers given for an Idempotency-Key, TTL 10 min
 * &lt;prefix&gt;:chain:{&lt;chain&gt;}:token:&lt;uuid&gt;      range of one allocation, until its outcome is known
 * </pre>
 *
 * <p>Hash ranges are bucketed 128 to a Redis hash so that Redis keeps each bucket in its compact listpack encoding
 * (its default {@code hash-max-listpack-entries} is 128): about 70 bytes per 64-character entry instead of ~200
 * for a key per entry. Redis 7.0 has no per-field expiry, so a bucket's entries share its TTL, renewed on every
 * write: each entry lives at least 24 hours.
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

  /** Sequences per hash-range bucket. */
  public static final int BUCKET_SIZE = 128;

  /** A key of one chain, e.g. {@code chain("default", "head")} &rarr; {@code audit:chain:{default}:head}. */
  public String chain(String chain, String part) {
    return chainPrefix + chain + "}:" + part;
  }

  public String head(String chain) {
    return chain(chain, "head");
  }

  public String floor(String chain) {
    return chain(chain, "floor");
  }

  public String rangeMax(String chain) {
    return chain(chain, "rangemax");
  }

  public String counter(String chain) {
    return chain(chain, "seq");
  }

  public String gaps(String chain) {
    return chain(chain, "gaps");
  }

  /** The bucket holding a sequence's hash; its field is {@link #bucketField}. */
  public String hashBucket(String chain, long sequence) {
    return chain(chain, "hashes:" + sequence / BUCKET_SIZE);
  }

  public static String bucketField(long sequence) {
    return Long.toString(sequence % BUCKET_SIZE);
  }

  public String idempotency(String chain, String key) {
    return chain(chain, "idem:" + key);
  }

  public String outcomeToken(String chain, String token) {
    return chain(chain, "token:" + token);
  }
}
