package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointTest {
  private static final long LIMIT_62 = 1L << 62;

  /** sign(C) * floor(2^30 |C| / sqrt(Dx Dy)) with big integers: the definition of r_Q30. */
  private static int exactQ30(long c, long dx, long dy) {
    BigInteger c2 = BigInteger.valueOf(c).pow(2).shiftLeft(60);
    BigInteger p = BigInteger.valueOf(dx).multiply(BigInteger.valueOf(dy));
    int q = c2.divide(p).sqrt().intValueExact();
    return c < 0 ? -q : q;
  }

  @Test
  void shouldTakeExactIntegerSquareRoots() {
    long[] values = {0, 1, 2, 3, 4, 15, 16, 17, (1L << 31) * (1L << 31) - 1, LIMIT_62 - 1};
    for (long v : values) {
      long s = FixedPoint.isqrt(v);
      assertThat(BigInteger.valueOf(s)).isEqualTo(BigInteger.valueOf(v).sqrt());
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long root = random.nextLong(1L << 31);
      long v = root * root + random.nextLong(-1, 2);
      if (v < 0 || v >= LIMIT_62) {
        continue;
      }
      assertThat(FixedPoint.isqrt(v)).isEqualTo(BigInteger.valueOf(v).sqrt().longValueExact());
    }
  }

  @Test
  void shouldRejectSquareRootOutsideItsRange() {
    assertThatThrownBy(() -> FixedPoint.isqrt(-1)).hasMessageContaining("v=-1");
    assertThatThrownBy(() -> FixedPoint.isqrt(LIMIT_62)).hasMessageContaining("v=" + LIMIT_62);
  }

  @Test
  void shouldTruncatePearsonExactlyForRandomMomentsUpToTheirLimits() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 60_000; i++) {
      // Moments of every magnitude: 1 up to just below 2^62.
      long dx = 1 + random.nextLong(1L << random.nextInt(1, 62));
      long dy = 1 + random.nextLong(1L << random.nextInt(1, 62));
      BigInteger bound = BigInteger.valueOf(dx).multiply(BigInteger.valueOf(dy)).sqrt();
      long maxC = bound.min(BigInteger.valueOf(LIMIT_62 - 1)).longValueExact();
      long c;
      switch (i % 4) {
        case 0 -> c = maxC; // perfect correlation
        case 1 -> c = -maxC;
        case 2 -> c = maxC == 0 ? 0 : random.nextLong(-maxC, maxC + 1);
        default -> c = maxC == 0 ? 0 : maxC - random.nextLong(Math.min(maxC, 1000) + 1);
      }
      assertThat(FixedPoint.pearsonQ30(c, dx, dy))
          .as("c=%d dx=%d dy=%d", c, dx, dy)
          .isEqualTo(exactQ30(c, dx, dy));
    }
  }

  @Test
  void shouldGiveExactlyOneForIdenticalSaturatedWindowsOfMaximalLength() {
    // W = 2^15 samples alternating 0 and 65535: the largest sums the proof allows.
    long n = SyncConfig.MAX_WINDOW_SAMPLES;
    long m = FixedPoint.MAX_SAMPLE;
    long sx = n / 2 * m;
    long sxx = n / 2 * m * m;
    assertThat(FixedPoint.pearsonQ30(n, sx, sx, sxx, sxx, sxx)).isEqualTo(FixedPoint.ONE_Q30);
    // y = 65535 - x: exactly -1.
    long sxyOpposite = 0;
    assertThat(FixedPoint.pearsonQ30(n, sx, sx, sxx, sxx, sxyOpposite))
        .isEqualTo(-FixedPoint.ONE_Q30);
  }

  @Test
  void shouldFormatFixedPointDecimalsRoundingHalfAwayFromZero() {
    assertThat(FixedPoint.toDecimal(FixedPoint.ONE_Q30, 30, 6)).isEqualTo("1.000000");
    assertThat(FixedPoint.toDecimal(-FixedPoint.ONE_Q30 / 2, 30, 3)).isEqualTo("-0.500");
    assertThat(FixedPoint.toDecimal(0, 30, 2)).isEqualTo("0.00");
    assertThat(FixedPoint.toDecimal(-1, 30, 6)).isEqualTo("0.000000");
    assertThat(FixedPoint.toDecimal(3 * 65536 + 32768, 16, 0)).isEqualTo("4");
    assertThat(FixedPoint.toDecimal(-(3 * 65536 + 32768), 16, 1)).isEqualTo("-3.5");
    assertThat(FixedPoint.toDecimal(123, 16, 4)).isEqualTo("0.0019");
  }
}
