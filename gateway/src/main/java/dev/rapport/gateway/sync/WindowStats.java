package dev.rapport.gateway.sync;

/**
 * One badge's window statistics for every shift 0..L at one hop: valid count, sum, sum of squares,
 * the centred variance term D = n*Sxx - Sx^2 and 1/sqrt(D). Every dyad of the badge reads the same
 * numbers, so computing them once per badge per hop takes them out of the per-dyad cost. Only
 * complete windows (no missing sample) can use D as it is; the evaluator works the others out pair
 * by pair. Engine thread only; allocation-free after construction.
 */
final class WindowStats {
  final int[] count;
  final long[] sum;
  final long[] sumOfSquares;
  final long[] variance;
  final double[] inverseRoot;

  /** Every shift's window has all w samples (no missing sample in the whole span). */
  boolean complete;

  WindowStats(int maxLag) {
    int shifts = maxLag + 1;
    count = new int[shifts];
    sum = new long[shifts];
    sumOfSquares = new long[shifts];
    variance = new long[shifts];
    inverseRoot = new double[shifts];
  }

  /** Statistics of the windows of w samples starting {@code offset + shift} ticks back. */
  void compute(SignalHistory h, int offset, int w) {
    boolean all = true;
    for (int shift = 0; shift < count.length; shift++) {
      int n = h.count(offset + shift, w);
      long s = h.sum(offset + shift, w);
      long ss = h.sumOfSquares(offset + shift, w);
      long d = (long) n * ss - s * s;
      count[shift] = n;
      sum[shift] = s;
      sumOfSquares[shift] = ss;
      variance[shift] = d;
      inverseRoot[shift] = d > 0 ? 1.0 / Math.sqrt((double) d) : 0;
      all &= n == w;
    }
    complete = all;
  }
}
