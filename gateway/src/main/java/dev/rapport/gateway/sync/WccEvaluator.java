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
 * by a double estimate of r|r| = C|C| / (Dx Dy) (relative error below 1e-15, no square root); only
 * lags within 4 units of 2^-30 of the best r, which are the only ones that can be the exact peak,
 * get the exact value. The result is therefore exactly the peak of the exact values.
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
  private final long[] lostPairsX;
  private final long[] lostSumX;
  private final long[] lostSquaresX;

  /** Indexed L - k (reversed), see {@link #pairCorrections}. */
  private final long[] lostSumY;

  private final long[] lostSquaresY;
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
    this.lostPairsX = new long[lags];
    this.lostSumX = new long[lags];
    this.lostSquaresX = new long[lags];
    this.lostSumY = new long[lags];
    this.lostSquaresY = new long[lags];
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
   * Finds the peak over lags -L..L and writes it (or its absence) to {@code out}: the path of
   * surrogates and tests, with every badge sum read from the histories.
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
    if (!moments(x, oxBase, null, y, oyBase, null, sxy, sxyBase)) {
      out.setAbsent(pairsAtLagZero(x, oxBase, y, oyBase));
      return;
    }
    pickPeak(out);
  }

  /**
   * As {@link #evaluate(SignalHistory, int, SignalHistory, int, long[], int, WccMeasure)}, with
   * each badge's window statistics for shifts 0..L precomputed at the same offsets (or null). The
   * engine's path for real windows; kept apart from the surrogates' path so the JIT compiles each
   * for its own case.
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
    final boolean any =
        statsX != null && statsY != null && sxy != null
            ? momentsWithStats(x, oxBase, statsX, y, oyBase, statsY, sxy, sxyBase)
            : moments(x, oxBase, statsX, y, oyBase, statsY, sxy, sxyBase);
    if (!any) {
      out.setAbsent(pairsAtLagZero(x, oxBase, y, oyBase));
      return;
    }
    pickPeak(out);
  }

  /** The exact peak from the moments of every lag (at least one lag has a value). */
  private void pickPeak(WccMeasure out) {
    double bestEstimate = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < estimate.length; i++) {
      if (estimate[i] > bestEstimate) {
        bestEstimate = estimate[i];
      }
    }
    // Estimates are r|r| (no square root per lag); the lags that can hold the exact peak are
    // those within CANDIDATE_MARGIN of the best r, which r|r| being monotone maps to a threshold.
    final double bestRoot = Math.copySign(Math.sqrt(Math.abs(bestEstimate)), bestEstimate);
    final double floorR = bestRoot - CANDIDATE_MARGIN;
    final double floor = floorR * Math.abs(floorR);
    final double threshold = floor - 1e-12 * Math.abs(floor);
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
              : dot(x.doubleValues(), x.head() + ox, y.doubleValues(), y.head() + oy, w);
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
        final double r = c * statsX.inverseRoot[kx] * statsY.inverseRoot[ky];
        estimate[slot] = r * Math.abs(r);
        any = true;
        continue;
      }
      if (!missingCollected) {
        pairCorrections(x, oxBase, y, oyBase);
        missingCollected = true;
      }
      long n = nx - lostPairsX[slot];
      final long sx = (statsX != null ? statsX.sum[kx] : x.sum(ox, w)) - lostSumX[slot];
      final long sxx =
          (statsX != null ? statsX.sumOfSquares[kx] : x.sumOfSquares(ox, w)) - lostSquaresX[slot];
      final int reversed = 2 * maxLag - slot;
      final long sy = (statsY != null ? statsY.sum[ky] : y.sum(oy, w)) - lostSumY[reversed];
      final long syy =
          (statsY != null ? statsY.sumOfSquares[ky] : y.sumOfSquares(oy, w))
              - lostSquaresY[reversed];
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
      final double cd = c;
      estimate[slot] = cd * Math.abs(cd) / ((double) dx * (double) dy);
      any = true;
    }
    return any;
  }

  /**
   * {@link #moments} for the engine's case: both badges' window statistics and the window's Sxy
   * given. The two halves of the lag range each keep one badge's shift fixed, so its statistics are
   * loop constants; corrections for missing partners are gathered once when either badge has a
   * missing sample in its span, and are zero otherwise.
   */
  private boolean momentsWithStats(
      SignalHistory x,
      int oxBase,
      WindowStats statsX,
      SignalHistory y,
      int oyBase,
      WindowStats statsY,
      long[] sxy,
      int sxyBase) {
    final int w = windowSamples;
    final int lagTop = 2 * maxLag;
    final boolean complete = statsX.complete && statsY.complete;
    if (!complete) {
      pairCorrections(x, oxBase, y, oyBase);
    }
    boolean any = false;
    // k >= 0 (slot L + k): x shifted by k, y unshifted.
    final int ny = statsY.count[0];
    final long sy0 = statsY.sum[0];
    final long syy0 = statsY.sumOfSquares[0];
    for (int k = 0; k <= maxLag; k++) {
      final int slot = maxLag + k;
      final int nx = statsX.count[k];
      long n = nx;
      long sx = statsX.sum[k];
      long sxx = statsX.sumOfSquares[k];
      long sy = sy0;
      long syy = syy0;
      if (!complete) {
        n -= lostPairsX[slot];
        sx -= lostSumX[slot];
        sxx -= lostSquaresX[slot];
        sy -= lostSumY[lagTop - slot];
        syy -= lostSquaresY[lagTop - slot];
      }
      any |= lagMoments(slot, nx, ny, n, sx, sxx, sy, syy, sxy[sxyBase + slot]);
    }
    // k = -m < 0 (slot L - m): x unshifted, y shifted by m.
    final int nx0 = statsX.count[0];
    final long sx0 = statsX.sum[0];
    final long sxx0 = statsX.sumOfSquares[0];
    for (int m = 1; m <= maxLag; m++) {
      final int slot = maxLag - m;
      final int nyShifted = statsY.count[m];
      long n = nx0;
      long sx = sx0;
      long sxx = sxx0;
      long sy = statsY.sum[m];
      long syy = statsY.sumOfSquares[m];
      if (!complete) {
        n -= lostPairsX[slot];
        sx -= lostSumX[slot];
        sxx -= lostSquaresX[slot];
        sy -= lostSumY[lagTop - slot];
        syy -= lostSquaresY[lagTop - slot];
      }
      any |= lagMoments(slot, nx0, nyShifted, n, sx, sxx, sy, syy, sxy[sxyBase + slot]);
    }
    return any;
  }

  /**
   * Stores n, C, Dx, Dy and the estimate of one lag from its sums over valid pairs.
   *
   * @param nx valid samples in x's own window, ny in y's (absent below the minimum either way)
   * @return whether the lag has a value
   */
  private boolean lagMoments(
      int slot, int nx, int ny, long n, long sx, long sxx, long sy, long syy, long pxy) {
    estimate[slot] = Double.NEGATIVE_INFINITY;
    if (nx < minValidPairs || ny < minValidPairs || n < minValidPairs) {
      return false;
    }
    final long dx = n * sxx - sx * sx;
    final long dy = n * syy - sy * sy;
    if (dx <= 0 || dy <= 0) {
      return false;
    }
    final long c = n * pxy - sx * sy;
    pairs[slot] = n;
    comoment[slot] = c;
    varianceX[slot] = dx;
    varianceY[slot] = dy;
    final double cd = c;
    estimate[slot] = cd * Math.abs(cd) / ((double) dx * (double) dy);
    return true;
  }

  /**
   * For every lag, what the pairs with a missing partner take out of the single-badge sums: x
   * samples paired with a missing y leave n, Sx and Sxx; y samples paired with a missing x leave Sy
   * and Syy. A missing sample at window offset u meets its partner at offset u + k (or u - k) for a
   * run of consecutive lags, so each missing sample costs one contiguous pass over at most L+1
   * partner samples: O(missing * L) per window, cache-friendly. The y corrections are stored in
   * reversed lag order (index L - k) so that every loop walks forwards through both arrays.
   */
  private void pairCorrections(SignalHistory x, int oxBase, SignalHistory y, int oyBase) {
    final int w = windowSamples;
    final int span = w + maxLag;
    final int lagTop = 2 * maxLag;
    java.util.Arrays.fill(lostPairsX, 0);
    java.util.Arrays.fill(lostSumX, 0);
    java.util.Arrays.fill(lostSquaresX, 0);
    java.util.Arrays.fill(lostSumY, 0);
    java.util.Arrays.fill(lostSquaresY, 0);
    missingYCount = collectMissing(y, oyBase, span, missingY);
    missingXCount = collectMissing(x, oxBase, span, missingX);
    final int[] xp = x.packed();
    final long[] lp = lostPairsX;
    final long[] ls = lostSumX;
    final long[] lq = lostSquaresX;
    final int x0 = x.head() + oxBase;
    for (int i = 0; i < missingYCount; i++) {
      final int u = missingY[i];
      // k >= 0: y window [0, W) unshifted; x sample at u + k, slot L + k.
      if (u < w) {
        final int from = x0 + u - maxLag;
        for (int slot = maxLag; slot <= lagTop; slot++) {
          final int p = xp[from + slot];
          final long v = p & 0xFFFF;
          lp[slot] += p >>> 16;
          ls[slot] += v;
          lq[slot] += v * v;
        }
      }
      // k = -m < 0: y window [m, m + W); x sample at u - m, slot L - m.
      final int mFrom = Math.max(1, u - w + 1);
      final int mTo = Math.min(maxLag, u);
      final int from = x0 + u - maxLag;
      for (int slot = maxLag - mTo; slot <= maxLag - mFrom; slot++) {
        final int p = xp[from + slot];
        final long v = p & 0xFFFF;
        lp[slot] += p >>> 16;
        ls[slot] += v;
        lq[slot] += v * v;
      }
    }
    final int[] yv = y.values();
    final long[] rs = lostSumY;
    final long[] rq = lostSquaresY;
    final int y0 = y.head() + oyBase;
    for (int i = 0; i < missingXCount; i++) {
      final int u = missingX[i];
      // k >= 0: x window [k, k + W); y sample at u - k, reversed slot L - k.
      final int kFrom = Math.max(0, u - w + 1);
      final int kTo = Math.min(maxLag, u);
      final int from = y0 + u - maxLag;
      for (int rev = maxLag - kTo; rev <= maxLag - kFrom; rev++) {
        final long v = yv[from + rev];
        rs[rev] += v;
        rq[rev] += v * v;
      }
      // k = -m < 0: x window [0, W) unshifted; y sample at u + m, reversed slot L + m.
      if (u < w) {
        for (int rev = maxLag + 1; rev <= lagTop; rev++) {
          final long v = yv[from + rev];
          rs[rev] += v;
          rq[rev] += v * v;
        }
      }
    }
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

  /**
   * Sum of products of two windows read directly (the O(W) path of surrogates), on the samples as
   * doubles in four independent running sums so the multiplies and adds overlap. Exact: every
   * product is an integer below 2^32 and every partial sum below W * 2^32 <= 2^47 < 2^53, so no
   * double operation rounds and the order of the additions does not matter.
   */
  static long dot(double[] x, int xFrom, double[] y, int yFrom, int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 4 <= length; j += 4) {
      s0 += x[xFrom + j] * y[yFrom + j];
      s1 += x[xFrom + j + 1] * y[yFrom + j + 1];
      s2 += x[xFrom + j + 2] * y[yFrom + j + 2];
      s3 += x[xFrom + j + 3] * y[yFrom + j + 3];
    }
    for (; j < length; j++) {
      s0 += x[xFrom + j] * y[yFrom + j];
    }
    return (long) s0 + (long) s1 + (long) s2 + (long) s3;
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
