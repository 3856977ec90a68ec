package io.auditcache.metrics;

/**
 * The operations meters are labelled with: a bounded set, so {@code operation} never explodes a time series. Each is
 * a write or a read, which picks its latency histogram.
 */
public enum Operation {
  SET("set", true), SET_BATCH("set_batch", true), WARMUP("warmup", true), GET("get", false), LOOKUP("lookup", false),
  GET_HEAD("get_head", false), PUT_HEAD("put_head", true), APPEND("append", true), PUT_HASHES("put_hashes", true),
  GET_HASHES("get_hashes", false), ADD_GAP("add_gap", true), GET_GAPS("get_gaps", false), SEQUENCE("sequence", true);

  private final String label;
  private final boolean write;

  Operation(String label, boolean write) {
    this.label = label;
    this.write = write;
  }

  /** The label value, e.g. {@code set_batch}. */
  public String label() {
    return label;
  }

  /** Timed in {@code audit_cache_write_duration_seconds} (else the read histogram). */
  public boolean isWrite() {
    return write;
  }
}
