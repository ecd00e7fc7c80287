package dev.rapport.badge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  /** A random source that always returns the same double, so delays are exact. */
  private static RandomGenerator constant(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only nextDouble is used");
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void shouldDoubleFromTheInitialDelayUpToTheCap() {
    final ReconnectBackoff backoff = new BackoffPolicy(100, 1_000, 0.0).newBackoff(constant(0.5));
    assertThat(backoff.nextDelayNs()).isEqualTo(100);
    assertThat(backoff.nextDelayNs()).isEqualTo(200);
    assertThat(backoff.nextDelayNs()).isEqualTo(400);
    assertThat(backoff.nextDelayNs()).isEqualTo(800);
    assertThat(backoff.nextDelayNs()).isEqualTo(1_000);
    assertThat(backoff.nextDelayNs()).isEqualTo(1_000);
    assertThat(backoff.attempts()).isEqualTo(6);
  }

  @Test
  void shouldShortenEachDelayByTheJitterFractionOfTheRandomDraw() {
    final ReconnectBackoff backoff = new BackoffPolicy(1_000, 8_000, 0.2).newBackoff(constant(0.5));
    assertThat(backoff.nextDelayNs()).isEqualTo(900); // 1000 - 1000 * 0.2 * 0.5
    assertThat(backoff.nextDelayNs()).isEqualTo(1_800);
  }

  @Test
  void shouldNeverExceedTheCapNorFallBelowTheJitterFloor() {
    final BackoffPolicy policy = new BackoffPolicy(50, 3_000, 0.3);
    final ReconnectBackoff backoff = policy.newBackoff(new SplittableRandom(99));
    long base = 50;
    for (int i = 0; i < 1_000; i++) {
      final long delay = backoff.nextDelayNs();
      assertThat(delay).isBetween((long) (base * 0.7), base);
      base = Math.min(3_000, base * 2);
    }
  }

  @Test
  void shouldStartOverAfterReset() {
    final ReconnectBackoff backoff = new BackoffPolicy(10, 1_000, 0.0).newBackoff(constant(0.0));
    backoff.nextDelayNs();
    backoff.nextDelayNs();
    backoff.reset();
    assertThat(backoff.attempts()).isZero();
    assertThat(backoff.nextDelayNs()).isEqualTo(10);
  }

  @Test
  void shouldSaturateInsteadOfOverflowingNearLongMax() {
    final ReconnectBackoff backoff =
        new BackoffPolicy(Long.MAX_VALUE / 3, Long.MAX_VALUE, 0.0).newBackoff(constant(0.0));
    for (int i = 0; i < 5; i++) {
      assertThat(backoff.nextDelayNs()).isPositive();
    }
    assertThat(backoff.nextDelayNs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldRejectBadPoliciesNamingTheField() {
    assertThatThrownBy(() -> new BackoffPolicy(0, 10, 0.1))
        .hasMessageContaining("initialDelayNs=0");
    assertThatThrownBy(() -> new BackoffPolicy(10, 5, 0.1)).hasMessageContaining("maxDelayNs=5");
    assertThatThrownBy(() -> new BackoffPolicy(10, 20, 1.0))
        .hasMessageContaining("jitterFraction=1.0");
    assertThatThrownBy(() -> new BackoffPolicy(10, 20, Double.NaN))
        .hasMessageContaining("jitterFraction=NaN");
  }
}
