package io.auditcache.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} process: a free port ({@code --port 0} would disable TCP rather than pick one), its
 * own temporary directory, no persistence. Start-up is detected from the server's own "Ready to accept connections"
 * line, not by sleeping.
 */
final class LocalRedisServer implements RedisServer {

  private static final String READY = "Ready to accept connections";
  private static final int START_ATTEMPTS = 5;

  private final Path dir;
  /**
   * Stops the server when this JVM ends without closing it (a benchmark stopped by Ctrl-C, a test run cut short): a
   * child process outlives its parent otherwise.
   */
  private final Thread stopAtExit = new Thread(this::destroyAtExit, "redis-server-stop-at-exit");
  private int port;
  private volatile Process process;

  LocalRedisServer() {
    try {
      dir = Files.createTempDirectory("audit-cache-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    // A free port can be taken by someone else between probing and binding: then try another one.
    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS && process == null; attempt++) {
      port = freePort();
      try {
        start();
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    if (process == null) {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
      throw last;
    }
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public synchronized void start() {
    ProcessBuilder builder = new ProcessBuilder(List.of("redis-server",
      "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
      "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction",
      "--logfile", ""))
      .redirectErrorStream(true);
    Process started;
    try {
      started = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run redis-server (is it installed?): " + e.getMessage(), e);
    }
    awaitReady(started);
    process = started;
  }

  private void awaitReady(Process started) {
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readUntilReady(started));
    try {
      String outcome = ready.get(20, TimeUnit.SECONDS);
      if (!outcome.contains(READY)) {
        started.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not start: " + outcome);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      started.destroyForcibly();
      throw new IllegalStateException("redis-server on port " + port + " did not become ready", e);
    }
  }

  /** Reads the server's output until it is ready (and keeps draining it afterwards so the pipe never fills). */
  private static String readUntilReady(Process started) {
    BufferedReader output = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    try {
      String line;
      while ((line = output.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.contains(READY)) {
          Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "redis-output-" + started.pid());
          drain.setDaemon(true);
          drain.start();
          return line;
        }
      }
    } catch (IOException e) {
      seen.append(e);
    }
    return seen.toString();
  }

  @Override
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public synchronized void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // Closed from another shutdown hook: this one runs too, and finds nothing left to stop.
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Not synchronized: a shutdown hook must not wait for a lock that a stopping thread may hold. */
  private void destroyAtExit() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
