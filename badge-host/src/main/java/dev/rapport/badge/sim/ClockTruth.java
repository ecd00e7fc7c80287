package dev.rapport.badge.sim;

import dev.rapport.badge.protocol.BadgeId;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;

/**
 * The clock ground truth of a simulated fleet as CSV, {@value #HEADER}: one row per badge, so that
 * a clock-alignment run over the simulator's byte stream can be scored afterwards. A badge's
 * counter at session time t (microseconds) is {@code start_tick + floor(t * tick_rate_hz * (1 +
 * drift_ppm / 1e6) / 1e6)}, mod 2^32 on the wire; each timestamp is taken up to {@code
 * tick_jitter_us} late.
 */
public final class ClockTruth {
  public static final String HEADER = "badge,link,tick_rate_hz,start_tick,drift_ppm,tick_jitter_us";

  private ClockTruth() {}

  public static void write(BadgeFleet fleet, Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (int id = 1; id <= fleet.badgeCount(); id++) {
      BadgeClock clock = fleet.badge(id).clock();
      out.write(
          BadgeId.format(id)
              + ','
              + fleet.linkOf(id)
              + ','
              + clock.tickRateHz()
              + ','
              + clock.startTick()
              + ','
              + BigDecimal.valueOf(clock.driftPpm()).toPlainString()
              + ','
              + fleet.config().tickJitterUs()
              + '\n');
    }
  }
}
