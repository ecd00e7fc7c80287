package dev.rapport.gateway.sync;

/**
 * The textbook computation the fixed-point engine is checked against: for one window and one lag,
 * collect the valid pairs straight from the full series and run a two-pass Pearson correlation in
 * double precision. Deliberately naive: O(W) per lag, no shared state, no cleverness to get wrong
 * in the same way as the engine.
 */
final class DoubleReferenceWcc {
  private DoubleReferenceWcc() {}

  /**
   * r_k for the window ending at tick t (issue 4's definition), NaN when the window has fewer than
   * minValid valid pairs or a zero variance. Ticks before 0 are missing.
   */
  static double correlation(
      int[] x, boolean[] vx, int[] y, boolean[] vy, int t, int w, int k, int minValid) {
    int n = 0;
    double sumX = 0;
    double sumY = 0;
    for (int i = t - w + 1; i <= t; i++) {
      int xi = k >= 0 ? i - k : i;
      int yi = k >= 0 ? i : i + k;
      if (valid(vx, xi) && valid(vy, yi)) {
        n++;
        sumX += x[xi];
        sumY += y[yi];
      }
    }
    if (n < minValid) {
      return Double.NaN;
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = t - w + 1; i <= t; i++) {
      int xi = k >= 0 ? i - k : i;
      int yi = k >= 0 ? i : i + k;
      if (valid(vx, xi) && valid(vy, yi)) {
        double dx = x[xi] - meanX;
        double dy = y[yi] - meanY;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
      }
    }
    if (sxx == 0 || syy == 0) {
      return Double.NaN;
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /** Valid pairs of the lag-k window. */
  static int validPairs(boolean[] vx, boolean[] vy, int t, int w, int k) {
    int n = 0;
    for (int i = t - w + 1; i <= t; i++) {
      int xi = k >= 0 ? i - k : i;
      int yi = k >= 0 ? i : i + k;
      if (valid(vx, xi) && valid(vy, yi)) {
        n++;
      }
    }
    return n;
  }

  static double[] correlations(
      int[] x, boolean[] vx, int[] y, boolean[] vy, int t, int w, int maxLag, int minValid) {
    double[] r = new double[2 * maxLag + 1];
    for (int k = -maxLag; k <= maxLag; k++) {
      r[maxLag + k] = correlation(x, vx, y, vy, t, w, k, minValid);
    }
    return r;
  }

  /** Index L + k of the peak, ties to the smallest |k| then to -k; -1 when no lag has a value. */
  static int peakIndex(double[] r, int maxLag) {
    int best = -1;
    for (int i = 0; i < r.length; i++) {
      int k = WccEvaluator.lagAt(i);
      double v = r[maxLag + k];
      if (!Double.isNaN(v) && (best < 0 || v > r[best])) {
        best = maxLag + k;
      }
    }
    return best;
  }

  /** The peak minus the best value at any other lag (infinite when only one lag has a value). */
  static double peakMargin(double[] r, int peakIndex) {
    double second = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < r.length; i++) {
      if (i != peakIndex && !Double.isNaN(r[i])) {
        second = Math.max(second, r[i]);
      }
    }
    return r[peakIndex] - second;
  }

  private static boolean valid(boolean[] v, int i) {
    return i >= 0 && i < v.length && v[i];
  }
}
