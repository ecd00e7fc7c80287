package dev.rapport.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.gateway.engine.EngineSettings;
import dev.rapport.gateway.features.FeatureParams;
import dev.rapport.gateway.features.MicScale;
import dev.rapport.gateway.sync.SyncConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionParametersTest {
  @TempDir Path tmp;

  private static EngineSettings unusual() {
    SyncConfig sync =
        SyncConfig.builder()
            .rateHz(20)
            .windowMs(8_000)
            .maxLagMs(1_200)
            .hopMs(500)
            .maxMissingPercent(35)
            .surrogatePool(16)
            .surrogateBudgetPerHop(100)
            .surrogatesPerDyadPerHop(2)
            .spreadEvaluation(false)
            .build();
    FeatureParams features =
        FeatureParams.builder().voiceOnMillibel(1_100).micScale(MicScale.POWER).build();
    return new EngineSettings(20, 300, 32, sync, features);
  }

  @Test
  void shouldRestoreEveryParameterAfterAJsonRoundTripThroughTheStore() throws Exception {
    EngineSettings live = unusual();
    SessionStore store = new SessionStore(tmp);
    store.save(
        new SessionInfo(
            "params", "lab", "gw1", 1L, null, List.of(), SessionParameters.of(live), "test"));

    SessionParameters.Resolved back =
        SessionParameters.settings(
            store.load("params").parameters(), SessionParameters.Overrides.NONE);

    assertThat(back.notes()).isEmpty();
    EngineSettings s = back.settings();
    assertThat(s.sync().toString()).isEqualTo(live.sync().toString());
    assertThat(s.features()).isEqualTo(live.features());
    assertThat(s.gridRateHz()).isEqualTo(20);
    assertThat(s.allowedLatenessMs()).isEqualTo(300);
    assertThat(s.maxBadges()).isEqualTo(32);
    assertThat(SessionParameters.of(s)).isEqualTo(SessionParameters.of(live));
  }

  @Test
  void shouldUseDefaultsForParametersNotStoredAndSayWhich() {
    SessionParameters.Resolved r =
        SessionParameters.settings(Map.of("window_ms", 8_000), SessionParameters.Overrides.NONE);

    assertThat(r.settings().sync().windowSamples()).isEqualTo(200);
    assertThat(r.settings().sync().maxLagSamples()).isEqualTo(50);
    assertThat(r.notes())
        .anyMatch(n -> n.contains("max_lag_ms not stored"))
        .noneMatch(n -> n.contains("window_ms"));
  }

  @Test
  void shouldApplyOverridesOverTheStoredSamples() {
    Map<String, Object> stored = new HashMap<>(SessionParameters.of(unusual()));

    SessionParameters.Resolved r =
        SessionParameters.settings(stored, new SessionParameters.Overrides(6_000L, null, 1_000L));

    assertThat(r.settings().sync().windowSamples()).isEqualTo(120);
    assertThat(r.settings().sync().maxLagSamples()).isEqualTo(24); // stored, 1.2 s at 20 Hz
    assertThat(r.settings().sync().hopSamples()).isEqualTo(20);
    assertThat(r.notes()).contains("window overridden: 6000 ms", "hop overridden: 1000 ms");
  }

  @Test
  void shouldNameAStoredValueThatCannotBeUsed() {
    assertThatThrownBy(
            () ->
                SessionParameters.settings(
                    Map.of("window_ms", "ten seconds"), SessionParameters.Overrides.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window_ms=ten seconds");
    assertThatThrownBy(
            () ->
                SessionParameters.settings(
                    Map.of("features.mic_scale", "LOUD"), SessionParameters.Overrides.NONE))
        .hasMessageContaining("features.mic_scale=LOUD");
  }
}
