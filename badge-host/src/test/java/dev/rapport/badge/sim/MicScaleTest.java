package dev.rapport.badge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.badge.protocol.MicLevel;
import org.junit.jupiter.api.Test;

class MicScaleTest {

  @Test
  void shouldComputeLevelsExactlyAsTheProtocolReference() {
    SimRandom rng = new SimRandom(3);
    for (int i = 0; i < 200_000; i++) {
      double meanSquare = Math.pow(10.0, rng.uniform(-1.0, 9.5));
      assertThat(MicScale.centiDbFromMeanSquare(meanSquare))
          .as("meanSquare=%s", meanSquare)
          .isEqualTo(MicLevel.fromMeanSquare(meanSquare));
    }
    assertThat(MicScale.centiDbFromMeanSquare(0.5)).isZero();
    assertThat(MicScale.centiDbFromMeanSquare(1e12)).isEqualTo(9031);
  }

  @Test
  void shouldMapSoundPressureOntoTheProtocolsTypicalLevels() {
    assertThat(MicScale.centiDbFromSplDb(94.0)).isEqualTo(7600);
    assertThat(MicScale.centiDbFromSplDb(38.0)).isEqualTo(2000); // quiet room, as the spec says
    assertThat(MicScale.centiDbFromSplDb(74.0)).isEqualTo(5600); // own voice at the chest
    assertThat(MicScale.centiDbFromSplDb(0.0)).isZero();
  }

  @Test
  void shouldConvertLevelsToLinearAmplitude() {
    assertThat(MicScale.amplitudeFromCentiDb(0)).isEqualTo(1);
    assertThat(MicScale.amplitudeFromCentiDb(2000)).isEqualTo(10);
    assertThat(MicScale.amplitudeFromCentiDb(602)).isEqualTo(2); // +6.02 dB doubles amplitude
    assertThat(MicScale.amplitudeFromCentiDb(9031)).isEqualTo(32772).isLessThan(65536);
    int previous = 0;
    for (int level = 0; level <= 9031; level++) {
      int amplitude = MicScale.amplitudeFromCentiDb(level);
      assertThat(amplitude).isGreaterThanOrEqualTo(previous);
      previous = amplitude;
    }
    assertThatThrownBy(() -> MicScale.amplitudeFromCentiDb(0xFFFF))
        .hasMessageContaining("levelCentiDb=65535");
  }
}
