package dev.rapport.gateway.sync;

import java.util.Arrays;

/**
 * The per-sample heart of the engine, for one modality: every dyad's cumulative lagged products
 *
 * <pre>
 *   k >= 0:  P_k(t) = sum_{i <= t} x[i-k] * y[i]     (a leads by k)
 *   k <  0:  P_k(t) = sum_{i <= t} x[i]   * y[i+k]   (b leads by -k)
 * </pre>
 *
 * advanced by one multiplication per lag per tick, plus copies of P taken at the ticks where
 * windows end (hop ticks T) and start (T - W). The window's cross-product sums are then Sxy_k(T) =
 * P_k(T) - P_k(T - W): exact, because P is kept modulo 2^64 (longs wrap) and the true difference is
 * below 2^47 (docs/algorithms.md). Missing samples are stored as 0, which removes their pairs.
 *
 * <p>The copies also freeze a hop's window while later ticks go on, so its evaluation can be spread
 * over the next hop. A dyad's data is one block [P | copy 0 | copy 1 | ...], each of 2L+1 longs at
 * index L + k; copies live in a ring long enough for every window still to be evaluated. Engine
 * thread only; no allocation except when dyads are added.
 */
final class LaggedSums {
  private final int maxLag;
  private final int lagCount;
  private final int hopSamples;
  private final int windowSamples;
  private final int endResidue;
  private final int startResidue;
  private final boolean twoSequences;
  private final int slots;
  private final int blockLength;
  private long[] data = new long[0];
  private int dyads;

  /**
   * @param lateTicks how many ticks after a hop tick its window may still be read (spread
   *     evaluation plus batching)
   */
  LaggedSums(SyncConfig config, int lateTicks) {
    this.maxLag = config.maxLagSamples();
    this.lagCount = config.lagCount();
    this.hopSamples = config.hopSamples();
    this.windowSamples = config.windowSamples();
    // Hop ticks T satisfy (T - (W - 1)) mod H == 0; window starts T - W satisfy (t + 1) mod H == 0.
    this.endResidue = Math.floorMod(windowSamples - 1, hopSamples);
    this.startResidue = hopSamples - 1;
    this.twoSequences = endResidue != startResidue;
    int perSequence = (windowSamples + lateTicks) / hopSamples + 3;
    this.slots = twoSequences ? 2 * perSequence : perSequence;
    this.blockLength = (1 + slots) * lagCount;
  }

  /** Makes room for {@code count} dyads; new dyads start at P = 0 (nothing seen yet). */
  void ensureDyads(int count) {
    if (count > dyads) {
      data = Arrays.copyOf(data, Math.multiplyExact(count, blockLength));
      dyads = count;
    }
  }

  /** Memory held, for documentation and the bench. */
  long bytes() {
    return 8L * data.length;
  }

  /**
   * Adds tick {@code tick}'s products to dyad {@code d}: the samples of that tick are at offset
   * {@code delay} of both histories. Ticks must be added in order, each exactly once.
   */
  void accumulate(int d, long tick, int[] x, int xHead, int[] y, int yHead, int delay) {
    final long[] p = data;
    final int base = d * blockLength;
    final int zero = base + maxLag;
    final int xAt = xHead + delay;
    final int yAt = yHead + delay;
    final long y0 = y[yAt];
    final long x0 = x[xAt];
    for (int k = 0; k <= maxLag; k++) {
      p[zero + k] += x[xAt + k] * y0;
    }
    for (int m = 1; m <= maxLag; m++) {
      p[zero - m] += x0 * y[yAt + m];
    }
    if (isSnapshotTick(tick)) {
      System.arraycopy(p, base, p, base + (1 + slotOf(tick)) * lagCount, lagCount);
    }
  }

  /** Sxy_k of the window ending at hop tick {@code hopTick}, into out[L + k]. */
  void windowSums(int d, long hopTick, long[] out) {
    final int base = d * blockLength;
    final int end = base + (1 + slotOf(hopTick)) * lagCount;
    final long startTick = hopTick - windowSamples;
    if (startTick < 0) {
      System.arraycopy(data, end, out, 0, lagCount);
      return;
    }
    final int start = base + (1 + slotOf(startTick)) * lagCount;
    for (int i = 0; i < lagCount; i++) {
      out[i] = data[end + i] - data[start + i];
    }
  }

  private boolean isSnapshotTick(long tick) {
    if (tick < 0) {
      return false;
    }
    int r = (int) Math.floorMod(tick, (long) hopSamples);
    return r == endResidue || r == startResidue;
  }

  /** Ring slot of a snapshot tick; distinct for all snapshot ticks within the live span. */
  private int slotOf(long tick) {
    long ordinal;
    int r = (int) Math.floorMod(tick, (long) hopSamples);
    if (!twoSequences) {
      ordinal = Math.floorDiv(tick - endResidue, (long) hopSamples);
    } else if (r == endResidue) {
      ordinal = 2 * Math.floorDiv(tick - endResidue, (long) hopSamples);
    } else {
      ordinal = 2 * Math.floorDiv(tick - startResidue, (long) hopSamples) + 1;
    }
    return (int) Math.floorMod(ordinal, (long) slots);
  }
}
