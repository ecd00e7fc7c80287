package dev.rapport.badge.sim;

/**
 * What makes one simulated person differ from another: how much they talk and move, how loud they
 * are, how often they change posture, and the small imperfections of their badge's sensors. Drawn
 * once from the person's own random stream; immutable.
 */
final class PersonTraits {
  /** Relative weight when the table decides who takes the next turn. */
  final double talkativeness;

  final double turnMedianS;

  /** Speaking level at 1 m from the mouth, dB SPL. */
  final double voiceDb1m;

  /** Multiplier on gesture, nod and fidget rates. */
  final double activity;

  final double postureShiftMeanIntervalS;
  final double basePitchDeg;
  final double baseRollDeg;
  final double breathingHz;
  final double breathingPhaseRad;

  /** Constant offsets of the badge's accelerometer axes (calibration error), mg. */
  final double biasXMg;

  final double biasYMg;
  final double biasZMg;

  /** Ambient noise level at this badge, dB SPL. */
  final double noiseFloorDb;

  PersonTraits(SimRandom rng, double roomNoiseFloorDb) {
    talkativeness = rng.uniform(0.5, 2.0);
    turnMedianS = rng.uniform(1.5, 4.0);
    voiceDb1m = rng.uniform(56.0, 64.0);
    activity = rng.uniform(0.6, 1.5);
    postureShiftMeanIntervalS = rng.uniform(30.0, 90.0);
    basePitchDeg = rng.uniform(-5.0, 15.0);
    baseRollDeg = rng.uniform(-5.0, 5.0);
    breathingHz = rng.uniform(0.2, 0.33);
    breathingPhaseRad = rng.uniform(0.0, 2.0 * StrictMath.PI);
    biasXMg = rng.uniform(-15.0, 15.0);
    biasYMg = rng.uniform(-15.0, 15.0);
    biasZMg = rng.uniform(-15.0, 15.0);
    noiseFloorDb = roomNoiseFloorDb + rng.uniform(-2.0, 2.0);
  }
}
