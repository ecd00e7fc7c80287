package dev.rapport.gateway.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Motion energy and posture from synthetic accelerations with known answers. */
class MovementFeaturesTest {
  private static final int RATE_HZ = 25;

  @Test
  void shouldReportNoMotionAndTheTiltedPostureForAStaticBadge() {
    RoomDriver d = new RoomDriver(2);
    // Badge 0 tilted 30 degrees about Y, badge 1 lying on its side along -X.
    d.set(0, 500, 0, 866);
    d.set(1, -1000, 0, 0);
    d.ticks(20 * RATE_HZ);
    for (int t = 0; t < 100; t++) {
      d.tick();
      assertThat(d.room.featurePresent(0)).isTrue();
      assertThat(d.room.motionEnergyMg(0)).isZero();
      assertThat(d.room.motionEnergyMg(1)).isZero();
      // 500 / |(500, 0, 866)| = 0.50000 -> 8192; 866 / 999.99 = 0.86600 -> 14189
      assertThat(d.room.postureXQ14(0)).isBetween(8191, 8193);
      assertThat(d.room.postureYQ14(0)).isZero();
      assertThat(d.room.postureZQ14(0)).isBetween(14188, 14190);
      assertThat(d.room.postureXQ14(1)).isEqualTo(-16384);
    }
  }

  @Test
  void shouldReportMotionEnergyForAGestureBurstAndNoneOnceItEnds() {
    RoomDriver d = new RoomDriver(1);
    int burstStart = 10 * RATE_HZ;
    int burstEnd = burstStart + 4 * RATE_HZ;
    long burstSum = 0;
    int burstTicks = 0;
    int maxTiltDuringBurstQ14 = 0;
    int settledAfterBurst = Integer.MAX_VALUE;
    for (int t = 0; t < 20 * RATE_HZ; t++) {
      // A 2 Hz, 300 mg waving gesture along X while the badge hangs upright.
      int gestureMg =
          t >= burstStart && t < burstEnd
              ? (int) Math.round(300 * Math.sin(2 * Math.PI * 2.0 * (t - burstStart) / RATE_HZ))
              : 0;
      d.set(0, gestureMg, 0, 1000);
      d.tick();
      long described = d.room.describedTick();
      if (described < 0 || !d.room.featurePresent(0)) {
        continue;
      }
      int motion = d.room.motionEnergyMg(0);
      if (described < burstStart) {
        assertThat(motion).isZero();
      } else if (described < burstEnd) {
        burstSum += motion;
        burstTicks++;
        maxTiltDuringBurstQ14 = Math.max(maxTiltDuringBurstQ14, Math.abs(d.room.postureXQ14(0)));
      } else if (motion <= 5 && settledAfterBurst == Integer.MAX_VALUE) {
        settledAfterBurst = (int) described - burstEnd;
      }
    }
    // Mean of |300 sin| is 600 / pi = 191 mg; the 1 s high-pass passes 2 Hz almost unchanged.
    double meanMotionMg = (double) burstSum / burstTicks;
    assertThat(meanMotionMg).isBetween(191.0 * 0.9, 191.0 * 1.1);
    // The gesture barely moves the posture: under 0.05 rad of tilt.
    assertThat(maxTiltDuringBurstQ14).isLessThan(820);
    // What the gravity estimate absorbed of the burst decays within a few time constants.
    assertThat(settledAfterBurst).isLessThan(3 * RATE_HZ);
  }

  @Test
  void shouldFollowAPostureChangeAndReportTheTransitionAsMotion() {
    RoomDriver d = new RoomDriver(1);
    d.set(0, 0, 0, 1000);
    d.ticks(10 * RATE_HZ);
    assertThat(d.room.postureZQ14(0)).isEqualTo(16384);
    d.set(0, 0, 707, 707); // leans 45 degrees in one step
    d.tick();
    d.ticks(d.room.outputDelayTicks());
    assertThat(d.room.motionEnergyMg(0)).isGreaterThan(500);
    d.ticks(20 * RATE_HZ);
    assertThat(d.room.motionEnergyMg(0)).isZero();
    assertThat(d.room.postureYQ14(0)).isBetween(11584, 11586); // 16384 / sqrt(2) = 11585.2
    assertThat(d.room.postureZQ14(0)).isBetween(11584, 11586);
  }

