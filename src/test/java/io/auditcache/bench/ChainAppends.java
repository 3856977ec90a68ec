package io.auditcache.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Appends to chains that already have a head: the steady state of an audit log, where a chain's writer appends its
 * next entry after the last one was acknowledged. The benchmark's other append scenario creates a new chain with every
 * request (four new Redis keys each), the worst case.
 *
 * <p>Request {@code n} is appended to chain {@code n mod CHAINS} of the current group, so consecutive appends to one
 * chain are {@link #CHAINS} requests apart: at 30,000 requests/s, 0.33 s, far longer than any answer takes, so each
 * is sent after the one before it was answered, as a real chain's writer would. After {@link #PER_CHAIN} appends every
 * chain of a group has had its turn and the next group of chains begins: a request that failed leaves its chain
 * conflicting (each later append names a previous hash that never became the head) only until then. The first request
 * each chain gets in a group is its first append.
 *
 * <p>The mapping counts from a multiple of {@link #GROUP} (see {@link Scenario#startsAt}), and the benchmark starts
 * a new group whenever it turns to the other server (ours or the bare one): a phase starting elsewhere would begin
 * mid-chain, on chains without a head. A group's first appends, one per chain, fall in the closed loop's warm-up
 * (10,000 requests: 0.4 s at 25,000 requests/s).
 */
final class ChainAppends {

  static final long CHAINS = 10_000;
  static final long PER_CHAIN = 200;
  /** Requests per group of chains. */
  static final long GROUP = CHAINS * PER_CHAIN;

  private ChainAppends() {
  }

  /** Request {@code n}: the next entry of its chain, naming the previous entry's hash unless it is the first. */
  static Scenario.Request next(long n) {
    long chain = chain(n);
    long sequence = sequence(n);
    String previous = sequence == 1 ? "" : ",\"previousHash\":\"" + hash(chain, sequence - 1) + "\"";
    return new Scenario.Request(HttpMethod.POST, "/v1/chains/c" + chain + "/append",
      Buffer.buffer("{\"sequence\":" + sequence + ",\"hash\":\"" + hash(chain, sequence) + "\"" + previous + "}"));
  }

  /** The chain (unique across groups) that request {@code n} appends to. */
  static long chain(long n) {
    return n / GROUP * CHAINS + n % CHAINS;
  }

  /** The sequence number request {@code n} appends: 1 for the first request of its chain. */
  static long sequence(long n) {
    return n % GROUP / CHAINS + 1;
  }

  /** A realistic entry hash: "sha256:" and 64 hex digits, distinct per chain and sequence. */
  static String hash(long chain, long sequence) {
    return "sha256:" + hex32(chain) + hex32(sequence);
  }

  private static String hex32(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(32 - hex.length()) + hex;
  }
}
