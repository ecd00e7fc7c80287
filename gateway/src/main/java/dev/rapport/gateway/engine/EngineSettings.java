package dev.rapport.gateway.engine;

import dev.rapport.badge.clock.TimeSyncScheduler;
import dev.rapport.gateway.config.GatewayConfig;
import dev.rapport.gateway.features.FeatureParams;
import dev.rapport.gateway.sync.SyncConfig;

/**
 * Everything that shapes the engine's results. Replay with the same settings gives the same scores;
 * a re-analysis changes them on purpose (other window, lag range, ...).
 *
 * @param maxBadges slots reserved for badges; a badge beyond them is counted and ignored
 * @param timeSyncFastIntervalMs TIME_SYNC interval per badge while its clock model converges
 * @param timeSyncSlowIntervalMs TIME_SYNC interval per badge once steady (docs/clock.md)
 */
public record EngineSettings(
    int gridRateHz,
    long allowedLatenessMs,
    int maxBadges,
    SyncConfig sync,
    FeatureParams features,
    long timeSyncFastIntervalMs,
    long timeSyncSlowIntervalMs) {
  public static final int DEFAULT_MAX_BADGES = 128;

  public EngineSettings {
    if (timeSyncFastIntervalMs < 1 || timeSyncSlowIntervalMs < timeSyncFastIntervalMs) {
      throw new IllegalArgumentException(
          "need 1 <= timeSyncFastIntervalMs <= timeSyncSlowIntervalMs, timeSyncFastIntervalMs="
              + timeSyncFastIntervalMs
              + " timeSyncSlowIntervalMs="
              + timeSyncSlowIntervalMs);
    }
  }

  /** With the default TIME_SYNC intervals of {@link TimeSyncScheduler}. */
  public EngineSettings(
      int gridRateHz,
      long allowedLatenessMs,
      int maxBadges,
      SyncConfig sync,
      FeatureParams features) {
    this(
        gridRateHz,
        allowedLatenessMs,
        maxBadges,
        sync,
        features,
        TimeSyncScheduler.DEFAULT_FAST_INTERVAL_NS / 1_000_000L,
        TimeSyncScheduler.DEFAULT_SLOW_INTERVAL_NS / 1_000_000L);
  }

  public static EngineSettings from(GatewayConfig config) {
    SyncConfig sync = config.engine().syncConfig(config.grid().rateHz());
    return new EngineSettings(
        config.grid().rateHz(),
        config.grid().allowedLatenessMs(),
        DEFAULT_MAX_BADGES,
        sync,
        FeatureParams.defaults(),
        config.clock().syncFastIntervalMs(),
        config.clock().syncSlowIntervalMs());
  }

  public long gridPeriodNs() {
    return 1_000_000_000L / gridRateHz;
  }
}
