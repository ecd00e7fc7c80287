package dev.rapport.gateway.sync;

/**
 * Turns the sums of one window into the peak of the lagged Pearson correlations: for each lag it
 * gathers n, Sx, Sy, Sxx, Syy over the valid pairs and the centred co-moments, and reports the lag
 * with the largest exactly truncated Q30 r (ties to the smallest |k|, and between k and -k to -k,
 * the first in the order 0, -1, +1, -2, +2, ...).
 *
 * <p>Per-badge window sums come from the histories' cumulative sums in O(1). The missing samples of
 * both badges over the whole lag span are collected once per window (O(missing)); each lag then
 * takes the pairs whose partner is missing out of the single-badge sums, so a window costs O(L * (1
 * + missing)). The cross-product sum Sxy comes from the incrementally maintained sums (real
 * windows) or, for surrogates, from a direct O(W) dot product.
 *
 * <p>The exact Q30 value costs a 128-bit square root and a 192-bit check, so lags are first ranked
 * by a double estimate of r (relative error below 1e-15); only lags within 4 units of 2^-30 of the
 * best estimate, which are the only ones that can be the exact peak, get the exact value. The
 * result is therefore exactly the peak of the exact values.
 *
 * <p>Windows are addressed by offsets back from each history's newest sample: at lag k the x window
 * starts oxBase + max(k, 0) ticks back and the y window oyBase + max(-k, 0) ticks back; the j-th
 * sample of one pairs with the j-th of the other. Engine thread only; allocation-free.
 */
final class WccEvaluator {
  /** Returned by {@link #correlations} for a lag without a value. */
  static final int NO_VALUE = Integer.MIN_VALUE;

  /** Candidates must be within this of the best estimate: 4 units of Q30. */
  private static final double CANDIDATE_MARGIN = 4.0 / FixedPoint.ONE_Q30;

  private final int windowSamples;
  private final int maxLag;
  private final int minValidPairs;
  private final int[] missingX;
  private final int[] missingY;
  private int missingXCount;
  private int missingYCount;
  private final double[] estimate;
  private final long[] pairs;
  private final long[] comoment;
  private final long[] varianceX;
  private final long[] varianceY;

  WccEvaluator(SyncConfig config) {
    this.windowSamples = config.windowSamples();
    this.maxLag = config.maxLagSamples();
    this.minValidPairs = config.minValidPairs();
    int span = windowSamples + maxLag;
    this.missingX = new int[span];
    this.missingY = new int[span];
    int lags = config.lagCount();
    this.estimate = new double[lags];
    this.pairs = new long[lags];
    this.comoment = new long[lags];
    this.varianceX = new long[lags];
    this.varianceY = new long[lags];
  }

  /** The lag examined i-th in tie order: 0, -1, +1, -2, +2, ... */
  static int lagAt(int i) {
    return (i & 1) == 1 ? -((i + 1) >> 1) : i >> 1;
  }

  /**
   * Finds the peak over lags -L..L and writes it (or its absence) to {@code out}.
   *
   * @param sxy Sxy_k at index sxyBase + L + k for this window, or null to compute each by a dot
   *     product
   */
  void evaluate(
      SignalHistory x,
      int oxBase,
      SignalHistory y,
      int oyBase,
      long[] sxy,
      int sxyBase,
      WccMeasure out) {
    evaluate(x, oxBase, null, y, oyBase, null, sxy, sxyBase, out);
  }

