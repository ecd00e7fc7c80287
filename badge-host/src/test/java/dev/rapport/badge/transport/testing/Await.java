package dev.rapport.badge.transport.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, with a deadline, for a condition that nothing signals (a counter another thread bumps
 * after a D-Bus call returned). Prefer latches and the recording listeners where they fit.
 */
public final class Await {
  private static final long POLL_MS = 2;

  private Await() {}

  public static void until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    final long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadlineNs > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(POLL_MS);
    }
  }
}
