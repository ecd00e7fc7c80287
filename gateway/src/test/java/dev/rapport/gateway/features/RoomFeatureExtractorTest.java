package dev.rapport.gateway.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Contract of the room extractor: validation, determinism, no allocation per tick. */
class RoomFeatureExtractorTest {
  private static final int RATE_HZ = 25;

  @Test
  void shouldRejectBadConstructionWithTheFieldAndValue() {
    FeatureParams p = FeatureParams.defaults();
    assertThatThrownBy(() -> new RoomFeatureExtractor(0, RATE_HZ, p))
        .hasMessageContaining("badgeCount=0");
    assertThatThrownBy(() -> new RoomFeatureExtractor(2, 0, p))
        .hasMessageContaining("gridRateHz=0");
    assertThatThrownBy(() -> new RoomFeatureExtractor(2, RATE_HZ, null))
        .hasMessageContaining("params=null");
    assertThatThrownBy(() -> FeatureParams.builder().gravityTauMs(0).build())
        .hasMessageContaining("gravityTauMs=0");
    assertThatThrownBy(() -> FeatureParams.builder().voiceOnMillibel(400).build())
        .hasMessageContaining("voiceOffMillibel=500")
        .hasMessageContaining("voiceOnMillibel=400");
    assertThatThrownBy(() -> FeatureParams.builder().minPauseMs(-1).build())
        .hasMessageContaining("minPauseMs=-1");
  }

  @Test
  void shouldRejectInputArraysShorterThanTheRoom() {
    RoomFeatureExtractor room = new RoomFeatureExtractor(3, RATE_HZ, FeatureParams.defaults());
    int[] three = new int[3];
    assertThatThrownBy(() -> room.onTick(new boolean[3], three, three, three, new int[2]))
        .hasMessageContaining("micEnergy.length=2")
        .hasMessageContaining("badgeCount=3");
    assertThat(room.ticks()).isZero();
  }

  @Test
  void shouldRoundTripParamsThroughTheBuilder() {
    FeatureParams changed = FeatureParams.builder().minSpeechMs(200).postureTauMs(0).build();
    assertThat(changed.toBuilder().build()).isEqualTo(changed);
    assertThat(changed).isNotEqualTo(FeatureParams.defaults());
  }

  @Test
  void shouldProduceBitIdenticalFeaturesWhenRunAgain() {
    Inputs inputs = Inputs.random(8, 3000, 11);
    long first = fingerprint(inputs);
    long second = fingerprint(inputs);
    assertThat(second).isEqualTo(first);
    assertThat(fingerprint(Inputs.random(8, 3000, 12))).isNotEqualTo(first);
  }

  @Test
  void shouldAllocateNothingPerTick() {
    int badges = 16;
    Inputs inputs = Inputs.random(badges, 2000, 5);
    RoomFeatureExtractor room = new RoomFeatureExtractor(badges, RATE_HZ, FeatureParams.defaults());
    long[] sink = new long[1];
    Runnable work =
        () -> {
          for (int t = 0; t < inputs.ticks; t++) {
            room.onTick(inputs.present[t], inputs.ax[t], inputs.ay[t], inputs.az[t], inputs.mic[t]);
            for (int i = 0; i < badges; i++) {
              sink[0] += room.motionEnergyMg(i) + room.postureZQ14(i) + room.vocalEnergyMillibel(i);
            }
          }
        };
    work.run(); // warm up: JIT, class loading
    assertThat(AllocationMeter.minAllocatedBytes(work, 3)).isZero();
    assertThat(sink[0]).isNotZero();
  }

  private static long fingerprint(Inputs inputs) {
    RoomFeatureExtractor room =
        new RoomFeatureExtractor(inputs.badges, RATE_HZ, FeatureParams.defaults());
    long hash = 17;
    for (int t = 0; t < inputs.ticks; t++) {
      room.onTick(inputs.present[t], inputs.ax[t], inputs.ay[t], inputs.az[t], inputs.mic[t]);
      for (int i = 0; i < inputs.badges; i++) {
        hash = hash * 31 + (room.featurePresent(i) ? 1 : 0);
        hash = hash * 31 + room.motionEnergyMg(i);
        hash = hash * 31 + room.postureXQ14(i);
        hash = hash * 31 + room.postureYQ14(i);
        hash = hash * 31 + room.postureZQ14(i);
        hash = hash * 31 + (room.speaking(i) ? 1 : 0);
        hash = hash * 31 + room.vocalEnergyMillibel(i);
        hash = hash * 31 + room.noiseFloorMillibel(i);
      }
    }
    return hash;
  }

  /** Pre-generated inputs (so generating them allocates nothing during measurement). */
  static final class Inputs {
    final int badges;
    final int ticks;
    final boolean[][] present;
    final int[][] ax;
    final int[][] ay;
    final int[][] az;
    final int[][] mic;

    private Inputs(int badges, int ticks) {
      this.badges = badges;
      this.ticks = ticks;
      present = new boolean[ticks][badges];
      ax = new int[ticks][badges];
      ay = new int[ticks][badges];
      az = new int[ticks][badges];
      mic = new int[ticks][badges];
    }

    /** Gestures, posture shifts, speech bursts and gaps (short and long), all from one seed. */
    static Inputs random(int badges, int ticks, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      Inputs in = new Inputs(badges, ticks);
      for (int i = 0; i < badges; i++) {
        double tilt = 0;
        int gapLeft = 0;
        boolean talking = false;
        for (int t = 0; t < ticks; t++) {
          if (gapLeft > 0) {
            gapLeft--;
          } else if (random.nextInt(500) == 0) {
            gapLeft = random.nextBoolean() ? random.nextInt(1, 5) : random.nextInt(60, 120);
          }
          in.present[t][i] = gapLeft == 0;
          if (random.nextInt(200) == 0) {
            tilt = random.nextDouble(-0.6, 0.6);
          }
          double gesture = random.nextInt(10) < 3 ? random.nextGaussian() * 150 : 0;
          in.ax[t][i] =
              (int) Math.round(1000 * Math.sin(tilt) + gesture + random.nextGaussian() * 8);
          in.ay[t][i] = (int) Math.round(random.nextGaussian() * 8);
          in.az[t][i] = (int) Math.round(1000 * Math.cos(tilt) + random.nextGaussian() * 8);
          if (random.nextInt(60) == 0) {
            talking = !talking;
          }
          double db = talking ? 38 + random.nextGaussian() * 3 : 15 + random.nextGaussian();
          in.mic[t][i] = RoomDriver.levelForDb(db);
        }
      }
      return in;
    }
  }
}
