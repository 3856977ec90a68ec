package io.auditcache.support;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Redis 7.0 in a Testcontainers container, for machines with a Docker engine. The host port is fixed when the
 * container is created so that a stop and start (a Redis restart) keeps the address the server under test uses.
 */
final class ContainerRedisServer implements RedisServer {

  private static final DockerImageName IMAGE = DockerImageName.parse("redis:7.0");

  private final GenericContainer<?> container;
  private final int port;

  @SuppressWarnings("resource")
  ContainerRedisServer() {
    port = freePort();
    container = new GenericContainer<>(IMAGE)
      .withExposedPorts(6379)
      .withCommand("redis-server", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction")
      .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
    container.setPortBindings(List.of(port + ":6379"));
    container.start();
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void stop() {
    container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public void start() {
    container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
    awaitPong(TimeUnit.SECONDS.toNanos(30));
  }

  @Override
  public void close() {
    container.stop();
  }

  /** Polls PING until the restarted container answers; the container's log wait only covers its first start. */
  private void awaitPong(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!answersPing()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Redis container did not answer PING after a restart");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host(), port), 1_000);
      socket.setSoTimeout(1_000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
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
