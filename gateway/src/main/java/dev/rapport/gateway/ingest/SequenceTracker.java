package dev.rapport.gateway.ingest;

/**
 * Accounts a badge's u16 frame sequence numbers: frames lost in gaps, duplicates, and frames that
 * arrive late (reordered) but were first counted as lost. Remembers which of the last {@link
 * #WINDOW} sequence numbers arrived, so a duplicate is told from a late frame exactly.
 *
 * <p>A badge that restarts its numbering without its HELLO reaching us would otherwise have every
 * later frame judged too old, for good: after {@link #RESYNC_AFTER_TOO_OLD} consecutive too-old
 * frames that count up among themselves, the numbering is taken to have restarted and tracking
 * begins again there ({@link #resyncs()}). Allocation free; engine thread only.
 */
public final class SequenceTracker {
  /** How far back a late frame is still recognised; older ones are counted as too old. */
  public static final int WINDOW = 1024;

  /** Consecutive, ascending too-old frames that mean the numbering restarted. */
  public static final int RESYNC_AFTER_TOO_OLD = 8;

  private static final int MODULUS = 1 << 16;

  private final long[] seen = new long[WINDOW / 64];
  private boolean started;
  private int newest;
  private long received;
  private long lost;
  private long duplicates;
  private long reordered;
  private long tooOld;
  private long resyncs;
  private int tooOldRun;
  private int tooOldRunNewest;

  /**
   * The newest number, unwrapped; and where tracking began, so older frames are never "un-lost".
   */
  private long newestCount;

  private long startCount;

  /** What one frame's sequence number means. */
  public enum Verdict {
    /** The next expected frame, or the first after a gap. */
    NEW,
    /** A frame from before the newest one that had not been seen: its loss is undone. */
    LATE,
    /** Seen before: drop it. */
    DUPLICATE,
    /** Older than the window: cannot tell, dropped and counted. */
    TOO_OLD
  }

  public Verdict onSequence(int sequence) {
    if (!started) {
      return startAt(sequence);
    }
    // Signed distance on the 16-bit circle: positive = ahead of the newest frame.
    int delta = ((sequence - newest + MODULUS / 2) & (MODULUS - 1)) - MODULUS / 2;
    if (delta > 0) {
      tooOldRun = 0;
      for (int s = 1; s < delta && s <= WINDOW; s++) {
        clear(newest + s);
      }
      if (delta > WINDOW) {
        java.util.Arrays.fill(seen, 0L);
      }
      lost += delta - 1;
      newest = sequence;
      newestCount += delta;
      mark(sequence);
      received++;
      return Verdict.NEW;
    }
    if (-delta >= WINDOW) {
      tooOld++;
      return onTooOld(sequence);
    }
    tooOldRun = 0;
    if (isMarked(sequence)) {
      duplicates++;
      return Verdict.DUPLICATE;
    }
    mark(sequence);
    if (newestCount + delta > startCount) {
      lost--; // it was counted lost when the gap opened
    }
    reordered++;
    received++;
    return Verdict.LATE;
  }

  private Verdict onTooOld(int sequence) {
    final int step = ((sequence - tooOldRunNewest + MODULUS / 2) & (MODULUS - 1)) - MODULUS / 2;
    tooOldRun = tooOldRun > 0 && step > 0 ? tooOldRun + 1 : 1;
    tooOldRunNewest = sequence;
    if (tooOldRun < RESYNC_AFTER_TOO_OLD) {
      return Verdict.TOO_OLD;
    }
    resyncs++;
    java.util.Arrays.fill(seen, 0L);
    return startAt(sequence);
  }

  private Verdict startAt(int sequence) {
    started = true;
    tooOldRun = 0;
    startCount = newestCount;
    newest = sequence;
    mark(sequence);
    received++;
    return Verdict.NEW;
  }

  /** Forget everything: the badge rebooted and numbers its frames from the start again. */
  public void reset() {
    started = false;
    tooOldRun = 0;
    java.util.Arrays.fill(seen, 0L);
  }

  /** The newest sequence number seen (0..65535); meaningless before the first frame. */
  public int newest() {
    return newest;
  }

  /** Times the numbering was taken to have restarted without a HELLO. */
  public long resyncs() {
    return resyncs;
  }

  public long received() {
    return received;
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

  public long tooOld() {
    return tooOld;
  }

  /** Lost frames as a percentage of those expected (received + lost); 0 before any frame. */
  public double lossPercent() {
    long expected = received + lost;
    return expected == 0 ? 0.0 : 100.0 * lost / expected;
  }

  private void mark(int sequence) {
    int bit = sequence & (WINDOW - 1);
    seen[bit >>> 6] |= 1L << (bit & 63);
  }

  private void clear(int sequence) {
    int bit = sequence & (WINDOW - 1);
    seen[bit >>> 6] &= ~(1L << (bit & 63));
  }

  private boolean isMarked(int sequence) {
    int bit = sequence & (WINDOW - 1);
    return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
  }
}
