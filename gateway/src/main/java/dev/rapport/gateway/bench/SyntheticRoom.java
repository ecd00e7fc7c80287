package dev.rapport.gateway.bench;

import dev.rapport.gateway.sync.FixedPoint;
import dev.rapport.gateway.sync.TickFeatures;
import java.util.SplittableRandom;

/**
 * Deterministic feature streams for a room of N badges, for benchmarks: movement energy (an AR(1)
 * activity level with gesture bursts) and vocal energy (speech turns over a noise floor), every odd
 * badge following its even neighbour with a lag, and a small random loss of samples so the
 * missing-sample path is exercised as on real radio links. The streams repeat after {@code
 * loopTicks}; they are generated once, so feeding them costs no more than copying ints.
 */
public final class SyntheticRoom {
  private final int badges;
  private final int loopTicks;
  private final int[][] motion;
  private final int[][] vocal;
  private final boolean[][] present;

  /**
   * @param lossPercent share of ticks (0..100) at which a badge delivers nothing
   */
  public SyntheticRoom(int badges, int loopTicks, int lossPercent, long seed) {
    if (badges < 2 || loopTicks < 1 || lossPercent < 0 || lossPercent > 100) {
      throw new IllegalArgumentException(
          "badges >= 2, loopTicks >= 1, lossPercent 0..100, badges="
              + badges
              + ", loopTicks="
              + loopTicks
              + ", lossPercent="
              + lossPercent);
    }
    this.badges = badges;
    this.loopTicks = loopTicks;
    this.motion = new int[badges][loopTicks];
    this.vocal = new int[badges][loopTicks];
    this.present = new boolean[badges][loopTicks];
    SplittableRandom random = new SplittableRandom(seed);
    for (int b = 0; b < badges; b++) {
      SplittableRandom r = random.split();
      if (b % 2 == 1) {
        follow(motion[b - 1], motion[b], 8 + b % 13, r);
        follow(vocal[b - 1], vocal[b], -(3 + b % 7), r);
      } else {
        movement(motion[b], r);
        voice(vocal[b], r);
      }
      for (int t = 0; t < loopTicks; t++) {
        present[b][t] = r.nextInt(100) >= lossPercent;
      }
    }
  }

  public int badges() {
    return badges;
  }

  public int loopTicks() {
    return loopTicks;
  }

  /** Fills {@code out} with tick t of the stream (slots 0..N-1 are the badges in order). */
  public void fill(long t, TickFeatures out) {
    int i = (int) (t % loopTicks);
    out.clear();
    for (int b = 0; b < badges; b++) {
      if (present[b][i]) {
        out.motion(b, motion[b][i]);
        out.vocal(b, vocal[b][i], vocal[b][i] > 6000);
      }
    }
  }

  public int motion(int badge, long t) {
    return motion[badge][(int) (t % loopTicks)];
  }

  public int vocal(int badge, long t) {
    return vocal[badge][(int) (t % loopTicks)];
  }

  public boolean present(int badge, long t) {
    return present[badge][(int) (t % loopTicks)];
  }

  private static void movement(int[] out, SplittableRandom r) {
    double level = 0;
    int burst = 0;
    double height = 0;
    for (int t = 0; t < out.length; t++) {
      level = 0.97 * level + 0.03 * r.nextDouble() * 2000;
      if (burst == 0 && r.nextInt(60) == 0) {
        burst = 5 + r.nextInt(30);
        height = 2000 + r.nextDouble() * 20000;
      }
      double v = level + 300 * r.nextDouble();
      if (burst > 0) {
        v += height * (0.5 + 0.5 * r.nextDouble());
        burst--;
      }
      out[t] = clamp(v);
    }
  }

  private static void voice(int[] out, SplittableRandom r) {
    boolean speaking = false;
    int run = 0;
    for (int t = 0; t < out.length; t++) {
      if (run == 0) {
        speaking = !speaking;
        run = speaking ? 25 + r.nextInt(150) : 10 + r.nextInt(100);
      }
      run--;
      double v = 800 + 200 * r.nextDouble();
      if (speaking) {
        v += 8000 + 6000 * Math.abs(Math.sin(t * 0.9)) + 3000 * r.nextDouble();
      }
      out[t] = clamp(v);
    }
  }

  private static void follow(int[] leader, int[] out, int lag, SplittableRandom r) {
    for (int t = 0; t < out.length; t++) {
      int j = Math.floorMod(t - lag, leader.length);
      out[t] = clamp(0.7 * leader[j] + 0.3 * 3 * 6000 * r.nextDouble());
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(FixedPoint.MAX_SAMPLE, v));
  }
}
