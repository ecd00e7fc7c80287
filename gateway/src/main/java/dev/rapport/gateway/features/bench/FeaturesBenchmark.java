package dev.rapport.gateway.features.bench;

import dev.rapport.gateway.features.FeatureParams;
import dev.rapport.gateway.features.RoomFeatureExtractor;
import dev.rapport.gateway.sync.PostureMirroringTracker;
import dev.rapport.gateway.sync.PostureMirroringTracker.MirrorAxis;
import dev.rapport.gateway.sync.TurnTakingTracker;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one grid tick of the feature stage for a whole room: the per-badge extractor, and the
 * turn-taking and posture-mirroring trackers of every dyad (W = 10 s, S = 2 s at 25 Hz). Inputs are
 * pre-generated (gestures, speech, gaps) so that only the measured code runs. Run with {@code java
 * -cp ... org.openjdk.jmh.Main FeaturesBenchmark} (docs/features.md, "Cost").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FeaturesBenchmark {
  private static final int RATE_HZ = 25;
  private static final int INPUT_TICKS = 2000;

  @Param({"8", "64", "128"})
  public int badges;

  private RoomFeatureExtractor room;
  private TurnTakingTracker[] turns;
  private PostureMirroringTracker[] mirrors;
  private int[] dyadA;
  private int[] dyadB;
  private boolean[][] present;
  private int[][] ax;
  private int[][] ay;
  private int[][] az;
  private int[][] mic;
  private int tick;

  @Setup
  public void setUp() {
    room = new RoomFeatureExtractor(badges, RATE_HZ, FeatureParams.defaults());
    int dyads = badges * (badges - 1) / 2;
    turns = new TurnTakingTracker[dyads];
    mirrors = new PostureMirroringTracker[dyads];
    dyadA = new int[dyads];
    dyadB = new int[dyads];
    int d = 0;
    for (int a = 0; a < badges; a++) {
      for (int b = a + 1; b < badges; b++) {
        dyadA[d] = a;
        dyadB[d] = b;
        turns[d] = new TurnTakingTracker(10 * RATE_HZ, 2 * RATE_HZ, RATE_HZ);
        mirrors[d] =
            new PostureMirroringTracker(
                10 * RATE_HZ,
                2 * RATE_HZ,
                2 * RATE_HZ,
                PostureMirroringTracker.DEFAULT_MIN_RMS_CHANGE_Q14,
                MirrorAxis.NONE);
        d++;
      }
    }
    SplittableRandom random = new SplittableRandom(1);
    present = new boolean[INPUT_TICKS][badges];
    ax = new int[INPUT_TICKS][badges];
    ay = new int[INPUT_TICKS][badges];
    az = new int[INPUT_TICKS][badges];
    mic = new int[INPUT_TICKS][badges];
    for (int i = 0; i < badges; i++) {
      boolean talking = false;
      double tilt = 0;
      for (int t = 0; t < INPUT_TICKS; t++) {
        present[t][i] = random.nextInt(100) != 0;
        if (random.nextInt(200) == 0) {
          tilt = random.nextDouble(-0.5, 0.5);
        }
        double gesture = random.nextInt(10) < 3 ? random.nextGaussian() * 150 : 0;
        ax[t][i] = (int) (1000 * Math.sin(tilt) + gesture + random.nextGaussian() * 8);
        ay[t][i] = (int) (random.nextGaussian() * 8);
        az[t][i] = (int) (1000 * Math.cos(tilt) + random.nextGaussian() * 8);
        if (random.nextInt(60) == 0) {
          talking = !talking;
        }
        mic[t][i] = (int) ((talking ? 6000 : 3800) + random.nextGaussian() * 200);
      }
    }
  }

  /** One grid tick of the per-badge extractor for the whole room. */
  @Benchmark
  public int roomTick() {
    int t = next();
    room.onTick(present[t], ax[t], ay[t], az[t], mic[t]);
    return room.motionEnergyMg(0);
  }

  /** One grid tick of the extractor plus both trackers for every dyad. */
  @Benchmark
  public int roomAndDyadsTick() {
    int t = next();
    room.onTick(present[t], ax[t], ay[t], az[t], mic[t]);
    int sum = 0;
    for (int d = 0; d < turns.length; d++) {
      int a = dyadA[d];
      int b = dyadB[d];
      turns[d].onTick(
          room.voicePresent(a), room.speaking(a), room.voicePresent(b), room.speaking(b));
      mirrors[d].onTick(
          room.posturePresent(a),
          room.postureXQ14(a),
          room.postureYQ14(a),
          room.postureZQ14(a),
          room.posturePresent(b),
          room.postureXQ14(b),
          room.postureYQ14(b),
          room.postureZQ14(b));
      sum += turns[d].speakingSamplesA();
    }
    return sum;
  }

  private int next() {
    int t = tick;
    tick = t + 1 == INPUT_TICKS ? 0 : t + 1;
    return t;
  }
}
