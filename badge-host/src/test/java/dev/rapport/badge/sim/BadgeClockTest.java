package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class BadgeClockTest {

  @Test
  void shouldCountTicksAsTheDocumentedFormulaInExactArithmetic() {
    BadgeClock clock = new BadgeClock(32_768, 123_456, 87.5);
    SimRandom rng = new SimRandom(11);
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      long t = (long) (rng.nextDouble() * 7_200e6); // up to two hours
      // ticks = start + floor(t * rate * (1e6 + ppm) / 1e12), computed exactly.
      BigDecimal exact =
          BigDecimal.valueOf(t)
              .multiply(BigDecimal.valueOf(32_768))
              .multiply(BigDecimal.valueOf(1e6).add(new BigDecimal(87.5)))
              .divide(BigDecimal.valueOf(1e12), MathContext.DECIMAL128);
      BigDecimal fraction = exact.subtract(exact.setScale(0, RoundingMode.FLOOR));
      if (fraction.doubleValue() < 1e-6 || fraction.doubleValue() > 1 - 1e-6) {
        continue; // within double rounding of a tick edge; the formula is defined in doubles
      }
      checked++;
      assertThat(clock.ticksAt(t))
          .as("t=%d", t)
          .isEqualTo(123_456 + exact.setScale(0, RoundingMode.FLOOR).longValueExact());
    }
    assertThat(checked).isGreaterThan(19_800);
  }

  @Test
  void shouldRunFastOrSlowByTheConfiguredDrift() {
    BadgeClock fast = new BadgeClock(1_000_000, 0, 100.0);
    BadgeClock slow = new BadgeClock(32_768, 0, -100.0);
    long hourUs = 3_600_000_000L;

    double fastRate = fast.ticksAt(hourUs) / 3600.0 / 1_000_000;
    double slowRate = slow.ticksAt(hourUs) / 3600.0 / 32_768;

    assertThat(fastRate - 1).isCloseTo(100e-6, within(1e-9));
    assertThat(slowRate - 1).isCloseTo(-100e-6, within(1e-8));
    // Over an hour, 100 ppm is 360 ms.
    assertThat(fast.ticksAt(hourUs) - hourUs).isEqualTo(360_000);
  }

  @Test
  void shouldWrapTheWireValueAt32Bits() {
    long start = 0xFFFF_FFFFL - 32_768 * 2; // wraps two seconds into the session
    BadgeClock clock = new BadgeClock(32_768, start, 0.0);

    assertThat(clock.ticksU32At(0)).isEqualTo(start);
    assertThat(clock.ticksAt(3_000_000)).isEqualTo(start + 3 * 32_768);
    assertThat(clock.ticksU32At(3_000_000)).isEqualTo(start + 3 * 32_768 - (1L << 32));
    assertThat(clock.ticksU32At(3_000_000)).isBetween(0L, 32_768L);
  }

  @Test
  void shouldInvertTicksToTrueTime() {
    BadgeClock clock = new BadgeClock(32_768, 4_000_000_000L, -42.0);
    for (long ticks = 4_000_000_000L; ticks < 4_000_000_000L + 1_000_000; ticks += 9_973) {
      double t = clock.trueTimeUsOfTick(ticks);
      assertThat(clock.ticksAt((long) Math.ceil(t) + 1)).isGreaterThanOrEqualTo(ticks);
      assertThat(clock.ticksAt((long) Math.floor(t) - 1)).isLessThan(ticks);
    }
  }

  @Test
  void shouldNameFieldAndValueWhenRejectingClock() {
    assertThatThrownBy(() -> new BadgeClock(999, 0, 0)).hasMessageContaining("tickRateHz=999");
    assertThatThrownBy(() -> new BadgeClock(32_768, 1L << 32, 0))
        .hasMessageContaining("startTick=4294967296");
    assertThatThrownBy(() -> new BadgeClock(32_768, 0, 1500))
        .hasMessageContaining("driftPpm=1500.0");
  }
}
