package dev.rapport.gateway.config;

import dev.rapport.gateway.sync.SyncConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole gateway configuration, immutable, with every default filled in. Built by {@link
 * ConfigLoader}; docs/configuration.md lists every key. Durations are held in milliseconds.
 */
public record GatewayConfig(
    String site,
    String gateway,
    Path dataDir,
    Grid grid,
    Engine engine,
    Clock clock,
    Badges badges,
    Mqtt mqtt,
    Recording recording,
    Dashboard dashboard,
    Hardware hardware) {

  /** The common sample grid every badge is resampled onto. */
  public record Grid(int rateHz, long allowedLatenessMs) {}

  /** Synchrony engine parameters (docs/algorithms.md explains each). */
  public record Engine(
      long windowMs, long maxLagMs, long hopMs, int maxMissingPercent, int surrogates) {

    /**
     * The synchrony engine's parameters on a grid of {@code gridRateHz}: the one place both the
     * running engine and the configuration check build them.
     *
     * @throws IllegalArgumentException naming the field when the engine cannot run with them
     */
    public SyncConfig syncConfig(int gridRateHz) {
      return SyncConfig.builder()
          .rateHz(gridRateHz)
          .windowMs(windowMs)
          .maxLagMs(maxLagMs)
          .hopMs(hopMs)
          .maxMissingPercent(maxMissingPercent)
          .build();
    }
  }

  /** How often each badge's clock is measured (TIME_SYNC), docs/clock.md "When to sync". */
  public record Clock(long syncFastIntervalMs, long syncSlowIntervalMs) {}

  /** Where badges come from. */
  public record Badges(List<Serial> serial, Ble ble, Simulated simulated) {}

  public record Serial(String path, int baud) {}

  public record Ble(boolean enabled, String adapter, String busAddress) {}

  /** Simulated badges; {@code count} 0 means none. */
  public record Simulated(int count, long seed) {}

  /** The broker: {@code url} null means the embedded broker. */
  public record Mqtt(
      String url,
      String embeddedHost,
      int embeddedPort,
      String clientId,
      String username,
      String password,
      long keepaliveMs,
      String tlsCaFile,
      String tlsCertFile,
      String tlsKeyFile,
      long outboxMaxBytes,
      String outboxFsync,
      int maxInflight) {
    public boolean embedded() {
      return url == null;
    }
  }

  public record Recording(
      boolean enabled, long rotateBytes, long rotateIntervalMs, long fsyncIntervalMs) {}

  public record Dashboard(boolean enabled, String host, int port) {}

  /** Gateway GPIO; {@code mode} is auto (use GPIO when present), on (require it) or off. */
  public record Hardware(String mode, int ledPin, int buttonPin, int buzzerPin, long debounceMs) {}
}
