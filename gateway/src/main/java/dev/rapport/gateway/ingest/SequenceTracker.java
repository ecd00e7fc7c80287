package dev.rapport.gateway.ingest;

/**
 * Accounts a badge's u16 frame sequence numbers: frames lost in gaps, duplicates, and frames that
 * arrive late (reordered) but were first counted as lost. Remembers which of the last {@link
 * #WINDOW} sequence numbers arrived, so a duplicate is told from a late frame exactly. Allocation
 * free; engine thread only.
 */
public final class SequenceTracker {
  /** How far back a late frame is still recognised; older ones are counted as too old. */
  public static final int WINDOW = 1024;

  private static final int MODULUS = 1 << 16;

  private final long[] seen = new long[WINDOW / 64];
  private boolean started;
  private int newest;
  private long received;
  private long lost;
  private long duplicates;
  private long reordered;
  private long tooOld;

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
      started = true;
      newest = sequence;
      mark(sequence);
      received++;
      return Verdict.NEW;
    }
    // Signed distance on the 16-bit circle: positive = ahead of the newest frame.
    int delta = ((sequence - newest + MODULUS / 2) & (MODULUS - 1)) - MODULUS / 2;
    if (delta > 0) {
      for (int s = 1; s < delta && s <= WINDOW; s++) {
        clear(newest + s);
      }
      if (delta > WINDOW) {
        java.util.Arrays.fill(seen, 0L);
      }
      lost += delta - 1;
      newest = sequence;
      mark(sequence);
      received++;
      return Verdict.NEW;
    }
    if (-delta >= WINDOW) {
      tooOld++;
      return Verdict.TOO_OLD;
    }
    if (isMarked(sequence)) {
      duplicates++;
      return Verdict.DUPLICATE;
    }
    mark(sequence);
    lost--;
    reordered++;
    received++;
    return Verdict.LATE;
  }

  /** Forget everything: the badge rebooted and numbers its frames from the start again. */
  public void reset() {
    started = false;
    java.util.Arrays.fill(seen, 0L);
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
