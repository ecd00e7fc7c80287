package dev.rapport.gateway.features;

/**
 * Splits one badge's acceleration into gravity and motion: a one-pole low-pass tracks gravity, what
 * remains is motion (its magnitude is the motion energy), and a second low-pass of gravity,
 * normalised, is the posture.
 *
 * <p>State is kept in Q16 milli-g in longs. For inputs within int16 (|a| <= 2^15 mg) every
 * intermediate stays below 2^49, see docs/features.md. Used only by the engine thread through
 * {@link RoomFeatureExtractor}; allocation-free.
 */
final class MovementFilter {
  private static final int HALF_Q16 = 1 << 15;

  private final int gravityAlphaQ16;
  private final int postureAlphaQ16;
  private final long minGravityQ8;

  private long gravityXQ16;
  private long gravityYQ16;
  private long gravityZQ16;
  private long postureXQ16;
  private long postureYQ16;
  private long postureZQ16;
  private int samplesSinceReset;

  private int motionMg;
  private boolean postureValid;
  private int postureXQ14;
  private int postureYQ14;
  private int postureZQ14;

  MovementFilter(int gravityAlphaQ16, int postureAlphaQ16, int minGravityMg) {
    this.gravityAlphaQ16 = gravityAlphaQ16;
    this.postureAlphaQ16 = postureAlphaQ16;
    this.minGravityQ8 = (long) minGravityMg << 8;
  }

  /** Forget the past: the next sample starts the filters afresh (used after long gaps). */
  void reset() {
    samplesSinceReset = 0;
  }

  /** Samples seen since the last reset, saturating. */
  int samplesSinceReset() {
    return samplesSinceReset;
  }

  /** Feeds one grid sample; inputs must already be clamped to the int16 range. */
  void update(int axMg, int ayMg, int azMg) {
    int n = samplesSinceReset;
    int gravityAlpha = warmupAlphaQ16(gravityAlphaQ16, n);
    int postureAlpha = warmupAlphaQ16(postureAlphaQ16, n);
    if (n < Integer.MAX_VALUE) {
      samplesSinceReset = n + 1;
    }

    long xQ16 = (long) axMg << 16;
    long yQ16 = (long) ayMg << 16;
    long zQ16 = (long) azMg << 16;
    gravityXQ16 += smoothStep(xQ16 - gravityXQ16, gravityAlpha);
    gravityYQ16 += smoothStep(yQ16 - gravityYQ16, gravityAlpha);
    gravityZQ16 += smoothStep(zQ16 - gravityZQ16, gravityAlpha);
    postureXQ16 += smoothStep(gravityXQ16 - postureXQ16, postureAlpha);
    postureYQ16 += smoothStep(gravityYQ16 - postureYQ16, postureAlpha);
    postureZQ16 += smoothStep(gravityZQ16 - postureZQ16, postureAlpha);

    // Dynamic part in Q8 mg: |d| <= 2^17 mg, so each square is below 2^50.
    long dxQ8 = (xQ16 - gravityXQ16) >> 8;
    long dyQ8 = (yQ16 - gravityYQ16) >> 8;
    long dzQ8 = (zQ16 - gravityZQ16) >> 8;
    long magnitudeQ8 = FixedMath.isqrt(dxQ8 * dxQ8 + dyQ8 * dyQ8 + dzQ8 * dzQ8);
    motionMg = (int) ((magnitudeQ8 + 128) >> 8);

    long pxQ8 = postureXQ16 >> 8;
    long pyQ8 = postureYQ16 >> 8;
    long pzQ8 = postureZQ16 >> 8;
    long normQ8 = FixedMath.isqrt(pxQ8 * pxQ8 + pyQ8 * pyQ8 + pzQ8 * pzQ8);
    postureValid = normQ8 >= minGravityQ8;
    if (postureValid) {
      postureXQ14 = (int) FixedMath.roundDiv(pxQ8 << 14, normQ8);
      postureYQ14 = (int) FixedMath.roundDiv(pyQ8 << 14, normQ8);
      postureZQ14 = (int) FixedMath.roundDiv(pzQ8 << 14, normQ8);
    } else {
      postureXQ14 = 0;
      postureYQ14 = 0;
      postureZQ14 = 0;
    }
  }

  int motionMg() {
    return motionMg;
  }

  boolean postureValid() {
    return postureValid;
  }

  int postureXQ14() {
    return postureXQ14;
  }

  int postureYQ14() {
    return postureYQ14;
  }

  int postureZQ14() {
    return postureZQ14;
  }

  /**
   * After a reset the filter first averages the samples it has (coefficient 1 / (n + 1)) until that
   * falls below the steady coefficient: no start-up transient, and no invented history.
   */
  static int warmupAlphaQ16(int steadyAlphaQ16, int samplesSeen) {
    if (samplesSeen >= FixedMath.ONE_Q16) {
      return steadyAlphaQ16;
    }
    int meanAlphaQ16 = (int) FixedMath.roundDiv(FixedMath.ONE_Q16, samplesSeen + 1L);
    return Math.max(steadyAlphaQ16, meanAlphaQ16);
  }

  /** alpha * difference, rounded; exact identity for alpha = 1.0. */
  static long smoothStep(long differenceQ16, int alphaQ16) {
    return (differenceQ16 * alphaQ16 + HALF_Q16) >> 16;
  }
}
