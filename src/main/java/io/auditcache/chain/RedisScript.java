package io.auditcache.chain;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script of this package (a resource beside this class), with the gap-ledger helpers of {@code gaps.lua}
 * prepended. Runs by SHA; a Redis that lost its script cache (restart, {@code SCRIPT FLUSH}) answers NOSCRIPT,
 * and then the script is loaded and run again, once.
 */
public final class RedisScript {

  private static final String LIBRARY = read("gaps.lua");

  private final String name;
  private final String source;
  private final String sha;

  private RedisScript(String name) {
    this.name = name;
    this.source = LIBRARY + "\n" + read(name);
    this.sha = sha1(source);
  }

  /** The script {@code name} (e.g. {@code append.lua}). */
  public static RedisScript named(String name) {
    return new RedisScript(name);
  }

  /** EVALSHA for a pipeline: the caller loads the script beforehand and treats NOSCRIPT as a lost cache. */
  public Request call(List<String> keys, List<String> args) {
    Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  /** Runs alone: EVALSHA, and on NOSCRIPT loads the script and runs it again, once. */
  public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
    return redis.send(call(keys, args)).recover(failure -> isNoScript(failure)
      ? load(redis).compose(loaded -> redis.send(call(keys, args)))
      : Future.failedFuture(failure));
  }

  /** SCRIPT LOAD: puts the script into Redis' cache so that EVALSHA finds it. */
  public Future<Void> load(Redis redis) {
    return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source)).mapEmpty();
  }

  /** SCRIPT LOAD as a request, for pipelines. */
  public Request loadRequest() {
    return Request.cmd(Command.SCRIPT).arg("LOAD").arg(source);
  }

  /** True when Redis no longer holds a script (its error reply starts with NOSCRIPT, also inside a pipeline's). */
  public static boolean isNoScript(Throwable failure) {
    return String.valueOf(failure.getMessage()).contains("NOSCRIPT");
  }

  @Override
  public String toString() {
    return name + "@" + sha;
  }

  private static String read(String resource) {
    try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("script " + resource + " missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
