package dev.rapport.badge.transport.testing;

import dev.rapport.badge.transport.BadgeLink;
import dev.rapport.badge.transport.LinkListener;
import dev.rapport.badge.transport.LinkState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LinkListener} for tests: copies every received chunk (as a real listener must, the
 * buffer is reused), records every state change, and lets the test wait for either with a deadline
 * instead of sleeping.
 */
public final class RecordingLinkListener implements LinkListener {

  /** One state change as reported. */
  public record StateChange(LinkState state, String reason) {}

  /** One {@code onBytes} call, copied. */
  public record Chunk(byte[] bytes, long receiveNanos) {}

  private final ByteSink bytes = new ByteSink();
  private final List<Chunk> chunks = new ArrayList<>();
  private final List<StateChange> changes = new ArrayList<>();

  @Override
  public void onBytes(BadgeLink link, byte[] buffer, int offset, int length, long receiveNanos) {
    final byte[] copy = new byte[length];
    System.arraycopy(buffer, offset, copy, 0, length);
    synchronized (this) {
      chunks.add(new Chunk(copy, receiveNanos));
    }
    bytes.append(buffer, offset, length);
  }

  @Override
  public synchronized void onStateChanged(BadgeLink link, LinkState state, String reason) {
    changes.add(new StateChange(state, reason));
    notifyAll();
  }

  public byte[] awaitBytes(int count, Duration timeout) throws InterruptedException {
    return bytes.await(count, timeout);
  }

  public byte[] bytes() {
    return bytes.snapshot();
  }

  public synchronized List<Chunk> chunks() {
    return List.copyOf(chunks);
  }

  public synchronized List<StateChange> stateChanges() {
    return List.copyOf(changes);
  }

  public synchronized long count(LinkState state) {
    return changes.stream().filter(c -> c.state() == state).count();
  }

  /**
   * Waits until {@code state} has been reported at least {@code occurrences} times and returns the
   * {@code occurrences}-th such change (not the latest: retries may have followed it).
   */
  public synchronized StateChange awaitState(LinkState state, int occurrences, Duration timeout)
      throws InterruptedException {
    final long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (count(state) < occurrences) {
      final long remainingNs = deadlineNs - System.nanoTime();
      if (remainingNs <= 0) {
        throw new AssertionError(
            "expected "
                + state
                + " reported "
                + occurrences
                + " time(s) within "
                + timeout
                + ", changes so far: "
                + changes);
      }
      TimeUnit.NANOSECONDS.timedWait(this, remainingNs);
    }
    int seen = 0;
    for (StateChange c : changes) {
      if (c.state() == state && ++seen == occurrences) {
        return c;
      }
    }
    throw new IllegalStateException("unreachable: counted " + count(state) + " " + state);
  }
}
