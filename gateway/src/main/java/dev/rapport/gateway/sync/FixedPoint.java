package dev.rapport.gateway.sync;

/**
 * The integer arithmetic every synchrony metric rests on: Q formats, an exact integer square root
 * and Pearson's r from exact sums, without any floating point in the result.
 *
 * <p>Correlations and scores are Q30 ints: value = q / 2^30, so [-1, 1] is [-2^30, 2^30] and one
 * unit is 9.3e-10. z-scores are Q16 ints (value = q / 65536). docs/algorithms.md proves the bounds
 * used below: with samples in [0, {@link #MAX_SAMPLE}] and windows up to 2^15 samples every sum and
 * every product except Dx*Dy fits in 62 bits; Dx*Dy is formed as 128 bits with {@link
 * Math#multiplyHigh}.
 */
public final class FixedPoint {
  public static final int Q30_SHIFT = 30;
  public static final int ONE_Q30 = 1 << Q30_SHIFT;
  public static final int Q16_SHIFT = 16;
  public static final int ONE_Q16 = 1 << Q16_SHIFT;

  /** Largest feature value the engine accepts; samples are unsigned 16-bit. */
  public static final int MAX_SAMPLE = 65_535;

  private FixedPoint() {}

  /**
   * floor(sqrt(v)) exactly. The double square root is only a first guess; the integer corrections
   * make the result exact and therefore identical on every platform.
   *
   * @param v 0 <= v < 2^62
   */
  public static long isqrt(long v) {
    if (v < 0 || v >= (1L << 62)) {
      throw new IllegalArgumentException("isqrt argument out of range [0, 2^62), v=" + v);
    }
    long s = (long) Math.sqrt((double) v);
    while (s * s > v) {
      s--;
    }
    while ((s + 1) * (s + 1) <= v) {
      s++;
    }
    return s;
  }

  /**
   * Pearson's r in Q30, exactly truncated: the result is sign(C) * floor(2^30 * |C| / sqrt(Dx *
   * Dy)), the same integer any exact implementation (big integers, a computer algebra system) gets.
   * C = n*Sxy - Sx*Sy, Dx = n*Sxx - Sx^2 and Dy = n*Syy - Sy^2 are exact, below 2^62 in magnitude,
   * Dx and Dy positive, and C^2 <= Dx*Dy (Cauchy-Schwarz, true for any real sums).
   *
   * <p>First an estimate: P = Dx*Dy (up to 124 bits) is shifted by an even e so that P / 2^e lies
   * in [2^60, 2^62); s = isqrt of that has 31 significant bits and sqrt(P) ~ s * 2^(e/2), so q0 =
   * |C| * 2^(30 - e/2) / s is within one unit of the true value. Then q0 is corrected by testing
   * q^2 * P <= 2^60 * C^2 in exact 192-bit arithmetic (docs/algorithms.md has the proof).
   */
  public static int pearsonQ30(long c, long dx, long dy) {
    if (dx <= 0 || dy <= 0) {
      throw new IllegalArgumentException("variances must be positive, dx=" + dx + ", dy=" + dy);
    }
    final long pHi = Math.multiplyHigh(dx, dy);
    final long pLo = dx * dy;
    final int bits =
        pHi != 0 ? 128 - Long.numberOfLeadingZeros(pHi) : 64 - Long.numberOfLeadingZeros(pLo);
    int e = bits - 62;
    if ((e & 1) != 0) {
      e++;
    }
    long reduced;
    if (e <= 0) {
      reduced = pLo << -e;
    } else if (e < 64) {
      reduced = (pLo >>> e) | (pHi << (64 - e));
    } else {
      reduced = pHi >>> (e - 64);
    }
    final long root = isqrt(reduced);
    final int half = e >> 1;
    final long magnitude = c < 0 ? -c : c;
    final int up = Q30_SHIFT - half;
    final long numerator = up >= 0 ? magnitude << up : magnitude >>> -up;
    long q = Math.min(numerator / root, ONE_Q30);
    // Exact correction: q is the largest integer with q^2 * P <= 2^60 * C^2.
    final long cHi = Math.multiplyHigh(magnitude, magnitude);
    final long cLo = magnitude * magnitude;
    while (q < ONE_Q30 && notAbove(q + 1, pHi, pLo, cHi, cLo)) {
      q++;
    }
    while (q > 0 && !notAbove(q, pHi, pLo, cHi, cLo)) {
      q--;
    }
    return (int) (c < 0 ? -q : q);
  }

  /**
   * q^2 * P <= 2^60 * C^2, with P = pHi:pLo (< 2^124), C^2 = cHi:cLo (< 2^124) and 0 <= q <= 2^30,
   * compared as unsigned 192-bit numbers.
   */
  private static boolean notAbove(long q, long pHi, long pLo, long cHi, long cLo) {
    final long qq = q * q;
    // left = qq * P: qq < 2^61, so qq * pLo needs the unsigned high word.
    final long lo0 = qq * pLo;
    final long hiLo = unsignedMultiplyHigh(qq, pLo);
    final long midLo = qq * pHi;
    final long midHi = Math.multiplyHigh(qq, pHi);
    final long left1 = hiLo + midLo;
    final long carry = Long.compareUnsigned(left1, hiLo) < 0 ? 1 : 0;
    final long left2 = midHi + carry;
    // right = C^2 << 60
    final long right0 = cLo << 60;
    final long right1 = (cLo >>> 4) | (cHi << 60);
    final long right2 = cHi >>> 4;
    if (left2 != right2) {
      return Long.compareUnsigned(left2, right2) < 0;
    }
    if (left1 != right1) {
      return Long.compareUnsigned(left1, right1) < 0;
    }
    return Long.compareUnsigned(lo0, right0) <= 0;
  }

  /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18+). */
  static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** Pearson's r in Q30 from raw sums over n pairs; see {@link #pearsonQ30(long, long, long)}. */
  public static int pearsonQ30(long n, long sx, long sy, long sxx, long syy, long sxy) {
    return pearsonQ30(n * sxy - sx * sy, n * sxx - sx * sx, n * syy - sy * sy);
  }

  public static double q30ToDouble(int q) {
    return q / (double) ONE_Q30;
  }

  public static double q16ToDouble(int q) {
    return q / (double) ONE_Q16;
  }

  /**
   * Decimal text of a fixed-point value with {@code decimals} digits, rounded half away from zero
   * in integer arithmetic, so the text is the same on every platform.
   */
  public static String toDecimal(long q, int shift, int decimals) {
    long scale = 1;
    for (int i = 0; i < decimals; i++) {
      scale *= 10;
    }
    long magnitude = Math.abs(q);
    long scaled = (magnitude * scale + (1L << (shift - 1))) >> shift;
    StringBuilder sb = new StringBuilder(24);
    if (q < 0 && scaled != 0) {
      sb.append('-');
    }
    sb.append(scaled / scale);
    if (decimals > 0) {
      sb.append('.');
      String frac = Long.toString(scaled % scale);
      for (int i = frac.length(); i < decimals; i++) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb.toString();
  }
}
