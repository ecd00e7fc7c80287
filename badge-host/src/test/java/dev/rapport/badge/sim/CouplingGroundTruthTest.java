package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ground truth must be visible in the data with an ordinary double-precision analysis, at the
 * configured lag, and must vanish when the episode is off. One 10-minute room serves every test.
 */
class CouplingGroundTruthTest {
  private static final int RATE_HZ = 50;
  private static final int MS_PER_SAMPLE = 1000 / RATE_HZ;
  private static final int MAX_LAG = 3 * RATE_HZ;
  private static final long DURATION_US = 600_000_000L;
  private static final int EPISODE_OFF_SAMPLE = 150 * RATE_HZ;

  private static SampleRecorder samples;
  private static double[][] motion;

  @BeforeAll
  static void simulate() {
    samples = new SampleRecorder(8);
    SimulatedRoom.create(config()).advanceTo(DURATION_US, samples);
    motion = new double[9][];
    for (int id = 1; id <= 8; id++) {
      motion[id] = SignalMath.motionEnergy(samples.x(id), samples.y(id), samples.z(id), RATE_HZ);
    }
  }

  private static SimConfig config() {
    return SimConfig.builder()
        .seed(2024)
        .badgeCount(8)
        .peoplePerTable(4)
        .coupling(CouplingEpisode.whole(1, 2, Modality.MOVEMENT, 400, 0.8))
        .coupling(new CouplingEpisode(4, 3, Modality.MOVEMENT, 800, 0.7, 0, 150_000))
        .coupling(CouplingEpisode.whole(5, 6, Modality.POSTURE, 1500, 0.9))
        .coupling(CouplingEpisode.whole(1, 2, Modality.VOCAL, 700, 0.8))
        .build();
  }

  @Test
  void shouldShowMovementCouplingAtConfiguredLagAndAboveUncoupledPairs() {
    double[] r = SignalMath.laggedCorrelation(motion[1], motion[2], MAX_LAG);
    int peakLagMs = (SignalMath.argMax(r) - MAX_LAG) * MS_PER_SAMPLE;
    double coupledPeak = SignalMath.max(r);

    double uncoupledPeak = 0;
    int[][] uncoupled = {{1, 3}, {2, 4}, {7, 8}, {1, 7}, {2, 5}};
    for (int[] pair : uncoupled) {
      uncoupledPeak =
          Math.max(
              uncoupledPeak,
              SignalMath.max(
                  SignalMath.laggedCorrelation(motion[pair[0]], motion[pair[1]], MAX_LAG)));
    }

    assertThat(peakLagMs).isBetween(340, 460);
    assertThat(coupledPeak).isGreaterThan(0.5);
    assertThat(uncoupledPeak).isLessThan(0.25);
    assertThat(coupledPeak - uncoupledPeak).isGreaterThan(0.3);
  }

  @Test
  void shouldPutPeakOnTheLeadersSide() {
    // Badge 4 leads badge 3: seen from the dyad (3, 4) the peak lag is negative.
    double[] r =
        SignalMath.laggedCorrelation(
            SignalMath.slice(motion[3], 0, EPISODE_OFF_SAMPLE),
            SignalMath.slice(motion[4], 0, EPISODE_OFF_SAMPLE),
            MAX_LAG);
    int peakLagMs = (SignalMath.argMax(r) - MAX_LAG) * MS_PER_SAMPLE;

    assertThat(peakLagMs).isBetween(-860, -740);
    assertThat(SignalMath.max(r)).isGreaterThan(0.4);
  }

  @Test
  void shouldLoseMovementCouplingWhenEpisodeEnds() {
    // Skip the first seconds after the end, where the last copies still arrive.
    int from = EPISODE_OFF_SAMPLE + 5 * RATE_HZ;
    double[] r =
        SignalMath.laggedCorrelation(
            SignalMath.slice(motion[4], from, motion[4].length),
            SignalMath.slice(motion[3], from, motion[3].length),
            MAX_LAG);

    assertThat(SignalMath.max(r)).isLessThan(0.2);
  }

  @Test
  void shouldMirrorPostureChangesAtConfiguredLag() {
    double[][] leader = postureVelocity(5);
    double[][] follower = postureVelocity(6);
    double[][] stranger = postureVelocity(8);

    double[] pitch = SignalMath.laggedCorrelation(leader[0], follower[0], MAX_LAG);
    double[] roll = SignalMath.laggedCorrelation(leader[1], follower[1], MAX_LAG);
    int pitchLagMs = (SignalMath.argMax(pitch) - MAX_LAG) * MS_PER_SAMPLE;
    int rollLagMs = (SignalMath.argMin(roll) - MAX_LAG) * MS_PER_SAMPLE;

    assertThat(pitchLagMs).isBetween(1300, 1700);
    assertThat(SignalMath.max(pitch)).isGreaterThan(0.4);
    // Mirror image: the follower leans to the other side.
    assertThat(rollLagMs).isBetween(1300, 1700);
    assertThat(roll[SignalMath.argMin(roll)]).isLessThan(-0.4);
    assertThat(SignalMath.max(SignalMath.laggedCorrelation(leader[0], stranger[0], MAX_LAG)))
        .isLessThan(0.25);
  }