  /**
   * As {@link #evaluate(SignalHistory, int, SignalHistory, int, long[], int, WccMeasure)}, with
   * each badge's window statistics for shifts 0..L precomputed at the same offsets (or null).
   */
  void evaluate(
      SignalHistory x,
      int oxBase,
      WindowStats statsX,
      SignalHistory y,
      int oyBase,
      WindowStats statsY,
      long[] sxy,
      int sxyBase,
      WccMeasure out) {
    if (!moments(x, oxBase, statsX, y, oyBase, statsY, sxy, sxyBase)) {
      out.setAbsent(pairsAtLagZero(x, oxBase, y, oyBase));
      return;
    }
    double bestEstimate = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < estimate.length; i++) {
      if (estimate[i] > bestEstimate) {
        bestEstimate = estimate[i];
      }
    }
    final double threshold = bestEstimate - CANDIDATE_MARGIN;
    boolean found = false;
    int bestR = 0;
    int bestLag = 0;
    for (int i = 0; i < estimate.length; i++) {
      final int k = lagAt(i);
      final int slot = maxLag + k;
      if (estimate[slot] >= threshold) {
        final int r = FixedPoint.pearsonQ30(comoment[slot], varianceX[slot], varianceY[slot]);
        if (!found || r > bestR) {
          found = true;
          bestR = r;
          bestLag = k;
        }
      }
    }
    out.setPeak(bestR, bestLag, (int) pairs[maxLag + bestLag]);
  }

  /**
   * r_k in Q30 for every lag (index L + k), {@link #NO_VALUE} where absent; for tests and tools.
   */
  void correlations(
      SignalHistory x,
      int oxBase,
      SignalHistory y,
      int oyBase,
      long[] sxy,
      int sxyBase,
      int[] rQ30ByLag) {
    moments(x, oxBase, null, y, oyBase, null, sxy, sxyBase);
    for (int slot = 0; slot < estimate.length; slot++) {
      rQ30ByLag[slot] =
          estimate[slot] == Double.NEGATIVE_INFINITY
              ? NO_VALUE
              : FixedPoint.pearsonQ30(comoment[slot], varianceX[slot], varianceY[slot]);
    }
  }

  /**
   * Fills n, C, Dx, Dy and the estimate of r for every lag (estimate -infinity where absent).
   *
   * @return whether any lag has a value
   */
  private boolean moments(
      SignalHistory x,
      int oxBase,
      WindowStats statsX,
      SignalHistory y,
      int oyBase,
      WindowStats statsY,
      long[] sxy,
      int sxyBase) {
    final int w = windowSamples;
    boolean missingCollected = false;
    boolean any = false;
    for (int k = -maxLag; k <= maxLag; k++) {
      final int slot = maxLag + k;
      estimate[slot] = Double.NEGATIVE_INFINITY;
      final int kx = k > 0 ? k : 0;
      final int ky = k < 0 ? -k : 0;
      final int ox = oxBase + kx;
      final int oy = oyBase + ky;
      final int nx = statsX != null ? statsX.count[kx] : x.count(ox, w);
      final int ny = statsY != null ? statsY.count[ky] : y.count(oy, w);
      if (nx < minValidPairs || ny < minValidPairs) {
        continue;
      }
      final long pxy =
          sxy != null
              ? sxy[sxyBase + slot]
              : LaggedProducts.dot(x.values(), x.head() + ox, y.values(), y.head() + oy, w);
      if (nx == w && ny == w && statsX != null && statsY != null) {
        // Both windows complete: every pair is valid and the badges' own statistics apply.
        final long c = w * pxy - statsX.sum[kx] * statsY.sum[ky];
        final long dx = statsX.variance[kx];
        final long dy = statsY.variance[ky];
        if (dx <= 0 || dy <= 0) {
          continue;
        }
        pairs[slot] = w;
        comoment[slot] = c;
        varianceX[slot] = dx;
        varianceY[slot] = dy;
        estimate[slot] = c * statsX.inverseRoot[kx] * statsY.inverseRoot[ky];
        any = true;
        continue;
      }
      if (!missingCollected) {
        final int span = w + maxLag;
        missingXCount = collectMissing(x, oxBase, span, missingX);
        missingYCount = collectMissing(y, oyBase, span, missingY);
        missingCollected = true;
      }
      long n = nx;
      long sx = statsX != null ? statsX.sum[kx] : x.sum(ox, w);
      long sxx = statsX != null ? statsX.sumOfSquares[kx] : x.sumOfSquares(ox, w);
      long sy = statsY != null ? statsY.sum[ky] : y.sum(oy, w);
      long syy = statsY != null ? statsY.sumOfSquares[ky] : y.sumOfSquares(oy, w);
      // x samples whose partner in y is missing leave n, Sx and Sxx.
      for (int m = 0; m < missingYCount; m++) {
        final int j = missingY[m] - ky;
        if (j >= 0 && j < w && x.isValid(ox + j)) {
          final long v = x.value(ox + j);
          n--;
          sx -= v;
          sxx -= v * v;
        }
      }
      // y samples whose partner in x is missing leave Sy and Syy (n was counted on x's side).
      for (int m = 0; m < missingXCount; m++) {
        final int j = missingX[m] - kx;
        if (j >= 0 && j < w && y.isValid(oy + j)) {
          final long v = y.value(oy + j);
          sy -= v;
          syy -= v * v;
        }
      }
      if (n < minValidPairs) {
        continue;
      }
      final long dx = n * sxx - sx * sx;
      final long dy = n * syy - sy * sy;
      if (dx <= 0 || dy <= 0) {
        continue;
      }
      final long c = n * pxy - sx * sy;
      pairs[slot] = n;
      comoment[slot] = c;
      varianceX[slot] = dx;
      varianceY[slot] = dy;
      estimate[slot] = c / Math.sqrt((double) dx * (double) dy);
      any = true;
    }
    return any;
  }

  /**
   * Offsets (relative to base, ascending) of the missing samples in [base, base + span).
   *
   * @return how many
   */
  private static int collectMissing(SignalHistory h, int base, int span, int[] out) {
    final long top = h.newestTick() - base;
    int count = 0;
    for (int m = h.firstMissingAtOrAfter(top - span + 1); m < h.missingSize(); m++) {
      final long tick = h.missingTick(m);
      if (tick > top) {
        break;
      }
      out[count++] = (int) (top - tick);
    }
    return count;
  }

  /** Valid pairs of the lag-0 window: reported when there is no value, to say why. */
  int pairsAtLagZero(SignalHistory x, int ox, SignalHistory y, int oy) {
    final int w = windowSamples;
    final int nx = x.count(ox, w);
    final int ny = y.count(oy, w);
    if (nx == 0 || ny == 0) {
      return 0;
    }
    int n = nx;
    final int count = collectMissing(y, oy, w, missingY);
    for (int m = 0; m < count; m++) {
      if (x.isValid(ox + missingY[m])) {
        n--;
      }
    }
    return n;
  }
}
