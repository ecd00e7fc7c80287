package dev.rapport.badge.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoundPointSetTest {

  /** The support over the hull must equal the brute-force extreme over every point. */
  private static void assertSupportMatchesBruteForce(
      BoundPointSet set, boolean upper, SplittableRandom random) {
    final double xRef = set.maxX();
    for (int k = 0; k < 8; k++) {
      final double slope = random.nextDouble(-2e-3, 2e-3);
      double expected = upper ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      for (int i = 0; i < set.size(); i++) {
        final double v = set.y(i) - slope * (set.x(i) - xRef);
        expected = upper ? Math.max(expected, v) : Math.min(expected, v);
      }
      assertThat(set.support(slope, xRef))
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void shouldKeepHullEqualToBruteForceThroughAppendsEvictionsAndOutOfOrderInserts() {
    for (boolean upper : new boolean[] {true, false}) {
      final SplittableRandom random = new SplittableRandom(upper ? 7 : 8);
      final BoundPointSet set = new BoundPointSet(64, upper);
      double x = 0;
      for (int step = 0; step < 2000; step++) {
        x += random.nextDouble(1e6, 1e9);
        final double delay = random.nextDouble(0, 5e7);
        final double drift = 3e-5 * x;
        final double y = upper ? drift - delay : drift + delay;
        final double r = random.nextDouble();
        if (r < 0.05 && set.size() > 0) {
          // A late response: its x lies before the newest.
          set.add(x - random.nextDouble(0, 3e9), y);
        } else {
          set.add(x, y);
        }
        if (r > 0.97 && set.size() > 3) {
          set.evictBefore(set.x(1) + 1);
        }
        if (r > 0.5 && r < 0.51 && set.size() > 3) {
          set.removeAt(random.nextInt(set.size()));
        }
        assertSupportMatchesBruteForce(set, upper, random);
        for (int i = 1; i < set.size(); i++) {
          assertThat(set.x(i)).isGreaterThanOrEqualTo(set.x(i - 1));
        }
      }
      assertThat(set.size()).isLessThanOrEqualTo(64);
    }
  }

  @Test
  void shouldEvictOldestWhenFull() {
    final BoundPointSet set = new BoundPointSet(4, true);
    for (int i = 0; i < 6; i++) {
      set.add(i, i % 2);
    }
    assertThat(set.size()).isEqualTo(4);
    assertThat(set.x(0)).isEqualTo(2.0);
    assertThat(set.maxX()).isEqualTo(5.0);
  }

  @Test
  void shouldRejectTinyCapacityNamingIt() {
    assertThatThrownBy(() -> new BoundPointSet(1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity=1");
  }
}
