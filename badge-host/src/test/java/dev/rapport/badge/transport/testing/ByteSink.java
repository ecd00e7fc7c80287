package dev.rapport.badge.transport.testing;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Collects bytes from one thread and lets a test wait, with a deadline, until enough arrived. */
public final class ByteSink {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Exception failure;

  public synchronized void append(byte[] buffer, int offset, int length) {
    bytes.write(buffer, offset, length);
    notifyAll();
  }

  public synchronized void fail(Exception cause) {
    failure = cause;
    notifyAll();
  }

  public synchronized int size() {
    return bytes.size();
  }

  public synchronized byte[] snapshot() {
    return bytes.toByteArray();
  }

  /**
   * Waits until at least {@code count} bytes arrived.
   *
   * @throws AssertionError naming what did arrive when the deadline passes first
   */
  public synchronized byte[] await(int count, Duration timeout) throws InterruptedException {
    final long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (bytes.size() < count) {
      final long remainingNs = deadlineNs - System.nanoTime();
      if (remainingNs <= 0) {
        throw new AssertionError(
            "expected at least "
                + count
                + " bytes within "
                + timeout
                + " but got "
                + bytes.size()
                + (failure == null ? "" : ", reader ended with " + failure));
      }
      TimeUnit.NANOSECONDS.timedWait(this, remainingNs);
    }
    return bytes.toByteArray();
  }
}
