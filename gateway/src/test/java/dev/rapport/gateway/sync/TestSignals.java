package dev.rapport.gateway.sync;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic test signals: simulated-like movement and voice energies with a known leader and
 * lag, and the adversarial shapes (flat, saturated, alternating, step) plus missing-sample
 * patterns. Values are always in 0..65535.
 */
final class TestSignals {
  final int[] values;
  final boolean[] valid;

  private TestSignals(int[] values, boolean[] valid) {
    this.values = values;
    this.valid = valid;
  }

  static TestSignals of(int[] values) {
    boolean[] valid = new boolean[values.length];
    Arrays.fill(valid, true);
    return new TestSignals(values, valid);
  }

  /**
   * Movement energy: a slow AR(1) activity level plus gesture bursts and sensor noise, the way the
   * dynamic acceleration magnitude of a seated person looks.
   */
  static int[] movement(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] v = new int[n];
    double level = 0;
    int burst = 0;
    double burstHeight = 0;
    for (int i = 0; i < n; i++) {
      level = 0.97 * level + 0.03 * random.nextDouble() * 2000;
      if (burst == 0 && random.nextInt(60) == 0) {
        burst = 5 + random.nextInt(30);
        burstHeight = 2000 + random.nextDouble() * 20000;
      }
      double value = level + 300 * random.nextDouble();
      if (burst > 0) {
        value += burstHeight * (0.5 + 0.5 * random.nextDouble());
        burst--;
      }
      v[i] = clamp((long) value);
    }
    return v;
  }

  /** Vocal energy: speech turns (on/off runs) with syllable-rate fluctuation over a noise floor. */
  static int[] vocal(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] v = new int[n];
    boolean speaking = false;
    int run = 0;
    for (int i = 0; i < n; i++) {
      if (run == 0) {
        speaking = !speaking;
        run = speaking ? 25 + random.nextInt(150) : 10 + random.nextInt(100);
      }
      run--;
      double value = 800 + 200 * random.nextDouble();
      if (speaking) {
        value += 8000 + 6000 * Math.abs(Math.sin(i * 0.9)) + 3000 * random.nextDouble();
      }
      v[i] = clamp((long) value);
    }
    return v;
  }

  /** b follows a by lag samples (negative: b leads) with its own noise added. */
  static int[] follower(int[] leader, int lag, double coupling, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] v = new int[leader.length];
    for (int i = 0; i < v.length; i++) {
      int j = i - lag;
      double own = random.nextDouble() * 6000;
      double copied = j >= 0 && j < leader.length ? leader[j] : 0;
      v[i] = clamp((long) (coupling * copied + (1 - coupling) * own * 3));
    }
    return v;
  }

  /** Independent white noise: sharp correlation peaks, so peak lags are distinct. */
  static int[] noise(long seed, int n, int max) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(max + 1);
    }
    return v;
  }

  static int[] flat(int n, int value) {
    int[] v = new int[n];
    Arrays.fill(v, value);
    return v;
  }

  /** At the top of the range with rare drops to 0: the largest sums, the smallest variance. */
  static int[] saturated(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(40) == 0 ? 0 : FixedPoint.MAX_SAMPLE;
    }
    return v;
  }

  static int[] alternating(int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i & 1) == 0 ? 0 : FixedPoint.MAX_SAMPLE;
    }
    return v;
  }

  static int[] step(int n, int at) {
    int[] v = new int[n];
    for (int i = at; i < n; i++) {
      v[i] = FixedPoint.MAX_SAMPLE;
    }
    return v;
  }

  /** Each sample missing with probability p. */
  static boolean[] randomMissing(long seed, int n, double p) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] valid = new boolean[n];
    for (int i = 0; i < n; i++) {
      valid[i] = random.nextDouble() >= p;
    }
    return valid;
  }

  /** Missing stretches: runs of length 1..maxRun starting with probability p per sample. */
  static boolean[] missingStretches(long seed, int n, double p, int maxRun) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] valid = new boolean[n];
    Arrays.fill(valid, true);
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        int run = 1 + random.nextInt(maxRun);
        for (int j = i; j < Math.min(n, i + run); j++) {
          valid[j] = false;
        }
        i += run;
      }
    }
    return valid;
  }

  static boolean[] allValid(int n) {
    boolean[] valid = new boolean[n];
    Arrays.fill(valid, true);
    return valid;
  }

  private static int clamp(long v) {
    return (int) Math.max(0, Math.min(FixedPoint.MAX_SAMPLE, v));
  }
}
