package dev.rapport.gateway.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Noise floor, hysteresis and minimum durations of the vocal activity detector. */
class VoiceActivityTest {
  private static final int RATE_HZ = 25;

  private final SplittableRandom random = new SplittableRandom(42);

  /** One tick of energy at a level in dB (re energy 1), with uniform jitter of +-jitterDb. */
  private int energy(double db, double jitterDb) {
    return RoomDriver.levelForDb(db + (random.nextDouble() * 2 - 1) * jitterDb);
  }

  @Test
  void shouldFollowAStepDownInNoiseWithinASecondAndNeverCallItSpeech() {
    RoomDriver d = new RoomDriver(1);
    int step = 10 * RATE_HZ;
    for (int t = 0; t < 20 * RATE_HZ; t++) {
      d.mic[0] = energy(t < step ? 30 : 18, 1.0);
      d.tick();
      assertThat(d.room.vocalActive(0)).isFalse();
      long described = d.room.describedTick();
      if (described >= step + RATE_HZ) {
        assertThat(d.room.noiseFloorMillibel(0)).isBetween(1600, 1900);
      } else if (described >= 5 * RATE_HZ && described < step) {
        assertThat(d.room.noiseFloorMillibel(0)).isBetween(2800, 3100);
      }
    }
  }

  @Test
  void shouldClimbToAHigherNoiseFloorAtTheRiseRateAndEndTheFalseAlarm() {
    RoomDriver d = new RoomDriver(1);
    int step = 10 * RATE_HZ;
    int activeAfterStep = 0;
    long lastActive = -1;
    for (int t = 0; t < 45 * RATE_HZ; t++) {
      d.mic[0] = energy(t < step ? 18 : 30, 1.0);
      d.tick();
      long described = d.room.describedTick();
      if (d.room.vocalActive(0)) {
        assertThat(described).isGreaterThanOrEqualTo(step);
        activeAfterStep++;
        lastActive = described;
      }
      if (described >= step + 27 * RATE_HZ) {
        // 12 dB at 0.5 dB/s: the floor has arrived after 24 s.
        assertThat(d.room.noiseFloorMillibel(0)).isBetween(2800, 3100);
      }
    }
    // A step up looks like speech until the floor is within 5 dB of it: (12 - 5) / 0.5 = 14 s.
    assertThat(activeAfterStep).isPositive();
    assertThat(lastActive - step).isBetween(12L * RATE_HZ, 18L * RATE_HZ);
  }

  @Test
  void shouldNotChatterWhenTheLevelHoversAroundTheOnThreshold() {
    // Nearly frozen floor and no minimum durations: only the hysteresis stands against chatter.
    FeatureParams frozenFloor =
        FeatureParams.builder().floorRiseMillibelPerSecond(1).minSpeechMs(0).minPauseMs(0).build();
    RoomDriver d = new RoomDriver(1, RATE_HZ, frozenFloor);
    int speechStart = 5 * RATE_HZ;
    int speechEnd = 9 * RATE_HZ;
    int segments = 0;
    int naiveSegments = 0;
    boolean wasActive = false;
    boolean wasNaive = false;
    for (int t = 0; t < 12 * RATE_HZ; t++) {
      // Speech 6..11 dB above a 15 dB floor: crossing the 9 dB on-threshold again and again but
      // never falling below the 5 dB off-threshold.
      d.mic[0] = t >= speechStart && t < speechEnd ? energy(23.5, 2.5) : energy(15, 0.3);
      d.tick();
      if (d.room.describedTick() < 0) {
        continue;
      }
      boolean active = d.room.vocalActive(0);
      boolean naive = d.room.snrMillibel(0) >= FeatureParams.DEFAULT_VOICE_ON_MILLIBEL;
      if (active && !wasActive) {
        segments++;
      }
      if (naive && !wasNaive) {
        naiveSegments++;
      }
      wasActive = active;
      wasNaive = naive;
    }
    assertThat(naiveSegments).as("a bare threshold chatters").isGreaterThan(10);
    assertThat(segments).isEqualTo(1);
  }

