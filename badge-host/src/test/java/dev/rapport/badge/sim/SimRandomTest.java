package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimRandomTest {

  @Test
  void shouldRepeatTheSameStreamForTheSameSeedAndId() {
    SimRandom a = SimRandom.stream(42, 3, 7);
    SimRandom b = SimRandom.stream(42, 3, 7);
    SimRandom other = SimRandom.stream(42, 3, 8);

    boolean differs = false;
    for (int i = 0; i < 1000; i++) {
      long va = a.nextLong();
      assertThat(b.nextLong()).isEqualTo(va);
      differs |= other.nextLong() != va;
    }
    assertThat(differs).isTrue();
  }

  @Test
  void shouldPinTheGeneratorSoOutputsNeverChangeAcrossJvms() {
    // SplitMix64 reference output for state 0 (first value of the published test sequence).
    assertThat(new SimRandom(0).nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
  }

  @Test
  void shouldDrawNormalsWithUnitVariance() {
    SimRandom rng = new SimRandom(1);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double v = rng.normal();
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / n;
    assertThat(mean).isCloseTo(0.0, within(0.01));
    assertThat(sumSq / n - mean * mean).isCloseTo(1.0, within(0.02));
  }

  @Test
  void shouldDrawUniformIntsInsideBound() {
    SimRandom rng = new SimRandom(5);
    int[] counts = new int[6];
    for (int i = 0; i < 60_000; i++) {
      counts[rng.nextInt(6)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_500, 10_500);
    }
  }
}
