package dev.rapport.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncConfigTest {

  @Test
  void shouldDefaultTo25HzTenSecondWindowTwoSecondLagOneSecondHop() {
    SyncConfig c = SyncConfig.defaults();
    assertThat(c.rateHz()).isEqualTo(25);
    assertThat(c.windowSamples()).isEqualTo(250);
    assertThat(c.maxLagSamples()).isEqualTo(50);
    assertThat(c.lagCount()).isEqualTo(101);
    assertThat(c.hopSamples()).isEqualTo(25);
    assertThat(c.minValidPairs()).isEqualTo(200);
    assertThat(c.windowMs()).isEqualTo(10_000);
    assertThat(c.maxLagMs()).isEqualTo(2_000);
    assertThat(c.hopMs()).isEqualTo(1_000);
  }

  @Test
  void shouldConvertMillisecondsAtTheConfiguredRateWhateverTheSetterOrder() {
    SyncConfig c =
        SyncConfig.builder().windowMs(20_000).maxLagMs(3_000).hopMs(500).rateHz(30).build();
    assertThat(c.windowSamples()).isEqualTo(600);
    assertThat(c.maxLagSamples()).isEqualTo(90);
    assertThat(c.hopSamples()).isEqualTo(15);
    assertThat(c.samplesToMs(1)).isEqualTo(33);
    assertThat(c.samplesToMs(-2)).isEqualTo(-67);
  }

  @Test
  void shouldNameTheFieldAndValueOfEveryRejectedParameter() {
    assertThatThrownBy(() -> SyncConfig.builder().rateHz(0).build())
        .hasMessageContaining("rateHz=0");
    assertThatThrownBy(() -> SyncConfig.builder().windowMs(30).build())
        .hasMessageContaining("windowMs=30")
        .hasMessageContaining("rateHz=25");
    assertThatThrownBy(() -> SyncConfig.builder().windowSamples(1 << 16).build())
        .hasMessageContaining("windowSamples=65536");
    assertThatThrownBy(() -> SyncConfig.builder().maxLagMs(5_000).build())
        .hasMessageContaining("maxLagSamples=125")
        .hasMessageContaining("windowSamples=250");
    assertThatThrownBy(() -> SyncConfig.builder().hopMs(20_000).build())
        .hasMessageContaining("hopSamples=500");
    assertThatThrownBy(() -> SyncConfig.builder().hopSamples(0).build())
        .hasMessageContaining("hopSamples=0");
    assertThatThrownBy(() -> SyncConfig.builder().maxMissingPercent(91).build())
        .hasMessageContaining("maxMissingPercent=91");
    assertThatThrownBy(() -> SyncConfig.builder().surrogatePool(2000).build())
        .hasMessageContaining("surrogatePool=2000");
    assertThatThrownBy(() -> SyncConfig.builder().surrogatePool(4).surrogateMinPool(5).build())
        .hasMessageContaining("surrogateMinPool=5");
    assertThatThrownBy(() -> SyncConfig.builder().surrogateBudgetPerHop(-1).build())
        .hasMessageContaining("surrogateBudgetPerHop=-1");
    assertThatThrownBy(() -> SyncConfig.builder().windowSamples(-3))
        .hasMessageContaining("windowSamples=-3");
    assertThatThrownBy(() -> SyncConfig.builder().windowMs(Long.MAX_VALUE / 2).build())
        .hasMessageContaining("windowMs=" + Long.MAX_VALUE / 2);
  }

  @Test
  void shouldRequireAtLeastTwoValidPairsWhateverTheMissingAllowance() {
    SyncConfig c =
        SyncConfig.builder()
            .windowSamples(4)
            .maxLagSamples(1)
            .hopSamples(1)
            .maxMissingPercent(90)
            .build();
    assertThat(c.minValidPairs()).isEqualTo(2);
  }
}
