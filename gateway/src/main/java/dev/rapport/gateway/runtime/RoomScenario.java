package dev.rapport.gateway.runtime;

import dev.rapport.badge.sim.BadgeFleet;
import dev.rapport.badge.sim.BadgeFleetConfig;
import dev.rapport.badge.sim.LinkImpairments;
import dev.rapport.badge.sim.SimConfig;

/**
 * The room that the ingestion figures in docs/ingestion.md are measured on: a busy, imperfect but
 * plausible radio room. One badge per link (as with one BLE connection or one USB cable per badge),
 * so that the simulator's per-link ground truth is per-badge ground truth. The numbers are the ones
 * issue 3 states its alignment target for (+-100 ppm drift, 0-50 ms transport delay), plus frame
 * impairments a little worse than a healthy BLE link shows.
 */
public final class RoomScenario {
  public static final double LOSS_RATE = 0.01;
  public static final double DUPLICATION_RATE = 0.002;
  public static final double REORDER_RATE = 0.005;
  public static final double CORRUPTION_RATE = 0.0005;
  public static final int MIN_DELAY_US = 0;
  public static final int MAX_DELAY_US = 50_000;
  public static final double MAX_DRIFT_PPM = 100.0;

  /** What every link does to frames, both directions (loss and corruption hit TIME_SYNCs too). */
  public static final LinkImpairments IMPAIRMENTS =
      new LinkImpairments(
          LOSS_RATE, CORRUPTION_RATE, DUPLICATION_RATE, REORDER_RATE, MIN_DELAY_US, MAX_DELAY_US);

  private RoomScenario() {}

  /**
   * Badge firmware and link behaviour of the figures room; clocks drawn per badge from the seed.
   */
  public static BadgeFleetConfig fleetConfig() {
    return BadgeFleetConfig.builder()
        .maxDriftPpm(MAX_DRIFT_PPM)
        .randomStartTicks(true)
        .badgesPerLink(1)
        .impairments(IMPAIRMENTS)
        .build();
  }

  public static BadgeFleet fleet(int badges, long seed) {
    return BadgeFleet.create(
        SimConfig.builder().seed(seed).badgeCount(badges).build(), fleetConfig());
  }
}
