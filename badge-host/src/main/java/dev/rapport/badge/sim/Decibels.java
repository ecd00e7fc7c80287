package dev.rapport.badge.sim;

/**
 * Sound levels to the microphone scale (amplitude in units of 20 uPa, so 0 dB SPL = 1).
 *
 * <p>Uses {@code StrictMath.exp} rather than {@code StrictMath.pow(10, x)}: on Java 17 the latter
 * allocates small arrays on every call, and the sample loop must allocate nothing.
 */
final class Decibels {
  private static final double LN10_OVER_20 = StrictMath.log(10.0) / 20.0;
  private static final double LN10_OVER_10 = StrictMath.log(10.0) / 10.0;

  private Decibels() {}

  static double toAmplitude(double levelDb) {
    return StrictMath.exp(levelDb * LN10_OVER_20);
  }

  /** 10^(levelDb / 10): a level difference as a power ratio. */
  static double toPower(double levelDb) {
    return StrictMath.exp(levelDb * LN10_OVER_10);
  }
}
