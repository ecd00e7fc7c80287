package dev.rapport.gateway.engine;

import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.features.FeatureParams;
import dev.rapport.gateway.sync.SyncConfig;

/**
 * Everything that shapes the engine's results. Replay with the same settings gives the same scores;
 * a re-analysis changes them on purpose (other window, lag range, ...).
 *
 * @param maxBadges slots reserved for badges; a badge beyond them is counted and ignored
 */
public record EngineSettings(
    int gridRateHz,
    long allowedLatenessMs,
    int maxBadges,
    SyncConfig sync,
    FeatureParams features) {
  public static final int DEFAULT_MAX_BADGES = 128;

  public static EngineSettings from(GatewayConfig config) {
    GatewayConfig.Engine e = config.engine();
    SyncConfig sync =
        SyncConfig.builder()
            .rateHz(config.grid().rateHz())
            .windowMs(e.windowMs())
            .maxLagMs(e.maxLagMs())
            .hopMs(e.hopMs())
            .maxMissingPercent(e.maxMissingPercent())
            .build();
    return new EngineSettings(
        config.grid().rateHz(),
        config.grid().allowedLatenessMs(),
        DEFAULT_MAX_BADGES,
        sync,
        FeatureParams.defaults());
  }

  public long gridPeriodNs() {
    return 1_000_000_000L / gridRateHz;
  }
}
