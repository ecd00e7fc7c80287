package dev.rapport.hardware;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A {@link HardwareScheduler} whose clock moves only when a test calls {@link #advanceTo}: timed
 * tasks run at exactly their deadline (the clock reads the deadline while they run), in deadline
 * order, ties in scheduling order. Shipped in the hardware test-jar for other modules' tests.
 */
public final class ManualScheduler implements HardwareScheduler {
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Timed> timed = new PriorityQueue<>();
  private long nowMs;
  private long sequence;

  public ManualScheduler(long startMs) {
    this.nowMs = startMs;
  }

  @Override
  public synchronized long nowMs() {
    return nowMs;
  }

  @Override
  public synchronized void execute(Runnable task) {
    ready.add(task);
  }

  @Override
  public synchronized void schedule(long atMs, Runnable task) {
    timed.add(new Timed(atMs, sequence++, task));
  }

  /** Runs every task due now, including those the tasks themselves queue for now. */
  public synchronized void runDue() {
    while (true) {
      Runnable next = ready.poll();
      if (next == null) {
        Timed head = timed.peek();
        if (head == null || head.atMs > nowMs) {
          return;
        }
        next = timed.poll().task;
      }
      next.run();
    }
  }

  /** Moves the clock to {@code targetMs}, stopping at every deadline on the way. */
  public synchronized void advanceTo(long targetMs) {
    if (targetMs < nowMs) {
      throw new IllegalArgumentException(
          "time cannot go back, nowMs=" + nowMs + " targetMs=" + targetMs);
    }
    runDue();
    while (!timed.isEmpty() && timed.peek().atMs <= targetMs) {
      nowMs = Math.max(nowMs, timed.peek().atMs);
      runDue();
    }
    nowMs = targetMs;
    runDue();
  }

  public void advanceBy(long deltaMs) {
    advanceTo(nowMs() + deltaMs);
  }

  /** Timed tasks not yet run; a steady pattern should leave none behind. */
  public synchronized int pendingTimedTasks() {
    return timed.size();
  }

  private record Timed(long atMs, long sequence, Runnable task) implements Comparable<Timed> {
    @Override
    public int compareTo(Timed other) {
      int byTime = Long.compare(atMs, other.atMs);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
