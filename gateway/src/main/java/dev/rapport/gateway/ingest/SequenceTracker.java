package dev.rapport.gateway.ingest;

/**
 * Accounts for one badge's u16 frame sequence numbers: gaps (lost frames), duplicates, reordering
 * and frames too late to judge.
 *
 * <p>Numbers are compared as the protocol says, by signed 16-bit difference from the newest, and
 * unwrapped to a 64-bit count so wraps are invisible. A bitmap remembers which of the last {@code
 * window} numbers arrived: a number inside it is accepted once (reordered) and then rejected as a
 * duplicate. A missing number is counted as <b>lost</b> only when it leaves the window without
 * having arrived, so a frame that is merely late is never counted twice. A number behind the window
 * is {@link SequenceOutcome#LATE}; a run of such frames in order means the badge restarted its
 * numbering without a HELLO reaching us, and tracking restarts there.
 *
 * <p>Allocation-free; used by one {@link BadgeSession} on the engine thread.
 */
public final class SequenceTracker {
  /** Consecutive frames behind the window, in order, that mean the numbering restarted. */
  static final int RESYNC_AFTER_LATE_FRAMES = 8;

  private final int window;
  private final long[] received;

  private boolean started;
  private long firstSequence;
  private long newest;
  private int lateRun;
  private long lateRunNewest;

  private long accepted;
  private long lost;
  private long duplicates;
  private long reordered;
  private long late;
  private long gaps;
  private long resyncs;

  public SequenceTracker(int window) {
    if (window < 1 || window > 16_384) {
      throw new IllegalArgumentException("window must be in [1, 16384], window=" + window);
    }
    this.window = window;
    this.received = new long[(window + 63) / 64];
  }

  public SequenceOutcome onSequence(int sequenceU16) {
    final int seq = sequenceU16 & 0xFFFF;
    if (!started) {
      restartAt(seq);
      return SequenceOutcome.NEW;
    }
    final int d = (short) (seq - (int) (newest & 0xFFFF));
    if (d > 0) {
      lateRun = 0;
      advance(newest + d);
      accepted++;
      return SequenceOutcome.NEW;
    }
    final long s = newest + d;
    if (-d >= window) {
      return onLate(seq);
    }
    lateRun = 0;
    if (isReceived(s)) {
      duplicates++;
      return SequenceOutcome.DUPLICATE;
    }
    mark(s);
    accepted++;
    reordered++;
    return SequenceOutcome.REORDERED;
  }

  private SequenceOutcome onLate(int seq) {
    late++;
    if (lateRun > 0 && (short) (seq - (int) lateRunNewest) > 0) {
      lateRun++;
    } else {
      lateRun = 1;
    }
    lateRunNewest = seq;
    if (lateRun >= RESYNC_AFTER_LATE_FRAMES) {
      resyncs++;
      restartAt(seq);
      return SequenceOutcome.RESYNCED;
    }
    return SequenceOutcome.LATE;
  }

  /** Begins accounting afresh at this number (first frame, a HELLO after a reboot, a resync). */
  public void restartAt(int sequenceU16) {
    java.util.Arrays.fill(received, 0L);
    started = true;
    firstSequence = sequenceU16 & 0xFFFF;
    newest = firstSequence;
    lateRun = 0;
    mark(newest);
    accepted++;
  }

  /** Forgets the numbering entirely; the next frame starts it. Counters are kept. */
  public void reset() {
    started = false;
    lateRun = 0;
  }

  private void advance(long newNewest) {
    final long oldLow = newest - window + 1;
    final long newLow = newNewest - window + 1;
    final long leaveEnd = newLow - 1;
    // Numbers leaving the window without having arrived are lost for good.
    final long checkFrom = Math.max(oldLow, firstSequence);
    final long checkTo = Math.min(newest, leaveEnd);
    for (long s = checkFrom; s <= checkTo; s++) {
      if (!isReceived(s)) {
        lost++;
      }
    }
    if (leaveEnd > newest) {
      lost += leaveEnd - newest;
    }
    if (newNewest - newest > 1) {
      gaps++;
    }
    for (long s = Math.max(newest + 1, newLow); s < newNewest; s++) {
      clear(s);
    }
    newest = newNewest;
    mark(newest);
  }

  private boolean isReceived(long s) {
    final int bit = (int) Math.floorMod(s, (long) window);
    return (received[bit >>> 6] & (1L << (bit & 63))) != 0;
  }

  private void mark(long s) {
    final int bit = (int) Math.floorMod(s, (long) window);
    received[bit >>> 6] |= 1L << (bit & 63);
  }

  private void clear(long s) {
    final int bit = (int) Math.floorMod(s, (long) window);
    received[bit >>> 6] &= ~(1L << (bit & 63));
  }

  /** Numbers inside the window still missing: not lost yet, they may still arrive. */
  public int missingInWindow() {
    if (!started) {
      return 0;
    }
    int missing = 0;
    for (long s = Math.max(newest - window + 1, firstSequence); s < newest; s++) {
      if (!isReceived(s)) {
        missing++;
      }
    }
    return missing;
  }

  /** Frames used (new, reordered, or restarting the numbering). */
  public long accepted() {
    return accepted;
  }

  public long lost() {
    return lost;
  }

  public long duplicates() {
    return duplicates;
  }

  public long reordered() {
    return reordered;
  }

  public long late() {
    return late;
  }

  /** Times the newest number jumped by more than one. */
  public long gaps() {
    return gaps;
  }

  public long resyncs() {
    return resyncs;
  }

  /** Lost share of the frames the badge sent since tracking began, in percent (0 if none). */
  public double lossPercent() {
    final long total = accepted + lost;
    return total == 0 ? 0.0 : 100.0 * lost / total;
  }

  /** Newest number seen, unwrapped; meaningless before the first frame. */
  public long newestUnwrapped() {
    return newest;
  }
}
