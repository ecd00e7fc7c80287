package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignalRangesTest {
  private static final int BADGES = 8;
  private static final long DURATION_US = 300_000_000L;
  private static SimulatedRoom room;
  private static SampleRecorder samples;

  @BeforeAll
  static void simulate() {
    room = SimulatedRoom.create(SimConfig.builder().seed(77).build());
    samples = new SampleRecorder(BADGES);
    room.advanceTo(DURATION_US, samples);
  }

  @Test
  void shouldSampleAtConfiguredRatesOnExactTimes() {
    for (int b = 0; b < BADGES; b++) {
      assertThat(samples.accelCount[b]).isEqualTo(15_000);
      assertThat(samples.micCount[b]).isEqualTo(7_500);
      assertThat(samples.accelTimeUs[b][1234]).isEqualTo(1234 * 20_000L);
      assertThat(samples.micTimeUs[b][321]).isEqualTo(321 * 40_000L);
    }
    assertThat(room.deliveredBeforeUs()).isEqualTo(DURATION_US);
    assertThat(room.droppedEvents()).isZero();
  }

  @Test
  void shouldMeasureAboutOneGravityWhenStill() {
    for (int id = 1; id <= BADGES; id++) {
      double[] magnitude = magnitude(id);
      double[] sorted = magnitude.clone();
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      assertThat(median).as("median |a| of badge %d", id).isBetween(970.0, 1030.0);
      // Movement adds and subtracts: the spread is real but bounded.
      assertThat(sorted[(int) (sorted.length * 0.01)]).isGreaterThan(600.0);
      assertThat(sorted[(int) (sorted.length * 0.99)]).isLessThan(1400.0);
    }
  }

  @Test
  void shouldKeepAccelerationInsideSensorRange() {
    for (int b = 0; b < BADGES; b++) {
      for (int i = 0; i < samples.accelCount[b]; i++) {
        assertThat(Math.abs(samples.ax[b][i])).isLessThanOrEqualTo(4000);
        assertThat(Math.abs(samples.ay[b][i])).isLessThanOrEqualTo(4000);
        assertThat(Math.abs(samples.az[b][i])).isLessThanOrEqualTo(4000);
      }
    }
  }

  @Test
  void shouldLeanTorsoMostlyUpright() {
    // z (up the torso, as docs/protocol.md) carries most of gravity: people sit, not lie down.
    for (int id = 1; id <= BADGES; id++) {
      assertThat(SignalMath.mean(samples.z(id))).as("mean z of badge %d", id).isGreaterThan(800.0);
    }
  }

  @Test
  void shouldMoveNowAndThen() {
    for (int id = 1; id <= BADGES; id++) {
      double[] energy = SignalMath.motionEnergy(samples.x(id), samples.y(id), samples.z(id), 50);
      double[] sorted = energy.clone();
      Arrays.sort(sorted);
      // Quiet most of the time (sensor noise only), clear bursts some of the time.
      assertThat(sorted[sorted.length / 4]).as("quiet motion of %d", id).isLessThan(20.0);
      assertThat(sorted[(int) (sorted.length * 0.95)])
          .as("busy motion of %d", id)
          .isGreaterThan(40.0);
    }
  }

  @Test
  void shouldGiveEveryoneAPlausibleShareOfTalk() {
    double[] tableTotal = new double[2];
    for (int id = 1; id <= BADGES; id++) {
      double share = room.speakingUs(id) / (double) DURATION_US;
      assertThat(share).as("speaking share of %d", id).isBetween(0.04, 0.6);
      tableTotal[room.tableOf(id)] += share;
    }
    // Someone talks most of the time at a table; overlaps and backchannels can push it past 1.
    assertThat(tableTotal[0]).isBetween(0.6, 1.3);
    assertThat(tableTotal[1]).isBetween(0.6, 1.3);
  }

  @Test
  void shouldHearOwnVoiceLoudestAndRoomNoiseWhenSilent() {
    for (int id = 1; id <= BADGES; id++) {
      double[] mic = samples.mic(id);
      double[] sorted = mic.clone();
      Arrays.sort(sorted);
      // Levels in 0.01 dB re 1 LSB² are dB SPL - 18 dB (MicScale).
      double quietSplDb = sorted[(int) (sorted.length * 0.02)] / 100.0 + 18.0;
      double loudSplDb = sorted[(int) (sorted.length * 0.98)] / 100.0 + 18.0;
      // The floor is 38 dB SPL +- 2 dB per badge, with 1.5 dB fluctuation.
      assertThat(quietSplDb).as("quiet level of %d", id).isBetween(32.0, 42.0);
      // Own voice at the chest: about 74 dB, speech fluctuating by several dB.
      assertThat(loudSplDb).as("loud level of %d", id).isBetween(72.0, 90.0);
      assertThat(sorted[0]).isGreaterThan(0.0);
      assertThat(sorted[sorted.length - 1]).isLessThanOrEqualTo(9031.0);
    }
  }

  @Test
  void shouldAttributeSpeechToTheLoudestBadgeAtTheTable() {
    // The simulator must make MIT-style attribution possible: the wearer's badge is loudest.
    long agree = 0;
    long speechFrames = 0;
    for (int i = 0; i < samples.micCount[0]; i++) {
      int loudest = 0;
      int second = 0;
      for (int b = 0; b < 4; b++) {
        int v = samples.mic[b][i];
        if (v > samples.mic[loudest][i]) {
          loudest = b;
        }
      }
      for (int b = 0; b < 4; b++) {
        if (b != loudest) {
          second = Math.max(second, samples.mic[b][i]);
        }
      }
      // Speech: louder than 68 dB SPL; attributable: twice the amplitude of the next (+6.02 dB).
      if (samples.mic[loudest][i] > 5000) {
        speechFrames++;
        if (samples.mic[loudest][i] - second > 602) {
          agree++;
        }
      }
    }
    assertThat(speechFrames).isGreaterThan(samples.micCount[0] / 3);
    assertThat((double) agree / speechFrames).isGreaterThan(0.8);
  }

  private static double[] magnitude(int id) {
    double[] x = samples.x(id);
    double[] y = samples.y(id);
    double[] z = samples.z(id);
    double[] m = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      m[i] = Math.sqrt(x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
    }
    return m;
  }
}
