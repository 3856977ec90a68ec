package io.auditcache.chain;

import io.auditcache.cache.RedisScript;

import java.util.List;

/** The chain scripts (Lua resources beside this class, each with the helper library {@code chain.lua} prepended). */
public final class ChainScripts {

  /** The helpers (gap ledger, head record) every chain script starts with. */
  private static final String LIBRARY = "chain.lua";

  public static final RedisScript PUT_HEAD = RedisScript.of(ChainScripts.class, LIBRARY, "put-head.lua");
  public static final RedisScript APPEND = RedisScript.of(ChainScripts.class, LIBRARY, "append.lua");
  public static final RedisScript PUT_HASHES = RedisScript.of(ChainScripts.class, LIBRARY, "put-hashes.lua");
  public static final RedisScript ADD_GAP = RedisScript.of(ChainScripts.class, LIBRARY, "add-gap.lua");
  public static final RedisScript FILL_GAPS = RedisScript.of(ChainScripts.class, LIBRARY, "fill-gaps.lua");
  public static final RedisScript ALLOCATE = RedisScript.of(ChainScripts.class, LIBRARY, "allocate.lua");
  public static final RedisScript RESOLVE_TOKEN = RedisScript.of(ChainScripts.class, LIBRARY, "resolve-token.lua");

  /** The sequence verticle's scripts, loaded whenever its connection opens. */
  public static final List<RedisScript> SEQUENCE = List.of(ALLOCATE, RESOLVE_TOKEN);

  private ChainScripts() {
  }

}
