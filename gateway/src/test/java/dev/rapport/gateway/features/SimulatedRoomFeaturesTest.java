package dev.rapport.gateway.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.badge.sim.DefaultScenario;
import dev.rapport.badge.sim.SimConfig;
import dev.rapport.gateway.sync.PostureMirroringTracker;
import dev.rapport.gateway.sync.PostureMirroringTracker.MirrorAxis;
import dev.rapport.gateway.sync.TurnTakingTracker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole feature pipeline on the badge simulator's room (default scenario: 8 people at two
 * tables, known couplings), checked against the simulator's ground truth: who really spoke, who
 * copies whose movements and postures, and with which lag.
 */
class SimulatedRoomFeaturesTest {
  private static final int RATE_HZ = 25;
  private static final int BADGES = 8;
  private static final int TICKS = 240 * RATE_HZ;
  private static final int PEOPLE_PER_TABLE = SimConfig.DEFAULT_PEOPLE_PER_TABLE;

  private static final int[][] TRUE_SPEAKING_COUNTS = new int[BADGES][4];
  private static final int[][] MOTION_MG = new int[TICKS][BADGES];
  private static final double[][] MIRROR_SUM = new double[BADGES][BADGES];
  private static final int[][] MIRROR_WINDOWS = new int[BADGES][BADGES];
  private static final TurnTakingTracker[][] TURNS = new TurnTakingTracker[BADGES][BADGES];
  private static final TurnTakingTracker[][] TRUE_TURNS = new TurnTakingTracker[BADGES][BADGES];
  private static final int[] TABLE = new int[BADGES];

  @BeforeAll
  static void runTheRoom() {
    SimConfig config =
        SimConfig.builder()
            .seed(7)
            .badgeCount(BADGES)
            .peoplePerTable(PEOPLE_PER_TABLE)
            .couplings(DefaultScenario.couplings(BADGES, PEOPLE_PER_TABLE))
            .build();
    SimulatedRoomGrid grid = new SimulatedRoomGrid(config);
    // Microphone levels in the protocol's 0.01 dB, the extractor's default scale.
    FeatureParams params = FeatureParams.defaults();
    RoomFeatureExtractor room = new RoomFeatureExtractor(BADGES, RATE_HZ, params);
    PostureMirroringTracker[][] mirror = new PostureMirroringTracker[BADGES][BADGES];
    for (int a = 0; a < BADGES; a++) {
      for (int b = a + 1; b < BADGES; b++) {
        // 10 s windows, 2 s changes; the simulator mirrors roll, i.e. the badge's X axis.
        mirror[a][b] =
            new PostureMirroringTracker(
                10 * RATE_HZ,
                2 * RATE_HZ,
                2 * RATE_HZ,
                PostureMirroringTracker.DEFAULT_MIN_RMS_CHANGE_Q14,
                MirrorAxis.X);
        TURNS[a][b] = new TurnTakingTracker(TICKS, TICKS - 1, RATE_HZ);
        TRUE_TURNS[a][b] = new TurnTakingTracker(TICKS, TICKS - 1, RATE_HZ);
      }
    }
    for (int b = 0; b < BADGES; b++) {
      TABLE[b] = grid.room.tableOf(b + 1);
    }
    boolean[][] truth = new boolean[TICKS][BADGES];
    boolean[] speaking = new boolean[BADGES];
    boolean[] truthSpeaking = new boolean[BADGES];
    SegmentRules[] truthSegments = new SegmentRules[BADGES];
    for (int b = 0; b < BADGES; b++) {
      truthSegments[b] = new SegmentRules(truth, b, params, RATE_HZ);
    }
    for (int t = 0; t < TICKS; t++) {
      grid.next();
      for (int b = 0; b < BADGES; b++) {
        truth[t][b] = grid.spokeUs[b] * 2 >= grid.gridPeriodUs;
        truthSegments[b].accept(t);
      }
      room.onTick(grid.present, grid.ax, grid.ay, grid.az, grid.mic);
      int d = (int) room.describedTick();
      if (d < 0) {
        continue;
      }
      for (int b = 0; b < BADGES; b++) {
        MOTION_MG[d][b] = room.motionEnergyMg(b);
        speaking[b] = room.speaking(b);
        TRUE_SPEAKING_COUNTS[b][(truth[d][b] ? 2 : 0) + (speaking[b] ? 1 : 0)]++;
      }
      for (int b = 0; b < BADGES; b++) {
        truthSpeaking[b] = truthSegments[b].smoothed[d];
      }
      for (int a = 0; a < BADGES; a++) {
        for (int b = a + 1; b < BADGES; b++) {
          mirror[a][b].onTick(
              room.posturePresent(a),
              room.postureXQ14(a),
              room.postureYQ14(a),
              room.postureZQ14(a),
              room.posturePresent(b),
              room.postureXQ14(b),
              room.postureYQ14(b),
              room.postureZQ14(b));
          if (d % RATE_HZ == 0 && mirror[a][b].present()) {
            MIRROR_SUM[a][b] += mirror[a][b].similarityQ14() / 16384.0;
            MIRROR_WINDOWS[a][b]++;
          }
          TURNS[a][b].onTick(
              room.voicePresent(a),
              speaking[a],
              room.voicePresent(b),
              speaking[b],
              othersAtTableSpeak(speaking, a, b));
          TRUE_TURNS[a][b].onTick(
              true,
              truthSegments[a].smoothed[d],
              true,
              truthSegments[b].smoothed[d],
              othersAtTableSpeak(truthSpeaking, a, b));
        }
      }
    }
  }

