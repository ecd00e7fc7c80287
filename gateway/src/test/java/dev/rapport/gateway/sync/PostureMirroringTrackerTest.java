package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.gateway.features.AllocationMeter;
import dev.rapport.gateway.sync.PostureMirroringTracker.MirrorAxis;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PostureMirroringTrackerTest {
  private static final int RATE_HZ = 25;
  private static final int WINDOW = 10 * RATE_HZ;
  private static final int SPAN = 2 * RATE_HZ;

  private static PostureMirroringTracker tracker(MirrorAxis axis) {
    return new PostureMirroringTracker(
        WINDOW, SPAN, WINDOW / 5, PostureMirroringTracker.DEFAULT_MIN_RMS_CHANGE_Q14, axis);
  }

  /** A posture track: lean angles (rad) about X and Y that shift every few seconds over 1 s. */
  private static double[][] leans(SplittableRandom random, int length) {
    double[][] lean = new double[length][2];
    double fromX = 0;
    double fromY = 0;
    double toX = 0;
    double toY = 0;
    int shiftStart = 0;
    int nextShift = 0;
    for (int t = 0; t < length; t++) {
      if (t == nextShift) {
        fromX = toX;
        fromY = toY;
        toX = random.nextDouble(-0.4, 0.4);
        toY = random.nextDouble(-0.3, 0.3);
        shiftStart = t;
        nextShift = t + random.nextInt(4 * RATE_HZ, 8 * RATE_HZ);
      }
      double progress = Math.min(1.0, (t - shiftStart) / (double) RATE_HZ);
      double smooth = progress * progress * (3 - 2 * progress);
      lean[t][0] = fromX + (toX - fromX) * smooth;
      lean[t][1] = fromY + (toY - fromY) * smooth;
    }
    return lean;
  }

  /** Unit gravity direction in Q14 for lean angles about X (forward) and Y (sideways). */
  private static int[] unitQ14(double leanX, double leanY) {
    double x = Math.sin(leanY);
    double y = Math.sin(leanX) * Math.cos(leanY);
    double z = Math.cos(leanX) * Math.cos(leanY);
    return new int[] {
      (int) Math.round(x * 16384), (int) Math.round(y * 16384), (int) Math.round(z * 16384)
    };
  }

  /** Mean similarity over the windows that have one; fraction present in [1]. */
  private static double[] run(
      PostureMirroringTracker tracker, double[][] a, double[][] b, double noiseRad, long seed) {
    SplittableRandom noise = new SplittableRandom(seed);
    double sum = 0;
    int present = 0;
    int windows = 0;
    for (int t = 0; t < a.length; t++) {
      int[] pa = unitQ14(a[t][0] + noise.nextGaussian() * noiseRad, a[t][1]);
      int[] pb = unitQ14(b[t][0] + noise.nextGaussian() * noiseRad, b[t][1]);
      tracker.onTick(true, pa[0], pa[1], pa[2], true, pb[0], pb[1], pb[2]);
      if (t >= WINDOW + SPAN && t % RATE_HZ == 0) {
        windows++;
        if (tracker.present()) {
          present++;
          sum += tracker.similarityQ14() / 16384.0;
        }
      }
    }
    return new double[] {sum / present, present / (double) windows};
  }

  @Test
  void shouldScoreHighWhenOnePersonCopiesTheOthersPostureChanges() {
    int length = 300 * RATE_HZ;
    double[][] a = leans(new SplittableRandom(1), length);
    double[][] b = new double[length][];
    int lagTicks = RATE_HZ / 2;
    for (int t = 0; t < length; t++) {
      b[t] = a[Math.max(0, t - lagTicks)];
    }
    double[] result = run(tracker(MirrorAxis.NONE), a, b, 0.003, 2);
    assertThat(result[1]).isGreaterThan(0.9);
    assertThat(result[0]).isGreaterThan(0.8);
  }

  @Test
  void shouldScoreNearZeroForIndependentChanges() {
    int length = 600 * RATE_HZ;
    double[][] a = leans(new SplittableRandom(3), length);
    double[][] b = leans(new SplittableRandom(4), length);
    double[] result = run(tracker(MirrorAxis.NONE), a, b, 0.003, 5);
    assertThat(result[1]).isGreaterThan(0.9);
    assertThat(result[0]).isBetween(-0.15, 0.15);
  }

  @Test
  void shouldScoreMirrorImageChangesWithTheMirrorAxisFlipped() {
    int length = 120 * RATE_HZ;
    double[][] a = leans(new SplittableRandom(6), length);
    double[][] b = new double[length][];
    for (int t = 0; t < length; t++) {
      b[t] = new double[] {0, -a[t][1]}; // only the sideways lean, mirrored
      a[t] = new double[] {0, a[t][1]};
    }
    // Unflipped: X changes oppose, while the small Z changes (cos is even) agree.
    assertThat(run(tracker(MirrorAxis.NONE), a, b, 0, 0)[0]).isLessThan(-0.9);
    assertThat(run(tracker(MirrorAxis.X), a, b, 0, 0)[0]).isGreaterThan(0.99);
  }

  @Test
  void shouldHaveNoValueWhenNobodyOrOnlyOnePersonMoves() {
    int length = 60 * RATE_HZ;
    double[][] still = new double[length][2];
    double[][] moving = leans(new SplittableRandom(8), length);
    assertThat(run(tracker(MirrorAxis.NONE), still, still, 0.001, 9)[1]).isZero();
    assertThat(run(tracker(MirrorAxis.NONE), moving, still, 0.001, 9)[1]).isZero();
  }

  @Test
  void shouldHaveNoValueWhenTooManyTicksAreMissing() {
    PostureMirroringTracker tracker = tracker(MirrorAxis.NONE);
    double[][] a = leans(new SplittableRandom(10), 40 * RATE_HZ);
    for (int t = 0; t < a.length; t++) {
      int[] p = unitQ14(a[t][0], a[t][1]);
      boolean bPresent = t < 20 * RATE_HZ;
      tracker.onTick(true, p[0], p[1], p[2], bPresent, p[0], p[1], p[2]);
      if (t == 20 * RATE_HZ - 1) {
        assertThat(tracker.present()).isTrue();
        assertThat(tracker.similarityQ14()).isEqualTo(16384);
      }
      if (t == 20 * RATE_HZ + WINDOW / 5) {
        assertThat(tracker.validChanges()).isEqualTo(WINDOW - WINDOW / 5 - 1);
        assertThat(tracker.present()).isFalse();
        assertThat(tracker.similarityQ14()).isZero();
      }
    }
    // Before S + 1 ticks no change exists at all.
    PostureMirroringTracker fresh = tracker(MirrorAxis.NONE);
    for (int t = 0; t <= SPAN; t++) {
      fresh.onTick(true, 0, 0, 16384, true, 0, 0, 16384);
    }
    assertThat(fresh.validChanges()).isEqualTo(1);
  }

  @Test
  void shouldMatchADoublePrecisionRecomputationOfEveryWindow() {
    int length = 80 * RATE_HZ;
    SplittableRandom random = new SplittableRandom(12);
    double[][] a = leans(random, length);
    double[][] b = leans(random, length);
    int[][] pa = new int[length][];
    int[][] pb = new int[length][];
    boolean[] presentA = new boolean[length];
    boolean[] presentB = new boolean[length];
    for (int t = 0; t < length; t++) {
      // Half-copied, half-independent, so similarities spread over the whole range.
      double mix = t < length / 2 ? 0.7 : 0.0;
      pa[t] = unitQ14(a[t][0], a[t][1]);
      pb[t] = unitQ14(mix * a[t][0] + (1 - mix) * b[t][0], b[t][1]);
      presentA[t] = random.nextInt(100) != 0;
      presentB[t] = random.nextInt(100) != 0;
    }
    PostureMirroringTracker tracker = tracker(MirrorAxis.NONE);
    int compared = 0;
    for (int t = 0; t < length; t++) {
      tracker.onTick(
          presentA[t], pa[t][0], pa[t][1], pa[t][2], presentB[t], pb[t][0], pb[t][1], pb[t][2]);
      long ab = 0;
      long aa = 0;
      long bb = 0;
      int valid = 0;
      for (int s = Math.max(SPAN, t - WINDOW + 1); s <= t; s++) {
        if (presentA[s] && presentB[s] && presentA[s - SPAN] && presentB[s - SPAN]) {
          valid++;
          for (int k = 0; k < 3; k++) {
            long da = pa[s][k] - pa[s - SPAN][k];
            long db = pb[s][k] - pb[s - SPAN][k];
            ab += da * db;
            aa += da * da;
            bb += db * db;
          }
        }
      }
      assertThat(tracker.validChanges()).isEqualTo(valid);
      assertThat(tracker.sumChangeProduct()).isEqualTo(ab);
      assertThat(tracker.sumChangeSquaredA()).isEqualTo(aa);
      assertThat(tracker.sumChangeSquaredB()).isEqualTo(bb);
      if (tracker.present()) {
        double expected = ab / Math.sqrt((double) aa) / Math.sqrt((double) bb) * 16384;
        assertThat((double) tracker.similarityQ14()).isCloseTo(expected, within(1.01));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(length / 2);
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }

  @Test
  void shouldStayExactAtFullScaleFlipsInALongWindow() {
    int window = 20_000;
    PostureMirroringTracker tracker = new PostureMirroringTracker(window, 1, 0, 1, MirrorAxis.NONE);
    for (int t = 0; t < 3 * window; t++) {
      int x = (t & 1) == 0 ? 16384 : -16384;
      int y = (t & 1) == 0 ? -16384 : 16384;
      tracker.onTick(true, x, y, x, true, -x, -y, -x);
    }
    // Every tick each component changes by 2^15: |d|^2 = 3 * 2^30 per tick.
    assertThat(tracker.sumChangeSquaredA()).isEqualTo(3L * (1L << 30) * window);
    assertThat(tracker.similarityQ14()).isEqualTo(-16384);
    // Out-of-contract components are clamped to the unit range rather than overflowing.
    tracker.onTick(true, Integer.MAX_VALUE, 0, 0, true, Integer.MIN_VALUE, 0, 0);
    assertThat(tracker.similarityQ14()).isBetween(-16384, 16384);
  }

  @Test
  void shouldAllocateNothingPerTick() {
    PostureMirroringTracker tracker = tracker(MirrorAxis.NONE);
    int length = 20_000;
    double[][] a = leans(new SplittableRandom(14), length);
    int[][] p = new int[length][];
    for (int t = 0; t < length; t++) {
      p[t] = unitQ14(a[t][0], a[t][1]);
    }
    long[] sink = new long[1];
    Runnable work =
        () -> {
          for (int t = 0; t < length; t++) {
            int u = (t + 7) % length;
            tracker.onTick(true, p[t][0], p[t][1], p[t][2], true, p[u][0], p[u][1], p[u][2]);
            sink[0] += tracker.similarityQ14();
          }
        };
    work.run();
    assertThat(AllocationMeter.minAllocatedBytes(work, 3)).isZero();
  }

  @Test
  void shouldRejectBadParametersNamingThem() {
    assertThatThrownBy(() -> new PostureMirroringTracker(10, 10, 0, 1, MirrorAxis.NONE))
        .hasMessageContaining("changeSpanSamples=10");
    assertThatThrownBy(() -> new PostureMirroringTracker(10, 2, 0, 0, MirrorAxis.NONE))
        .hasMessageContaining("minRmsChangeQ14=0");
    assertThatThrownBy(() -> new PostureMirroringTracker(10, 2, -1, 1, MirrorAxis.NONE))
        .hasMessageContaining("maxMissingSamples=-1");
    assertThatThrownBy(() -> new PostureMirroringTracker(10, 2, 0, 1, null))
        .hasMessageContaining("mirrorAxis=null");
  }
}
