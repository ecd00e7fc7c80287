package dev.rapport.gateway.sync.offline;

import dev.rapport.gateway.sync.DyadResult;
import dev.rapport.gateway.sync.DyadResultListener;
import dev.rapport.gateway.sync.FixedPoint;
import dev.rapport.gateway.sync.SyncConfig;
import dev.rapport.gateway.sync.TurnTakingMeasure;
import dev.rapport.gateway.sync.WccMeasure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes the engine's results as the CSV of {@code rapport score}: one row per dyad per window, an
 * empty field wherever a value does not exist. Decimals are rounded in integer arithmetic from the
 * fixed-point values, so the text is identical on every platform; the exact Q30 r is written too.
 * Columns are documented in docs/algorithms.md ("Output of rapport score").
 */
public final class ScoreCsvWriter implements DyadResultListener {
  /** Columns of one modality, after time_ms,badge_a,badge_b (vocal ones get a vocal_ prefix). */
  private static final String[] MEASURE_COLUMNS = {
    "r_peak", "lag_ms", "leader", "n_valid", "z", "p", "surrogates", "baseline", "r_peak_q30"
  };

  private static final String[] RAW_EXTRA_COLUMNS = {
    "posture",
    "speaking_share_a",
    "speaking_share_b",
    "overlap_ms",
    "mutual_silence_ms",
    "transitions_ab",
    "transitions_ba",
    "response_latency_ms",
    "turn_taking",
    "score"
  };

  private final Writer out;
  private final SyncConfig config;
  private final boolean allMetrics;
  private final StringBuilder row = new StringBuilder(256);
  private long rows;
  private long windows;

  /**
   * @param allMetrics false: movement only (signals from any sensor); true: movement, vocal,
   *     posture, turn-taking and score (the full pipeline)
   */
  public ScoreCsvWriter(Writer out, SyncConfig config, boolean allMetrics) {
    this.out = out;
    this.config = config;
    this.allMetrics = allMetrics;
  }

  public static String header(boolean allMetrics) {
    StringBuilder sb = new StringBuilder("time_ms,badge_a,badge_b");
    for (String c : MEASURE_COLUMNS) {
      sb.append(',').append(c);
    }
    if (allMetrics) {
      for (String c : MEASURE_COLUMNS) {
        sb.append(",vocal_").append(c);
      }
      for (String c : RAW_EXTRA_COLUMNS) {
        sb.append(',').append(c);
      }
    }
    return sb.toString();
  }

  public void writeHeader() {
    write(header(allMetrics) + "\n");
  }

  @Override
  public void onDyadResult(DyadResult r) {
    row.setLength(0);
    row.append(r.timeMs())
        .append(',')
        .append(CsvRows.quote(r.badgeA()))
        .append(',')
        .append(CsvRows.quote(r.badgeB()));
    appendMeasure(r, r.movement());
    if (allMetrics) {
      appendMeasure(r, r.vocal());
      appendExtras(r);
    }
    row.append('\n');
    write(row.toString());
    rows++;
  }

  @Override
  public void onWindowComplete(long timeMs) {
    windows++;
  }

  private void appendMeasure(DyadResult r, WccMeasure m) {
    if (!m.present()) {
      row.append(",,,,").append(m.validPairs()).append(",,,,,");
      return;
    }
    row.append(',').append(q30(m.rPeakQ30()));
    row.append(',').append(config.samplesToMs(m.peakLagSamples()));
    row.append(',');
    if (m.leaderSign() > 0) {
      row.append(CsvRows.quote(r.badgeA()));
    } else if (m.leaderSign() < 0) {
      row.append(CsvRows.quote(r.badgeB()));
    }
    row.append(',').append(m.validPairs());
    row.append(',');
    if (m.zPresent()) {
      row.append(FixedPoint.toDecimal(m.zQ16(), FixedPoint.Q16_SHIFT, 3));
    }
    row.append(',');
    if (m.significancePresent()) {
      // p = (c + 1) / (M + 1), to 6 decimals in integer arithmetic.
      long scaled = ((m.surrogatesAtOrAbove() + 1L) << 30) / (m.surrogateCount() + 1L);
      row.append(FixedPoint.toDecimal(scaled, FixedPoint.Q30_SHIFT, 6));
    }
    row.append(',');
    if (m.significancePresent()) {
      row.append(m.surrogateCount());
    }
    row.append(',');
    if (m.significancePresent()) {
      row.append(q30(m.baselineQ30()));
    }
    row.append(',').append(m.rPeakQ30());
  }

  private void appendExtras(DyadResult r) {
    row.append(',');
    if (r.posturePresent()) {
      row.append(q30(r.postureQ30()));
    }
    TurnTakingMeasure t = r.turns();
    row.append(',');
    if (t.present() && t.speakingSharePresent()) {
      row.append(FixedPoint.toDecimal(t.speakingShareAQ14(), 14, 4));
    }
    row.append(',');
    if (t.present() && t.speakingSharePresent()) {
      row.append(FixedPoint.toDecimal((1 << 14) - t.speakingShareAQ14(), 14, 4));
    }
    row.append(',');
    if (t.present()) {
      row.append(config.samplesToMs(t.overlapSamples()));
    }
    row.append(',');
    if (t.present()) {
      row.append(config.samplesToMs(t.mutualSilenceSamples()));
    }
    row.append(',');
    if (t.present()) {
      row.append(t.transitionsAToB());
    }
    row.append(',');
    if (t.present()) {
      row.append(t.transitionsBToA());
    }
    row.append(',');
    if (t.present() && t.responseLatencyPresent()) {
      row.append(t.meanResponseLatencyMs());
    }
    row.append(',');
    if (r.turnTakingPresent()) {
      row.append(q30(r.turnTakingQ30()));
    }
    row.append(',');
    if (r.scorePresent()) {
      row.append(q30(r.scoreQ30()));
    }
  }

  private static String q30(int q) {
    return FixedPoint.toDecimal(q, FixedPoint.Q30_SHIFT, 6);
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scores: " + e.getMessage(), e);
    }
  }

  public long rows() {
    return rows;
  }

  public long windows() {
    return windows;
  }
}
