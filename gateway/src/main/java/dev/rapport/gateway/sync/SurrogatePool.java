package dev.rapport.gateway.sync;

/**
 * The pseudo-synchrony baseline of one dyad in one modality: the most recent surrogate peak
 * correlations (Q30), in a ring. A real window's r_peak is compared with them to give an empirical
 * p and a z-score (docs/algorithms.md, "Significance").
 *
 * <p>The statistics use the values truncated to Q15 so that the sum of squares of up to 1024 of
 * them stays exact in a long. Engine thread only; no allocation after construction.
 */
final class SurrogatePool {
  private static final int STATS_SHIFT = 15;

  private final int[] valuesQ30;
  private final int[] stagedQ30;
  private int stagedSize;
  private int size;
  private int next;
  private int sequence;

  /**
   * @param capacity values kept (M)
   * @param stagedCapacity values that can wait for the next hop: at least the surrogates one dyad
   *     gets per hop
   */
  SurrogatePool(int capacity, int stagedCapacity) {
    this.valuesQ30 = new int[capacity];
    this.stagedQ30 = new int[Math.max(1, stagedCapacity)];
  }

  /**
   * Holds a new surrogate value back until {@link #commit()}, so that every window of one hop is
   * assessed against the same pool whenever during the hop it is evaluated.
   *
   * @return false when the staging area is full and the value was dropped
   */
  boolean stage(int valueQ30) {
    if (stagedSize == stagedQ30.length) {
      // Only possible in the hop in which the room grew; the engine counts it.
      return false;
    }
    stagedQ30[stagedSize++] = valueQ30;
    return true;
  }

  /** Moves the staged values into the pool (at the hop tick). */
  void commit() {
    for (int i = 0; i < stagedSize; i++) {
      add(stagedQ30[i]);
    }
    stagedSize = 0;
  }

  void add(int valueQ30) {
    valuesQ30[next] = valueQ30;
    next = next + 1 == valuesQ30.length ? 0 : next + 1;
    if (size < valuesQ30.length) {
      size++;
    }
  }

  int size() {
    return size;
  }

  /** The next surrogate to evaluate for this dyad: which shift and which direction. */
  int nextSequence() {
    return sequence++;
  }

  /**
   * Writes p, z and the baseline for {@code rPeakQ30} into {@code out}, or clears them when fewer
   * than {@code minPool} values are held.
   */
  void assess(int rPeakQ30, int minPool, WccMeasure out) {
    if (size < minPool || size == 0) {
      out.clearSignificance();
      return;
    }
    int atOrAbove = 0;
    long sumQ30 = 0;
    long sum15 = 0;
    long sumSq15 = 0;
    for (int i = 0; i < size; i++) {
      int v = valuesQ30[i];
      if (v >= rPeakQ30) {
        atOrAbove++;
      }
      sumQ30 += v;
      long v15 = v >> STATS_SHIFT;
      sum15 += v15;
      sumSq15 += v15 * v15;
    }
    int baselineQ30 = (int) Math.floorDiv(sumQ30, size);
    long varianceNumerator = size * sumSq15 - sum15 * sum15;
    boolean zPresent = varianceNumerator > 0;
    int zQ16 = 0;
    if (zPresent) {
      // z = (r*M - sum) / sqrt(M*sumSq - sum^2). The variance numerator is at most 2^50, so the
      // root is taken of it times 2^10 (5 extra bits) and the quotient scaled to Q16.
      long deviation = (long) (rPeakQ30 >> STATS_SHIFT) * size - sum15;
      long root = FixedPoint.isqrt(varianceNumerator << 10);
      long z = (deviation << 21) / root;
      zQ16 = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, z));
    }
    out.setSignificance(size, atOrAbove, baselineQ30, zPresent, zQ16);
  }
}
