package io.auditcache.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * A server the benchmark measures, in its own process: ours as users run it ({@code java -jar target/audit-cache.jar}),
 * or the {@link BareServer} ceiling.
 */
final class ServerProcess implements AutoCloseable {

  /**
   * Both servers' JVM options: the heap, and the young-generation setting the README recommends for the server
   * ("The two commands"). With the default tenuring threshold (15), the events just loaded into our LRU were copied between
   * survivor spaces at every young collection for a minute, and those pauses took 4-13 ms instead of 1.2-3.2; the bare
   * server, whose preloaded map is as young, gets the same options.
   */
  private static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx1g", "-XX:MaxTenuringThreshold=1");

  private final Process process;
  private final int port;
  private final Path gcLog;
  private final Thread onExit;

  private ServerProcess(Process process, int port, Path gcLog) {
    this.process = process;
    this.port = port;
    this.gcLog = gcLog;
    // A benchmark stopped by a signal skips its try-with-resources: without this the server would outlive it.
    this.onExit = new Thread(process::destroy, "server-process-stop");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Starts the jar with these AUDIT_CACHE_* settings and returns once it is ready. */
  static ServerProcess start(Path jar, int port, Map<String, String> settings, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(log, "-jar", jar.toString()));
    builder.environment().putAll(settings);
    builder.environment().put("AUDIT_CACHE_HTTP_PORT", Integer.toString(port));
    builder.environment().put("AUDIT_CACHE_HTTP_HOST", "127.0.0.1");
    return started(builder, port, log, "/health/ready", status -> status == 200);
  }

  /**
   * Starts {@link BareServer} in {@code mode} with the benchmark's own class path, and returns once it answers a GET
   * (a 404 included: it has no health route).
   */
  static ServerProcess bare(int port, String mode, String redisUrl, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(log, "-cp", System.getProperty("java.class.path"),
      BareServer.class.getName(), Integer.toString(port), mode, redisUrl));
    return started(builder, port, log, "/v1/events/ready", status -> true);
  }

  private static ServerProcess started(ProcessBuilder builder, int port, Path log, String path, IntPredicate ready)
    throws IOException {
    ServerProcess server = new ServerProcess(builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), port,
      gcLog(log));
    try {
      server.awaitReady(path, ready);
    } catch (RuntimeException e) {
      // The caller gets no handle to close, and the benchmark's JVM may outlive the failure (Vert.x threads).
      server.process.destroyForcibly();
      throw e;
    }
    return server;
  }

  /** java, {@link #JVM_OPTIONS}, the GC log {@link JvmPauses} reads, then what to run. */
  private static List<String> command(Path log, String... run) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(JVM_OPTIONS);
    command.add(JvmPauses.jvmOption(gcLog(log)));
    command.addAll(List.of(run));
    return command;
  }

  private static String java() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** The server JVM's safepoints that ended between these wall-clock times (ms since the epoch). */
  JvmPauses pauses(long fromMillis, long toMillis) {
    return JvmPauses.within(gcLog, fromMillis, toMillis);
  }

  /** {@code server-lru.log} &rarr; {@code server-lru-gc.log}, beside it. */
  private static Path gcLog(Path log) {
    return log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", "") + "-gc.log");
  }

  private void awaitReady(String path, IntPredicate ready) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with status " + process.exitValue());
      }
      try {
        if (ready.test(http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode())) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException("the server did not become ready within 60 s");
  }

  @Override
  public void close() throws InterruptedException {
    Runtime.getRuntime().removeShutdownHook(onExit);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
