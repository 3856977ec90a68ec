package io.auditcache.bench;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own hiccups, as a thread that does nothing but sleep 1 ms at a time sees them: how much later than
 * asked it woke. It shares no work, lock or event loop with the load, so a stall it sees too was the machine's (the
 * kernel's scheduler, the hypervisor, a safepoint of this JVM) and not the measured server's. The control of
 * jHiccup, in a few lines.
 */
final class Hiccups {

  /** A wake-up this much later than asked is kept, with when it happened. */
  private static final long KEEP_MS = 5;
  private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /**
   * One late wake-up.
   *
   * @param atMillis wall-clock time it woke (ms since the epoch)
   * @param lateMs   how much later than asked
   */
  record Hiccup(long atMillis, double lateMs) {
  }

  private final ConcurrentLinkedQueue<Hiccup> kept = new ConcurrentLinkedQueue<>();

  private Hiccups() {
  }

  /** Starts the sleeping thread, a daemon that ends with the JVM. */
  static Hiccups start() {
    Hiccups hiccups = new Hiccups();
    Thread thread = new Thread(hiccups::sleepForever, "hiccup-control");
    thread.setDaemon(true);
    thread.start();
    return hiccups;
  }

  /** The late wake-ups between these wall-clock times, in order. */
  List<Hiccup> within(long fromMillis, long toMillis) {
    return kept.stream().filter(hiccup -> hiccup.atMillis() >= fromMillis && hiccup.atMillis() <= toMillis).toList();
  }

  private void sleepForever() {
    while (true) {
      long before = System.nanoTime();
      LockSupport.parkNanos(SLEEP_NANOS);
      long lateNanos = System.nanoTime() - before - SLEEP_NANOS;
      if (lateNanos >= TimeUnit.MILLISECONDS.toNanos(KEEP_MS)) {
        kept.add(new Hiccup(System.currentTimeMillis(), lateNanos / 1e6));
      }
    }
  }
}
