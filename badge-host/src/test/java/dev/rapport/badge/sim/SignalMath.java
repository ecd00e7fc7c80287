package dev.rapport.badge.sim;

/**
 * Double-precision reference analysis used by the tests to look for the ground truth in the
 * simulated data, independently of the simulator's internals.
 */
final class SignalMath {
  private SignalMath() {}

  /** Centred moving average over {@code window} samples (shorter at the edges). */
  static double[] movingAverage(double[] x, int window) {
    double[] prefix = new double[x.length + 1];
    for (int i = 0; i < x.length; i++) {
      prefix[i + 1] = prefix[i] + x[i];
    }
    double[] out = new double[x.length];
    int half = window / 2;
    for (int i = 0; i < x.length; i++) {
      int lo = Math.max(0, i - half);
      int hi = Math.min(x.length, i - half + window);
      out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
    }
    return out;
  }

  /**
   * Motion energy: magnitude of the dynamic acceleration (each axis minus its 1 s moving average),
   * smoothed over 0.2 s.
   */
  static double[] motionEnergy(double[] x, double[] y, double[] z, int rateHz) {
    double[] gx = movingAverage(x, rateHz);
    double[] gy = movingAverage(y, rateHz);
    double[] gz = movingAverage(z, rateHz);
    double[] energy = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double dx = x[i] - gx[i];
      double dy = y[i] - gy[i];
      double dz = z[i] - gz[i];
      energy[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
    return movingAverage(energy, Math.max(1, rateHz / 5));
  }

  static double[] slice(double[] x, int from, int to) {
    return java.util.Arrays.copyOfRange(x, from, to);
  }

  /**
   * Pearson correlation of a[t - k] with b[t] for k = -maxLag..maxLag (index k + maxLag): a
   * positive peak lag means a leads b.
   */
  static double[] laggedCorrelation(double[] a, double[] b, int maxLag) {
    double[] r = new double[2 * maxLag + 1];
    int n = Math.min(a.length, b.length);
    for (int k = -maxLag; k <= maxLag; k++) {
      int from = Math.max(0, k);
      int to = Math.min(n, n + k);
      r[k + maxLag] = pearson(a, from - k, b, from, to - from);
    }
    return r;
  }

  static double pearson(double[] a, int aFrom, double[] b, int bFrom, int length) {
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < length; i++) {
      meanA += a[aFrom + i];
      meanB += b[bFrom + i];
    }
    meanA /= length;
    meanB /= length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < length; i++) {
      double da = a[aFrom + i] - meanA;
      double db = b[bFrom + i] - meanB;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    return sab / Math.sqrt(saa * sbb);
  }

  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  static int argMin(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] < values[best]) {
        best = i;
      }
    }
    return best;
  }

  static double max(double[] values) {
    return values[argMax(values)];
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
