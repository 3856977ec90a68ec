package io.auditcache.chain;

import io.auditcache.bus.ChainRequests;
import io.auditcache.cache.RedisFailures;
import io.auditcache.cache.RedisKeys;
import io.auditcache.cache.RedisScript;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.metrics.AuditMeters;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A chain's head, hash ranges and gaps in Redis. Every change is one atomic script in the chain's slot, so any
 * number of writers on any number of instances can never fork a chain or move its head back. Every call is one
 * round trip, bounded by the Redis timeout.
 */
public final class ChainStore {

  private final Redis redis;
  private final RedisKeys keys;
  private final RedisFailures failures;
  private final AuditCacheConfig.Chain chain;
  private final AuditCacheConfig.Sequence sequence;
  private final AuditMeters meters;

  /** What a head update did: {@code accepted}, and the head now cached (null when none). */
  public record HeadOutcome(boolean accepted, Head head) {
  }

  /** @param meters counts gaps recorded, filled and dropped, from what the scripts report */
  public ChainStore(Redis redis, RedisKeys keys, RedisFailures failures, AuditCacheConfig config, AuditMeters meters) {
    this.redis = redis;
    this.keys = keys;
    this.failures = failures;
    this.chain = config.chain();
    this.sequence = config.sequence();
    this.meters = meters;
  }

  /** The cached head, or null. */
  public Future<Head> head(String name) {
    return failures.guard(redis.send(Request.cmd(Command.GET).arg(keys.head(name))))
      .map(value -> value == null ? null : Head.parse(value.toString()));
  }

  /** PUT head: accepted unless it would move the head back or change the hash at its sequence. */
  public Future<HeadOutcome> putHead(ChainRequests.HeadWrite write) {
    List<String> args = List.of(Long.toString(write.sequence()), write.hash(), RedisKeys.bucketField(write.sequence()),
      now(), Long.toString(chain.headTtlMs()), Long.toString(chain.rangeTtlMs()), Long.toString(sequence.gapTtlMs()),
      Integer.toString(sequence.maxGaps()));
    return run(ChainScripts.PUT_HEAD, headKeys(write.chain(), write.sequence()), args).map(reply -> {
      meters.gapsDropped(reply.get(2).toLong());
      meters.gapsFilled(reply.get(3).toLong());
      if (reply.get(4).toInteger() == 1) {
        meters.gapRecorded("head-jump");
      }
      return headOutcome(reply);
    });
  }

  /** Atomic append (compare-and-set on the head). */
  public Future<HeadOutcome> append(ChainRequests.Append append) {
    List<String> args = List.of(Long.toString(append.sequence()),
      append.previousHash() == null ? "" : append.previousHash(), append.hash(),
      RedisKeys.bucketField(append.sequence()), now(), Long.toString(chain.headTtlMs()),
      Long.toString(chain.rangeTtlMs()), Long.toString(sequence.gapTtlMs()));
    return run(ChainScripts.APPEND, headKeys(append.chain(), append.sequence()), args).map(reply -> {
      meters.gapsFilled(reply.get(2).toLong());
      return headOutcome(reply);
    });
  }

  /** Writes hash range entries, all or none. @return the conflicting sequences; empty when written */
  public Future<List<Long>> putHashes(ChainRequests.HashEntries entries) {
    List<String> scriptKeys = new ArrayList<>(List.of(keys.gaps(entries.chain()), keys.rangeMax(entries.chain())));
    Map<String, Integer> bucketIndex = new LinkedHashMap<>();
    List<String> args = new ArrayList<>(List.of(now(), Long.toString(chain.rangeTtlMs()),
      Long.toString(sequence.gapTtlMs()), Integer.toString(entries.hashes().size())));
    entries.hashes().forEach((seq, hash) -> {
      String bucket = keys.hashBucket(entries.chain(), seq);
      int index = bucketIndex.computeIfAbsent(bucket, key -> {
        scriptKeys.add(key);
        return scriptKeys.size();
      });
      args.addAll(List.of(Integer.toString(index), RedisKeys.bucketField(seq), hash, Long.toString(seq)));
    });
    return run(ChainScripts.PUT_HASHES, scriptKeys, args).map(reply -> {
      if ("ok".equals(reply.get(0).toString())) {
        meters.gapsFilled(reply.get(1).toLong());
        return List.of();
      }
      List<Long> conflicts = new ArrayList<>();
      reply.get(1).forEach(seq -> conflicts.add(Long.parseLong(seq.toString())));
      return conflicts;
    });
  }

