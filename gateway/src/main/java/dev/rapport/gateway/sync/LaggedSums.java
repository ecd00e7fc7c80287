package dev.rapport.gateway.sync;

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
 * below 2^47 (docs/algorithms.md). Missing samples are stored as 0, which removes their pairs. A
 * group of dyads catching up on several ticks adds up to four ticks per pass over P.
 *
 * <p>The copies also freeze a hop's window while later ticks go on, so its evaluation can be spread
 * over the next hop. P of all dyads is one dense array (2L+1 longs per dyad, lag k at index L + k)
 * that the per-tick work streams through; the copies live in a separate ring of slots, slot-major,
 * so that a hop's evaluation (in dyad order) reads them sequentially too. The ring is long enough
 * for every window still to be evaluated. Engine thread only; no allocation except when dyads are
 * added or reordered.
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
  private long[] cumulative = new long[0];
  private long[] copies = new long[0];
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
  }

  /** Makes room for {@code count} dyads; new dyads start at P = 0 (nothing seen yet). */
  void ensureDyads(int count) {
    if (count > dyads) {
      int[] same = new int[dyads];
      for (int i = 0; i < dyads; i++) {
        same[i] = i;
      }
      relayout(count, same);
    }
  }

  /**
   * Grows to {@code count} dyads and moves data so that dyad i holds what dyad {@code from[i]}
   * held, in one copy (a badge joining adds dyads and reorders them; at 64 badges the copies ring
   * is about 23 MB, so doing both at once halves the stall and the garbage of a join). {@code
   * from[i]} at or above the current dyad count marks a new dyad: it starts at P = 0.
   */
  void resize(int count, int[] from) {
    relayout(count, from);
  }

  /** New arrays for {@code count} dyads; dyad i takes old dyad from[i]'s data (i < from.length). */
  private void relayout(int count, int[] from) {
    long[] newCumulative = new long[Math.multiplyExact(count, lagCount)];
    long[] newCopies = new long[Math.multiplyExact(Math.multiplyExact(slots, count), lagCount)];
    for (int i = 0; i < from.length; i++) {
      if (from[i] >= dyads) {
        continue; // a new dyad: nothing seen yet
      }
      System.arraycopy(cumulative, from[i] * lagCount, newCumulative, i * lagCount, lagCount);
      for (int slot = 0; slot < slots; slot++) {
        System.arraycopy(
            copies,
            (slot * dyads + from[i]) * lagCount,
            newCopies,
            (slot * count + i) * lagCount,
            lagCount);
      }
    }
    cumulative = newCumulative;
    copies = newCopies;
    dyads = count;
  }

  /** Memory held, for documentation and the bench. */
  long bytes() {
    return 8L * (cumulative.length + copies.length);
  }

  /**
   * Adds one tick's products to dyad {@code d}: the samples of that tick are at offset {@code
   * delay} of both histories ({@link SignalHistory#doubleValues()}). Ticks must be added in order,
   * each exactly once.
   *
   * @param snapshotSlot {@link #snapshotSlot} of the tick: where to copy P afterwards, or -1
   */
  void accumulate(
      int d, double[] x, int xHead, double[] y, int yHead, int delay, int snapshotSlot) {
    addOne(d * lagCount, x, xHead + delay, y, yHead + delay);
    if (snapshotSlot >= 0) {
      System.arraycopy(
          cumulative, d * lagCount, copies, (snapshotSlot * dyads + d) * lagCount, lagCount);
    }
  }

  /**
   * {@link #accumulate} for {@code count} consecutive ticks of one dyad, oldest first: tick j at
   * offset delays[j], P copied afterwards to snapshotSlots[j] (or -1). Up to four ticks go through
   * P in one pass, which quarters the loads and stores of P; a run between snapshots is cut into
   * passes of four, then at most one of two and one of one.
   */
  void accumulate(
      int d,
      double[] x,
      int xHead,
      double[] y,
      int yHead,
      int[] delays,
      int[] snapshotSlots,
      int count) {
    final int base = d * lagCount;
    int j = 0;
    while (j < count) {
      int last = j;
      while (last < count - 1 && snapshotSlots[last] < 0) {
        last++;
      }
      for (; j + 4 <= last + 1; j += 4) {
        addFour(base, x, xHead, y, yHead, delays[j], delays[j + 1], delays[j + 2], delays[j + 3]);
      }
      if (j + 2 <= last + 1) {
        addTwo(base, x, xHead, y, yHead, delays[j], delays[j + 1]);
        j += 2;
      }
      if (j <= last) {
        addOne(base, x, xHead + delays[j], y, yHead + delays[j]);
        j++;
      }
      if (snapshotSlots[last] >= 0) {
        System.arraycopy(
            cumulative, base, copies, (snapshotSlots[last] * dyads + d) * lagCount, lagCount);
      }
    }
  }

  /**
   * The products are formed in double precision, which is exact here: samples are integers below
   * 2^16, so every product is an integer below 2^32 and a sum of four below 2^34, far inside the 53
   * bits of a double; the conversion to long is exact too, so P is the same on every platform. Java
   * 17's C2 neither vectorizes int-to-long conversions nor has a fast 64-bit multiply chain for
   * this loop; double multiplies of sample values read as doubles are cheaper.
   */
  private void addOne(int base, double[] x, int xAt, double[] y, int yAt) {
    final long[] p = cumulative;
    final int zero = base + maxLag;
    final double y0 = y[yAt];
    final double x0 = x[xAt];
    for (int k = 0; k <= maxLag; k++) {
      p[zero + k] += (long) (x[xAt + k] * y0);
    }
    for (int m = 1; m <= maxLag; m++) {
      p[zero - m] += (long) (x0 * y[yAt + m]);
    }
  }

  /** Two ticks (offsets d0, d1) in one pass over P; exact as explained at {@link #addOne}. */
  private void addTwo(int base, double[] x, int xHead, double[] y, int yHead, int d0, int d1) {
    final long[] p = cumulative;
    final int zero = base + maxLag;
    final int a0 = xHead + d0;
    final int a1 = xHead + d1;
    final int c0 = yHead + d0;
    final int c1 = yHead + d1;
    final double y0 = y[c0];
    final double y1 = y[c1];
    for (int k = 0; k <= maxLag; k++) {
      p[zero + k] += (long) (x[a0 + k] * y0 + x[a1 + k] * y1);
    }
    final double x0 = x[a0];
    final double x1 = x[a1];
    for (int m = 1; m <= maxLag; m++) {
      p[zero - m] += (long) (x0 * y[c0 + m] + x1 * y[c1 + m]);
    }
  }

  /** Four ticks (offsets d0..d3) in one pass over P; exact as explained at {@link #addOne}. */
  private void addFour(
      int base, double[] x, int xHead, double[] y, int yHead, int d0, int d1, int d2, int d3) {
    final long[] p = cumulative;
    final int zero = base + maxLag;
    final int a0 = xHead + d0;
    final int a1 = xHead + d1;
    final int a2 = xHead + d2;
    final int a3 = xHead + d3;
    final int c0 = yHead + d0;
    final int c1 = yHead + d1;
    final int c2 = yHead + d2;
    final int c3 = yHead + d3;
    final double y0 = y[c0];
    final double y1 = y[c1];
    final double y2 = y[c2];
    final double y3 = y[c3];
    for (int k = 0; k <= maxLag; k++) {
      p[zero + k] += (long) (x[a0 + k] * y0 + x[a1 + k] * y1 + x[a2 + k] * y2 + x[a3 + k] * y3);
    }
    final double x0 = x[a0];
    final double x1 = x[a1];
    final double x2 = x[a2];
    final double x3 = x[a3];
    for (int m = 1; m <= maxLag; m++) {
      p[zero - m] += (long) (x0 * y[c0 + m] + x1 * y[c1 + m] + x2 * y[c2 + m] + x3 * y[c3 + m]);
    }
  }

  /** Sxy_k of the window ending at hop tick {@code hopTick}, into out[L + k]. */
  void windowSums(int d, long hopTick, long[] out) {
    final int end = (slotOf(hopTick) * dyads + d) * lagCount;
    final long startTick = hopTick - windowSamples;
    if (startTick < 0) {
      System.arraycopy(copies, end, out, 0, lagCount);
      return;
    }
    final int start = (slotOf(startTick) * dyads + d) * lagCount;
    for (int i = 0; i < lagCount; i++) {
      out[i] = copies[end + i] - copies[start + i];
    }
  }

  /** The ring slot P is copied to after {@code tick}, or -1 when no window starts or ends there. */
  int snapshotSlot(long tick) {
    return isSnapshotTick(tick) ? slotOf(tick) : -1;
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
