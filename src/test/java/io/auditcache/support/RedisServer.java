package io.auditcache.support;

/**
 * A Redis server that a test owns: in a container when a Docker engine is available, else a local
 * {@code redis-server} process on a free port with its own directory. Both keep nothing on disk and run with
 * {@code maxmemory-policy noeviction}, as the README prescribes.
 */
public interface RedisServer extends AutoCloseable {

  String host();

  int port();

  default String url() {
    return "redis://" + host() + ":" + port();
  }

  /** Stops the server the hard way; its data is gone (nothing is persisted). The port stays reserved for {@link #start()}. */
  void stop();

  /** Starts it again on the same host and port, and returns once it answers. */
  void start();

  /** Stops it for good and removes what it left behind. */
  @Override
  void close();
}