  /**
   * The detector's minimum speech and pause rules applied to the true speaking labels, so that
   * turn-taking from the features and from the truth follow one definition of a segment.
   */
  private static final class SegmentRules {
    final boolean[] smoothed = new boolean[TICKS];
    private final boolean[][] raw;
    private final int badge;
    private final int minSpeechTicks;
    private final int minPauseTicks;
    private boolean active;
    private int onRun;
    private int offRun;

    SegmentRules(boolean[][] raw, int badge, FeatureParams params, int rateHz) {
      this.raw = raw;
      this.badge = badge;
      this.minSpeechTicks = Math.max(1, FixedMath.msToTicks(params.minSpeechMs(), rateHz));
      this.minPauseTicks = Math.max(1, FixedMath.msToTicks(params.minPauseMs(), rateHz));
    }

    void accept(int t) {
      if (raw[t][badge]) {
        onRun++;
        offRun = 0;
        if (!active && onRun >= minSpeechTicks) {
          active = true;
          java.util.Arrays.fill(smoothed, t - minSpeechTicks + 1, t, true);
        }
      } else {
        offRun++;
        onRun = 0;
        if (active && offRun >= minPauseTicks) {
          active = false;
          java.util.Arrays.fill(smoothed, t - minPauseTicks + 1, t, false);
        }
      }
      smoothed[t] = active;
    }
  }

  private static boolean othersAtTableSpeak(boolean[] speaking, int a, int b) {
    for (int c = 0; c < BADGES; c++) {
      if (c != a && c != b && TABLE[c] == TABLE[a] && speaking[c]) {
        return true;
      }
    }
    return false;
  }

  @Test
  void shouldAttributeSpeechAsTheSimulatorSpokeIt() {
    int[] total = new int[4];
    for (int b = 0; b < BADGES; b++) {
      int[] c = TRUE_SPEAKING_COUNTS[b];
      assertThat(recall(c)).as("recall of badge %d", b + 1).isGreaterThan(0.9);
      for (int k = 0; k < 4; k++) {
        total[k] += c[k];
      }
    }
    // Measured at seed 7: recall 0.959, precision 0.969 (docs/features.md).
    assertThat(recall(total)).isGreaterThan(0.94);
    assertThat(precision(total)).isGreaterThan(0.94);
  }

