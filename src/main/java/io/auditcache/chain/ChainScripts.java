package io.auditcache.chain;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

import java.util.List;

/** The chain scripts, each loaded once per JVM (they are immutable). */
public final class ChainScripts {

  public static final RedisScript PUT_HEAD = RedisScript.named("put-head.lua");
  public static final RedisScript APPEND = RedisScript.named("append.lua");
  public static final RedisScript PUT_HASHES = RedisScript.named("put-hashes.lua");
  public static final RedisScript ADD_GAP = RedisScript.named("add-gap.lua");
  public static final RedisScript FILL_GAPS = RedisScript.named("fill-gaps.lua");
  public static final RedisScript ALLOCATE = RedisScript.named("allocate.lua");
  public static final RedisScript RESOLVE_TOKEN = RedisScript.named("resolve-token.lua");

  /** Scripts that run inside pipelines, where a NOSCRIPT would lose the other replies: loaded up front. */
  public static final List<RedisScript> PIPELINED = List.of(FILL_GAPS, ALLOCATE, RESOLVE_TOKEN);

  private ChainScripts() {
  }

  /** Loads the pipelined scripts; fails when Redis cannot be reached. */
  public static Future<Void> loadPipelined(Redis redis) {
    return Future.all(PIPELINED.stream().map(script -> script.load(redis)).toList()).mapEmpty();
  }
}