  @Test
  void shouldMakeFollowerTakeTheFloorAfterLeaderAtConfiguredLatency() {
    TurnStats coupled = turnStats(samples);
    // The same room without the VOCAL episode is the baseline for how often 2 follows 1 anyway.
    SampleRecorder baselineSamples = new SampleRecorder(8);
    SimConfig baseline =
        config().toBuilder()
            .couplings(
                config().couplings().stream().filter(e -> e.modality() != Modality.VOCAL).toList())
            .build();
    SimulatedRoom.create(baseline).advanceTo(DURATION_US, baselineSamples);
    TurnStats uncoupled = turnStats(baselineSamples);

    assertThat(coupled.leaderToFollowerShare).isGreaterThan(0.7);
    assertThat(uncoupled.leaderToFollowerShare).isLessThan(0.55);
    assertThat(coupled.gapsMs.length).isGreaterThan(20);
    assertThat(coupled.medianGapMs()).isBetween(560, 840);
    // Without coupling the floor passes after the usual short conversational gap.
    assertThat(uncoupled.medianGapMs()).isLessThan(450);
  }

  /** How turns pass from badge 1 to badge 2 at table 0, from microphone energy alone. */
  private record TurnStats(double leaderToFollowerShare, int[] gapsMs) {
    int medianGapMs() {
      return gapsMs[gapsMs.length / 2];
    }
  }

  private static TurnStats turnStats(SampleRecorder recorder) {
    List<int[]> turns = speakerTurns(recorder, 0, 4);
    int fromLeader = 0;
    int toFollower = 0;
    List<Integer> gaps = new ArrayList<>();
    for (int i = 1; i < turns.size(); i++) {
      int[] previous = turns.get(i - 1);
      int[] next = turns.get(i);
      if (previous[0] == 0 && next[0] != 0) {
        fromLeader++;
        if (next[0] == 1) {
          toFollower++;
          gaps.add((next[1] - previous[2]) * 40);
        }
      }
    }
    int[] gapsMs = gaps.stream().mapToInt(Integer::intValue).sorted().toArray();
    return new TurnStats(fromLeader == 0 ? 0 : (double) toFollower / fromLeader, gapsMs);
  }

  /** Pitch and roll velocity (deg/s) from the low-passed gravity direction. */
  private static double[][] postureVelocity(int id) {
    double[] x = SignalMath.movingAverage(samples.x(id), 2 * RATE_HZ);
    double[] y = SignalMath.movingAverage(samples.y(id), 2 * RATE_HZ);
    double[] z = SignalMath.movingAverage(samples.z(id), 2 * RATE_HZ);
    int n = x.length;
    double[] pitch = new double[n];
    double[] roll = new double[n];
    for (int i = 0; i < n; i++) {
      double g = Math.sqrt(x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
      // Badge axes: +x right, +y forward out of the chest, +z up the torso.
      pitch[i] = Math.toDegrees(Math.asin(-y[i] / g));
      roll[i] = Math.toDegrees(Math.atan2(-x[i], z[i]));
    }
    double[] pitchVelocity = new double[n];
    double[] rollVelocity = new double[n];
    for (int i = RATE_HZ; i < n; i++) {
      pitchVelocity[i] = pitch[i] - pitch[i - RATE_HZ];
      rollVelocity[i] = roll[i] - roll[i - RATE_HZ];
    }
    return new double[][] {pitchVelocity, rollVelocity};
  }

  /**
   * Speaker turns at one table from microphone levels alone: a frame belongs to the badge that is
   * at least 3x louder (amplitude) than every other badge at the table; runs of one speaker with
   * gaps up to 200 ms form a turn; turns under 200 ms are ignored. Each turn is {speaker,
   * firstFrame, lastFrame}.
   */
  private static List<int[]> speakerTurns(SampleRecorder recorder, int firstBadge, int tableSize) {
    int frames = recorder.micCount[firstBadge];
    List<int[]> turns = new ArrayList<>();
    int current = -1;
    int start = 0;
    int last = -100;
    for (int t = 0; t < frames; t++) {
      int loudest = -1;
      int loudestValue = 0;
      int second = 0;
      for (int b = 0; b < tableSize; b++) {
        int v = recorder.mic[firstBadge + b][t];
        if (v > loudestValue) {
          second = loudestValue;
          loudestValue = v;
          loudest = b;
        } else if (v > second) {
          second = v;
        }
      }
      if (loudestValue - second <= 954) { // at most 3x the amplitude (9.54 dB)
        continue;
      }
      if (loudest == current && t - last <= 5) {
        last = t;
        continue;
      }
      if (current >= 0 && last - start >= 5) {
        turns.add(new int[] {current, start, last});
      }
      current = loudest;
      start = t;
      last = t;
    }
    return turns;
  }
}
