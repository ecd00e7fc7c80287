package dev.rapport.badge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MicLevelTest {
  private static short[] noise(long seed, int n, int amplitude, int dc) {
    final Random random = new Random(seed);
    final short[] pcm = new short[n];
    for (int i = 0; i < n; i++) {
      pcm[i] = (short) (dc + Math.round(random.nextGaussian() * amplitude));
    }
    return pcm;
  }

  @Test
  void shouldIgnoreTheMicrophonesDcOffset() {
    final short[] centred = noise(1, 640, 300, 0);
    final short[] offset = centred.clone();
    for (int i = 0; i < offset.length; i++) {
      offset[i] += 2000;
    }
    assertThat(MicLevel.centiDb(offset, 0, offset.length))
        .isEqualTo(MicLevel.centiDb(centred, 0, centred.length));
  }

  @Test
  void shouldRiseBySixDecibelsWhenTheAmplitudeDoubles() {
    final short[] quiet = noise(2, 640, 500, 0);
    final short[] loud = new short[quiet.length];
    for (int i = 0; i < quiet.length; i++) {
      loud[i] = (short) (2 * quiet[i]);
    }
    final int difference =
        MicLevel.centiDb(loud, 0, loud.length) - MicLevel.centiDb(quiet, 0, quiet.length);
    assertThat(difference).isBetween(601, 603); // 20 log10(2) = 6.0206 dB
  }

  @Test
  void shouldReadOnlyTheGivenPeriod() {
    final short[] pcm = new short[960];
    for (int i = 320; i < 640; i++) {
      pcm[i] = (short) (i % 2 == 0 ? 1000 : -1000);
    }
    assertThat(MicLevel.centiDb(pcm, 0, 320)).isZero();
    assertThat(MicLevel.centiDb(pcm, 320, 320)).isEqualTo(6000);
    assertThat(MicLevel.centiDb(pcm, 640, 320)).isZero();
  }

  @Test
  void shouldStayExactAtTheLongestPeriodOfFullScaleSignal() {
    final short[] pcm = new short[MicLevel.MAX_SAMPLES_PER_PERIOD];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = i % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
    }
    assertThat(MicLevel.centiDb(pcm, 0, pcm.length)).isEqualTo(MicEnergyFrame.MAX_LEVEL_CENTI_DB);
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = Short.MIN_VALUE;
    }
    assertThat(MicLevel.centiDb(pcm, 0, pcm.length)).isZero();
  }

  @Test
  void shouldRejectAnEmptyOrTooLongPeriod() {
    assertThatThrownBy(() -> MicLevel.centiDb(new short[4], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length=0");
    assertThatThrownBy(() -> MicLevel.centiDb(new short[70_000], 0, 70_000))
        .hasMessageContaining("length=70000");
  }
}
