package dev.rapport.gateway.engine;

import dev.rapport.gateway.mqtt.DyadScoreMessage;
import dev.rapport.gateway.sync.DyadResult;
import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TurnTakingMeasure;
import dev.rapport.gateway.sync.WccMeasure;

/**
 * Converts the engine's fixed-point result into the published message: the one place where Q30
 * values become doubles (at the edge, as the architecture asks). Absent values stay absent (null).
 */
public final class DyadMessages {
  private static final double Q30 = 1 << 30;
  private static final double Q16 = 1 << 16;
  private static final int Q14_ONE = 1 << 14;
  private static final double Q14 = Q14_ONE;

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
    turns(r.turns(), sync, b);
    return b.build();
  }

  /**
   * Shares are of the pair's speaking time (b's is the complement of a's Q14 share, so the two add
   * up to exactly 1); counts of grid samples become ms with the engine's own rounding; a window
   * without a value leaves every field null, and so does a part that does not exist (no shares when
   * nobody spoke, no latency without a floor transfer).
   */
  private static void turns(TurnTakingMeasure t, SyncConfig sync, DyadScoreMessage.Builder b) {
    if (!t.present()) {
      return;
    }
    b.vocalOverlapMs(sync.samplesToMs(t.overlapSamples()))
        .vocalSilenceMs(sync.samplesToMs(t.mutualSilenceSamples()))
        .vocalTransitions(t.transitionsAToB() + t.transitionsBToA());
    if (t.speakingSharePresent()) {
      b.vocalShareA(t.speakingShareAQ14() / Q14)
          .vocalShareB((Q14_ONE - t.speakingShareAQ14()) / Q14);
    }
    if (t.responseLatencyPresent()) {
      b.vocalResponseLatencyMs((long) t.meanResponseLatencyMs());
    }
  }

  private static String leader(DyadResult r, WccMeasure m) {
    if (m.leaderSign() > 0) {
      return r.badgeA();
    }
    return m.leaderSign() < 0 ? r.badgeB() : null;
  }
}
