package dev.rapport.gateway.sync;

/**
 * Turns the sums of one window into the peak of the lagged Pearson correlations: for each lag it
 * gathers n, Sx, Sy, Sxx, Syy over the valid pairs, computes r in Q30 and keeps the peak (ties to
 * the smallest |k|, and between k and -k to -k, the first in ascending lag order).
 *
 * <p>Per-badge window sums come from the histories' cumulative sums in O(1). When a window has
 * missing samples, the pairs whose partner is missing are taken out of the single-badge sums by
 * walking the (sorted) missing ticks: O(missing) per lag, so a window costs O(L * (1 + missing)).
 * The cross-product sum Sxy comes from the incrementally maintained sums (real windows) or, for
 * surrogates, from a direct O(W) dot product.
 *
 * <p>Windows are addressed by offsets back from each history's newest sample: at lag k the x window
 * starts oxBase + max(k, 0) ticks back and the y window oyBase + max(-k, 0) ticks back; the j-th
 * sample of one pairs with the j-th of the other. Engine thread only; allocation-free.
 */
final class WccEvaluator {
  private final int windowSamples;
  private final int maxLag;
  private final int minValidPairs;

  WccEvaluator(SyncConfig config) {
    this.windowSamples = config.windowSamples();
    this.maxLag = config.maxLagSamples();
    this.minValidPairs = config.minValidPairs();
  }

  /** The lag examined i-th: 0, -1, +1, -2, +2, ... so the first maximum found wins ties. */
  static int lagAt(int i) {
    return (i & 1) == 1 ? -((i + 1) >> 1) : i >> 1;
  }

  /** Returned by {@link #correlationAt} for a lag without a value. */
  static final int NO_VALUE = Integer.MIN_VALUE;

  private int lastValidPairs;

  /**
   * Finds the peak over lags -L..L and writes it (or its absence) to {@code out}.
   *
   * @param sxy Sxy_k at index L + k for this window, or null to compute each by a dot product
   */
  void evaluate(
      SignalHistory x, int oxBase, SignalHistory y, int oyBase, long[] sxy, WccMeasure out) {
    final int lags = 2 * maxLag + 1;
    boolean found = false;
    int bestR = 0;
    int bestLag = 0;
    int bestN = 0;
    for (int i = 0; i < lags; i++) {
      final int k = lagAt(i);
      final int r = correlationAt(k, x, oxBase, y, oyBase, sxy);
      if (r != NO_VALUE && (!found || r > bestR)) {
        found = true;
        bestR = r;
        bestLag = k;
        bestN = lastValidPairs;
      }
    }
    if (found) {
      out.setPeak(bestR, bestLag, bestN);
    } else {
      out.setAbsent(pairsAtLagZero(x, oxBase, y, oyBase));
    }
  }

  /**
   * r_k in Q30 for every lag (index L + k), {@link #NO_VALUE} where absent; for tests and tools.
   */
  void correlations(
      SignalHistory x, int oxBase, SignalHistory y, int oyBase, long[] sxy, int[] rQ30ByLag) {
    for (int k = -maxLag; k <= maxLag; k++) {
      rQ30ByLag[maxLag + k] = correlationAt(k, x, oxBase, y, oyBase, sxy);
    }
  }

  /** r_k in Q30, or {@link #NO_VALUE}; leaves the pair count in {@link #lastValidPairs}. */
  private int correlationAt(
      int k, SignalHistory x, int oxBase, SignalHistory y, int oyBase, long[] sxy) {
    final int w = windowSamples;
    final int ox = oxBase + (k > 0 ? k : 0);
    final int oy = oyBase + (k < 0 ? -k : 0);
    final int nx = x.count(ox, w);
    final int ny = y.count(oy, w);
    if (nx < minValidPairs || ny < minValidPairs) {
      return NO_VALUE;
    }
    long n = nx;
    long sx = x.sum(ox, w);
    long sxx = x.sumOfSquares(ox, w);
    long sy = y.sum(oy, w);
    long syy = y.sumOfSquares(oy, w);
    if (ny < w) {
      // x samples whose partner in y is missing leave n, Sx and Sxx.
      final long yTop = y.newestTick() - oy;
      for (int m = y.firstMissingAtOrAfter(yTop - w + 1); m < y.missingSize(); m++) {
        final long tick = y.missingTick(m);
        if (tick > yTop) {
          break;
        }
        final int xo = ox + (int) (yTop - tick);
        if (x.isValid(xo)) {
          final long v = x.value(xo);
          n--;
          sx -= v;
          sxx -= v * v;
        }
      }
    }
    if (nx < w) {
      // y samples whose partner in x is missing leave Sy and Syy (n was counted on x's side).
      final long xTop = x.newestTick() - ox;
      for (int m = x.firstMissingAtOrAfter(xTop - w + 1); m < x.missingSize(); m++) {
        final long tick = x.missingTick(m);
        if (tick > xTop) {
          break;
        }
        final int yo = oy + (int) (xTop - tick);
        if (y.isValid(yo)) {
          final long v = y.value(yo);
          sy -= v;
          syy -= v * v;
        }
      }
    }
    if (n < minValidPairs) {
      return NO_VALUE;
    }
    final long dx = n * sxx - sx * sx;
    final long dy = n * syy - sy * sy;
    if (dx <= 0 || dy <= 0) {
      return NO_VALUE;
    }
    final long pxy =
        sxy != null
            ? sxy[maxLag + k]
            : LaggedProducts.dot(x.values(), x.head() + ox, y.values(), y.head() + oy, w);
    lastValidPairs = (int) n;
    return FixedPoint.pearsonQ30(n * pxy - sx * sy, dx, dy);
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
    if (ny < w) {
      final long yTop = y.newestTick() - oy;
      for (int m = y.firstMissingAtOrAfter(yTop - w + 1); m < y.missingSize(); m++) {
        final long tick = y.missingTick(m);
        if (tick > yTop) {
          break;
        }
        if (x.isValid(ox + (int) (yTop - tick))) {
          n--;
        }
      }
    }
    return n;
  }
}
