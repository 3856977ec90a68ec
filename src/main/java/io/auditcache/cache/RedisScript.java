package io.auditcache.cache;

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
 * A Lua script: one or more resources (a shared library first, then the script) concatenated, run by SHA. A Redis
 * that lost its script cache (restart, {@code SCRIPT FLUSH}) answers NOSCRIPT without running anything; the script
 * is then loaded and run again, once.
 */
public final class RedisScript {

  private final String name;
  private final String source;
  private final String sha;

  private RedisScript(Class<?> owner, String... resources) {
    StringBuilder text = new StringBuilder();
    for (String resource : resources) {
      text.append(read(owner, resource)).append('\n');
    }
    this.name = resources[resources.length - 1];
    this.source = text.toString();
    this.sha = sha1(source);
  }

  /** The resources, relative to {@code owner}'s package, in order (e.g. a library, then the script). */
  public static RedisScript of(Class<?> owner, String... resources) {
    return new RedisScript(owner, resources);
  }

  /** EVALSHA as a request, for pipelines (see {@link #runAll} for NOSCRIPT); {@code byte[]} args go as they are. */
  public Request call(List<String> keys, List<?> args) {
    Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
    keys.forEach(request::arg);
    for (Object arg : args) {
      if (arg instanceof byte[] bytes) {
        request.arg(bytes);
      } else {
        request.arg(arg.toString());
      }
    }
    return request;
  }

  /** Runs alone: EVALSHA, and on NOSCRIPT loads the script and runs it again, once. */
  public Future<Response> run(Redis redis, List<String> keys, List<?> args) {
    return redis.send(call(keys, args)).recover(failure -> isNoScript(failure)
      ? load(redis).compose(loaded -> redis.send(call(keys, args)))
      : Future.failedFuture(failure));
  }

  /**
   * Runs a pipeline whose scripts all come from {@code scripts}: on NOSCRIPT loads them and sends the pipeline again,
   * once. Only for pipelines that are safe to resend: reads, or scripts that did nothing because they were missing.
   */
  public static Future<List<Response>> runAll(Redis redis, List<Request> pipeline, List<RedisScript> scripts) {
    return redis.batch(pipeline).recover(failure -> isNoScript(failure)
      ? Future.all(scripts.stream().map(script -> script.load(redis)).toList()).compose(loaded -> redis.batch(pipeline))
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

  private static String read(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
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