  /** The cached entries of {@code from..to}, one HMGET per bucket, all in one pipeline. */
  public Future<SortedMap<Long, String>> hashes(ChainRequests.Range range) {
    List<Request> pipeline = new ArrayList<>();
    List<Long> firsts = new ArrayList<>();
    for (long first = range.from(); first <= range.to(); first = (first / RedisKeys.BUCKET_SIZE + 1) * RedisKeys.BUCKET_SIZE) {
      long last = Math.min(range.to(), (first / RedisKeys.BUCKET_SIZE + 1) * RedisKeys.BUCKET_SIZE - 1);
      Request hmget = Request.cmd(Command.HMGET).arg(keys.hashBucket(range.chain(), first));
      for (long seq = first; seq <= last; seq++) {
        hmget.arg(RedisKeys.bucketField(seq));
      }
      pipeline.add(hmget);
      firsts.add(first);
    }
    return failures.guard(redis.batch(pipeline)).map(replies -> {
      SortedMap<Long, String> found = new TreeMap<>();
      for (int i = 0; i < replies.size(); i++) {
        Response values = replies.get(i);
        for (int j = 0; j < values.size(); j++) {
          if (values.get(j) != null) {
            found.put(firsts.get(i) + j, values.get(j).toString());
          }
        }
      }
      return found;
    });
  }

  /** Records {@code from..to} as a gap (reason {@code tracked}), merging with neighbours. */
  public Future<Void> addGap(ChainRequests.Range range) {
    List<String> args = List.of(Long.toString(range.from()), Long.toString(range.to()), now(), "tracked",
      Integer.toString(sequence.maxGaps()), Long.toString(sequence.gapTtlMs()));
    return run(ChainScripts.ADD_GAP, List.of(keys.gaps(range.chain())), args).map(dropped -> {
      meters.gapRecorded("tracked");
      meters.gapsDropped(dropped.toLong());
      return null;
    });
  }

  /** The lowest {@code limit} gaps, ascending. */
  public Future<List<Gap>> gaps(String name, int limit) {
    Request range = Request.cmd(Command.ZRANGE).arg(keys.gaps(name)).arg(0).arg(limit - 1);
    return failures.guard(redis.send(range)).map(members -> {
      List<Gap> gaps = new ArrayList<>();
      members.forEach(member -> gaps.add(Gap.parse(member.toString())));
      return gaps;
    });
  }

  /** The fill-gaps script call for numbers that arrived on a chain, for an event-write pipeline. */
  public static Request fillGaps(RedisKeys keys, String chain, List<Long> sequences, long gapTtlMs) {
    List<String> args = new ArrayList<>(sequences.size() + 1);
    args.add(Long.toString(gapTtlMs));
    sequences.forEach(seq -> args.add(Long.toString(seq)));
    return ChainScripts.FILL_GAPS.call(List.of(keys.gaps(chain)), args);
  }

  private List<String> headKeys(String name, long seq) {
    return List.of(keys.head(name), keys.floor(name), keys.gaps(name), keys.rangeMax(name), keys.hashBucket(name, seq));
  }

  private Future<Response> run(RedisScript script, List<String> scriptKeys, List<String> args) {
    return failures.guard(script.run(redis, scriptKeys, args));
  }

  private static HeadOutcome headOutcome(Response reply) {
    return new HeadOutcome("ok".equals(reply.get(0).toString()), Head.parse(reply.get(1).toString()));
  }

  private static String now() {
    return Long.toString(System.currentTimeMillis());
  }
}
