package io.auditcache.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The private redis-server process of tests and the benchmark. */
class LocalRedisServerTest {

  /** Run in a JVM of its own by the test: starts a server, prints its port, and ends without closing it. */
  public static final class Abandoning {
    public static void main(String[] args) {
      System.out.println("redis port " + new LocalRedisServer().port());
    }
  }

  @Test
  void a_jvm_that_ends_without_closing_its_server_stops_it() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Abandoning.class.getName())
      .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    Matcher port = Pattern.compile("redis port (\\d+)").matcher(output);
    assertThat(port.find()).as(output).isTrue();

    // SIGKILL'd at the JVM's exit: its port closes as soon as the kernel has ended the process.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (accepts(Integer.parseInt(port.group(1)))) {
      assertThat(System.nanoTime()).as("redis-server still listening 10 s after its JVM ended").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static boolean accepts(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }
}
