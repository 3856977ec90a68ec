package io.auditcache.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The steady-state append scenario's requests: each chain's entries follow one another, group after group. */
class ChainAppendsTest {

  private static final long FIRST = 3 * ChainAppends.GROUP;

  @Test
  void each_chain_gets_its_entries_in_order_every_chains_worth_of_requests_each_naming_the_hash_before_it() {
    Set<String> chains = new HashSet<>();
    for (long group = 0; group < 2; group++) {
      for (long chain : new long[] {0, 1, ChainAppends.CHAINS - 1}) {
        String previousHash = null;
        String path = null;
        for (long sequence = 1; sequence <= ChainAppends.PER_CHAIN; sequence++) {
          long n = FIRST + group * ChainAppends.GROUP + (sequence - 1) * ChainAppends.CHAINS + chain;
          Scenario.Request request = ChainAppends.next(n);
          JsonObject body = request.body().toJsonObject();
          assertThat(body.getLong("sequence")).isEqualTo(sequence);
          assertThat(body.getString("previousHash")).isEqualTo(previousHash);
          assertThat(request.path()).isEqualTo(path == null ? request.path() : path).endsWith("/append");
          previousHash = body.getString("hash");
          path = request.path();
        }
        chains.add(path);
      }
    }
    assertThat(chains).as("a new group appends to new chains").hasSize(6);
  }

  @Test
  void hashes_are_sha256_shaped_and_distinct_per_chain_and_sequence() {
    assertThat(ChainAppends.hash(15, 241)).matches("sha256:[0-9a-f]{64}").isNotEqualTo(ChainAppends.hash(255, 1));
  }
}
