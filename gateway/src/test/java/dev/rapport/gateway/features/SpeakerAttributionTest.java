package dev.rapport.gateway.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two or three people whose voices reach each other's badges, attenuated: the loudest badge above
 * its floor speaks, the others only hear it unless they are nearly as loud themselves.
 */
class SpeakerAttributionTest {
  private static final int RATE_HZ = 25;
  private static final double NOISE_DB = 15;
  private static final double CROSSTALK_LOSS_DB = 14;

  private final SplittableRandom random = new SplittableRandom(3);

  /** Energy at one badge: its noise plus each voice (dB at that badge, NaN = silent), summed. */
  private int energyAt(double... voicesDb) {
    double power = Math.pow(10, (NOISE_DB + (random.nextDouble() * 2 - 1) * 0.5) / 10);
    for (double db : voicesDb) {
      if (!Double.isNaN(db)) {
        power += Math.pow(10, db / 10);
      }
    }
    return RoomDriver.levelForDb(10 * Math.log10(power));
  }

  private static double voice(boolean on, double db) {
    return on ? db : Double.NaN;
  }

  @Test
  void shouldAttributeAVoiceHeardByTwoBadgesToTheLoudestOnly() {
    RoomDriver d = new RoomDriver(2);
    int neighbourHears = 0;
    int speakerSpeaks = 0;
    int talkTicks = 0;
    for (int t = 0; t < 12 * RATE_HZ; t++) {
      boolean aTalks = t >= 4 * RATE_HZ && t < 6 * RATE_HZ;
      double ownDb = 40 + (random.nextDouble() * 2 - 1) * 3;
      d.mic[0] = energyAt(voice(aTalks, ownDb));
      d.mic[1] = energyAt(voice(aTalks, ownDb - CROSSTALK_LOSS_DB));
      d.tick();
      long described = d.room.describedTick();
      boolean truth = described >= 4 * RATE_HZ && described < 6 * RATE_HZ;
      if (truth) {
        talkTicks++;
        neighbourHears += d.room.vocalActive(1) ? 1 : 0;
        speakerSpeaks += d.room.speaking(0) ? 1 : 0;
      }
      assertThat(d.room.speaking(1)).isFalse();
      assertThat(d.room.vocalEnergyMillibel(1)).isZero();
    }
    assertThat(neighbourHears)
        .as("the neighbour's badge does hear the voice")
        .isGreaterThan(talkTicks / 2);
    assertThat(speakerSpeaks).isEqualTo(talkTicks);
  }

  @Test
  void shouldLetBothSpeakWhenBothAreClearlyLoud() {
    RoomDriver d = new RoomDriver(2);
    int both = 0;
    int overlapTicks = 0;
    for (int t = 0; t < 10 * RATE_HZ; t++) {
      boolean talk = t >= 4 * RATE_HZ && t < 6 * RATE_HZ;
      d.mic[0] = energyAt(voice(talk, 40), voice(talk, 38 - CROSSTALK_LOSS_DB));
      d.mic[1] = energyAt(voice(talk, 38), voice(talk, 40 - CROSSTALK_LOSS_DB));
      d.tick();
      long described = d.room.describedTick();
      if (described >= 4 * RATE_HZ && described < 6 * RATE_HZ) {
        overlapTicks++;
        both += d.room.speaking(0) && d.room.speaking(1) ? 1 : 0;
        assertThat(d.room.vocalEnergyMillibel(0)).isGreaterThan(d.room.vocalEnergyMillibel(1));
      }
    }
    assertThat(both).isEqualTo(overlapTicks);
  }