  @Test
  void shouldDropShortBurstsBridgeShortPausesAndKeepTrueBoundaries() {
    RoomDriver d = new RoomDriver(1);
    assertThat(d.room.outputDelayTicks()).isEqualTo(9); // max(120 ms, 400 ms) = 10 ticks, minus 1
    boolean[] speech = new boolean[40 * RATE_HZ];
    mark(speech, 100, 2); // 80 ms click: shorter than minSpeechMs
    mark(speech, 200, 25); // 1 s of speech,
    mark(speech, 230, 25); // a 200 ms pause (bridged), 1 s more,
    mark(speech, 270, 25); // a 600 ms pause (kept), 1 s more
    boolean[] expected = new boolean[speech.length];
    mark(expected, 200, 55);
    mark(expected, 270, 25);

    boolean[] labels = new boolean[speech.length];
    for (int t = 0; t < speech.length; t++) {
      d.mic[0] = speech[t] ? energy(35, 1.0) : energy(15, 1.0);
      d.tick();
      long described = d.room.describedTick();
      if (described >= 0) {
        labels[(int) described] = d.room.vocalActive(0);
      }
    }
    int last = speech.length - d.room.outputDelayTicks();
    for (int t = 0; t < last; t++) {
      assertThat(labels[t]).as("tick %d", t).isEqualTo(expected[t]);
    }
  }

  @Test
  void shouldHaveNoDelayWithoutMinimumDurations() {
    FeatureParams none = FeatureParams.builder().minSpeechMs(0).minPauseMs(0).build();
    RoomDriver d = new RoomDriver(1, RATE_HZ, none);
    assertThat(d.room.outputDelayTicks()).isZero();
    d.ticks(RATE_HZ);
    d.mic[0] = RoomDriver.levelForDb(40);
    d.tick();
    assertThat(d.room.vocalActive(0)).isTrue();
    d.mic[0] = 30;
    d.tick();
    assertThat(d.room.vocalActive(0)).isFalse();
  }

  @Test
  void shouldReadTheSameLevelFromEveryMicScale() {
    RoomDriver centi = new RoomDriver(1);
    RoomDriver power =
        new RoomDriver(1, RATE_HZ, FeatureParams.builder().micScale(MicScale.POWER).build());
    RoomDriver amplitude =
        new RoomDriver(1, RATE_HZ, FeatureParams.builder().micScale(MicScale.AMPLITUDE).build());
    centi.mic[0] = 3000; // 30.00 dB
    power.mic[0] = 999; // 10 log10(999 + 1) = 30 dB
    amplitude.mic[0] = 999; // 20 log10(999 + 1) = 60 dB
    centi.ticks(20);
    power.ticks(20);
    amplitude.ticks(20);
    assertThat(centi.room.levelMillibel(0)).isEqualTo(3000);
    assertThat(power.room.levelMillibel(0)).isBetween(2999, 3001);
    assertThat(amplitude.room.levelMillibel(0)).isBetween(5998, 6002);
  }

  @Test
  void shouldTreatANotMeasuredLevelAsMissingVoiceButKeepMovement() {
    RoomDriver d = new RoomDriver(1);
    d.ticks(5 * RATE_HZ);
    long invalidFrom = d.room.ticks();
    int invalidTicks = 0;
    while (d.room.describedTick() < invalidFrom + 5) {
      boolean invalid = d.room.ticks() >= invalidFrom && d.room.ticks() < invalidFrom + 5;
      d.mic[0] = invalid ? 0xFFFF : RoomDriver.levelForDb(15);
      d.tick();
      long described = d.room.describedTick();
      if (described >= invalidFrom && described < invalidFrom + 5) {
        invalidTicks++;
        assertThat(d.room.featurePresent(0)).isTrue();
        assertThat(d.room.voicePresent(0)).isFalse();
        assertThat(d.room.vocalActive(0)).isFalse();
        assertThat(d.room.speaking(0)).isFalse();
      } else {
        assertThat(d.room.voicePresent(0)).isTrue();
      }
    }
    assertThat(invalidTicks).isEqualTo(5);
    assertThat(d.room.invalidMicSamples()).isEqualTo(5);
    // A 0xFFFF taken as a level would have been 655 dB of "speech"; the floor never saw it.
    assertThat(d.room.noiseFloorMillibel(0)).isBetween(1400, 1600);
    assertThat(d.room.voiceRestarts()).isZero();
  }

  private static void mark(boolean[] ticks, int from, int count) {
    for (int t = from; t < from + count; t++) {
      ticks[t] = true;
    }
  }
}
