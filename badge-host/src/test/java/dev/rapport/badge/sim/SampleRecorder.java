package dev.rapport.badge.sim;

import java.util.Arrays;

/** Test sink keeping every sample of every badge in growable primitive arrays. */
final class SampleRecorder implements SampleSink {
  final int badgeCount;
  final long[][] accelTimeUs;
  final int[][] ax;
  final int[][] ay;
  final int[][] az;
  final int[] accelCount;
  final long[][] micTimeUs;
  final int[][] mic;
  final int[] micCount;

  SampleRecorder(int badgeCount) {
    this.badgeCount = badgeCount;
    accelTimeUs = new long[badgeCount][1024];
    ax = new int[badgeCount][1024];
    ay = new int[badgeCount][1024];
    az = new int[badgeCount][1024];
    accelCount = new int[badgeCount];
    micTimeUs = new long[badgeCount][1024];
    mic = new int[badgeCount][1024];
    micCount = new int[badgeCount];
  }

  @Override
  public void onAccel(int badgeId, long trueTimeUs, int xMg, int yMg, int zMg) {
    int b = badgeId - 1;
    int i = accelCount[b]++;
    if (i == ax[b].length) {
      int n = i * 2;
      accelTimeUs[b] = Arrays.copyOf(accelTimeUs[b], n);
      ax[b] = Arrays.copyOf(ax[b], n);
      ay[b] = Arrays.copyOf(ay[b], n);
      az[b] = Arrays.copyOf(az[b], n);
    }
    accelTimeUs[b][i] = trueTimeUs;
    ax[b][i] = xMg;
    ay[b][i] = yMg;
    az[b][i] = zMg;
  }

  @Override
  public void onMicLevel(int badgeId, long trueTimeUs, int energy) {
    int b = badgeId - 1;
    int i = micCount[b]++;
    if (i == mic[b].length) {
      micTimeUs[b] = Arrays.copyOf(micTimeUs[b], i * 2);
      mic[b] = Arrays.copyOf(mic[b], i * 2);
    }
    micTimeUs[b][i] = trueTimeUs;
    mic[b][i] = energy;
  }

  double[] x(int badgeId) {
    return toDouble(ax[badgeId - 1], accelCount[badgeId - 1]);
  }

  double[] y(int badgeId) {
    return toDouble(ay[badgeId - 1], accelCount[badgeId - 1]);
  }

  double[] z(int badgeId) {
    return toDouble(az[badgeId - 1], accelCount[badgeId - 1]);
  }

  double[] mic(int badgeId) {
    return toDouble(mic[badgeId - 1], micCount[badgeId - 1]);
  }

  private static double[] toDouble(int[] values, int count) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