  @Test
  void shouldCarryMovementCouplingAtTheTrueLag() {
    // MOVEMENT 1->2 at 400 ms and 4->3 at 800 ms, whole session (DefaultScenario).
    double oneLeadsTwo = pearson(0, 1, 10);
    double fourLeadsThree = pearson(3, 2, 20);
    assertThat(oneLeadsTwo).isGreaterThan(0.4);
    assertThat(fourLeadsThree).isGreaterThan(0.4);
    double strongestUncoupled = 0;
    for (int a = 0; a < BADGES; a++) {
      for (int b = 0; b < BADGES; b++) {
        if (a != b && !movementCoupled(a, b)) {
          strongestUncoupled =
              Math.max(
                  strongestUncoupled,
                  Math.max(Math.abs(pearson(a, b, 10)), Math.abs(pearson(a, b, 20))));
        }
      }
    }
    assertThat(strongestUncoupled).isLessThan(0.2);
  }

  private static boolean movementCoupled(int a, int b) {
    int low = Math.min(a, b);
    int high = Math.max(a, b);
    // 1-2, 3-4, 5-6 (first 120 s) and 7-8 (60-180 s) are coupled in the default scenario.
    return low % 2 == 0 && high == low + 1;
  }

  @Test
  void shouldFindPostureMirroringWhereTheSimulatorMirrors() {
    // POSTURE 5->6 at 1500 ms, mirror image (roll reversed), whole session.
    double coupledMean = MIRROR_SUM[4][5] / MIRROR_WINDOWS[4][5];
    assertThat(MIRROR_WINDOWS[4][5]).isGreaterThanOrEqualTo(20);
    assertThat(coupledMean).isGreaterThan(0.6);
    double sum = 0;
    int windows = 0;
    for (int a = 0; a < BADGES; a++) {
      for (int b = a + 1; b < BADGES; b++) {
        if (!(a == 4 && b == 5)) {
          sum += MIRROR_SUM[a][b];
          windows += MIRROR_WINDOWS[a][b];
        }
      }
    }
    double uncoupledMean = sum / windows;
    assertThat(windows).isGreaterThan(100);
    assertThat(uncoupledMean).isBetween(-0.3, 0.3);
    assertThat(coupledMean - uncoupledMean).isGreaterThan(0.5);
  }

  @Test
  void shouldMeasureTurnTakingCloseToTheGroundTruth() {
    for (int a = 0; a < BADGES; a++) {
      for (int b = a + 1; b < BADGES; b++) {
        if (TABLE[a] != TABLE[b]) {
          continue;
        }
        TurnTakingTracker measured = TURNS[a][b];
        TurnTakingTracker truth = TRUE_TURNS[a][b];
        assertThat((double) measured.speakingSamplesA())
            .as("speaking of %d in dyad %d-%d", a + 1, a + 1, b + 1)
            .isCloseTo(truth.speakingSamplesA(), within(0.12 * truth.speakingSamplesA()));
        assertThat((double) measured.speakingSamplesB())
            .isCloseTo(truth.speakingSamplesB(), within(0.12 * truth.speakingSamplesB()));
        assertThat((double) measured.mutualSilenceSamples())
            .isCloseTo(truth.mutualSilenceSamples(), within(0.12 * truth.mutualSilenceSamples()));
      }
    }
    // VOCAL 1->2 at 600 ms: 2's responses to 1, measured against the same definition applied to
    // the true speaking labels after the same minimum speech and pause rules.
    TurnTakingTracker measured = TURNS[0][1];
    TurnTakingTracker truth = TRUE_TURNS[0][1];
    assertThat(measured.transitionsAToB()).isGreaterThanOrEqualTo(5);
    assertThat(measured.meanResponseLatencyMsB())
        .isCloseTo(truth.meanResponseLatencyMsB(), org.assertj.core.data.Offset.offset(150));
    assertThat(measured.meanResponseLatencyMsB()).isGreaterThan(measured.meanResponseLatencyMsA());
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }

  private static double recall(int[] counts) {
    return counts[3] / (double) (counts[3] + counts[2]);
  }

  private static double precision(int[] counts) {
    return counts[3] / (double) (counts[3] + counts[1]);
  }

  /** Pearson correlation of motion energy with a leading by lagTicks (x[t - lag] against y[t]). */
  static double pearson(int a, int b, int lagTicks) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    int n = 0;
    for (int t = 100; t < TICKS - 100; t++) {
      double x = MOTION_MG[t - lagTicks][a];
      double y = MOTION_MG[t][b];
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      n++;
    }
    double cov = sxy / n - sx / n * sy / n;
    return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  }
}
