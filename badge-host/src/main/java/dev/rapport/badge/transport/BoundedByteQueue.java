package dev.rapport.badge.transport;

import java.util.concurrent.TimeUnit;

/**
 * A fixed-capacity FIFO of bytes between callers of {@link BadgeLink#send} (any thread) and the one
 * writer thread of a link. {@code offer} never blocks and never accepts part of a message: a
 * command is queued whole or refused, so a full queue cannot cut a frame in two. Allocates nothing
 * after construction.
 */
public final class BoundedByteQueue {
  private final byte[] ring;
  private int head;
  private int size;

  public BoundedByteQueue(int capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException(
          "queue capacity must be positive, capacityBytes=" + capacityBytes);
    }
    this.ring = new byte[capacityBytes];
  }

  public int capacity() {
    return ring.length;
  }

  public synchronized int size() {
    return size;
  }

  /** Queues all {@code length} bytes, or none when they do not fit; never blocks. */
  public synchronized boolean offer(byte[] src, int offset, int length) {
    if (offset < 0 || length < 0 || offset > src.length - length) {
      throw new IndexOutOfBoundsException(
          "bad slice, offset=" + offset + " length=" + length + " arrayLength=" + src.length);
    }
    if (length > ring.length - size) {
      return false;
    }
    int tail = (head + size) % ring.length;
    final int firstPart = Math.min(length, ring.length - tail);
    System.arraycopy(src, offset, ring, tail, firstPart);
    System.arraycopy(src, offset + firstPart, ring, 0, length - firstPart);
    size += length;
    notifyAll();
    return true;
  }

  /**
   * Waits up to {@code timeoutNs} for bytes, then moves at most {@code maxLength} of them into
   * {@code dst} from index 0.
   *
   * @return the number of bytes moved, 0 on timeout
   */
  public synchronized int poll(byte[] dst, int maxLength, long timeoutNs)
      throws InterruptedException {
    long remainingNs = timeoutNs;
    final long deadlineNs = System.nanoTime() + timeoutNs;
    while (size == 0 && remainingNs > 0) {
      TimeUnit.NANOSECONDS.timedWait(this, remainingNs);
      remainingNs = deadlineNs - System.nanoTime();
    }
    final int count = Math.min(Math.min(size, maxLength), dst.length);
    final int firstPart = Math.min(count, ring.length - head);
    System.arraycopy(ring, head, dst, 0, firstPart);
    System.arraycopy(ring, 0, dst, firstPart, count - firstPart);
    head = (head + count) % ring.length;
    size -= count;
    return count;
  }

  /** Drops everything queued, e.g. when the connection it was meant for is gone. */
  public synchronized int clear() {
    final int dropped = size;
    head = 0;
    size = 0;
    return dropped;
  }

  /** Wakes a writer blocked in {@link #poll} so that it can notice a close. */
  public synchronized void wakeUp() {
    notifyAll();
  }
}
