package dev.rapport.gateway.sync;

/**
 * The per-sample heart of the engine: slides the lagged cross-product sums Sxy_k of one dyad by one
 * tick, for all 2L+1 lags, in O(L) with two multiplications per lag.
 *
 * <p>With x = badge a, y = badge b and the window ending at t:
 *
 * <pre>
 *   k >= 0:  Sxy_k(t) = sum_{i=t-W+1..t} x[i-k] * y[i]     (a leads by k)
 *   k <  0:  Sxy_k(t) = sum_{i=t-W+1..t} x[i]   * y[i+k]   (b leads by -k)
 * </pre>
 *
 * so one tick adds the pair that enters at i = t and removes the pair that left at i = t - W.
 * Missing samples are stored as 0, which removes their pairs from Sxy exactly. A dyad's sums are
 * held at index base + L + k of one array shared by all dyads, so the tick's pass over the dyads
 * streams through memory. Every term is below 2^32 and every sum below 2^47, so the longs never
 * overflow.
 */
final class LaggedProducts {
  private LaggedProducts() {}

  /**
   * dst[base + L + k] = src[base + L + k] + (entering pair) - (leaving pair); src and dst may be
   * the same array. Both histories must already hold the newest sample at offset 0.
   */
  static void slide(
      long[] src,
      long[] dst,
      int base,
      int[] x,
      int xHead,
      int[] y,
      int yHead,
      int windowSamples,
      int maxLag) {
    final long y0 = y[yHead];
    final long yOut = y[yHead + windowSamples];
    final long x0 = x[xHead];
    final long xOut = x[xHead + windowSamples];
    final int zero = base + maxLag;
    final int xOld = xHead + windowSamples;
    for (int k = 0; k <= maxLag; k++) {
      dst[zero + k] = src[zero + k] + x[xHead + k] * y0 - x[xOld + k] * yOut;
    }
    final int yOld = yHead + windowSamples;
    for (int m = 1; m <= maxLag; m++) {
      dst[zero - m] = src[zero - m] + x0 * y[yHead + m] - xOut * y[yOld + m];
    }
  }

  /** Sum of products of two windows read directly: the O(W) path surrogates and tests use. */
  static long dot(int[] x, int xFrom, int[] y, int yFrom, int length) {
    long sum = 0;
    for (int j = 0; j < length; j++) {
      sum += (long) x[xFrom + j] * y[yFrom + j];
    }
    return sum;
  }
}
