package dev.rapport.gateway.engine;

import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.sync.DyadResult;
import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.WccMeasure;

/**
 * Converts the engine's fixed-point result into the published message: the one place where Q30
 * values become doubles (at the edge, as the architecture asks). Absent values stay absent (null).
 */
public final class DyadMessages {
  private static final double Q30 = 1 << 30;
  private static final double Q16 = 1 << 16;

  private DyadMessages() {}

  public static DyadScoreMessage toMessage(DyadResult r, SyncConfig sync, String session) {
    DyadScoreMessage.Builder b =
        DyadScoreMessage.builder(r.badgeA(), r.badgeB())
            .timeMs(r.timeMs())
            .windowMs(sync.windowMs())
            .maxLagMs(sync.maxLagMs())
            .session(session)
            .score(r.scorePresent() ? r.scoreQ30() / Q30 : null)
            .postureMirroring(r.posturePresent() ? r.postureQ30() / Q30 : null);
    WccMeasure m = r.movement();
    if (m.present()) {
      b.movementR(m.rPeakQ30() / Q30)
          .movementLagMs(sync.samplesToMs(m.peakLagSamples()))
          .movementLeader(leader(r, m))
          .movementZ(m.zPresent() ? m.zQ16() / Q16 : null)
          .movementP(m.significancePresent() ? m.pValue() : null);
    }
    WccMeasure v = r.vocal();
    if (v.present()) {
      b.vocalR(v.rPeakQ30() / Q30)
          .vocalLagMs(sync.samplesToMs(v.peakLagSamples()))
          .vocalLeader(leader(r, v))
          .vocalZ(v.zPresent() ? v.zQ16() / Q16 : null)
          .vocalP(v.significancePresent() ? v.pValue() : null);
    }
    return b.build();
  }

  private static String leader(DyadResult r, WccMeasure m) {
    if (m.leaderSign() > 0) {
      return r.badgeA();
    }
    return m.leaderSign() < 0 ? r.badgeB() : null;
  }
}