  @Test
  void shouldFollowAlternatingTurnsExactly() {
    RoomDriver d = new RoomDriver(3);
    int length = 30 * RATE_HZ;
    int[] speakerAt = new int[length];
    java.util.Arrays.fill(speakerAt, -1);
    int t0 = 3 * RATE_HZ;
    int[] order = {0, 1, 2, 1, 0, 2};
    for (int turn = 0; turn < order.length; turn++) {
      int start = t0 + turn * 4 * RATE_HZ; // 3 s turns, 1 s gaps
      java.util.Arrays.fill(speakerAt, start, start + 3 * RATE_HZ, order[turn]);
    }
    int checked = 0;
    for (int t = 0; t < length; t++) {
      for (int badge = 0; badge < 3; badge++) {
        int s = speakerAt[t];
        double db = s < 0 ? Double.NaN : (s == badge ? 38 : 38 - CROSSTALK_LOSS_DB);
        d.mic[badge] = energyAt(db);
      }
      d.tick();
      long described = d.room.describedTick();
      if (described < 0) {
        continue;
      }
      for (int badge = 0; badge < 3; badge++) {
        assertThat(d.room.speaking(badge))
            .as("badge %d at tick %d", badge, described)
            .isEqualTo(speakerAt[(int) described] == badge);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(3 * (length - 10));
  }

  @Test
  void shouldNotChatterWhenASecondVoiceHoversAtTheMargin() {
    assertThat(speakingSegmentsOfB(FeatureParams.defaults())).isEqualTo(1);
    FeatureParams noHysteresis = FeatureParams.builder().attributionHysteresisMillibel(0).build();
    assertThat(speakingSegmentsOfB(noHysteresis)).as("without hysteresis").isGreaterThan(10);
  }

  /** B's level sits alternately 8 and 11.5 dB under A's: inside, then outside the 10 dB margin. */
  private int speakingSegmentsOfB(FeatureParams params) {
    RoomDriver d = new RoomDriver(2, RATE_HZ, params);
    int segments = 0;
    boolean was = false;
    for (int t = 0; t < 8 * RATE_HZ; t++) {
      boolean talk = t >= 3 * RATE_HZ && t < 5 * RATE_HZ;
      double deficit = (t & 1) == 0 ? 8 : 11.5;
      d.mic[0] = talk ? RoomDriver.levelForDb(40) : RoomDriver.levelForDb(NOISE_DB);
      d.mic[1] = talk ? RoomDriver.levelForDb(40 - deficit) : RoomDriver.levelForDb(NOISE_DB);
      d.tick();
      boolean now = d.room.speaking(1);
      if (now && !was) {
        segments++;
      }
      was = now;
    }
    return segments;
  }

  @Test
  void shouldKeepTheSpeakerWhoseBadgeSitsInANoisyCorner() {
    // Badge 0 sits by a fan (30 dB of noise), its wearer speaks at 46 dB there: 16 dB above its
    // floor. Badge 1, in a quiet corner (10 dB), hears the same voice at 32 dB: 22 dB above its
    // floor. Levels, not levels above the floor, say who speaks.
    RoomDriver d = new RoomDriver(2);
    int speakerTicks = 0;
    for (int t = 0; t < 10 * RATE_HZ; t++) {
      boolean talk = t >= 4 * RATE_HZ && t < 6 * RATE_HZ;
      double jitter = (random.nextDouble() * 2 - 1) * 0.5;
      d.mic[0] = RoomDriver.levelForDb(talk ? 46 + jitter : 30 + jitter);
      d.mic[1] = RoomDriver.levelForDb(talk ? 32 + jitter : 10 + jitter);
      d.tick();
      long described = d.room.describedTick();
      if (described >= 4 * RATE_HZ && described < 6 * RATE_HZ) {
        assertThat(d.room.snrMillibel(1)).isGreaterThan(d.room.snrMillibel(0));
        assertThat(d.room.vocalActive(1)).isTrue();
        assertThat(d.room.speaking(0)).isTrue();
        speakerTicks++;
      }
      assertThat(d.room.speaking(1)).isFalse();
    }
    assertThat(speakerTicks).isEqualTo(2 * RATE_HZ);
  }

  @Test
  void shouldLearnWhoCanHearWhomAndLetTwoTablesTalkAtOnce() {
    // Badges 0, 1 at one table, 2, 3 at another. A voice loses 14 dB on its way to the other
    // badge of its table and 22 dB to the other table.
    FeatureParams noLearning = FeatureParams.builder().attributionLearnStepMillibel(0).build();
    int[] learning = twoTablesSpeaking(FeatureParams.defaults(), true);
    int[] fixedMargin = twoTablesSpeaking(noLearning, false);
    int testTicks = 8 * RATE_HZ;
    int bothTalkTicks = testTicks / 2;
    // Learnt: the quiet talker at the other table is no longer silenced by the loud one.
    assertThat(learning[0]).isEqualTo(testTicks);
    assertThat(learning[2]).isGreaterThan(bothTalkTicks * 9 / 10);
    assertThat(learning[1] + learning[3]).isZero();
    // The plain Open Badges rule (loudest speaks, and whoever is within 10 dB) loses them.
    assertThat(fixedMargin[0]).isEqualTo(testTicks);
    assertThat(fixedMargin[2]).isLessThan(bothTalkTicks / 10);
  }

  /** Speaking ticks per badge while badges 0 and 2 talk at once, after a minute of turns. */
  private int[] twoTablesSpeaking(FeatureParams params, boolean checkLearnt) {
    double[] voiceDb = {50, 45, 38, 42};
    RoomDriver d = new RoomDriver(4, RATE_HZ, params);
    int learnTicks = 64 * RATE_HZ;
    int[] speakingTicks = new int[4];
    for (int t = 0; t < learnTicks + 10 * RATE_HZ; t++) {
      boolean[] talks = new boolean[4];
      if (t < learnTicks) {
        int slot = t / (2 * RATE_HZ);
        talks[slot % 4] = slot % 5 != 4; // 2 s turns in order, with a silence every fifth
      } else {
        // Badge 0 talks on; badge 2, at the other table, talks at the same time half of it.
        talks[0] = true;
        talks[2] = (t - learnTicks) % (4 * RATE_HZ) >= 2 * RATE_HZ;
      }
      for (int badge = 0; badge < 4; badge++) {
        double[] at = new double[4];
        for (int s = 0; s < 4; s++) {
          double loss = s == badge ? 0 : (s / 2 == badge / 2 ? 14 : 22);
          at[s] = voice(talks[s], voiceDb[s] - loss);
        }
        d.mic[badge] = energyAt(at);
      }
      d.tick();
      long described = d.room.describedTick();
      if (described >= learnTicks && described < learnTicks + 8 * RATE_HZ) {
        boolean bothTalk = (described - learnTicks) % (4 * RATE_HZ) >= 2 * RATE_HZ;
        speakingTicks[0] += d.room.speaking(0) ? 1 : 0;
        speakingTicks[1] += d.room.speaking(1) ? 1 : 0;
        speakingTicks[2] += bothTalk && d.room.speaking(2) ? 1 : 0;
        speakingTicks[3] += d.room.speaking(3) ? 1 : 0;
        if (!bothTalk) {
          assertThat(d.room.speaking(2)).isFalse();
        }
      }
    }
    if (checkLearnt) {
      // The 9/10 quantile of level differences with +-0.5 dB of noise jitter: just above the loss.
      assertThat(d.room.attenuationMillibel(0, 1)).isBetween(1300, 1550);
      assertThat(d.room.attenuationMillibel(0, 2)).isBetween(2100, 2350);
      assertThat(d.room.attenuationMillibel(2, 3)).isBetween(1300, 1550);
    }
    return speakingTicks;
  }

  @Test
  void shouldNeverAttributeSpeechToAMissingBadge() {
    RoomDriver d = new RoomDriver(2);
    for (int t = 0; t < 8 * RATE_HZ; t++) {
      boolean talk = t >= 3 * RATE_HZ && t < 5 * RATE_HZ;
      d.present[0] = !(t >= 2 * RATE_HZ && t < 6 * RATE_HZ);
      d.mic[0] = energyAt(voice(talk, 40));
      d.mic[1] = energyAt(voice(talk, 40 - CROSSTALK_LOSS_DB));
      d.tick();
      long described = d.room.describedTick();
      if (described >= 2 * RATE_HZ && described < 6 * RATE_HZ) {
        assertThat(d.room.featurePresent(0)).isFalse();
        assertThat(d.room.speaking(0)).isFalse();
        assertThat(d.room.vocalEnergyMillibel(0)).isZero();
      }
    }
  }
}
