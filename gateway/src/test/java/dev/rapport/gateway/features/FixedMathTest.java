package dev.rapport.gateway.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedMathTest {

  @Test
  void shouldComputeExactFloorSquareRootsOverTheWholeLongRange() {
    long wrong = 0;
    for (long v = 0; v < 200_000; v++) {
      long r = FixedMath.isqrt(v);
      if (r * r > v || (r + 1) * (r + 1) <= v) {
        wrong++;
      }
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long v = random.nextLong(Long.MAX_VALUE);
      if (FixedMath.isqrt(v) != BigInteger.valueOf(v).sqrt().longValueExact()) {
        wrong++;
      }
    }
    assertThat(wrong).isZero();
    // Around perfect squares, where a rounded double root is most likely to be off by one.
    for (long root = 3_037_000_499L; root > 3_037_000_499L - 1000; root--) {
      long square = root * root;
      assertThat(FixedMath.isqrt(square)).isEqualTo(root);
      assertThat(FixedMath.isqrt(square - 1)).isEqualTo(root - 1);
    }
    assertThat(FixedMath.isqrt(Long.MAX_VALUE)).isEqualTo(3_037_000_499L);
  }

  @Test
  void shouldRejectNegativeRootsAndOverflowingScales() {
    assertThatThrownBy(() -> FixedMath.isqrt(-1)).hasMessageContaining("value=-1");
    assertThatThrownBy(() -> FixedMath.isqrtScaled(1L << 40, 12))
        .hasMessageContaining("extraBits=12");
    long big = 1L << 40;
    int bits = FixedMath.rootScaleBits(big, 30);
    assertThat(FixedMath.isqrtScaled(big, bits)).isEqualTo(1L << (20 + bits));
  }

  @Test
  void shouldComputeLog2WithinTwoUnitsOfTheExactValueForEveryMicEnergy() {
    double worstBelow = 0;
    double worstAbove = 0;
    for (long v = 1; v <= 65_536; v++) {
      double error = StrictMath.log(v) / StrictMath.log(2) * 65_536.0 - FixedMath.log2Q16(v);
      worstBelow = Math.max(worstBelow, error);
      worstAbove = Math.min(worstAbove, error);
    }
    assertThat(worstBelow).isLessThanOrEqualTo(2.0);
    assertThat(worstAbove).isGreaterThanOrEqualTo(-1e-6);
    assertThat(FixedMath.log2Q16(1)).isZero();
    assertThat(FixedMath.log2Q16(1L << 40)).isEqualTo(40 << 16);
    assertThatThrownBy(() -> FixedMath.log2Q16(0)).hasMessageContaining("value=0");
  }

  @Test
  void shouldConvertMillibelsAndOctavesBothWays() {
    // One octave of power is 10 log10(2) dB = 301.03 mB.
    assertThat(FixedMath.log2Q16ToMillibel(65_536)).isEqualTo(301);
    assertThat(FixedMath.millibelToLog2Q16(30_103)).isEqualTo(100 * 65_536);
    for (int mb = -5000; mb <= 5000; mb += 37) {
      assertThat(FixedMath.log2Q16ToMillibel(FixedMath.millibelToLog2Q16(mb))).isEqualTo(mb);
    }
  }

  @Test
  void shouldRoundHalfAwayFromZero() {
    assertThat(FixedMath.roundDiv(5, 2)).isEqualTo(3);
    assertThat(FixedMath.roundDiv(-5, 2)).isEqualTo(-3);
    assertThat(FixedMath.roundDiv(4, 3)).isEqualTo(1);
    assertThat(FixedMath.roundDiv(-4, 3)).isEqualTo(-1);
    assertThatThrownBy(() -> FixedMath.roundDiv(1, 0)).hasMessageContaining("denominator=0");
  }

  @Test
  void shouldDeriveFilterCoefficientsFromTimeConstants() {
    // 1 - exp(-1 / (1 s * 25 Hz)) = 0.039211 -> 2569.8
    assertThat(FixedMath.emaAlphaQ16(1000, 25)).isEqualTo(2570);
    assertThat(FixedMath.emaAlphaQ16(0, 25)).isEqualTo(65_536);
    assertThat(FixedMath.emaAlphaQ16(3_600_000, 1000)).isEqualTo(1);
    assertThatThrownBy(() -> FixedMath.emaAlphaQ16(-1, 25)).hasMessageContaining("tauMs=-1");
    assertThatThrownBy(() -> FixedMath.emaAlphaQ16(10, 0)).hasMessageContaining("rateHz=0");
    assertThat(FixedMath.msToTicks(120, 25)).isEqualTo(3);
    assertThat(FixedMath.msToTicks(20, 25)).isEqualTo(1);
  }
}