  @Test
  void shouldStayInRangeAtInt16SaturationAndClampBeyondIt() {
    RoomDriver d = new RoomDriver(2);
    int maxMotion = 0;
    for (int t = 0; t < 20 * RATE_HZ; t++) {
      int v = (t & 1) == 0 ? Short.MIN_VALUE : Short.MAX_VALUE;
      d.set(0, v, v, v);
      d.set(1, 32_767, 32_767, 32_767);
      d.tick();
      if (d.room.featurePresent(0)) {
        maxMotion = Math.max(maxMotion, d.room.motionEnergyMg(0));
        assertThat(d.room.motionEnergyMg(0)).isBetween(0, 113_511);
        assertThat(d.room.motionEnergyMg(1)).isZero();
        // (1, 1, 1) / sqrt(3) = 0.57735 -> 9459.3
        assertThat(d.room.postureXQ14(1)).isBetween(9458, 9460);
      }
    }
    // Full-scale square wave on three axes: |d| close to sqrt(3) * 32767.5 = 56,755 mg.
    assertThat(maxMotion).isBetween(50_000, 113_511);
    assertThat(d.room.saturatedAccelSamples()).isZero();

    d.set(0, 40_000, -40_000, Integer.MIN_VALUE);
    d.mic[0] = 70_000;
    d.mic[1] = -5;
    d.tick();
    assertThat(d.room.saturatedAccelSamples()).isEqualTo(3);
    assertThat(d.room.invalidMicSamples()).isEqualTo(2);
  }

  @Test
  void shouldReportNothingForMissingTicksAndContinueAfterAShortGap() {
    RoomDriver d = new RoomDriver(1);
    d.set(0, 500, 0, 866);
    d.ticks(10 * RATE_HZ);
    long gapStart = d.room.ticks();
    int absentDescribed = 0;
    while (d.room.describedTick() < gapStart + 10) {
      boolean inputMissing = d.room.ticks() < gapStart + 10;
      d.present[0] = !inputMissing;
      // Garbage in absent ticks must not leak into features.
      d.set(0, inputMissing ? 9999 : 500, inputMissing ? 9999 : 0, inputMissing ? 9999 : 866);
      d.tick();
      long described = d.room.describedTick();
      boolean inGap = described >= gapStart && described < gapStart + 10;
      assertThat(d.room.featurePresent(0)).isEqualTo(!inGap);
      if (inGap) {
        absentDescribed++;
        assertThat(d.room.motionEnergyMg(0)).isZero();
        assertThat(d.room.posturePresent(0)).isFalse();
      }
    }
    assertThat(absentDescribed).isEqualTo(10);
    // Back at once: the filter state was held, the posture is still right.
    assertThat(d.room.featurePresent(0)).isTrue();
    assertThat(d.room.motionEnergyMg(0)).isZero();
    assertThat(d.room.postureXQ14(0)).isBetween(8191, 8193);
    assertThat(d.room.filterRestarts()).isZero();
  }

  @Test
  void shouldRestartFiltersAfterALongGapAndWarmUpBeforeReporting() {
    RoomDriver d = new RoomDriver(1);
    d.set(0, 500, 0, 866);
    d.ticks(10 * RATE_HZ);
    d.present[0] = false;
    d.ticks(5 * RATE_HZ); // longer than gapResetMs = 2 s
    d.present[0] = true;
    d.set(0, -1000, 0, 0); // came back in a different posture
    int delay = d.room.outputDelayTicks();
    d.ticks(delay);
    int warmupTicks = FixedMath.msToTicks(FeatureParams.DEFAULT_WARMUP_MS, RATE_HZ);
    int absentAfterReturn = 0;
    while (!d.room.featurePresent(0)) {
      d.tick();
      absentAfterReturn++;
    }
    assertThat(absentAfterReturn).isEqualTo(warmupTicks + 1);
    assertThat(d.room.filterRestarts()).isEqualTo(1);
    // Restarted filters average the new samples: no memory of the old posture, no transient.
    assertThat(d.room.postureXQ14(0)).isEqualTo(-16384);
    assertThat(d.room.motionEnergyMg(0)).isZero();
  }
}
