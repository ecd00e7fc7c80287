package dev.rapport.gateway.bench;

import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TickFeatures;

/**
 * The comparison point of the benchmarks: the straightforward way to compute the same windowed
 * cross-correlation. Each tick only stores the samples; at every hop it recomputes, for every dyad,
 * modality and lag, the Pearson correlation over the window from scratch in double precision
 * (single pass over the valid pairs: n, sums, sums of squares and of products), and keeps the peak.
 * O(W * (2L+1)) per dyad per hop, against the engine's O(2L+1) per dyad per tick.
 *
 * <p>Same definition as the engine (lags, pairwise exclusion of missing samples, minimum valid
 * pairs, ties to the smallest |k|), so the two can be checked against each other. The histories use
 * the same mirrored layout as the engine's so the comparison is about the algorithm, not memory
 * tricks. No significance, no score: only the peak search, which flatters the baseline.
 */
public final class RecomputeWccBaseline {
  private final int badges;
  private final int w;
  private final int maxLag;
  private final int hop;
  private final int minValid;
  private final int span;
  private final double[][][] values;
  private final boolean[][][] valid;
  private int head;
  private long ticks;
  private final double[] peakR;
  private final int[] peakLag;
  private long hops;

  public RecomputeWccBaseline(SyncConfig config, int badges) {
    this.badges = badges;
    this.w = config.windowSamples();
    this.maxLag = config.maxLagSamples();
    this.hop = config.hopSamples();
    this.minValid = config.minValidPairs();
    this.span = w + maxLag;
    this.values = new double[2][badges][2 * span];
    this.valid = new boolean[2][badges][2 * span];
    int dyads = badges * (badges - 1) / 2;
    this.peakR = new double[2 * dyads];
    this.peakLag = new int[2 * dyads];
  }

  /** Stores the tick; on hop ticks recomputes every window. */
  public void onTick(TickFeatures tick) {
    head = head == 0 ? span - 1 : head - 1;
    for (int b = 0; b < badges; b++) {
      store(0, b, tick.motionValid(b), tick.motionEnergy(b));
      store(1, b, tick.vocalValid(b), tick.vocalEnergy(b));
    }
    long t = ticks++;
    if (t >= w - 1 && (t - (w - 1)) % hop == 0) {
      recomputeAll();
      hops++;
    }
  }

  private void store(int m, int b, boolean ok, int value) {
    double v = ok ? value : 0;
    values[m][b][head] = v;
    values[m][b][head + span] = v;
    valid[m][b][head] = ok;
    valid[m][b][head + span] = ok;
  }

  private void recomputeAll() {
    int d = 0;
    for (int m = 0; m < 2; m++) {
      for (int a = 0; a < badges; a++) {
        for (int b = a + 1; b < badges; b++) {
          peak(values[m][a], valid[m][a], values[m][b], valid[m][b], d++);
        }
      }
    }
  }

  private void peak(double[] x, boolean[] vx, double[] y, boolean[] vy, int slot) {
    double best = Double.NEGATIVE_INFINITY;
    int bestLag = 0;
    for (int i = 0; i <= 2 * maxLag; i++) {
      int k = (i & 1) == 1 ? -((i + 1) >> 1) : i >> 1;
      int ox = head + Math.max(k, 0);
      int oy = head + Math.max(-k, 0);
      int n = 0;
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;
      for (int j = 0; j < w; j++) {
        if (vx[ox + j] && vy[oy + j]) {
          double a = x[ox + j];
          double b = y[oy + j];
          n++;
          sx += a;
          sy += b;
          sxx += a * a;
          syy += b * b;
          sxy += a * b;
        }
      }
      if (n < minValid) {
        continue;
      }
      double varX = n * sxx - sx * sx;
      double varY = n * syy - sy * sy;
      if (varX <= 0 || varY <= 0) {
        continue;
      }
      double r = (n * sxy - sx * sy) / Math.sqrt(varX * varY);
      if (r > best) {
        best = r;
        bestLag = k;
      }
    }
    peakR[slot] = best;
    peakLag[slot] = bestLag;
  }

  public long hops() {
    return hops;
  }

  /** Peak r of dyad d (index in (a, b) order, movement first), NEGATIVE_INFINITY when none. */
  public double peakR(int slot) {
    return peakR[slot];
  }

  public int peakLag(int slot) {
    return peakLag[slot];
  }

  /** A number depending on every result, so the JIT cannot discard the work. */
  public double checksum() {
    double s = 0;
    for (int i = 0; i < peakR.length; i++) {
      s += peakR[i] + peakLag[i];
    }
    return s;
  }
}
