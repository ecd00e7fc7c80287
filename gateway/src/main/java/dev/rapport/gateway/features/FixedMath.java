package dev.rapport.gateway.features;

/**
 * Integer helpers shared by the feature extractors and the dyad trackers: square roots, base-2
 * logarithms and filter coefficients, all exact or bit-reproducible on every platform.
 *
 * <p>Everything here is static, allocation-free and thread-safe. Floating point appears only in
 * {@link #emaAlphaQ16}, which runs once at construction and uses {@link StrictMath} so that even
 * the coefficients are identical on every JVM.
 */
public final class FixedMath {
  /** 1.0 in Q14 (unit vectors, similarities and fractions). */
  public static final int ONE_Q14 = 1 << 14;

  /** 1.0 in Q16 (filter coefficients and base-2 logarithms). */
  public static final int ONE_Q16 = 1 << 16;

  /** floor(sqrt(Long.MAX_VALUE)): the largest root whose square still fits in a long. */
  private static final long MAX_LONG_ROOT = 3_037_000_499L;

  /**
   * Millibels per octave of power, times 100: 10 * log10(2) dB = 301.02999566 mB, so one octave is
   * 30103 / 100 mB to within 3e-7 relative. Conversions use this rational so they stay integer.
   */
  private static final long MILLIBEL_X100_PER_OCTAVE = 30_103L;

  private FixedMath() {}

  /**
   * floor(sqrt(value)). The double square root is correctly rounded (IEEE 754), so the estimate is
   * within one of the answer and the integer correction makes it exact for the whole long range.
   */
  public static long isqrt(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("square root of a negative number, value=" + value);
    }
    long root = Math.min((long) Math.sqrt((double) value), MAX_LONG_ROOT);
    while (root * root > value) {
      root--;
    }
    while (root < MAX_LONG_ROOT && (root + 1) * (root + 1) <= value) {
      root++;
    }
    return root;
  }

  /**
   * floor(sqrt(value) * 2^extraBits), i.e. a square root carrying {@code extraBits} fractional
   * bits. Choose extraBits with {@link #rootScaleBits} so that the shifted value cannot overflow.
   */
  public static long isqrtScaled(long value, int extraBits) {
    if (extraBits < 0 || 64 - Long.numberOfLeadingZeros(value) + 2 * extraBits > 62) {
      throw new IllegalArgumentException(
          "scaled root would overflow, value=" + value + ", extraBits=" + extraBits);
    }
    return isqrt(value << (2 * extraBits));
  }

  /**
   * How many extra fractional bits a square root of {@code value} can carry so that {@code value <<
   * 2 * bits} stays below 2^62 (never more than {@code maxBits}). Larger values already have enough
   * significant digits; small ones gain precision.
   */
  public static int rootScaleBits(long value, int maxBits) {
    if (value < 0) {
      throw new IllegalArgumentException("root scale of a negative number, value=" + value);
    }
    int bitLength = 64 - Long.numberOfLeadingZeros(value);
    int bits = (62 - bitLength) / 2;
    return Math.max(0, Math.min(bits, maxBits));
  }

  /**
   * log2(value) in Q16 for value >= 1, truncated (within 2 / 65536 below the real logarithm). Pure
   * integer: the mantissa is squared 16 times, each squaring yielding one fractional bit.
   */
  public static int log2Q16(long value) {
    if (value < 1) {
      throw new IllegalArgumentException("logarithm of a number below 1, value=" + value);
    }
    int integerPart = 63 - Long.numberOfLeadingZeros(value);
    // Mantissa in Q30, in [1, 2).
    long mantissaQ30 =
        integerPart <= 30 ? value << (30 - integerPart) : value >>> (integerPart - 30);
    int fraction = 0;
    for (int bit = 15; bit >= 0; bit--) {
      mantissaQ30 = (mantissaQ30 * mantissaQ30) >>> 30;
      if (mantissaQ30 >= (2L << 30)) {
        fraction |= 1 << bit;
        mantissaQ30 >>>= 1;
      }
    }
    return (integerPart << 16) | fraction;
  }

  /** Converts a level difference in millibels (1/100 dB of power) to Q16 octaves, rounded. */
  public static int millibelToLog2Q16(long millibel) {
    return (int) roundDiv(millibel * 100L * ONE_Q16, MILLIBEL_X100_PER_OCTAVE);
  }

  /** Converts Q16 octaves of power to millibels (1/100 dB), rounded half away from zero. */
  public static int log2Q16ToMillibel(long log2Q16) {
    return (int) roundDiv(log2Q16 * MILLIBEL_X100_PER_OCTAVE, 100L * ONE_Q16);
  }

  /**
   * numerator / denominator rounded half away from zero; denominator must be positive. Used
   * wherever an integer ratio is reported, so rounding never biases towards minus infinity.
   */
  public static long roundDiv(long numerator, long denominator) {
    if (denominator <= 0) {
      throw new IllegalArgumentException(
          "denominator must be positive, denominator=" + denominator);
    }
    long half = denominator / 2;
    return numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator);
  }

  /**
   * Coefficient in Q16 of a one-pole low-pass with time constant {@code tauMs} sampled at {@code
   * rateHz}: alpha = 1 - exp(-1 / (tau * rate)), rounded, at least 1 (so the filter always moves)
   * and exactly 1.0 (no smoothing) for tauMs = 0.
   */
  public static int emaAlphaQ16(int tauMs, int rateHz) {
    if (tauMs < 0) {
      throw new IllegalArgumentException("time constant must be >= 0, tauMs=" + tauMs);
    }
    if (rateHz <= 0) {
      throw new IllegalArgumentException("rate must be positive, rateHz=" + rateHz);
    }
    if (tauMs == 0) {
      return ONE_Q16;
    }
    double alpha = 1.0 - StrictMath.exp(-1000.0 / ((double) tauMs * rateHz));
    long alphaQ16 = StrictMath.round(alpha * ONE_Q16);
    return (int) Math.max(1, Math.min(ONE_Q16, alphaQ16));
  }

  /** A duration in milliseconds as whole grid ticks, rounded half up. */
  public static int msToTicks(long durationMs, int rateHz) {
    return (int) roundDiv(durationMs * rateHz, 1000L);
  }
}
